from odoo import fields, models

from ..tools.states import PAYMENT_KINDS


class LayawayPayment(models.Model):
    """Money received against a layaway, from any channel.

    Created only by ``sale.order._layaway_register_payment``; the accounting lives on the
    linked down-payment line, invoice and payment (back office) or POS order (register).
    """

    _name = "layaway.payment"
    _description = "Layaway Payment"
    _order = "date desc, id desc"
    _check_company_auto = True

    order_id = fields.Many2one("sale.order", "Layaway", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, precompute=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer", store=True, precompute=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True, index=True)
    amount = fields.Monetary(required=True)
    is_deposit = fields.Boolean("Deposit")
    kind = fields.Selection(PAYMENT_KINDS, required=True, default="installment", index=True)
    channel = fields.Selection([("backoffice", "Back office"), ("pos", "Point of Sale")], required=True)
    user_id = fields.Many2one("res.users", "Received By", default=lambda self: self.env.user)
    journal_id = fields.Many2one("account.journal", check_company=True)
    invoice_id = fields.Many2one("account.move", "Down Payment Invoice", check_company=True)
    account_payment_id = fields.Many2one("account.payment", "Payment", check_company=True)
    sale_line_id = fields.Many2one("sale.order.line", "Down Payment Line")
    pos_order_id = fields.Many2one("pos.order", "POS Order", index="btree_not_null")
    pos_session_id = fields.Many2one("pos.session", "POS Session", index="btree_not_null")

    # A retried POS sync must never record the same POS order twice.
    _pos_order_uniq = models.Constraint(
        "UNIQUE(pos_order_id)", "This POS order was already recorded as a layaway payment."
    )
