from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


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
    recognition = fields.Selection(related="plan_id.recognition")
    schedule_html = fields.Html("Schedule", compute="_compute_schedule_html", sanitize=False)

    @api.depends("order_id")
    def _compute_from_order(self):
        for wizard in self:
            order = wizard.order_id
            wizard.installment_count = order.layaway_installment_count
            wizard.deposit_amount = order.layaway_min_deposit

    @api.depends("order_id", "installment_count", "deposit_amount", "payment_date")
    def _compute_schedule_html(self):
        for wizard in self:
            start = wizard.payment_date or fields.Date.context_today(self)
            wizard.schedule_html = wizard._schedule_preview_html(start) if wizard.order_id.layaway_plan_id else False

    def _schedule_preview_html(self, start):
        """The schedule `action_layaway_start` would create, as a small table (or why it cannot)."""
        self.ensure_one()
        order = self.order_id
        lines = order._layaway_line_terms()
        if not lines:
            return Markup("<p class='text-warning'>%s</p>") % self.env._("Add the goods to lay away first.")
        plan = order.layaway_plan_id
        return plan._schedule_preview_html(
            lines,
            start,
            order.currency_id,
            deposit=self.deposit_amount,
            installment_count=self.installment_count,
            service_fee=order._layaway_service_fee(),
        )

    def action_start(self):
        """Start the layaway with what the wizard shows; the server checks it all again."""
        self.ensure_one()
        # The API reads no count (0) as the plan's; here the user typed it.
        if self.installment_count < 1:
            raise UserError(
                self.env._(
                    "Choose between %(minimum)s and %(maximum)s installments.",
                    minimum=self.installment_min,
                    maximum=self.installment_max,
                )
            )
        self.order_id.action_layaway_start(
            self.deposit_amount,
            journal_id=self.journal_id.id,
            installment_count=self.installment_count,
            payment_date=self.payment_date,
            reference=self.reference,
        )
        return self._close()
