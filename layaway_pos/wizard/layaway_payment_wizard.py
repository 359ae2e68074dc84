from odoo import api, fields, models


class LayawayPaymentWizard(models.TransientModel):
    """Register money received for a layaway in the back office (phone, bank, counter)."""

    _name = "layaway.payment.wizard"
    _inherit = "layaway.money.wizard.mixin"
    _description = "Register a Layaway Payment"

    amount_residual = fields.Monetary(related="order_id.layaway_amount_residual", string="Balance")
    amount_paid = fields.Monetary(related="order_id.layaway_amount_paid")
    next_due_date = fields.Date(related="order_id.layaway_next_due_date")
    next_due_amount = fields.Monetary(related="order_id.layaway_next_due_amount")
    amount = fields.Monetary(compute="_compute_from_order", store=True, readonly=False, required=True, precompute=True)
    pays_balance = fields.Boolean(
        compute="_compute_pays_balance", help="The amount pays the whole balance: the goods can go home now."
    )

    @api.depends("order_id")
    def _compute_from_order(self):
        for wizard in self:
            order = wizard.order_id
            wizard.amount = order.layaway_next_due_amount or order.layaway_amount_residual

    @api.depends("amount", "amount_residual")
    def _compute_pays_balance(self):
        for wizard in self:
            currency = wizard.currency_id or self.env.company.currency_id
            wizard.pays_balance = bool(wizard.order_id) and not currency.compare_amounts(
                wizard.amount, wizard.amount_residual
            )

    def action_pay(self):
        """Register the payment; the server refuses overpayment and allocates to installments."""
        self.ensure_one()
        self.order_id.action_layaway_pay(
            self.amount, journal_id=self.journal_id.id, payment_date=self.payment_date, reference=self.reference
        )
        return self._close()

    def action_pay_and_complete(self):
        """Take the last payment and hand the goods over in one step."""
        self.ensure_one()
        self.order_id.action_layaway_complete(
            self.amount, journal_id=self.journal_id.id, payment_date=self.payment_date, reference=self.reference
        )
        return self._close()
