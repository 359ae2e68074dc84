from odoo import api, fields, models
from odoo.exceptions import UserError


class LayawayCancelWizard(models.TransientModel):
    """Cancel a layaway (managers): keep the cancellation fee, refund the rest, restock."""

    _name = "layaway.cancel.wizard"
    _inherit = "layaway.wizard.mixin"
    _description = "Cancel a Layaway"

    reason = fields.Text(required=True)
    refund_method = fields.Selection(
        [("credit_note", "Customer credit (credit note to use later)"), ("payment", "Pay back now")],
        "Refund",
        default="credit_note",
        required=True,
    )
    journal_id = fields.Many2one(
        "account.journal",
        "Pay Back From",
        compute="_compute_journal_id",
        store=True,
        precompute=True,
        readonly=False,
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
    )
    amount_total = fields.Monetary(related="order_id.layaway_amount_total", string="Layaway Total")
    amount_paid = fields.Monetary(related="order_id.layaway_amount_paid", string="Paid")
    cancel_fee = fields.Monetary("Cancellation Fee Kept", compute="_compute_refund")
    refund_amount = fields.Monetary("To Refund", compute="_compute_refund")

    @api.depends("order_id")
    def _compute_refund(self):
        for wizard in self:
            order = wizard.order_id
            fee = order._layaway_cancel_fee() if order else 0.0
            wizard.cancel_fee = fee
            wizard.refund_amount = order.currency_id.round(order.layaway_amount_paid - fee) if order else 0.0

    @api.depends("refund_method")
    def _compute_journal_id(self):
        for wizard in self:
            if wizard.refund_method != "payment":
                wizard.journal_id = False
            else:
                wizard.journal_id = wizard.journal_id or wizard.order_id._layaway_default_journal()

    def action_cancel(self):
        """Cancel the layaway; the server books the fee and the refund."""
        self.ensure_one()
        if self.refund_method == "payment" and not self.journal_id:
            raise UserError(self.env._("Choose the bank or cash journal to pay the customer back from."))
        self.order_id.action_layaway_cancel(
            self.reason,
            refund_method=self.refund_method,
            journal_id=self.journal_id.id if self.refund_method == "payment" else False,
        )
        return self._close()
