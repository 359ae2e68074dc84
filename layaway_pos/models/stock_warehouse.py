from odoo import api, models


class StockWarehouse(models.Model):
    """Every warehouse has a layaway location, under its stock, for goods set aside."""

    _inherit = "stock.warehouse"

    def _layaway_location(self):
        """The warehouse's layaway location (a child of its stock), created when missing."""
        self.ensure_one()
        Location = self.env["stock.location"].sudo()
        location = Location.search(
            [("location_id", "=", self.lot_stock_id.id), ("layaway_location", "=", True)], limit=1
        )
        if not location:
            location = Location.create(
                {
                    "name": self.env._("Layaway"),
                    "location_id": self.lot_stock_id.id,
                    "usage": "internal",
                    "layaway_location": True,
                    "company_id": self.company_id.id,
                }
            )
        return location

    @api.model_create_multi
    def create(self, vals_list):
        """Create the warehouses, each with its layaway location."""
        warehouses = super().create(vals_list)
        for warehouse in warehouses:
            warehouse._layaway_location()
        return warehouses
