from odoo import api, fields, models
from odoo.exceptions import UserError


class LayawayCancelWizard(models.TransientModel):
    """Cancel a layaway (managers): keep the cancellation fee, refund the rest, restock."""

    _name = "layaway.cancel.wizard"
    _inherit = "layaway.wizard.mixin"
    _description = "Cancel a Layaway"

    reason = fields.Text(required=True)
    refund_method = fields.Selection(
        [
            ("credit_note", "Customer credit (credit note to use later)"),
            ("payment", "Pay back now"),
            ("gift_card", "Gift card (Loyalty app)"),
        ],
        "Refund",
        compute="_compute_refund_method",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="The plan's refund destination by default.",
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
    outcome = fields.Text("What Happens", compute="_compute_refund")

    @api.depends("order_id")
    def _compute_refund(self):
        for wizard in self:
            order = wizard.order_id
            fee = order._layaway_cancel_fee() if order else 0.0
            wizard.cancel_fee = fee
            wizard.refund_amount = order.currency_id.round(order._layaway_held() - fee) if order else 0.0
            wizard.outcome = wizard._outcome_text() if order else False

    def _outcome_text(self):
        """What the cancellation does, in one sentence per effect; no refund talk when nothing was paid."""
        self.ensure_one()
        order = self.order_id
        texts = [self.env._("The goods go back to stock.")]
        if order.currency_id.is_zero(order._layaway_held()):
            texts.append(self.env._("Nothing was paid: nothing is kept, nothing is refunded."))
        elif order.currency_id.is_zero(self.refund_amount):
            texts.append(
                self.env._(
                    "The cancellation fee of %(fee)s is kept as income: nothing is left to refund.",
                    fee=order._layaway_money(self.cancel_fee),
                )
            )
        elif order.currency_id.is_zero(self.cancel_fee):
            texts.append(
                self.env._("No fee is kept: %(refund)s is refunded.", refund=order._layaway_money(self.refund_amount))
            )
        else:
            texts.append(
                self.env._(
                    "The cancellation fee of %(fee)s is kept as income and %(refund)s is refunded.",
                    fee=order._layaway_money(self.cancel_fee),
                    refund=order._layaway_money(self.refund_amount),
                )
            )
        if order.layaway_sale_invoice_id:
            texts.append(self.env._("The invoice of the goods is credited back."))
        return " ".join(texts)

    @api.depends("order_id")
    def _compute_refund_method(self):
        for wizard in self:
            wizard.refund_method = wizard.order_id.layaway_plan_id.refund_method or "credit_note"

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
