from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import format_date, formatLang

from ..tools import schedule


class LayawayStartWizard(models.TransientModel):
    """Start a layaway from the back office: take the deposit, choose the installments."""

    _name = "layaway.start.wizard"
    _inherit = "layaway.money.wizard.mixin"
    _description = "Start a Layaway"

    installment_count = fields.Integer(
        "Installments", compute="_compute_from_order", store=True, readonly=False, required=True, precompute=True
    )
    installment_min = fields.Integer(related="plan_id.installment_min")
    installment_max = fields.Integer(related="plan_id.installment_max")
    deposit_amount = fields.Monetary(
        "Deposit Received", compute="_compute_from_order", store=True, readonly=False, required=True, precompute=True
    )
    min_deposit = fields.Monetary(related="order_id.layaway_min_deposit")
    service_fee = fields.Monetary(related="order_id.layaway_service_fee")
    amount_total = fields.Monetary(related="order_id.layaway_amount_total", string="Layaway Total")
    schedule_html = fields.Html("Schedule", compute="_compute_schedule_html", sanitize=False)

    @api.depends("order_id")
    def _compute_from_order(self):
        for wizard in self:
            order = wizard.order_id
            wizard.installment_count = order.layaway_installment_count
            wizard.deposit_amount = order.layaway_min_deposit

    @api.depends("order_id", "installment_count", "deposit_amount")
    def _compute_schedule_html(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            wizard.schedule_html = wizard._schedule_preview_html(today) if wizard.order_id.layaway_plan_id else False

    def _schedule_preview_html(self, start):
        """The schedule `action_layaway_start` would create, as a small table (or why it cannot)."""
        self.ensure_one()
        order = self.order_id
        plan = order.layaway_plan_id
        terms = plan._schedule_terms()
        lines = order._layaway_line_terms()
        if not lines:
            return Markup("<p class='text-warning'>%s</p>") % self.env._("Add the goods to lay away first.")
        default_count = schedule.installment_count(lines, terms)
        requested = self.installment_count
        try:
            result = schedule.build_schedule(
                lines,
                terms,
                start=start,
                service_fee=plan._service_fee(order._layaway_goods_total()),
                deposit_paid=self.deposit_amount,
                rounding=order.currency_id.rounding,
                requested_count=requested if requested and requested != default_count else None,
            )
        except schedule.ScheduleError as error:
            return Markup("<p class='text-danger'>%s</p>") % str(error)

        def money(value):
            return escape(formatLang(self.env, float(value), currency_obj=order.currency_id))

        rows = [(self.env._("Deposit today"), format_date(self.env, start), money(result.deposit))] + [
            (self.env._("Installment %s", inst.sequence), format_date(self.env, inst.due_date), money(inst.amount))
            for inst in result.installments
        ]
        body = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td class='text-end'>%s</td></tr>") % row for row in rows
        )
        head = Markup("<thead><tr><th>%s</th><th>%s</th><th class='text-end'>%s</th></tr></thead>") % (
            self.env._("Payment"),
            self.env._("Due Date"),
            self.env._("Amount"),
        )
        expiry = (
            self.env._("Expires on %s.", format_date(self.env, result.expiry_date))
            if result.expiry_date
            else self.env._("Never expires.")
        )
        footer = Markup("<p class='text-muted small'>%s</p>") % self.env._(
            "Total %(total)s. %(expiry)s", total=money(result.total), expiry=expiry
        )
        table = Markup("<table class='table table-sm o_layaway_schedule_preview'>%s<tbody>%s</tbody></table>")
        return table % (head, body) + footer

    def action_start(self):
        """Start the layaway with what the wizard shows; the server checks it all again."""
        self.ensure_one()
        self.order_id.action_layaway_start(
            self.deposit_amount, journal_id=self.journal_id.id, installment_count=self.installment_count
        )
        return self._close()
