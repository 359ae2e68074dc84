from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    is_layaway_fee = fields.Boolean("Layaway Service Fee", copy=False)
