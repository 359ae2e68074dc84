from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, formatLang

from ..tools import schedule


class LayawayPlan(models.Model):
    """A plan's schedules in words: the HTML table of a schedule, a preview that says why it is
    refused, and the form's live example."""

    _inherit = "layaway.plan"

    @api.model
    def _schedule_html(self, result, currency):
        """`result` (a `schedule.Schedule`) as an HTML table: the deposit, each installment, the total, the expiry.

        Dates in the user's language, amounts with `currency`. Every text is escaped.
        """

        def money(value):
            return formatLang(self.env, float(value), currency_obj=currency)

        rows = [(self.env._("Deposit"), result.start, result.deposit)] + [
            (self.env._("Installment %(number)s", number=inst.sequence), inst.due_date, inst.amount)
            for inst in result.installments
        ]
        body = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td class='text-end'>%s</td></tr>")
            % (label, format_date(self.env, day), money(amount))
            for label, day, amount in rows
        )
        head = Markup("<thead><tr><th>%s</th><th>%s</th><th class='text-end'>%s</th></tr></thead>") % (
            self.env._("Payment"),
            self.env._("Due Date"),
            self.env._("Amount"),
        )
        if result.service_fee:
            total = self.env._(
                "Total %(total)s, including a service fee of %(fee)s.",
                total=money(result.total),
                fee=money(result.service_fee),
            )
        else:
            total = self.env._("Total %(total)s.", total=money(result.total))
        if result.expiry_date:
            expiry = self.env._("Expires on %(date)s.", date=format_date(self.env, result.expiry_date))
        else:
            expiry = self.env._("Never expires.")
        table = Markup("<table class='table table-sm o_layaway_schedule'>%s<tbody>%s</tbody></table>") % (head, body)
        return table + Markup("<p class='text-muted small'>%s %s</p>") % (total, expiry)

    def _schedule_preview_html(self, line_terms, start, currency, **build_options):
        """What `_build_schedule` makes of these options, as `_schedule_html`; when it refuses, why."""
        self.ensure_one()
        try:
            result = self._build_schedule(line_terms, start, currency, **build_options)
        except UserError as error:
            return Markup("<p class='text-danger'>%s</p>") % error.args[0]
        return self._schedule_html(result, currency)

    @api.depends(
        "example_amount",
        "installment_count",
        "period",
        "period_days",
        "first_due_days",
        "deposit_type",
        "deposit_value",
        "expiry_days",
        "fee_type",
        "fee_value",
    )
    def _compute_example_schedule_html(self):
        today = fields.Date.context_today(self)
        for plan in self:
            plan.example_schedule_html = plan._example_schedule_html(plan.example_amount or 1000.0, today)

    def _example_schedule_html(self, amount, start):
        """What a layaway of `amount` (one line, the minimum deposit) on these terms looks like."""
        self.ensure_one()
        lines = [schedule.LineTerms(total=amount, quantity=1)]
        return self._schedule_preview_html(lines, start, self.currency_id, service_fee=self._service_fee(amount))
