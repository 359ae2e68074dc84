from datetime import timedelta

from odoo import api, fields, models

# How far a new expiry date is proposed from the later of today and the current expiry.
DEFAULT_EXTENSION_DAYS = 30


class LayawayExtendWizard(models.TransientModel):
    """Give a layaway a new expiry date (managers); an expired one becomes active again."""

    _name = "layaway.extend.wizard"
    _inherit = "layaway.wizard.mixin"
    _description = "Extend a Layaway"

    current_expiry_date = fields.Date(related="order_id.layaway_expiry_date", string="Current Expiry")
    layaway_state = fields.Selection(related="order_id.layaway_state")
    expiry_date = fields.Date(
        "New Expiry Date", compute="_compute_expiry_date", store=True, readonly=False, required=True, precompute=True
    )

    @api.depends("order_id")
    def _compute_expiry_date(self):
        # The server wants a date after today and after the current expiry: propose one.
        today = fields.Date.context_today(self)
        for wizard in self:
            base = max(wizard.order_id.layaway_expiry_date or today, today)
            wizard.expiry_date = base + timedelta(days=DEFAULT_EXTENSION_DAYS)

    def action_extend(self):
        """Set the new expiry date; the server checks it is later than today and the current one."""
        self.ensure_one()
        self.order_id.action_layaway_extend(self.expiry_date)
        return self._close()
