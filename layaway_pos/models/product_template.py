from odoo import fields, models


class ProductTemplate(models.Model):
    """Which products may be laid away, and the plan proposed for them."""

    _inherit = "product.template"

    layaway_ok = fields.Boolean(
        "Can be laid away", help="Customers may reserve this product with a deposit and pay it in installments."
    )
