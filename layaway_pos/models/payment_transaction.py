from odoo import SUPERUSER_ID, Command, api, fields, models


class PaymentTransaction(models.Model):
    """An online payment of a layaway: created by the portal for one layaway, recorded by the one
    payment service when the provider confirms it.

    Linked by ``layaway_order_id``, not by sale's ``sale_order_ids``: sale's own hooks (confirming
    a quotation, invoicing the order) must not act on a layaway, whose order the module handles.
    """

    _inherit = "payment.transaction"

    layaway_order_id = fields.Many2one(
        "sale.order", "Layaway", readonly=True, index="btree_not_null", help="The layaway this payment is for."
    )
    layaway_credit_amount = fields.Monetary(
        "Left as Customer Credit",
        readonly=True,
        currency_field="currency_id",
        help="What the payment brought beyond the layaway's balance when it was confirmed (paid meanwhile at "
        "the register, or the layaway closed): left open on the customer's account, to use later.",
    )

    @api.model
    def _compute_reference_prefix(self, separator, **values):
        """The layaway's name starts the references of its transactions (S00031-1, S00031-2...)."""
        order_id = values.get("layaway_order_id")
        if order_id:
            order = self.env["sale.order"].browse(order_id).exists()
            if order:
                return order.name
        return super()._compute_reference_prefix(separator, **values)

    def _post_process(self):
        """Record a confirmed layaway payment before account_payment creates the transaction's
        payment: the layaway's invoice must exist for the payment to settle it."""
        for tx in self.filtered(
            lambda tx: tx.state == "done" and tx.layaway_order_id and tx.operation != "validation" and not tx.payment_id
        ):
            tx._layaway_record()
        return super()._post_process()

    def _layaway_record(self):
        """The transaction's money on its layaway, through the one payment service (channel
        ``online``, the transaction as idempotency key), up to the balance the layaway has now:
        what exceeds it (paid meanwhile at the register, or the layaway no longer active) is
        left on the customer's account as credit, and the customer is told."""
        self.ensure_one()
        order = self.layaway_order_id.sudo().with_company(self.layaway_order_id.company_id)
        order._layaway_lock()
        # What another transaction wrote before the lock was granted.
        order.invalidate_recordset(["layaway_state", "layaway_amount_paid", "layaway_amount_residual"])
        Payment = self.env["layaway.payment"].sudo()
        if Payment.search_count([("transaction_id", "=", self.id)], limit=1):
            return
        currency = order.currency_id
        payable = 0.0
        if order.layaway_state == "active" and self.currency_id == currency:
            payable = min(self.amount, currency.round(order.layaway_amount_total - order.layaway_amount_paid))
        if currency.compare_amounts(payable, 0.0) > 0:
            Payment._register_payment(order, payable, "installment", "online", transaction=self)
        excess = self.currency_id.round(self.amount - payable)
        if self.currency_id.compare_amounts(excess, 0.0) > 0:
            self.layaway_credit_amount = excess
            order.message_post(
                body=self.env._(
                    "Your online payment %(reference)s of %(amount)s was confirmed when %(order)s had %(balance)s "
                    "left to pay (paid meanwhile, or no longer active): %(paid)s went to the layaway and "
                    "%(excess)s is kept as credit on your account, to use later or to be refunded.",
                    reference=self.reference,
                    amount=order._layaway_money(self.amount),
                    order=order.name,
                    balance=order._layaway_money(payable),
                    paid=order._layaway_money(payable),
                    excess=order._layaway_money(excess),
                ),
                partner_ids=order.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def _layaway_pay_invoice(self, invoice):
        """The transaction's payment, reconciled with `invoice` (account_payment's own flow); a
        payment larger than the invoice leaves the rest open. Returns the payment."""
        self.ensure_one()
        self.write({"invoice_ids": [Command.set(invoice.ids)]})
        return self.with_company(self.company_id)._create_payment()

    def _log_message_on_linked_documents(self, message):
        """The transaction's life (sent, pending, confirmed, failed) in its layaway's chatter too."""
        result = super()._log_message_on_linked_documents(message)
        if self.layaway_order_id:
            author = self.env.user.partner_id if self.env.uid == SUPERUSER_ID else self.partner_id
            self.layaway_order_id.sudo().message_post(body=message, author_id=author.id)
        return result
