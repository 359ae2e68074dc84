import dataclasses

from markupsafe import Markup

from odoo import Command, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..tools import schedule


class SaleOrder(models.Model):
    """Reschedule (managers): another installment count, or later due dates, for the unpaid balance."""

    _inherit = "sale.order"

    def action_layaway_reschedule(self, installment_count=False, first_due_date=False):
        """Spread the unpaid balance again (managers): over another number of installments, from another date.

        What is paid stays: paid installments keep their dates and amounts, a partly paid one is
        closed at what was paid. The balance left is split by the pure schedule module into the
        installments still to come, the first due on `first_due_date`, the next ones a period of
        the plan apart. The chatter records the schedule before and after; the customer is
        emailed the new one.

        :param int installment_count: the layaway's number of installments, paid ones included,
            within the plan's range (default: unchanged).
        :param first_due_date: a date (or ``YYYY-MM-DD``), today or later and not before an
            installment that stays (default: the first unpaid installment's, today if it is past).
        :raises UserError: when the layaway is not active, the count or the date is refused, the
            last installment would fall after the expiry, or nothing changes.
        :return: True
        """
        self._layaway_check_manager_action(("active",), "reschedule")
        count, kept, unpaid, new_rows = self._layaway_reschedule_plan(installment_count, first_due_date)
        before = self._layaway_schedule_rows()
        partial = kept.filtered(lambda i: i.state != "paid")
        # sudo: the schedule is the layaway actions' to write (see LAYAWAY_PROTECTED_FIELDS).
        self.sudo().write(
            {
                "layaway_installment_count": count,
                "layaway_installment_ids": [
                    Command.update(i.id, {"amount": i.amount_paid, "state": "paid"}) for i in partial
                ]
                + [Command.delete(i.id) for i in unpaid - partial]
                + [
                    Command.create({"sequence": sequence, "due_date": due, "amount": amount})
                    for sequence, (due, amount) in enumerate(new_rows, len(kept) + 1)
                ],
            }
        )
        self.message_post(
            body=Markup("%s<br/>%s%s%s%s")
            % (
                self.env._("Layaway rescheduled: %(count)s installments.", count=count),
                self.env._("Before:"),
                self._layaway_schedule_table(before),
                self.env._("After:"),
                self._layaway_schedule_table(self._layaway_schedule_rows()),
            )
        )
        if self.partner_id.email:
            self.env.ref("layaway_pos.mail_template_layaway_rescheduled").sudo().send_mail(self.id)
        return True

    def _layaway_reschedule_plan(self, installment_count=False, first_due_date=False):
        """The new schedule ``action_layaway_reschedule`` would write, computed without writing.

        :return: (the count, the installments kept, the unpaid ones, the new rows as
            [(due date, amount)] of the installments still to pay)
        :raises UserError: as ``action_layaway_reschedule`` (the state and the user aside).
        """
        self.ensure_one()
        Input = self.env["layaway.input"]
        installments = self.layaway_installment_ids.sorted(lambda i: (i.due_date, i.sequence))
        # Payments fill the installments in due-date order: what is (partly) paid comes first.
        kept = installments.filtered(lambda i: not self.currency_id.is_zero(i.amount_paid))
        unpaid = installments - kept.filtered(lambda i: i.state == "paid")
        count = Input._integer(installment_count, self.env._("The number of installments"), optional=True)
        count = count or self.layaway_installment_count
        first = (
            Input._date(first_due_date, self.env._("The first new due date"))
            if first_due_date
            else self._layaway_reschedule_default_date()
        )
        terms = self._layaway_check_reschedule(kept, count, first)
        amounts = schedule.split_balance(self.layaway_amount_residual, count - len(kept), self.currency_id.rounding)
        due_dates = schedule.due_dates(first, count - len(kept), dataclasses.replace(terms, first_due_days=0))
        if due_dates[-1] > (self.layaway_expiry_date or due_dates[-1]):
            raise UserError(
                self.env._(
                    "The last installment of %(order)s would be due on %(date)s, after the layaway expires "
                    "(%(expiry)s): extend it first, or choose fewer installments or an earlier date.",
                    order=self.name,
                    date=format_date(self.env, due_dates[-1]),
                    expiry=format_date(self.env, self.layaway_expiry_date),
                )
            )
        new_rows = [(due, float(amount)) for due, amount in zip(due_dates, amounts, strict=True)]
        if count == len(installments) and [(i.due_date, i.amount_residual) for i in unpaid] == new_rows:
            raise UserError(
                self.env._("This is the schedule of %(order)s already: change the count or the date.", order=self.name)
            )
        return count, kept, unpaid, new_rows

    def _layaway_reschedule_default_date(self):
        """The first unpaid installment's due date, or today when it is past (an overdue layaway)."""
        self.ensure_one()
        unpaid = self.layaway_installment_ids.filtered(lambda i: i.state != "paid").sorted("due_date")
        return max(unpaid[:1].due_date or self.company_id._layaway_today(), self.company_id._layaway_today())

    def _layaway_check_reschedule(self, kept, count, first):
        """The plan's terms, once `count` and `first` are allowed; else a refusal saying what to choose."""
        terms = self.layaway_plan_id._schedule_terms(currency=self.currency_id, date=self._layaway_rate_date())
        try:
            schedule.installment_count([], terms, count)
        except schedule.ScheduleError as error:
            raise UserError(self.env["layaway.plan"]._schedule_error_text(error, self.currency_id)) from error
        if count <= len(kept):
            raise UserError(
                self.env._(
                    "Choose more installments than the %(paid)s already paid (or partly paid) on %(order)s.",
                    paid=len(kept),
                    order=self.name,
                )
            )
        today = self.company_id._layaway_today()
        if first < today:
            raise UserError(
                self.env._(
                    "The first new due date (%(date)s) is in the past: choose today or a later date.",
                    date=format_date(self.env, first),
                )
            )
        if kept and first < kept[-1].due_date:
            raise UserError(
                self.env._(
                    "The first new due date (%(date)s) is before installment %(number)s, due on %(due)s, "
                    "which stays: choose that day or a later one.",
                    date=format_date(self.env, first),
                    number=kept[-1].sequence,
                    due=format_date(self.env, kept[-1].due_date),
                )
            )
        return terms

    def _layaway_schedule_rows(self):
        """The schedule as (sequence, due date, amount, paid) rows in due-date order."""
        return [
            (i.sequence, i.due_date, i.amount, i.amount_paid)
            for i in self.layaway_installment_ids.sorted(lambda i: (i.due_date, i.sequence))
        ]

    def _layaway_schedule_table(self, rows):
        """`_layaway_schedule_rows` as a small HTML table for the chatter (every text escaped)."""
        head = Markup("<tr><th>#</th><th>%s</th><th>%s</th><th>%s</th></tr>") % (
            self.env._("Due Date"),
            self.env._("Amount"),
            self.env._("Paid"),
        )
        body = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
            % (sequence, format_date(self.env, due), self._layaway_money(amount), self._layaway_money(paid))
            for sequence, due, amount, paid in rows
        )
        return Markup("<table class='table table-sm o_layaway_reschedule'>%s%s</table>") % (head, body)
