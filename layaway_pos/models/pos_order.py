from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.states import POS_KINDS

# cr.cache key: ids of the POS orders the running sync created or paid (not retried ones).
PROCESSED_KEY = "layaway_pos_processed_order_ids"
# cr.cache key: the items of the partial pick-ups of the running sync, checked before core writes
# them: {(POS order uuid, layaway id): what _layaway_pos_before_partial_pickup returned}.
PARTIAL_KEY = "layaway_pos_partial_pickups"
# Orders in these states have been paid at the register.
PAID_STATES = ("paid", "done", "invoiced")


class PosOrder(models.Model):
    """A register order that starts, pays, picks up or cancels a layaway."""

    _inherit = "pos.order"

    layaway_kind = fields.Selection(
        POS_KINDS,
        "Layaway Operation",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="What this register order does to its layaway, as the register sent it.",
    )
    layaway_start = fields.Json(
        "Layaway Started",
        readonly=True,
        copy=False,
        help="The layaway a deposit starts, as the register sent it: {plan_id, installment_count (0: the "
        "plan's), goods: [{product_id, qty, price_unit, discount, tax_ids}]}. The sync creates the layaway "
        "from it, checked again.",
    )
    layaway_change = fields.Json(
        "Layaway Change of Items",
        readonly=True,
        copy=False,
        help="The goods a change of items sets, as the register sent it: {changes: [{line_id, quantity} or "
        "{product_id, quantity}]}. The sync changes the layaway from it, checked again.",
    )
    layaway_cancel_reason = fields.Text(
        "Layaway Cancellation Reason",
        readonly=True,
        copy=False,
        help="Why the layaway was cancelled, as the manager typed it at the register (a refund order only).",
    )

    @api.model
    def sync_from_ui(self, orders):
        """Start, pay, complete or cancel the layaways the synced orders carry.

        The register says what each order does (``layaway_kind``); the server checks that its
        lines agree and refuses the sync otherwise. The layaway steps run in the sync's
        transaction, so a refusal (deposit below the minimum, overpayment, missing stock)
        fails the sync with its message and writes nothing. A retried sync of the same order
        finds its layaway payment (or the layaway done or cancelled) and records nothing twice.
        """
        self = self._layaway_sync_env(orders)  # noqa: PLW0642 (sudo only after its checks)
        self._layaway_lock_synced_layaways(orders)
        for sale_order, config in self._layaway_orders_picked_up(orders):
            sale_order._layaway_pos_sudo()._layaway_pos_before_completion(config)
        self._layaway_before_partial_pickups(orders)
        # The POS orders this sync creates or pays; core skips the ones already synced.
        self.env.cr.cache[PROCESSED_KEY] = set()
        data = super().sync_from_ui(orders)
        # After core's sync, which has read the payment methods.
        self._layaway_check_money(orders)
        if orders:
            self.browse([order["id"] for order in data["pos.order"]])._layaway_process()
        return data

    @api.model
    def _layaway_sync_env(self, orders):
        """The environment the sync runs in: the user's, or sudo for a cashier without sales rights.

        Core pos_sale reads the sale orders of the synced lines as the user, which a cashier with
        only "Point of Sale: User" may not. Cashiers take layaway money at the register (DESIGN.md
        "Who may take money"), so when every sale order the batch names is a layaway, of the
        company of the register the order is synced to, and that register is one of the user's
        (``_layaway_pos_config``), the sync runs under sudo: the user stays its author (sudo keeps
        the uid). Any other batch runs with the user's rights, as in core.
        """
        if self.env.su or not self.env.user.has_group("point_of_sale.group_pos_user"):
            return self
        if self.env["sale.order"].has_access("read") and self.env["sale.order.line"].has_access("read"):
            return self
        if not any(order.get("layaway_kind") for order in orders):
            return self
        SaleOrder = self.env["sale.order"]
        Input = self.env["layaway.input"]
        for order in orders:
            session = Input._record("pos.session", order.get("session_id"), self.env._("The register session"))
            config = SaleOrder._layaway_pos_config(session.config_id.id)
            sale_line_ids = self._layaway_raw_line_ids(order, "sale_order_line_id")
            sale_order_ids = self._layaway_raw_line_ids(order, "sale_order_origin_id", any_value=True)
            sale_orders = self.env["sale.order"]
            for sale_order_id in sale_order_ids:
                sale_orders |= SaleOrder._layaway_pos_order(sale_order_id, config)
            if sale_line_ids - set(sale_orders.sudo().order_line.ids):
                raise AccessError(
                    self.env._(
                        "%(order)s names sale order lines of no layaway of %(company)s. Remove the order and "
                        "open the layaway again from the Layaways screen.",
                        order=order.get("name") or order.get("uuid"),
                        company=config.company_id.name,
                    )
                )
        return self.sudo()

    @api.model
    def _process_order(self, order, existing_order):
        first_time = not existing_order or existing_order.state == "draft"
        if order.get("layaway_kind") == "refund" or (
            order.get("layaway_kind") == "change" and (order.get("amount_total") or 0) < 0
        ):
            # A cancellation, or a change of items paying money back: a refund order, whose invoice
            # is a credit note (Odoo reads `is_refund` for the invoice's type and its lines' signs).
            order["is_refund"] = True
        elif order.get("layaway_kind") == "deposit" and order.get("state") in PAID_STATES:
            # Core processes an order once it is paid (a retried sync of a paid order is not
            # processed again): the layaway is created here, once, in the sync's transaction.
            self._layaway_create_started(order, existing_order)
        order_id = super()._process_order(order, existing_order)
        if first_time:
            self.env.cr.cache.setdefault(PROCESSED_KEY, set()).add(order_id)
        return order_id

    @api.model
    def _layaway_create_started(self, order, existing_order=False):
        """The layaway a register's deposit starts, created from what the order carries (its customer
        and ``layaway_start``: plan, count, the cart's goods), checked again as the cashier as the
        preview checked them.

        Its deposit lines are linked to it before core creates them, so the rest of the sync
        (the deposit, pos_sale's down payment, the invoice) sees a layaway's deposit."""
        # The checks run with the cashier's rights, not the sync's sudo.
        SaleOrder = self.env["sale.order"].sudo(False)
        if self._layaway_raw_line_ids(order, "sale_order_origin_id", any_value=True):
            raise UserError(
                self.env._(
                    "%(order)s starts a layaway: its lines cannot name another sale order. Remove the order and "
                    "start the layaway again with the Layaway button.",
                    order=order.get("name") or self.env._("This order"),
                )
            )
        start = order.get("layaway_start")
        goods = start.get("goods") if isinstance(start, dict) else None
        if not goods:
            raise UserError(
                self.env._(
                    "%(order)s is sent as a layaway deposit without the goods it lays away. Remove the order and "
                    "start the layaway again with the Layaway button.",
                    order=order.get("name") or self.env._("This order"),
                )
            )
        session = SaleOrder.env["layaway.input"]._record(
            "pos.session", order.get("session_id"), self.env._("The register session")
        )
        values = SaleOrder._layaway_pos_start_values(
            session.config_id.id,
            order.get("partner_id"),
            goods,
            start.get("plan_id"),
            start.get("installment_count"),
        )
        layaway = SaleOrder.sudo().create(values)
        if values.get("layaway_installment_count"):
            layaway.layaway_installment_count = values["layaway_installment_count"]
        layaway._layaway_pos_check_start(goods)
        deposit_product = layaway.company_id._layaway_deposit_product()
        for line in order.get("lines") or []:
            if len(line) == 3 and isinstance(line[2], dict) and line[2].get("product_id") == deposit_product.id:
                line[2]["sale_order_origin_id"] = layaway.id
        if existing_order:
            # Lines synced with the order's draft are not sent again.
            existing_order.sudo().lines.filtered(
                lambda line: line.product_id == deposit_product and not line.sale_order_origin_id
            ).sale_order_origin_id = layaway
        return layaway

    @api.model
    def _layaway_sale_order_ids(self, order, kinds=None):
        """Ids of the sale orders a raw synced order's lines name, when it says it is a layaway
        operation (of one of `kinds`, when given)."""
        kind = order.get("layaway_kind")
        if not kind or (kinds and kind not in kinds):
            return set()
        return self._layaway_raw_line_ids(order, "sale_order_origin_id")

    @api.model
    def _layaway_raw_line_ids(self, order, field, any_value=False):
        """The `field` values of a raw synced order's lines: the integer ids, or with `any_value`
        every value sent (so that the caller's checks refuse what is not an id)."""
        return {
            line[2][field]
            for line in order.get("lines") or []
            if len(line) == 3
            and isinstance(line[2], dict)
            # False (no sale order) is an int to isinstance: only real ids count.
            and (
                line[2].get(field)
                if any_value
                else isinstance(line[2].get(field), int) and not isinstance(line[2].get(field), bool)
            )
        }

    @api.model
    def _layaway_lock_synced_layaways(self, orders):
        """Lock the layaways of this sync before anything reads them, once for the whole sync.

        Only the orders the register sent as layaway operations: pos_sale's own down payments
        and settlements of ordinary orders pay nothing for it.
        """
        sale_order_ids = set().union(*(self._layaway_sale_order_ids(order) for order in orders))
        if sale_order_ids:
            self.env["sale.order"].sudo().browse(sale_order_ids)._layaway_lock(layaways_only=True)

    @api.model
    def _layaway_orders_picked_up(self, orders):
        """Open layaways picked up by a paid order of this sync that is not synced yet, each with
        the register it is picked up at: [(sale.order, pos.config)]."""
        paid = [order for order in orders if order.get("state") in PAID_STATES]
        if not any(order.get("layaway_kind") == "pickup" for order in paid):
            return []
        # A retried sync of an order already recorded must not move the goods again.
        uuids = [order.get("uuid") for order in paid if order.get("uuid")]
        done_uuids = set(self.search([("uuid", "in", uuids), ("state", "not in", ("draft", "cancel"))]).mapped("uuid"))
        pickups = {}  # {sale order id: session id}, once per layaway
        for order in paid:
            if order.get("uuid") not in done_uuids:
                for sale_order_id in self._layaway_sale_order_ids(order, kinds=("pickup",)):
                    pickups.setdefault(sale_order_id, order.get("session_id"))
        session_ids = [i for i in pickups.values() if isinstance(i, int) and not isinstance(i, bool)]
        configs = {
            session.id: session.config_id for session in self.env["pos.session"].sudo().browse(session_ids).exists()
        }
        sale_orders = self.env["sale.order"].sudo().browse(list(pickups))
        return [
            (sale_order, configs.get(pickups[sale_order.id], self.env["pos.config"]))
            for sale_order in sale_orders
            if sale_order.layaway_state in ("active", "paid")
        ]

    @api.model
    def _layaway_before_partial_pickups(self, orders):
        """Check the items of each partial pick-up of this sync, not synced yet, before core writes
        its order and picking, and set them out of the layaway's reserve; kept for
        ``_layaway_process``, which checks the order's lines against them."""
        checked = self.env.cr.cache[PARTIAL_KEY] = {}
        partial = [
            order
            for order in orders
            if order.get("layaway_kind") == "pickup_partial" and order.get("state") in PAID_STATES
        ]
        if not partial:
            return
        existing = self.search([("uuid", "in", [order.get("uuid") for order in partial if order.get("uuid")])])
        by_uuid = {pos_order.uuid: pos_order for pos_order in existing}
        SaleOrder = self.env["sale.order"]
        for order in partial:
            pos_order = by_uuid.get(order.get("uuid"), self)
            if pos_order.state not in (False, "draft"):
                continue  # a retried sync: its pick-up is recorded
            for sale_order_id, items in self._layaway_raw_pickup_items(order, pos_order).items():
                sale_order = SaleOrder.sudo().browse(sale_order_id)
                checked[(order.get("uuid"), sale_order_id)] = (
                    sale_order._layaway_pos_sudo()._layaway_pos_before_partial_pickup(items)
                )

    @api.model
    def _layaway_raw_pickup_items(self, order, draft):
        """{layaway id: [{line_id, quantity}]}: the goods lines a synced order takes, from its raw
        lines, over those of its `draft` already synced (whose lines are not sent again)."""
        lines = {line.id: (line.sale_order_origin_id.id, line.sale_order_line_id.id, line.qty) for line in draft.lines}
        for index, command in enumerate(order.get("lines") or []):
            if not isinstance(command, (list, tuple)) or not command:
                continue
            if command[0] == 0 and len(command) == 3 and isinstance(command[2], dict):
                values = command[2]
                lines[("new", index)] = (
                    values.get("sale_order_origin_id"),
                    values.get("sale_order_line_id"),
                    values.get("qty"),
                )
            elif command[0] == 1 and len(command) == 3 and isinstance(command[2], dict) and command[1] in lines:
                origin, sale_line, qty = lines[command[1]]
                values = command[2]
                lines[command[1]] = (
                    values.get("sale_order_origin_id", origin),
                    values.get("sale_order_line_id", sale_line),
                    values.get("qty", qty),
                )
            elif command[0] in (2, 3) and len(command) >= 2:
                lines.pop(command[1], None)
        items = {}
        for origin, sale_line, qty in lines.values():
            is_id = isinstance(sale_line, int) and not isinstance(sale_line, bool) and sale_line
            if is_id and isinstance(origin, int) and not isinstance(origin, bool) and origin:
                items.setdefault(origin, []).append({"line_id": sale_line, "quantity": qty})
        return items

    def _layaway_process(self):
        """Run on each layaway the step its paid POS order says it is, once its lines agree."""
        paid_orders = self.filtered(lambda o: o.state in PAID_STATES)
        paid_orders._layaway_check_refunds()
        # Cashiers are not salespeople: the layaway steps check their layaway rights, then sudo.
        layaway_lines = paid_orders.sudo().lines.filtered(lambda line: line.sale_order_origin_id.layaway_plan_id)
        pos_orders = layaway_lines.order_id | paid_orders.filtered("layaway_kind")
        if not pos_orders:
            return
        self.env["sale.order"]._layaway_pos_sudo()
        # A retried sync finds its order already synced: its layaway money is recorded.
        processed = self.env.cr.cache.get(PROCESSED_KEY, set())
        for pos_order in pos_orders:
            lines = layaway_lines.filtered(lambda line, o=pos_order: line.order_id == o)
            pos_order._layaway_check_kind(lines)
            # A mixed cart: the deposit's other lines are goods bought now (pos_order_mixed_cart.py).
            pos_order._layaway_check_bought_now(lines)
            kind = pos_order.layaway_kind
            recorded = pos_order.id not in processed
            for sale_order, order_lines in lines.grouped("sale_order_origin_id").items():
                if sale_order.company_id != pos_order.company_id:
                    raise AccessError(
                        self.env._(
                            "%(layaway)s is not a layaway of %(company)s: take its payments at a register of its "
                            "own company.",
                            layaway=sale_order.name,
                            company=pos_order.company_id.name,
                        )
                    )
                if sale_order.layaway_state in ("done", "cancelled"):
                    continue  # a retried sync
                sale_order._layaway_check_register_currency(pos_order.currency_id)
                if kind == "pickup":
                    sale_order._layaway_pos_complete(order_lines, recorded)
                elif kind == "pickup_partial":
                    if not recorded:
                        checked = self.env.cr.cache.get(PARTIAL_KEY, {}).get((pos_order.uuid, sale_order.id))
                        sale_order._layaway_pos_pickup_partial(order_lines, checked)
                elif kind == "refund":
                    sale_order._layaway_pos_cancel(order_lines)
                elif kind == "change":
                    if not recorded:
                        sale_order._layaway_pos_change(order_lines)
                elif not recorded:
                    sale_order._layaway_pos_take_payment(order_lines, kind)

    def _get_invoice_lines_values(self, line_values, pos_line, move_type):
        """pos_sale labels a line with its sale order line's description: a layaway's deposits,
        installments, applied payments and fees have none, so they get what they are."""
        values = super()._get_invoice_lines_values(line_values, pos_line, move_type)
        layaway = pos_line.sale_order_origin_id
        if layaway.layaway_plan_id and not values.get("name") and not values.get("display_type"):
            company = pos_line.order_id.company_id
            if pos_line.product_id == company._layaway_cancel_fee_product():
                label = self.env._("Layaway cancellation fee %s", layaway.name)
            elif pos_line.product_id != company._layaway_deposit_product():
                label = pos_line.full_product_name or pos_line.product_id.display_name
            elif pos_line.order_id.layaway_kind == "refund":
                label = self.env._("Layaway payments returned %s", layaway.name)
            elif pos_line.order_id.layaway_kind in ("pickup", "pickup_partial"):
                label = self.env._("Layaway payments applied %s", layaway.name)
            elif pos_line.order_id.layaway_kind == "change":
                label = self.env._("Layaway change of items %s", layaway.name)
            elif pos_line.order_id.layaway_kind == "deposit":
                label = self.env._("Layaway deposit %s", layaway.name)
            else:
                label = self.env._("Layaway installment %s", layaway.name)
            values["name"] = label
        return values

    def _layaway_check_refunds(self):
        """Refuse a refund (ticket screen) of a layaway operation's lines: the money would leave
        while the layaway still counts it. Money goes back through Cancel, which keeps the fee."""
        refunded = self.sudo().lines.refunded_orderline_id.filtered(
            lambda line: (
                line.sale_order_origin_id.layaway_plan_id
                # A deposit's money is linked to its layaway; its other lines are goods bought now
                # (a mixed cart, pos_order_mixed_cart.py), returned as any sale.
                or line.order_id.layaway_kind not in (False, "deposit")
            )
        )
        if refunded:
            layaways = refunded.sale_order_origin_id | refunded.order_id.lines.sale_order_origin_id
            raise UserError(
                self.env._(
                    "%(orders)s refunds a layaway operation (%(layaways)s). To give a customer their layaway "
                    "money back, cancel the layaway from the Layaways screen: Cancel keeps the fee and refunds the "
                    "rest. Goods already handed over are returned from the back office.",
                    orders=", ".join(self.filtered(lambda o: o.lines.refunded_orderline_id & refunded).mapped("name"))
                    or self.env._("This order"),
                    layaways=", ".join(layaways.filtered("layaway_plan_id").mapped("name")),
                )
            )

    @api.model
    def _layaway_check_money(self, orders):
        """Refuse a layaway deposit, installment or pick-up paid with a pay-later method (Odoo's
        Customer Account, a method without journal): that is credit given to the customer, not
        money received. Read from the synced data, before anything is written."""
        for order in orders:
            if order.get("layaway_kind") not in ("deposit", "installment", "pickup", "pickup_partial", "change"):
                continue
            method_ids = {
                payment[2].get("payment_method_id")
                for payment in order.get("payment_ids") or []
                if len(payment) == 3 and isinstance(payment[2], dict) and (payment[2].get("amount") or 0) > 0
            }
            methods = self.env["pos.payment.method"].browse(i for i in method_ids if isinstance(i, int))
            pay_later = methods.filtered(lambda method: not method.journal_id)
            if pay_later:
                raise UserError(
                    self.env._(
                        "%(order)s pays a layaway with %(methods)s: that is credit given to the customer, not money "
                        "received. Remove that payment and take cash or card.",
                        order=order.get("name") or self.env._("This order"),
                        methods=", ".join(pay_later.mapped("name")),
                    )
                )

    def _layaway_check_kind(self, lines):
        """Refuse the sync unless this order's layaway lines are what its kind says.

        deposit, installment: positive layaway payment lines only; pickup: the layaway's
        goods with what was paid applied (payment lines not positive); refund: what was paid
        returned (negative payment lines) and at most the cancellation fee kept.
        """
        self.ensure_one()
        company = self.company_id
        payment_product = company._layaway_deposit_product()
        fee_product = company._layaway_cancel_fee_product()
        kind = self.layaway_kind
        if not lines:
            raise UserError(
                self.env._(
                    "%(order)s is sent as a layaway operation but carries no layaway line. "
                    "Open the layaway again from the Layaways screen.",
                    order=self.name,
                )
            )
        names = ", ".join(lines.sale_order_origin_id.mapped("name"))
        if not kind:
            raise UserError(
                self.env._("%(layaways)s is a layaway: take its payments from the Layaways screen.", layaways=names)
            )
        payments = lines.filtered(lambda line: line.product_id == payment_product)
        fees = lines.filtered(lambda line: line.product_id == fee_product)
        goods = (lines - payments - fees).filtered(
            lambda line: line.sale_order_line_id and not line.sale_order_line_id.is_downpayment
        )
        others = lines - payments - fees - goods
        if kind in ("deposit", "installment"):
            agrees = payments and payments == lines and all(line.price_subtotal_incl > 0 for line in payments)
        elif kind == "change":
            # Money taken for the new minimum deposit, or paid back beyond the new total: one way.
            agrees = (
                payments
                and payments == lines
                and (
                    all(line.price_subtotal_incl > 0 for line in payments)
                    or all(line.price_subtotal_incl < 0 for line in payments)
                )
            )
        elif kind in ("pickup", "pickup_partial"):
            agrees = goods and not fees and not others and all(line.price_subtotal_incl <= 0 for line in payments)
        else:  # refund
            agrees = (
                payments
                and not goods
                and not others
                and all(line.price_subtotal_incl < 0 for line in payments)
                and all(line.price_subtotal_incl >= 0 for line in fees)
            )
        if not agrees:
            raise UserError(
                self.env._(
                    "%(order)s says it is a %(kind)s of %(layaways)s, but its lines are not. "
                    "Remove the order and open the layaway again from the Layaways screen.",
                    order=self.name,
                    kind=self._fields["layaway_kind"].convert_to_export(kind, self).lower(),
                    layaways=names,
                )
            )
