from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import schedule


class SaleOrder(models.Model):
    """Change items at the register: the preview the dialog shows (nothing written), the change
    without money (a server call), and the step a synced POS order of kind ``change`` runs (money
    taken for the new minimum deposit, or paid back beyond the new total)."""

    _inherit = "sale.order"

    @api.model
    def layaway_pos_change_preview(self, order_id, config_id, changes):
        """What Change items at the register would make of the layaway: it writes nothing.

        :param list changes: as ``action_layaway_change_items``.
        :raises UserError: the changes are refused (as the change itself would refuse them).
        :return: {total, min_deposit, paid, shortfall (to take now), refund (to pay back),
            balance, installments: [{sequence, due_date, amount, amount_paid}],
            refund_method (the plan's), refund_payment_method_id (the original tender)}
        """
        config = self._layaway_pos_config(config_id)
        order = self._layaway_pos_order(order_id, config)
        order._layaway_pos_check_changeable(config)
        updates, additions = order._layaway_parse_changes(changes)
        if order.layaway_plan_id.stock_policy == "reserve":
            order._layaway_check_change_stock(updates, additions)
        preview = order._layaway_change_preview(changes)
        currency = order.currency_id
        money = preview["shortfall"] or preview["refund"]
        return {
            **preview,
            # Tax on advances: the register's lines of that money, split over the goods as changed.
            "money_parts": order._layaway_pos_change_parts(updates, additions, money)
            if money and order.company_id.layaway_advance_tax == "goods"
            else [],
            "paid": order.layaway_amount_paid,
            "balance": max(currency.round(preview["total"] - order.layaway_amount_paid - preview["shortfall"]), 0.0),
            "installments": order._layaway_change_schedule_preview(preview["total"], preview["shortfall"]),
            "refund_method": order.layaway_plan_id.refund_method,
            "refund_payment_method_id": order._layaway_original_tender(config.id),
        }

    @api.model
    def layaway_pos_change_items(self, order_id, config_id, changes):
        """Change items at the register when no money moves (the new minimum deposit is covered
        and the new total is not below what was paid): no POS order, the change is made here.
        Money to take or pay back goes through a POS order of kind ``change`` instead.

        :return: the layaway's ``layaway_pos_detail`` after the change
        """
        config = self._layaway_pos_config(config_id)
        order = self._layaway_pos_order(order_id, config)
        order._layaway_lock()
        order._layaway_pos_check_changeable(config)
        updates, additions = order._layaway_parse_changes(changes)

        def pay_back(refund):
            raise UserError(
                self.env._(
                    "The new total of %(order)s is below what was paid: %(refund)s goes back to the customer. "
                    "Change the items again from the Layaways screen to pay it out.",
                    order=order.name,
                    refund=order._layaway_money(refund),
                )
            )

        change = order._layaway_change_goods(
            updates, additions, 0.0, order.layaway_plan_id.refund_method, None, pay_back
        )
        order._layaway_notify_change(change)
        return self.layaway_pos_detail(order.id, config.id)

    def _layaway_pos_check_changeable(self, config):
        """The register changes the goods of its active or paid layaways, in its currency (with
        tax on advances, its money lines follow the goods as changed: ``money_parts``)."""
        self._layaway_check_changeable()
        self._layaway_check_not_installment_sale_at_register()
        self._layaway_check_register_currency(config.currency_id)

    def _layaway_pos_change_parts(self, updates, additions, amount):
        """The register's lines for `amount` (taken or paid back) with tax on advances: split by
        tax over the goods as the change will leave them (``_layaway_pos_advance_parts`` on the
        changed lines), written in a savepoint that is rolled back: nothing stays written."""
        savepoint = self.env.cr.savepoint()
        try:
            self._layaway_write_goods_lines(updates, additions)
            return self._layaway_pos_advance_parts(amount)
        finally:
            # Rolled back whatever happened: a preview writes nothing (the caches are cleared too).
            savepoint.close(rollback=True)

    def _layaway_change_schedule_preview(self, total, taken):
        """The schedule a change to `total` would leave, `taken` (the shortfall) taken with it:
        as ``_layaway_change_goods`` spreads it (``schedule.respread``), nothing written."""
        currency = self.currency_id
        installments = self.layaway_installment_ids.sorted(lambda i: (i.due_date, i.sequence))
        paid = self.layaway_amount_paid
        deposit_after = min(self.layaway_deposit_amount + taken, total)
        installments_paid = currency.round(min(paid + taken, total) - deposit_after)
        try:
            kept, spread = schedule.respread(
                installments.mapped("amount_paid"),
                installments_paid,
                currency.round(total - deposit_after - installments_paid),
                currency.rounding,
            )
        except schedule.ScheduleError as error:
            raise UserError(self.env["layaway.plan"]._schedule_error_text(error, currency)) from error
        amounts = [(float(value), float(value)) for value in kept] + [(float(value), 0.0) for value in spread]
        dates = installments.mapped("due_date")
        if len(amounts) > len(dates):
            # Every installment was paid: the balance added is due on one more (as the change adds it).
            today = self.company_id._layaway_today()
            dates.append(max(dates[-1] if dates else today, today))
        return [
            {"sequence": i, "due_date": fields.Date.to_string(due), "amount": amount, "amount_paid": amount_paid}
            for i, (due, (amount, amount_paid)) in enumerate(zip(dates, amounts, strict=False), 1)
        ]

    # ------------------------------------------------------------------
    # The sync of a POS order of kind "change"
    # ------------------------------------------------------------------

    # The money of both ways, checked then booked. pylint: disable-next=too-many-locals
    def _layaway_pos_change(self, pos_lines):
        """Change items paid at the register: the POS order carries the changes
        (``layaway_change``) and its money: positive deposit-product lines take what the new
        minimum deposit asks (a down payment, a ``change`` payment), negative ones pay back what
        was paid beyond the new total (a negative down payment marked as a refund, a ``refund``
        payment: no credit note, the POS order pays it out in the method the cashier chose;
        Customer Account is store credit). Same checks and outcome as the back office."""
        self.ensure_one()
        pos_order = pos_lines.order_id
        currency = self.currency_id
        self._layaway_lock()
        self._layaway_pos_check_changeable(pos_order.config_id)
        payload = pos_order.layaway_change
        updates, additions = self._layaway_parse_changes(payload.get("changes") if isinstance(payload, dict) else None)
        money = currency.round(sum(pos_lines.mapped("price_subtotal_incl")))
        amount, returned = max(money, 0.0), max(-money, 0.0)
        method = self.layaway_plan_id.refund_method
        if returned:
            out = pos_order.payment_ids.filtered(lambda p: currency.compare_amounts(p.amount, 0.0) < 0)
            store_credit = out.payment_method_id.filtered(lambda m: not m.journal_id)
            if store_credit and store_credit != out.payment_method_id:
                raise UserError(
                    self.env._(
                        "%(pos_order)s pays %(order)s's refund back partly as store credit: pay it all one way.",
                        pos_order=pos_order.name,
                        order=self.name,
                    )
                )
            method = "credit_note" if store_credit else "payment"
            self._layaway_check_refund_method(method)
        untaxed = sum(pos_lines.mapped("price_subtotal"))

        def take_money(amount):
            self._layaway_pos_check_advance_lines(pos_lines, self._layaway_advance_split(amount), self.env._("payment"))
            self._layaway_pos_down_payment(pos_lines)
            self.env["layaway.payment"]._register_payment(
                self, amount, "change", "pos", pos_order_line=pos_lines[:1], amount_untaxed=untaxed
            )

        def pay_back(refund):
            if currency.compare_amounts(refund, returned):
                raise UserError(
                    self.env._(
                        "The new total of %(order)s is below what was paid by %(refund)s: that is what goes back, "
                        "not %(returned)s. Open the layaway again.",
                        order=self.name,
                        refund=self._layaway_money(refund),
                        returned=self._layaway_money(returned),
                    )
                )
            self._layaway_pos_check_advance_lines(
                pos_lines, [(t, -p) for t, p in self._layaway_advance_split(refund)], self.env._("returned payment")
            )
            # Customer Deposits gives the money back at the session's closing (the POS line's account).
            self._layaway_pos_down_payment(pos_lines).write({"layaway_money_out": "refund"})
            self.env["layaway.payment"].sudo().create(
                {
                    "order_id": self.id,
                    "amount": -refund,
                    "channel": "pos",
                    "kind": "refund",
                    "user_id": self.env.uid,
                    "pos_order_id": pos_order.id,
                    "pos_session_id": pos_order.session_id.id,
                    "amount_untaxed_company": self._layaway_company_amount(untaxed),
                }
            )
            self.sudo().layaway_amount_paid = currency.round(self.layaway_amount_paid - refund)

        change = self._layaway_change_goods(updates, additions, amount, method, take_money, pay_back)
        if returned and not change.amount_refunded:
            raise UserError(
                self.env._(
                    "%(pos_order)s pays back %(returned)s but the new total of %(order)s leaves nothing to pay "
                    "back. Open the layaway again.",
                    pos_order=pos_order.name,
                    returned=self._layaway_money(returned),
                    order=self.name,
                )
            )
        change.pos_order_id = pos_order
        self._layaway_notify_change(change)
        return change
