from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date


class SaleOrder(models.Model):
    """Partial pick-up at the register: the cashier ticks the items leaving; the register's order
    carries them (linked to their sale order lines, at the contract's prices) and exactly their
    value applied from what was paid (negative deposit-product lines): it totals zero. The sync
    checks it as the back office's partial pick-up (``action_layaway_pickup_partial``) checks its
    items, then books it as that one does."""

    _inherit = "sale.order"

    @api.model
    def layaway_pos_pickup_preview(self, order_id, config_id, items):
        """What the partial pick-up dialog shows for the items ticked: it writes nothing.

        :param int order_id: the layaway.
        :param int config_id: the register.
        :param list items: ``[{"line_id": id, "quantity": q}]``, goods lines of the layaway and how
            many leave now (as ``action_layaway_pickup_partial`` takes them).
        :return: ``{value, reserve, needed, held, covered, message, parts}``: the items' value
            (taxes included), the plan's reserve on the goods left, what must be held for both,
            what is held (paid, less the goods taken early), whether it covers them (else
            ``message`` says why and what to do), and the register's lines that apply the value
            (``parts``: [{price_unit, tax_ids, extra_tax_data}], the unit prices positive).
        """
        config = self._layaway_pos_config(config_id)
        order = self._layaway_pos_order(order_id, config)
        order._layaway_check_not_installment_sale_at_register()
        order._layaway_check_register_currency(config.currency_id)
        order._layaway_check_state(("active", "paid"), "pickup_partial")
        result = {
            "value": 0.0,
            "reserve": 0.0,
            "needed": 0.0,
            "held": order._layaway_held(),
            "covered": False,
            "message": "",
            "parts": [],
        }
        try:
            taking = order._layaway_parse_pickup(items)
        except UserError as error:
            return {**result, "message": error.args[0]}
        value, parts, left = order._layaway_pickup_values(taking)
        reserve = order.currency_id.round(left * order.layaway_plan_id.partial_pickup_reserve / 100.0)
        result.update(
            value=value,
            reserve=reserve,
            needed=order.currency_id.round(value + reserve),
            covered=True,
            parts=order._layaway_pos_pickup_parts(parts),
        )
        try:
            order._layaway_check_pickup_covered(value, left)
        except UserError as error:
            result.update(covered=False, message=error.args[0])
        return result

    def _layaway_pos_pickup_parts(self, parts):
        """The register's lines applying `parts` [(taxes, untaxed)] (``_layaway_pickup_values``)."""
        return [
            {"price_unit": price_unit, "tax_ids": taxes.ids, "extra_tax_data": False} for taxes, price_unit in parts
        ]

    # ------------------------------------------------------------------
    # The sync (pos.order.sync_from_ui)
    # ------------------------------------------------------------------

    def _layaway_pos_before_partial_pickup(self, items):
        """Before the register's order makes its picking: the items checked as the back office checks
        them (on the layaway, at most what is left, covered by what is held), and with the `reserve`
        policy moved from the layaway location back to the register's stock, which the POS picking
        delivers from (pos_sale then lowers the layaway's pending delivery by what its lines
        deliver). Returns what the sync checks the order's lines against once they are written:
        {taking: {goods line: quantity}, value, parts}."""
        self.ensure_one()
        self._layaway_lock()
        self._layaway_check_not_installment_sale_at_register()
        self._layaway_check_state(("active", "paid"), "pickup_partial")
        self._layaway_goods_lines()._layaway_refresh_qty_invoiced()
        taking, value, parts = self._layaway_check_pickup(items)
        if self.layaway_plan_id.stock_policy != "on_completion":
            quantities = {}
            for line, quantity in taking.items():
                if line.product_id.is_storable:
                    qty = line.product_uom_id._compute_quantity(quantity, line.product_id.uom_id)
                    quantities[line.product_id] = quantities.get(line.product_id, 0.0) + qty
            if quantities:
                # The pending delivery holds them there: freed, then reserved again for the rest.
                self._layaway_delivery_pickings().do_unreserve()
                self._layaway_internal_transfer(
                    self.warehouse_id._layaway_location(),
                    self.warehouse_id.lot_stock_id,
                    self.env._("layaway: partial pick-up"),
                    quantities=quantities,
                )
        return {"taking": taking, "value": value, "parts": parts}

    def _layaway_pos_pickup_partial(self, pos_lines, checked):
        """The partial pick-up, once the register's order is written: its goods are the items checked
        before (`checked`, of ``_layaway_pos_before_partial_pickup``), at the contract's prices, and
        its deposit-product lines apply exactly their value per tax. Then the value applied becomes
        a negative down payment of the layaway (``layaway_money_out`` "applied", deducted back by
        the final invoice), the value taken grows, an ``applied`` payment (no money moves) and a
        ``layaway.change`` record it, the customer is emailed."""
        self.ensure_one()
        if not checked:
            raise UserError(
                self.env._(
                    "The partial pick-up of %(order)s reached the server without its items. Remove the order and "
                    "tick the items leaving again from the Layaways screen.",
                    order=self.name,
                )
            )
        currency = self.currency_id
        before = self._layaway_contract_snapshot()
        deposit_product = self.company_id._layaway_deposit_product()
        applied = pos_lines.filtered(lambda line: line.product_id == deposit_product)
        goods = pos_lines - applied
        self._layaway_pos_check_partial_lines(goods, applied, checked)
        value = checked["value"]
        pos_order = pos_lines.order_id
        money_out = self._layaway_pos_down_payment(applied)
        money_out.write(
            {
                "layaway_money_out": "applied",
                "name": self.env._(
                    "Layaway: applied to goods taken %s", format_date(self.env, self.company_id._layaway_today())
                ),
            }
        )
        # sudo: the layaway's money is the layaway actions' to write (LAYAWAY_PROTECTED_FIELDS).
        self.sudo().layaway_amount_taken = currency.round(self.layaway_amount_taken + value)
        self.env["layaway.payment"].sudo().create(
            {
                "order_id": self.id,
                "amount": 0.0,
                "channel": "pos",
                "kind": "applied",
                "user_id": self.env.uid,
                "pos_order_id": pos_order.id,
                "pos_session_id": pos_order.session_id.id,
                "sale_line_id": money_out[:1].id,
                # What leaves Customer Deposits: the applied lines without tax, booked by the session.
                "amount_untaxed_company": self._layaway_company_amount(
                    sum(applied.mapped("price_subtotal")), self.company_id._layaway_day(pos_order.date_order)
                ),
                "date": fields.Datetime.now(),
            }
        )
        # What is left of each line counts the items taken now (the Layaways screen, a later pick-up).
        goods.sale_order_line_id._layaway_refresh_qty_invoiced()
        # pos_sale lowered the pending delivery by what the register delivered: it holds the rest.
        deliveries = self._layaway_delivery_pickings()
        if deliveries:
            deliveries.action_assign()
        change = self._layaway_record_change(
            "pickup",
            before,
            value_taken=value,
            pos_order_id=pos_order.id,
            picking_id=pos_order.picking_ids.filtered(lambda picking: picking.state == "done")[:1].id,
        )
        self._layaway_notify_change(change)
        return change

    def _layaway_pos_check_partial_lines(self, goods, applied, checked):
        """Refuse a partial pick-up's register lines unless its `goods` are the items checked before
        core wrote them, at the contract's prices, and its `applied` deposit-product lines apply
        exactly their value, per tax as ``_layaway_pickup_values`` books it."""
        currency = self.currency_id
        taken = {}
        for line in goods:
            taken[line.sale_order_line_id] = taken.get(line.sale_order_line_id, 0.0) + line.qty
        value, taking = checked["value"], checked["taking"]
        if taken.keys() != taking.keys() or any(
            line.product_uom_id.compare(taken[line], quantity) for line, quantity in taking.items()
        ):
            raise UserError(
                self.env._(
                    "The items of the partial pick-up of %(order)s changed while it was sent. Remove the order and "
                    "tick the items leaving again from the Layaways screen.",
                    order=self.name,
                )
            )
        if currency.compare_amounts(sum(goods.mapped("price_subtotal_incl")), value):
            raise UserError(
                self.env._(
                    "The items leaving %(order)s are worth %(value)s at the layaway's prices: they leave at those "
                    "prices. Remove the order and tick the items again from the Layaways screen.",
                    order=self.name,
                    value=self._layaway_money(value),
                )
            )
        if currency.compare_amounts(-sum(applied.mapped("price_subtotal_incl")), value):
            raise UserError(
                self.env._(
                    "The partial pick-up of %(order)s must apply exactly the value of the items leaving (%(value)s) "
                    "from what was paid. Remove the order and tick the items again from the Layaways screen.",
                    order=self.name,
                    value=self._layaway_money(value),
                )
            )
        self._layaway_pos_check_advance_lines(
            applied, [(taxes, -price_unit) for taxes, price_unit in checked["parts"]], self.env._("applied payment")
        )
