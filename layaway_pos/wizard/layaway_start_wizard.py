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
    start_error = fields.Char(
        compute="_compute_schedule_html", help="Why the layaway cannot start as filled in (shown once, above)."
    )

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
            schedule_html, error = (
                wizard._schedule_preview(start) if wizard.order_id.layaway_plan_id else (False, False)
            )
            wizard.schedule_html = schedule_html
            wizard.start_error = error

    def _schedule_preview(self, start):
        """The schedule `action_layaway_start` would create, as a small table, or why it cannot:
        ``(html, False)`` or ``(False, refusal)``, so that a refusal is said once."""
        self.ensure_one()
        order = self.order_id
        lines = order._layaway_line_terms()
        if not lines:
            return False, self.env._("Add the goods to lay away first.")
        plan = order.layaway_plan_id
        try:
            result = plan._build_schedule(
                lines,
                start,
                order.currency_id,
                deposit=self.deposit_amount,
                installment_count=self.installment_count,
                service_fee=order._layaway_service_fee(),
            )
        except UserError as error:
            return False, error.args[0]
        return plan._schedule_html(result, order.currency_id), False

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
