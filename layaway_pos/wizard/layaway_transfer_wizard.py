from odoo import api, fields, models


class LayawayTransferWizard(models.TransientModel):
    """Send the goods a layaway set aside to another store of its company."""

    _name = "layaway.transfer.wizard"
    _inherit = "layaway.wizard.mixin"
    _description = "Transfer a Layaway to Another Store"

    current_warehouse_id = fields.Many2one(related="order_id.warehouse_id", string="Goods At")
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        "Send To",
        required=True,
        check_company=True,
        domain="[('company_id', '=', company_id), ('id', '!=', current_warehouse_id)]",
        help="The store where the customer will pick the goods up. The layaway moves there when they are received.",
    )

    @api.depends("order_id")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._("Transfer %(order)s", order=wizard.order_id.name or "")

    def action_transfer(self):
        """Make the transfers; the server checks the layaway, the store and who asks."""
        self.ensure_one()
        self.order_id.action_layaway_transfer(self.warehouse_id.id)
        return self._close()
