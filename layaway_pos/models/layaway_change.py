from odoo import fields, models

from .layaway_plan import REFUND_METHODS


class LayawayChange(models.Model):
    """What a started layaway's contract was before and after a change of its goods (Change items)
    or a partial pick-up: goods, total, schedule, and the money it moved. Written only by those
    actions (under sudo, once they have checked who asks); read by the layaway's users."""

    _name = "layaway.change"
    _description = "Layaway Change"
    _order = "date desc, id desc"
    _check_company_auto = True

    order_id = fields.Many2one("sale.order", "Layaway", required=True, ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, precompute=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    kind = fields.Selection(
        [("change", "Change items"), ("pickup", "Partial pick-up")], required=True, readonly=True, index=True
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    user_id = fields.Many2one("res.users", "By", default=lambda self: self.env.user, readonly=True)
    goods_before = fields.Text(readonly=True)
    goods_after = fields.Text(readonly=True)
    total_before = fields.Monetary(readonly=True)
    total_after = fields.Monetary(readonly=True)
    schedule_before = fields.Html(readonly=True, sanitize_attributes=False)
    schedule_after = fields.Html(readonly=True, sanitize_attributes=False)
    amount_received = fields.Monetary("Received", readonly=True, help="Money taken in the same step.")
    amount_refunded = fields.Monetary("Refunded", readonly=True, help="Money paid beyond the new total, paid back.")
    refund_method = fields.Selection(REFUND_METHODS, "Refunded To", readonly=True)
    value_taken = fields.Monetary(
        readonly=True, help="A partial pick-up: the value, taxes included, of the items that left."
    )
    move_id = fields.Many2one(
        "account.move",
        "Accounting Document",
        readonly=True,
        check_company=True,
        help="The credit note of a refund, or the invoice of the items taken early.",
    )
    picking_id = fields.Many2one("stock.picking", "Delivery", readonly=True, check_company=True)
    pos_order_id = fields.Many2one(
        "pos.order",
        "Register Order",
        readonly=True,
        check_company=True,
        help="The register order of a change or a partial pick-up made at the register.",
    )
