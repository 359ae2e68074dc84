from odoo import api, fields, models


class LayawayRescheduleWizard(models.TransientModel):
    """Spread a layaway's unpaid balance again (managers): another count, or later due dates."""

    _name = "layaway.reschedule.wizard"
    _inherit = "layaway.wizard.mixin"
    _description = "Reschedule a Layaway"

    amount_residual = fields.Monetary(related="order_id.layaway_amount_residual", string="Left to Pay")
    installment_min = fields.Integer(related="order_id.layaway_plan_id.installment_min")
    installment_max = fields.Integer(related="order_id.layaway_plan_id.installment_max")
    installment_count = fields.Integer(
        "Number of Installments",
        compute="_compute_defaults",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        help="All of the layaway's installments, the paid ones included, within the plan's range.",
    )
    first_due_date = fields.Date(
        "First New Due Date",
        compute="_compute_defaults",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        help="When the first installment still to pay falls due; the next ones follow the plan's period.",
    )

    @api.depends("order_id")
    def _compute_defaults(self):
        for wizard in self:
            wizard.installment_count = wizard.order_id.layaway_installment_count
            wizard.first_due_date = wizard.order_id._layaway_reschedule_default_date() if wizard.order_id else False

    def action_reschedule(self):
        """Reschedule; the server checks the count, the date and who asks."""
        self.ensure_one()
        self.order_id.action_layaway_reschedule(self.installment_count, self.first_due_date)
        return self._close()
