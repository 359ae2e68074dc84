from odoo import models


class StockPicking(models.Model):
    """The receipt of a layaway's goods sent to another store moves the layaway to that store."""

    _inherit = "stock.picking"

    def _action_done(self):
        """Validate; the layaways whose goods these receipts bring belong to the receiving store."""
        result = super()._action_done()
        received = self.filtered(lambda picking: picking.state == "done" and picking.picking_type_code == "incoming")
        if received:
            # sudo: the receipt is validated by whoever may validate it; the layaway follows its goods.
            layaways = self.env["sale.order"].sudo().search([("layaway_transfer_id", "in", received.ids)])
            layaways._layaway_transfer_received()
        return result
