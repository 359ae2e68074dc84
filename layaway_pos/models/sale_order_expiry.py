from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..tools.batch import commit_progress, report_remaining

# What depends on the state, stored, and has the same value for an active and an expired layaway
# (only a closed one's differ): the layaway's, then its lines'. A test checks that this is all of it.
EXPIRY_UNCHANGED_FIELDS = (
    "layaway_amount_total",
    "layaway_amount_residual",
    "layaway_next_due_date",
    "layaway_next_due_amount",
    "layaway_is_overdue",
    "invoice_status",
)
EXPIRY_UNCHANGED_LINE_FIELDS = ("qty_to_invoice", "invoice_status")


class SaleOrder(models.Model):
    """A layaway's expiry: the daily job that marks installments overdue and expires layaways,
    and Extend (managers) that gives one a new date."""

    _inherit = "sale.order"

    def action_layaway_extend(self, expiry_date):
        """Give the layaway a new expiry date (managers); an expired one becomes active again.

        :param expiry_date: a date (or ``YYYY-MM-DD``) after today and after the current expiry.
        :raises UserError: when the date is not later, or the layaway is not active or expired.
        :return: True
        """
        self._layaway_check_manager_action(("active", "expired"), "extend")
        new_date = self.env["layaway.input"]._date(expiry_date, self.env._("The new expiry date"))
        today = fields.Date.context_today(self)
        if not new_date or new_date <= today or (self.layaway_expiry_date and new_date <= self.layaway_expiry_date):
            raise UserError(
                self.env._(
                    "Choose a new expiry date for %(order)s after today and after the current one (%(current)s).",
                    order=self.name,
                    current=format_date(self.env, self.layaway_expiry_date) if self.layaway_expiry_date else "-",
                )
            )
        old = self.layaway_expiry_date
        self._layaway_set_state("active", layaway_expiry_date=new_date)
        self.message_post(
            body=self.env._(
                "Layaway extended: expiry %(old)s → %(new)s.",
                old=format_date(self.env, old) if old else "-",
                new=format_date(self.env, new_date),
            )
        )
        return True

    def _layaway_expire(self):
        """Expire these active layaways (the daily job's batch), with one log each.

        Nothing that depends on the state differs between active and expired: the amounts, what
        is due and the lines' quantities to invoice (so the invoice status) change only when a
        layaway closes (done or cancelled). They are not recomputed for the batch (the move is
        refused from any state but active).
        """
        lines = self.order_line
        with (
            self.env.protecting([self._fields[name] for name in EXPIRY_UNCHANGED_FIELDS], self),
            self.env.protecting([lines._fields[name] for name in EXPIRY_UNCHANGED_LINE_FIELDS], lines),
        ):
            # One batch log instead of a tracking message per order.
            self.with_context(tracking_disable=True)._layaway_set_state("expired")
        self._message_log_batch(
            bodies={
                order.id: Markup("%s") % self.env._("Layaway expired: the expiry date has passed.") for order in self
            }
        )

    @api.model
    def _cron_layaway_daily(self, batch_size=1000):
        """Mark late installments overdue and expire layaways past their date, in committed batches.

        When the scheduler's time for the run is up, it stops after a batch and says how many
        are left: the scheduler runs it again at once (tools/batch.py)."""
        today = fields.Date.context_today(self)
        if not self.env["layaway.installment"]._mark_overdue(today, batch_size):
            return True
        domain = [("layaway_state", "=", "active"), ("layaway_expiry_date", "<", today)]
        while batch := self.search(domain, limit=batch_size, order="id"):
            batch._layaway_expire()
            if not commit_progress(self.env, len(batch)):
                report_remaining(self.env, self.search_count(domain))
                break
        return True
