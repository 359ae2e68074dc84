from odoo import fields, models


class ProductTemplate(models.Model):
    """Which products may be laid away, and the plan proposed for them."""

    _inherit = "product.template"

    layaway_ok = fields.Boolean(
        "Can be laid away", help="Customers may reserve this product with a deposit and pay it in installments."
    )
    layaway_plan_id = fields.Many2one(
        "layaway.plan",
        "Default Layaway Plan",
        domain="[('company_id', 'in', [company_id or current_company_id])]",
        help="Proposed when a layaway is started with this product.",
    )
