from odoo import api, fields, models


class ProductTemplate(models.Model):
    """Which products may be laid away, and the plan proposed for them."""

    _inherit = "product.template"

    layaway_ok = fields.Boolean(
        "Can be laid away", help="Customers may reserve this product with a deposit and pay it in installments."
    )

    @api.model
    def _load_pos_data_fields(self, config):
        # The register marks the tiles of the products it can lay away.
        return [*super()._load_pos_data_fields(config), "layaway_ok"]
