from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The layaway settings of the company and of the register (Settings > Sales and Point of Sale)."""

    _inherit = "res.config.settings"

    layaway_deposit_account_id = fields.Many2one(related="company_id.layaway_deposit_account_id", readonly=False)
    layaway_forfeit_account_id = fields.Many2one(related="company_id.layaway_forfeit_account_id", readonly=False)
    layaway_reminder_days = fields.Integer(related="company_id.layaway_reminder_days", readonly=False)
    layaway_reminder_sms = fields.Boolean(related="company_id.layaway_reminder_sms", readonly=False)
    layaway_advance_tax = fields.Selection(related="company_id.layaway_advance_tax", readonly=False)
    pos_layaway_enabled = fields.Boolean(related="pos_config_id.layaway_enabled", readonly=False)
    pos_layaway_plan_ids = fields.Many2many(related="pos_config_id.layaway_plan_ids", readonly=False)
    pos_layaway_default_plan_id = fields.Many2one(related="pos_config_id.layaway_default_plan_id", readonly=False)

    def set_values(self):
        """Save the settings, then book the layaway products to the accounts just chosen."""
        result = super().set_values()
        self.env["res.company"]._layaway_sync_product_accounts()
        return result
