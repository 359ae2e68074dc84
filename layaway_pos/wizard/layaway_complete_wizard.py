from odoo import api, fields, models


class LayawayCompleteWizard(models.TransientModel):
    """Hand the goods of a paid layaway over: deliver, invoice with the deposits applied."""

    _name = "layaway.complete.wizard"
    _inherit = "layaway.wizard.mixin"
    _description = "Complete a Layaway"

    goods_line_ids = fields.Many2many(
        "sale.order.line", string="Goods", compute="_compute_goods_line_ids", readonly=True
    )
    amount_total = fields.Monetary(related="order_id.layaway_amount_total", string="Layaway Total")
    amount_paid = fields.Monetary(related="order_id.layaway_amount_paid", string="Deposits Applied")
    amount_residual = fields.Monetary(related="order_id.layaway_amount_residual", string="Left to Pay")
    stock_policy = fields.Selection(related="plan_id.stock_policy")
    recognition = fields.Selection(related="order_id.layaway_recognition")

    @api.depends("order_id")
    def _compute_goods_line_ids(self):
        for wizard in self:
            wizard.goods_line_ids = wizard.order_id._layaway_goods_lines()

    def action_complete(self):
        """Deliver the goods and post the final invoice; the deposits pay it."""
        self.ensure_one()
        self.order_id.action_layaway_complete()
        return self._close()
