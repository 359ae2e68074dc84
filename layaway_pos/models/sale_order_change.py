from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from ..tools import schedule
from .layaway_plan import REFUND_METHODS


class SaleOrder(models.Model):
    """Change items: a started layaway's goods change (add, remove, swap, quantities); the new
    total is spread again over the installments still to pay; what the new minimum deposit asks
    is taken in the same step, what was paid beyond the new total is paid back."""

    _inherit = "sale.order"

    layaway_amount_taken = fields.Monetary(
        "Value Taken Early",
        copy=False,
        readonly=True,
        help="The value, taxes included, of the goods handed over by partial pick-ups: applied from what was paid.",
    )
    layaway_change_ids = fields.One2many("layaway.change", "order_id", "Layaway Changes", copy=False, readonly=True)

    def _layaway_held(self):
        """What Customer Deposits holds for the layaway: paid, less the value of the goods taken early."""
        self.ensure_one()
        return self.currency_id.round(self.layaway_amount_paid - self.layaway_amount_taken)

    # The change, its money and where it goes, in one step. pylint: disable-next=too-many-locals
    def action_layaway_change_items(
        self,
        changes,
        amount=0.0,
        journal_id=False,
        payment_date=False,
        reference=False,
        refund_method=False,
        refund_journal_id=False,
    ):
        """Change the goods of a started layaway: add, remove, swap, or change quantities.

        The new total is spread again over the installments still to pay (same dates, same
        count; one is added when none is left). When what was paid no longer covers the new
        minimum deposit, the difference must be taken in the same step (`amount`); what was
        paid beyond the new total is paid back to `refund_method`. The goods follow the plan's
        stock policy. The change is recorded (``layaway.change``: goods, total and schedule before
        and after), the chatter shows it, the customer is emailed the new contract.

        :param list changes: ``[{"line_id": id, "quantity": q}]`` sets a goods line's quantity (0
            removes it; never below what was taken early), ``[{"product_id": id, "quantity": q}]``
            adds goods at the order's pricelist price. A swap is a removal and an addition.
        :param float amount: money taken in the same step: at least what the new minimum deposit
            asks beyond what was paid, at most the new balance (0 when nothing is asked).
        :param int journal_id: bank or cash journal of that money (default: the company's first).
        :param payment_date: the day it was received (as ``action_layaway_pay``).
        :param str reference: its reference.
        :param str refund_method: where money paid beyond the new total goes: ``credit_note``
            (store credit) or ``payment`` (paid back from ``refund_journal_id``); default: the
            plan's; another needs a layaway manager.
        :param int refund_journal_id: bank or cash journal paying it back.
        :raises UserError: when the layaway cannot change, a product cannot be laid away, stock is
            missing, the money does not match; nothing is written then.
        :return: the ``layaway.change`` id
        """
        self.ensure_one()
        self._layaway_check_group()
        self._layaway_lock()
        self._layaway_check_changeable()
        Input = self.env["layaway.input"]
        updates, additions = self._layaway_parse_changes(changes)
        amount = Input._amount(amount or 0.0, self.currency_id, self.env._("The amount taken"), allow_zero=True)
        journal = None
        if amount:
            self._layaway_check_take_payments()
            journal = self._layaway_journal(journal_id)
            payment_date, reference = self._layaway_payment_details(payment_date, reference)
        method = refund_method or self.layaway_plan_id.refund_method
        self._layaway_check_refund_method(method)

        def take_money(amount):
            self.env["layaway.payment"]._register_payment(
                self, amount, "change", "backoffice", journal=journal, payment_date=payment_date, reference=reference
            )

        def pay_back(refund):
            refund_journal = self._layaway_journal(refund_journal_id) if method == "payment" else None
            credit_note = self._layaway_refund_paid(refund, refund_journal)
            if method == "gift_card":
                self._layaway_refund_to_gift_card(credit_note, refund)
            return credit_note

        change = self._layaway_change_goods(updates, additions, amount, method, take_money, pay_back)
        self._layaway_notify_change(change)
        return change.id

    def _layaway_check_changeable(self):
        """A started layaway whose goods may change: active or paid, not an installment sale."""
        self._layaway_check_state(("active", "paid"), "change")
        if self._layaway_is_installment_sale():
            raise UserError(
                self.env._(
                    "%(order)s is an installment sale: its goods were invoiced when it started. Cancel it and "
                    "start a new layaway with the goods the customer wants.",
                    order=self.name,
                )
            )

    # The change's steps share its amounts. pylint: disable-next=too-many-locals
    def _layaway_change_goods(self, updates, additions, amount, method, take_money, pay_back):
        """The change itself, whatever the channel (back office, register): the goods and their
        stock, the money checked against the new total, the schedule spread again, the record.

        :param updates, additions: ``_layaway_parse_changes``'s result (checked).
        :param float amount: money taken in the same step (checked to be >= 0).
        :param str method: where money paid beyond the new total goes (checked by the caller).
        :param take_money: ``take_money(amount)`` records the money taken (called when `amount`).
        :param pay_back: ``pay_back(refund)`` pays back what was paid beyond the new total (it
            lowers ``layaway_amount_paid`` by it) and returns the credit note, or None.
        :return: the ``layaway.change``
        """
        currency = self.currency_id
        if self.layaway_plan_id.stock_policy == "reserve":
            self._layaway_check_change_stock(updates, additions)
        before = self._layaway_contract_snapshot()
        # A refusal below takes back what was written (lines, stock, schedule).
        with self.env.cr.savepoint():
            self._layaway_apply_goods(updates, additions)
            total = self.layaway_amount_total
            paid = self.layaway_amount_paid
            shortfall = max(currency.round(self.layaway_min_deposit - paid), 0.0)
            refund = max(currency.round(paid - total), 0.0)
            self._layaway_check_change_money(amount, shortfall, refund, currency.round(total - paid))
            deposit = self.layaway_deposit_amount
            # What the installments keep: what they held, less a refund beyond the deposit.
            deposit_after = min(deposit + min(amount, shortfall), total)
            installments_paid = currency.round(min(paid + min(amount, shortfall), total) - deposit_after)
            if amount:
                take_money(amount)
            credit_note = pay_back(refund) if refund else None
            self._layaway_respread(
                deposit_after, installments_paid, extra=currency.round(amount - min(amount, shortfall))
            )
            change = self._layaway_record_change(
                "change",
                before,
                amount_received=amount,
                amount_refunded=refund,
                refund_method=method if refund else False,
                move_id=credit_note.id if credit_note else False,
            )
        return change

    # pylint: disable-next=too-many-locals
    def _layaway_change_preview(self, changes):
        """What `changes` would make of the layaway, nothing written (the wizard's preview; the
        change itself computes it again): {total, min_deposit, shortfall, refund}; empty when the
        changes are refused.
        """
        self.ensure_one()
        if self.layaway_state not in ("active", "paid"):
            return {}
        try:
            updates, additions = self._layaway_parse_changes(changes)
        except (UserError, AccessError):
            return {}
        goods = []  # (product, total with taxes, quantity)
        for line in self._layaway_goods_lines():
            quantity = updates.get(line, line.product_uom_qty)
            unit = line.price_total / line.product_uom_qty if line.product_uom_qty else 0.0
            goods.append((line.product_id, unit * quantity, quantity))
        for product, quantity in additions:
            new = self.env["sale.order.line"].new(
                {"order_id": self.id, "product_id": product.id, "product_uom_qty": quantity}
            )
            goods.append((product, new.price_total, quantity))
        currency = self.currency_id
        old_goods = sum(self._layaway_goods_lines().mapped("price_total"))
        total = currency.round(self.layaway_amount_total - old_goods + sum(total for _p, total, _q in goods))
        minimum = float(
            schedule.min_deposit(
                self._layaway_line_terms(goods),
                self.layaway_plan_id._schedule_terms(currency=currency, date=self._layaway_rate_date()),
                self._layaway_service_fee(),
                currency.rounding,
            )
        )
        paid = self.layaway_amount_paid
        return {
            "total": total,
            "min_deposit": minimum,
            "shortfall": max(currency.round(minimum - paid), 0.0),
            "refund": max(currency.round(paid - total), 0.0),
        }

    # ------------------------------------------------------------------
    # Checks (nothing written yet)
    # ------------------------------------------------------------------

    # pylint: disable-next=too-many-locals
    def _layaway_parse_changes(self, changes):
        """``changes`` checked: ({goods line: new quantity}, [(product, quantity)])."""
        Input = self.env["layaway.input"]
        if not isinstance(changes, (list, tuple)) or not changes:
            raise UserError(
                self.env._(
                    "Say what changes on %(order)s: a list of {'line_id', 'quantity'} for goods on the layaway "
                    "and {'product_id', 'quantity'} for goods added.",
                    order=self.name,
                )
            )
        goods = self._layaway_goods_lines()
        updates, additions = {}, []
        for change in changes:
            if not isinstance(change, dict) or bool(change.get("line_id")) == bool(change.get("product_id")):
                raise UserError(
                    self.env._(
                        "Each change names either a goods line of %(order)s ('line_id') or a product to add "
                        "('product_id'), with its 'quantity'.",
                        order=self.name,
                    )
                )
            if change.get("line_id"):
                line = goods.filtered(lambda sol, line_id=change["line_id"]: sol.id == line_id)
                if not line:
                    raise UserError(
                        self.env._(
                            "Line %(line)s is not goods of %(order)s: reload the layaway and choose again.",
                            line=repr(change["line_id"])[:20],
                            order=self.name,
                        )
                    )
                quantity = Input._quantity(
                    change.get("quantity"),
                    line.product_uom_id,
                    self.env._("The quantity of %s", line.product_id.display_name),
                )
                taken = line._layaway_qty_taken()
                if line.product_uom_id.compare(quantity, taken) < 0:
                    raise UserError(
                        self.env._(
                            "%(qty)s %(product)s were already taken home from %(order)s: keep at least that many.",
                            qty=taken,
                            product=line.product_id.display_name,
                            order=self.name,
                        )
                    )
                updates[line] = quantity
                continue
            product = Input._record("product.product", change["product_id"], self.env._("The product"))
            self._layaway_check_product_for_change(product)
            quantity = Input._quantity(
                change.get("quantity"),
                product.uom_id,
                self.env._("The quantity of %s", product.display_name),
                allow_zero=False,
            )
            additions.append((product, quantity))
        changed = {line: qty for line, qty in updates.items() if line.product_uom_id.compare(qty, line.product_uom_qty)}
        if not changed and not additions:
            raise UserError(
                self.env._("Nothing changes on %(order)s: change a quantity, or add or remove goods.", order=self.name)
            )
        left = any(not line.product_uom_id.is_zero(updates.get(line, line.product_uom_qty)) for line in goods)
        if not left and not additions:
            raise UserError(
                self.env._(
                    "Removing every item of %(order)s leaves nothing on layaway: cancel the layaway instead.",
                    order=self.name,
                )
            )
        return changed, additions

    def _layaway_check_product_for_change(self, product):
        if product.company_id and product.company_id != self.company_id:
            raise AccessError(
                self.env._(
                    "%(product)s belongs to another company than %(order)s: choose a product of %(company)s.",
                    product=product.display_name,
                    order=self.name,
                    company=self.company_id.name,
                )
            )
        if not product.sale_ok or not product.layaway_ok or product.type == "combo":
            raise UserError(
                self.env._(
                    "%(product)s cannot be laid away: tick 'Can be laid away' on the product (it must be sold, and "
                    "not a combo), or choose another.",
                    product=product.display_name,
                )
            )

    def _layaway_check_refund_method(self, method):
        if method not in dict(REFUND_METHODS):
            raise UserError(
                self.env._(
                    "Pay money back by 'credit_note' (store credit), 'payment' (bank or cash) or 'gift_card', not "
                    "%(method)s.",
                    method=repr(method)[:40],
                )
            )
        if method != self.layaway_plan_id.refund_method:
            # The plan sets where money goes back; a manager may choose another.
            self._layaway_check_group(manager=True)
        if method == "gift_card":
            self._layaway_gift_card_program()

    def _layaway_check_change_stock(self, updates, additions):
        """`reserve`: the goods added must be free in the warehouse's stock now (named when missing)."""
        more = {}
        for line, quantity in updates.items():
            if line.product_id.is_storable and line.product_uom_id.compare(quantity, line.product_uom_qty) > 0:
                qty = line.product_uom_id._compute_quantity(quantity - line.product_uom_qty, line.product_id.uom_id)
                more[line.product_id] = more.get(line.product_id, 0.0) + qty
        for product, quantity in additions:
            if product.is_storable:
                more[product] = more.get(product, 0.0) + quantity
        location = self.warehouse_id.lot_stock_id
        missing = self._layaway_missing_stock(more, location)
        if missing:
            raise UserError(
                self.env._(
                    "Not enough stock in %(location)s to add to %(order)s:\n%(missing)s\n"
                    "Receive the goods first, or add fewer.",
                    location=location.display_name,
                    order=self.name,
                    missing="\n".join(missing),
                )
            )

    def _layaway_check_change_money(self, amount, shortfall, refund, balance):
        """The money of a change: the new minimum deposit covered, nothing taken beyond the balance,
        nothing taken when money goes back. Refusals name the amount to take."""
        currency = self.currency_id
        if refund and amount:
            raise UserError(
                self.env._(
                    "The new total of %(order)s is below what was paid: %(refund)s goes back to the customer, "
                    "take nothing.",
                    order=self.name,
                    refund=self._layaway_money(refund),
                )
            )
        if currency.compare_amounts(amount, shortfall) < 0:
            raise UserError(
                self.env._(
                    "The new minimum deposit of %(order)s is %(minimum)s: take at least %(shortfall)s more in the "
                    "same step (%(amount)s given).",
                    order=self.name,
                    minimum=self._layaway_money(self.layaway_min_deposit),
                    shortfall=self._layaway_money(shortfall),
                    amount=self._layaway_money(amount),
                )
            )
        if amount:
            self._layaway_check_within_balance(amount, balance, self.env._("Take"))

    # ------------------------------------------------------------------
    # Writing the change
    # ------------------------------------------------------------------

    # pylint: disable-next=too-many-locals
    def _layaway_apply_goods(self, updates, additions):
        """Write the new goods lines (prices kept), then the stock per the plan's policy: `reserve`
        sets the goods added aside and puts those removed back, the delivery follows."""
        reserve = self.layaway_plan_id.stock_policy == "reserve"
        order = self.sudo()
        before = self._layaway_storable_needs()
        if reserve:
            # The delivery is made again for the new goods, from the layaway location.
            order._layaway_delivery_pickings().action_cancel()
        self._layaway_write_goods_lines(updates, additions)
        if not reserve:
            return
        after = self._layaway_storable_needs()
        products = set(before) | set(after)
        more = {p: after.get(p, 0.0) - before.get(p, 0.0) for p in products if after.get(p, 0.0) > before.get(p, 0.0)}
        less = {p: before.get(p, 0.0) - after.get(p, 0.0) for p in products if before.get(p, 0.0) > after.get(p, 0.0)}
        stock, layaway_location = self.warehouse_id.lot_stock_id, self.warehouse_id._layaway_location()
        self._layaway_internal_transfer(stock, layaway_location, self.env._("layaway: goods added"), quantities=more)
        self._layaway_internal_transfer(layaway_location, stock, self.env._("layaway: goods removed"), quantities=less)
        order.order_line.with_context(skip_procurement=False)._action_launch_stock_rule()
        self._layaway_deliver_from_reserve()

    def _layaway_write_goods_lines(self, updates, additions):
        """The goods lines as changed: quantities written (prices kept), goods added at the
        pricelist's price. No stock moves here (``_layaway_apply_goods`` moves them)."""
        # skip_procurement: the delivery is launched by _layaway_apply_goods (reserve) or at completion.
        Line = self.env["sale.order.line"].sudo().with_context(layaway_contract_change=True, skip_procurement=True)
        for line, quantity in updates.items():
            # The contract's price stays: a quantity break of the pricelist would reprice it.
            Line.browse(line.id).write(
                {"product_uom_qty": quantity, "price_unit": line.price_unit, "discount": line.discount}
            )
        sequence = max(self._layaway_goods_lines().mapped("sequence") or [10])
        if additions:
            Line.create(
                [
                    {
                        "order_id": self.id,
                        "product_id": product.id,
                        "product_uom_qty": quantity,
                        "sequence": sequence + i,
                    }
                    for i, (product, quantity) in enumerate(additions, 1)
                ]
            )
        self.invalidate_recordset(["order_line"])

    # pylint: disable-next=too-many-locals
    def _layaway_respread(self, deposit, installments_paid, extra=0.0):
        """The schedule for the current total: the installments keep `installments_paid` (in
        due-date order), the balance is spread over the others (`schedule.respread`); then
        `extra`, money taken beyond the deposit, fills them in due-date order."""
        currency = self.currency_id
        installments = self.layaway_installment_ids.sorted(lambda i: (i.due_date, i.sequence))
        total = self.layaway_amount_total
        balance = currency.round(total - deposit - installments_paid - extra)
        try:
            kept, spread = schedule.respread(
                installments.mapped("amount_paid"), installments_paid, balance + extra, currency.rounding
            )
        except schedule.ScheduleError as error:
            raise UserError(self.env["layaway.plan"]._schedule_error_text(error, currency)) from error
        commands = [
            Command.update(i.id, {"amount": float(value), "amount_paid": float(value), "state": "paid"})
            for i, value in zip(installments, kept, strict=False)
        ]
        unpaid = installments[len(kept) :]
        for installment, value in zip(unpaid, spread, strict=False):
            state = "overdue" if installment.state == "overdue" else "pending"
            commands.append(
                Command.update(installment.id, {"amount": float(value), "amount_paid": 0.0, "state": state})
            )
        commands += [Command.delete(i.id) for i in unpaid[len(spread) :]]
        if len(spread) > len(unpaid):
            # Every installment was paid: the balance added is due on one more.
            due = max(installments[-1:].due_date or self.company_id._layaway_today(), self.company_id._layaway_today())
            if self.layaway_expiry_date and due > self.layaway_expiry_date:
                raise UserError(
                    self.env._(
                        "%(order)s expires on %(expiry)s: extend it first, then change its goods.",
                        order=self.name,
                        expiry=format_date(self.env, self.layaway_expiry_date),
                    )
                )
            commands.append(
                Command.create({"sequence": len(installments) + 1, "due_date": due, "amount": float(spread[-1])})
            )
        # sudo: the schedule is the layaway actions' to write (see LAYAWAY_PROTECTED_FIELDS).
        self.sudo().write(
            {
                "layaway_installment_ids": commands,
                "layaway_installment_count": len(kept) + len(spread),
                "layaway_deposit_amount": deposit,
            }
        )
        if extra:
            self.env["layaway.payment"]._allocate(self, installments_paid, extra)
        paid = currency.round(deposit + installments_paid + extra)
        self._layaway_set_state(
            "paid" if currency.compare_amounts(paid, total) >= 0 else "active", layaway_amount_paid=paid
        )
