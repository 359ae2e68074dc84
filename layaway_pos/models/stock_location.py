from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    layaway_location = fields.Boolean(
        "Layaway Location", help="Goods set aside for layaways wait here until they are handed over."
    )
