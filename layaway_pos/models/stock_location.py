from odoo import fields, models


class StockLocation(models.Model):
    """Marks the location where a warehouse keeps goods set aside for layaways."""

    _inherit = "stock.location"

    layaway_location = fields.Boolean(help="Goods set aside for layaways wait here until they are handed over.")
