from odoo import models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """Partial pick-up: some goods leave before the balance is paid, when what was paid covers
    them (and the plan's reserve on the goods left). They are delivered and invoiced, exactly
    their value applied from Customer Deposits; the rest stays on layaway."""

    _inherit = "sale.order"

    def action_layaway_pickup_partial(self, items):
        """Hand some goods over now, the rest staying on layaway.

        Allowed when paid − value already taken ≥ value of the items taken now + the plan's
        ``partial_pickup_reserve`` % of the goods left. The items are delivered (from the layaway
        location with the `reserve` policy, from stock otherwise) and invoiced, the invoice
        deducting exactly their value from Customer Deposits (a negative down payment of the
        order, on their own taxes when advances carry tax): its total is zero. What is left to
        pay and the schedule do not change. Recorded as a ``layaway.change`` (kind ``pickup``)
        and emailed to the customer with the updated contract.

        :param list items: ``[{"line_id": id, "quantity": q}]``: goods lines of the layaway and
            how many leave now (more than 0, at most what is left of the line).
        :raises UserError: when the layaway is not active or paid, an item is not on it, the
            money paid does not cover the items (the message says how much more to take), the
            goods are missing, or every item would leave (complete the layaway instead).
        :return: the ``layaway.change`` id
        """
        self.ensure_one()
        self._layaway_check_group()
        self._layaway_lock()
        self._layaway_check_state(("active", "paid"), "pickup_partial")
        if self._layaway_is_installment_sale():
            raise UserError(
                self.env._(
                    "%(order)s is an installment sale: its goods were invoiced at its start and leave together. "
                    "Complete it when its balance is paid.",
                    order=self.name,
                )
            )
        taking, value, parts = self._layaway_check_pickup(items)
        before = self._layaway_contract_snapshot()
        with self.env.cr.savepoint():
            picking = self._layaway_deliver_items(taking)
            invoice = self._layaway_invoice_taken(taking, value, parts)
            # sudo: the layaway's money is the layaway actions' to write (LAYAWAY_PROTECTED_FIELDS).
            self.sudo().layaway_amount_taken = self.currency_id.round(self.layaway_amount_taken + value)
            change = self._layaway_record_change(
                "pickup", before, value_taken=value, move_id=invoice.id, picking_id=picking.id
            )
        self._layaway_notify_change(change)
        return change.id

    def _layaway_check_pickup(self, items):
        """`items` checked (on the layaway, at most what is left, covered by what is held, in stock
        with `on_completion`): ({goods line: quantity}, their value, the parts applied)."""
        taking = self._layaway_parse_pickup(items)
        value, parts, left = self._layaway_pickup_values(taking)
        self._layaway_check_pickup_covered(value, left)
        if self.layaway_plan_id.stock_policy == "on_completion":
            self._layaway_check_pickup_stock(taking)
        return taking, value, parts

    def _layaway_parse_pickup(self, items):
        """``items`` checked: {goods line: quantity leaving now}."""
        Input = self.env["layaway.input"]
        if not isinstance(items, (list, tuple)) or not items:
            raise UserError(
                self.env._(
                    "Say which items of %(order)s leave now: a list of {'line_id', 'quantity'}.", order=self.name
                )
            )
        goods = self._layaway_goods_lines()
        taking = {}
        for item in items:
            line = goods.filtered(lambda sol, item=item: isinstance(item, dict) and sol.id == item.get("line_id"))
            if not line:
                raise UserError(
                    self.env._(
                        "%(item)s is not an item of %(order)s: reload the layaway and tick the items leaving again.",
                        item=repr(item)[:40],
                        order=self.name,
                    )
                )
            quantity = Input._quantity(
                item.get("quantity"),
                line.product_uom_id,
                self.env._("The quantity of %s leaving", line.product_id.display_name),
                allow_zero=False,
            )
            quantity += taking.get(line, 0.0)
            left = line._layaway_qty_left()
            if line.product_uom_id.compare(quantity, left) > 0:
                raise UserError(
                    self.env._(
                        "Only %(left)s %(product)s of %(order)s are left to hand over, not %(qty)s.",
                        left=left,
                        product=line.product_id.display_name,
                        order=self.name,
                        qty=quantity,
                    )
                )
            taking[line] = quantity
        if all(not line.product_uom_id.compare(taking.get(line, 0.0), line._layaway_qty_left()) for line in goods):
            raise UserError(
                self.env._(
                    "Every item left of %(order)s would leave: complete the layaway instead (its balance must be "
                    "paid).",
                    order=self.name,
                )
            )
        return taking

    def _layaway_pickup_values(self, taking):
        """The value (taxes included) of the items taken, the parts applied from Customer Deposits
        [(taxes, unit price)], and the value of the goods left after them."""
        AccountTax = self.env["account.tax"]
        goods = self._layaway_goods_lines()
        base_lines = []
        for line in goods:
            left = line._layaway_qty_left()
            base_lines.append(line._prepare_base_line_for_taxes_computation(quantity=taking.get(line, 0.0)))
            base_lines.append(line._prepare_base_line_for_taxes_computation(quantity=left - taking.get(line, 0.0)))
        AccountTax._add_tax_details_in_base_lines(base_lines, self.company_id)
        AccountTax._round_base_lines_tax_details(base_lines, self.company_id)
        round_ = self.currency_id.round
        totals = [base_line["tax_details"]["total_included_currency"] for base_line in base_lines]
        value = round_(sum(totals[0::2]))
        left_value = round_(sum(totals[1::2]))
        if self.company_id.layaway_advance_tax == "goods":
            # The advances carried the goods' VAT: the items' own taxes come off with their value,
            # one part per line, priced as the line (so that its tax is the line's, to the cent).
            parts = [
                (line.tax_ids, line.price_unit * (1 - line.discount / 100.0) * quantity)
                for line, quantity in taking.items()
            ]
        else:
            parts = self._layaway_advance_split(value)
        return value, parts, left_value

    def _layaway_check_pickup_covered(self, value, left_value):
        """Paid − value already taken ≥ value taken now + the plan's reserve % of the goods left."""
        reserve = self.currency_id.round(left_value * self.layaway_plan_id.partial_pickup_reserve / 100.0)
        needed = self.currency_id.round(value + reserve)
        held = self._layaway_held()
        if self.currency_id.compare_amounts(held, needed) < 0:
            raise UserError(
                self.env._(
                    "The items chosen are worth %(value)s%(reserve_text)s, but only %(held)s of what was paid on "
                    "%(order)s is not yet applied to goods taken. Take %(more)s more first, or choose fewer items.",
                    value=self._layaway_money(value),
                    reserve_text=self.env._(
                        ", and the plan keeps %(percent)s%% of the goods left (%(reserve)s) paid",
                        percent=self.layaway_plan_id.partial_pickup_reserve,
                        reserve=self._layaway_money(reserve),
                    )
                    if reserve
                    else "",
                    held=self._layaway_money(held),
                    order=self.name,
                    more=self._layaway_money(needed - held),
                )
            )

    def _layaway_check_pickup_stock(self, taking):
        """`on_completion`: nothing was set aside: the items must be free in the warehouse now."""
        needs = {}
        for line, quantity in taking.items():
            if line.product_id.is_storable:
                qty = line.product_uom_id._compute_quantity(quantity, line.product_id.uom_id)
                needs[line.product_id] = needs.get(line.product_id, 0.0) + qty
        location = self.warehouse_id.lot_stock_id
        missing = self._layaway_missing_stock(needs, location)
        if missing:
            raise UserError(
                self.env._(
                    "Not enough stock in %(location)s for the items leaving %(order)s:\n%(missing)s\n"
                    "Receive the goods first, or hand over fewer.",
                    location=location.display_name,
                    order=self.name,
                    missing="\n".join(missing),
                )
            )

    def _layaway_deliver_items(self, taking):
        """Deliver `taking` now: the layaway's pending delivery, partly done (the rest stays in a
        backorder; with `on_completion`, made for these items and its rest cancelled, nothing being
        set aside before completion). Returns the done picking."""
        order = self.sudo()
        storable = {line: qty for line, qty in taking.items() if line.product_id.type == "consu"}
        if not storable:
            return self.env["stock.picking"]
        lines = self.env["sale.order.line"].union(*storable)
        if self.layaway_plan_id.stock_policy == "on_completion":
            lines.sudo().with_context(skip_procurement=False)._action_launch_stock_rule()
        pickings = order._layaway_delivery_pickings().filtered(lambda picking: picking.move_ids.sale_line_id & lines)
        pickings.action_assign()
        # Only the moves of the items leaving are picked: the others keep their reservation and
        # go to the backorder with the rest.
        for move in pickings.move_ids.filtered(lambda m: m.state not in ("done", "cancel") and m.sale_line_id in lines):
            line = move.sale_line_id
            wanted = line.product_uom_id._compute_quantity(storable[line], move.product_uom)
            qty = min(move.product_uom_qty, wanted)
            if move.product_uom.is_zero(qty):
                continue
            move.quantity = qty
            move.picked = True
            storable[line] -= move.product_uom._compute_quantity(qty, line.product_uom_id)
        short = [line for line, qty in storable.items() if line.product_uom_id.compare(qty, 0.0) > 0]
        if short:
            raise UserError(
                self.env._(
                    "%(order)s has no pending delivery of %(products)s to hand over: check its transfers.",
                    order=self.name,
                    products=", ".join(short_line.product_id.display_name for short_line in short),
                )
            )
        before = order.picking_ids
        pickings.with_context(skip_sms=True)._action_done()
        rest = order._layaway_delivery_pickings()
        if self.layaway_plan_id.stock_policy == "on_completion":
            # Nothing is set aside before completion: the rest of what was made now waits for it.
            (order.picking_ids - before).filtered(lambda p: p.state not in ("done", "cancel")).action_cancel()
        else:
            rest.action_assign()
        return pickings.filtered(lambda picking: picking.state == "done")[:1]

    def _layaway_invoice_taken(self, taking, value, parts):
        """The invoice of the items taken early: their lines, less exactly `value` applied from
        Customer Deposits (negative down payments, `parts`): a total of zero. Recorded as an
        ``applied`` payment (no money moves: the account's part leaves for the goods)."""
        deposit_account, _forfeit = self._layaway_accounts()
        money_out = self._layaway_money_out_lines(value, "applied", taxes_totals=parts)
        label = self.env._("Layaway %s: applied to goods taken", self.name)
        invoice_lines = [line._prepare_invoice_line(quantity=quantity) for line, quantity in taking.items()]
        invoice_lines += [
            line._prepare_invoice_line(name=label, quantity=1.0, account_id=deposit_account.id) for line in money_out
        ]
        invoice = self._layaway_posted_invoice(
            {
                "invoice_date": self.company_id._layaway_today(),
                "ref": self.env._("Layaway %s: partial pick-up", self.name),
            },
            invoice_lines,
        )
        if not invoice.currency_id.is_zero(invoice.amount_total):
            raise UserError(
                self.env._(
                    "The invoice of the items taken from %(order)s would be %(amount)s instead of zero. Choose the "
                    "items again; if it persists, their prices or taxes changed.",
                    order=self.name,
                    amount=self._layaway_money(invoice.amount_total),
                )
            )
        self._layaway_record_money_out(invoice, "applied", 0.0)
        return invoice
