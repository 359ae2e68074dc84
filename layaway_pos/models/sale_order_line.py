from odoo import fields, models


class SaleOrderLine(models.Model):
    """An order line, which may be a layaway's service fee."""

    _inherit = "sale.order.line"

    is_layaway_fee = fields.Boolean("Layaway Service Fee", copy=False)
