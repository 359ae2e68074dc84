from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    layaway_deposit_account_id = fields.Many2one(
        related="company_id.layaway_deposit_account_id", readonly=False
    )
    layaway_forfeit_account_id = fields.Many2one(
        related="company_id.layaway_forfeit_account_id", readonly=False
    )

    def set_values(self):
        super().set_values()
        self.env["res.company"]._layaway_sync_deposit_product_account()
