from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.states import POS_KINDS

# cr.cache key: ids of the POS orders the running sync created or paid (not retried ones).
PROCESSED_KEY = "layaway_pos_processed_order_ids"


class PosOrder(models.Model):
    _inherit = "pos.order"

    layaway_kind = fields.Selection(
        POS_KINDS,
        "Layaway Operation",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="What this register order does to its layaway, as the register sent it.",
    )

    @api.model
    def sync_from_ui(self, orders):
        """Start, pay, complete or cancel the layaways the synced orders carry.

        The layaway steps run in the sync's transaction, so a refusal (deposit below the
        minimum, overpayment, missing stock) fails the sync with its message and writes
        nothing. A retried sync of the same order finds its layaway payment (or the
        layaway done or cancelled) and records nothing twice.
        """
        self._layaway_lock_synced_layaways(orders)
        for sale_order in self._layaway_orders_picked_up(orders):
            sale_order._layaway_pos_sudo()._layaway_pos_before_completion()
        # The POS orders this sync creates or pays; core skips the ones already synced.
        self.env.cr.cache[PROCESSED_KEY] = set()
        data = super().sync_from_ui(orders)
        if orders:
            self.browse([order["id"] for order in data["pos.order"]])._layaway_process()
        return data

    @api.model
    def _process_order(self, order, existing_order):
        first_time = not existing_order or existing_order.state == "draft"
        order_id = super()._process_order(order, existing_order)
        if first_time:
            self.env.cr.cache.setdefault(PROCESSED_KEY, set()).add(order_id)
        return order_id

    @api.model
    def _layaway_lock_synced_layaways(self, orders):
        """Lock the layaways of this sync before anything reads them, once for the whole sync.

        Only the orders whose lines are layaway lines (payments, fees, goods handed over):
        pos_sale's own down payments and settlements of ordinary orders pay nothing for it.
        """
        company = self.env["res.company"]
        layaway_products = {company._layaway_deposit_product().id, company._layaway_cancel_fee_product().id}
        sale_order_ids = {
            line[2]["sale_order_origin_id"]
            for order in orders
            for line in order.get("lines") or []
            if len(line) == 3
            and isinstance(line[2], dict)
            and isinstance(line[2].get("sale_order_origin_id"), int)
            and (line[2].get("product_id") in layaway_products or line[2].get("sale_order_line_id"))
        }
        if sale_order_ids:
            self.env["sale.order"].sudo().browse(sale_order_ids)._layaway_lock(layaways_only=True)

    @api.model
    def _layaway_orders_picked_up(self, orders):
        """Open layaways whose goods are in a paid order of this sync that is not synced yet."""
        so_line_ids = {
            line[2]["sale_order_line_id"]
            for order in orders
            if order.get("state") not in (None, "draft", "cancel")
            for line in order.get("lines") or []
            if len(line) == 3 and isinstance(line[2], dict) and line[2].get("sale_order_line_id")
        }
        if not so_line_ids:
            return self.env["sale.order"]
        sale_orders = (
            self.env["sale.order.line"]
            .sudo()
            .browse(so_line_ids)
            .order_id.filtered(lambda so: so.layaway_state in ("active", "paid"))
        )
        if not sale_orders:
            return sale_orders
        # A retried sync of an order already recorded must not move the goods again.
        uuids = [order.get("uuid") for order in orders if order.get("uuid")]
        done_uuids = set(self.search([("uuid", "in", uuids), ("state", "not in", ("draft", "cancel"))]).mapped("uuid"))
        return sale_orders.filtered(
            lambda so: any(
                order.get("uuid") not in done_uuids
                and any(
                    len(line) == 3
                    and isinstance(line[2], dict)
                    and line[2].get("sale_order_line_id") in so.order_line.ids
                    for line in order.get("lines") or []
                )
                for order in orders
            )
        )

    def _layaway_process(self):
        paid_orders = self.filtered(lambda o: o.state in ("paid", "done", "invoiced"))
        # Cashiers are not salespeople: the layaway steps check their layaway rights, then sudo.
        layaway_lines = paid_orders.sudo().lines.filtered(lambda line: line.sale_order_origin_id.layaway_plan_id)
        if not layaway_lines:
            return
        self.env["sale.order"]._layaway_pos_sudo()
        # A retried sync finds its order already synced: its layaway money is recorded.
        processed = self.env.cr.cache.get(PROCESSED_KEY, set())
        recorded = layaway_lines.order_id.filtered(lambda pos_order: pos_order.id not in processed)
        deposit_product = self.env.company._layaway_deposit_product()
        for (pos_order, sale_order), lines in layaway_lines.grouped(
            lambda line: (line.order_id, line.sale_order_origin_id)
        ).items():
            if sale_order.layaway_state in ("done", "cancelled"):
                continue  # a retried sync
            deposits = lines.filtered(lambda line: line.product_id == deposit_product)
            goods = (lines - deposits).filtered(
                lambda line: line.sale_order_line_id and not line.sale_order_line_id.is_downpayment
            )
            others = lines - deposits - goods
            if others and others.product_id != self.env.company._layaway_cancel_fee_product():
                # e.g. pos_sale's own down payment: layaway money goes through the layaway steps only.
                raise UserError(
                    self.env._(
                        "%s is a layaway: take its payments from the Layaways screen, not as a down payment.",
                        sale_order.name,
                    )
                )
            if goods:
                sale_order._layaway_pos_complete(lines, pos_order in recorded)
            elif lines - deposits or all(line.price_subtotal_incl < 0 for line in deposits):
                # Only a cancellation refunds the deposits (and may keep a fee line).
                sale_order._layaway_pos_cancel(lines)
            elif pos_order not in recorded:
                sale_order._layaway_pos_take_payment(deposits)
