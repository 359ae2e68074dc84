from odoo import api, fields, models


class LayawayPickupWizard(models.TransientModel):
    """Partial pick-up: tick the items leaving now; the server checks they are covered."""

    _name = "layaway.pickup.wizard"
    _inherit = "layaway.wizard.mixin"
    _description = "Partial Pick-up of a Layaway"

    line_ids = fields.One2many("layaway.pickup.wizard.line", "wizard_id", "Items")
    amount_paid = fields.Monetary(related="order_id.layaway_amount_paid", string="Paid")
    amount_taken = fields.Monetary(related="order_id.layaway_amount_taken", string="Already Taken")
    partial_pickup_reserve = fields.Float(related="order_id.layaway_plan_id.partial_pickup_reserve")

    @api.model
    def default_get(self, fields_list):
        """The goods still on layaway, one line each, none leaving until the user says so."""
        values = super().default_get(fields_list)
        order = self.env["sale.order"].browse(values.get("order_id"))
        if "line_ids" in fields_list and order:
            values["line_ids"] = [
                fields.Command.create({"sale_line_id": line.id, "qty_left": line._layaway_qty_left(), "quantity": 0.0})
                for line in order._layaway_goods_lines()
                if line.product_uom_id.compare(line._layaway_qty_left(), 0.0) > 0
            ]
        return values

    def action_pickup(self):
        """Hand the ticked items over; the server checks what was paid covers them."""
        self.ensure_one()
        self.order_id.action_layaway_pickup_partial(
            [
                {"line_id": line.sale_line_id.id, "quantity": line.quantity}
                for line in self.line_ids
                if line.quantity > 0
            ]
        )
        return self.env.ref("layaway_pos.action_report_layaway_contract").report_action(self.order_id)


class LayawayPickupWizardLine(models.TransientModel):
    """A goods line of the layaway: what is left on it, and how much leaves now."""

    _name = "layaway.pickup.wizard.line"
    _description = "Item of a Partial Pick-up"

    wizard_id = fields.Many2one("layaway.pickup.wizard", required=True, ondelete="cascade")
    sale_line_id = fields.Many2one("sale.order.line", required=True, readonly=True)
    product_id = fields.Many2one(related="sale_line_id.product_id")
    qty_left = fields.Float("On Layaway", digits="Product Unit", readonly=True)
    quantity = fields.Float("Leaving Now", digits="Product Unit")
