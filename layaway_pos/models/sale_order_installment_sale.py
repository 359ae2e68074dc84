from odoo import Command, fields, models
from odoo.exceptions import UserError

RECOGNITIONS = [
    ("on_completion", "At completion (customer deposits)"),
    ("on_start", "At start (installment sale)"),
]


class SaleOrder(models.Model):
    """An installment sale (plan recognition ``on_start``): the revenue is recognised when the
    layaway starts.

    The start invoices the goods and the service fee (revenue and VAT that day; the balance a
    receivable, due on the last installment's day); every payment is a payment of that invoice,
    reconciled with it; the completion only hands the goods over; a cancellation credits the
    invoice back (the reversal of the sale) but for the cancellation fee kept, as forfeit income,
    and refunds or leaves as credit what was paid beyond the fee. Nothing goes through Customer
    Deposits. Register sales cannot settle a customer invoice in Odoo Community: these layaways
    are started, paid, completed and cancelled in the back office only.
    """

    _inherit = "sale.order"

    layaway_recognition = fields.Selection(
        RECOGNITIONS,
        "Revenue Recognition",
        copy=False,
        readonly=True,
        help="The plan's revenue recognition when the layaway started: kept with the layaway, whatever "
        "the plan says later.",
    )
    layaway_sale_invoice_id = fields.Many2one(
        "account.move",
        "Installment Sale Invoice",
        copy=False,
        readonly=True,
        help="An installment sale's invoice of the goods, posted at the start; every payment is reconciled with it.",
    )

    def _layaway_is_installment_sale(self):
        """Whether the revenue is recognised at the start: the started layaway's own recognition,
        or, before the start, its plan's."""
        self.ensure_one()
        return (self.layaway_recognition or self.layaway_plan_id.recognition) == "on_start"

    def _layaway_check_not_installment_sale_at_register(self):
        """A register takes no money of an installment sale: its payments settle an invoice."""
        for order in self.filtered(lambda order: order._layaway_is_installment_sale()):
            raise UserError(
                self.env._(
                    "%(order)s is an installment sale: its goods were invoiced when it started, and a register "
                    "cannot settle a customer invoice. Take its payments, hand-over and cancellation in the back "
                    "office (Sales > Layaways).",
                    order=order.name,
                )
            )

    def _layaway_invoice_sale(self, start_date):
        """The start of an installment sale: the goods and the service fee invoiced and posted,
        dated `start_date`, due on the last installment's day. Returns the invoice."""
        self.ensure_one()
        order = self.sudo()
        lines = order._layaway_goods_lines() | order._layaway_fee_line()
        due_dates = order.layaway_installment_ids.mapped("due_date")
        values = {
            "invoice_date": start_date,
            # Due with the last installment: the aged receivables show the layaway's own term.
            "invoice_payment_term_id": False,
            "invoice_date_due": max(due_dates, default=start_date),
        }
        # The whole quantity, whatever the product's invoicing policy: the sale is now.
        invoice = self._layaway_posted_invoice(
            values, [line._prepare_invoice_line(quantity=line.product_uom_qty) for line in lines]
        )
        # A refusal here rolls the whole start back, the posted invoice with it.
        if invoice.currency_id.compare_amounts(invoice.amount_total, order.layaway_amount_total):
            raise UserError(
                self.env._(
                    "The invoice of installment sale %(order)s would come to %(invoice)s, not its total "
                    "%(total)s. Check the taxes of its lines, then start it again.",
                    order=order.name,
                    invoice=self._layaway_money(invoice.amount_total),
                    total=self._layaway_money(order.layaway_amount_total),
                )
            )
        order.layaway_sale_invoice_id = invoice
        return invoice

    def _layaway_book_sale_payment(self, amount, journal, payment_date, reference=False, transaction=None):
        """Back-office money of an installment sale: a payment of its invoice, reconciled with it.

        `amount` is in the order's currency; a journal in another currency receives it converted
        at `payment_date`'s rate. The payment that settles the balance pays the invoice's whole
        residual (no cent left open by conversions). Online money (`transaction`) is the
        transaction's own payment, reconciled with the invoice.
        """
        invoice = self.sudo().layaway_sale_invoice_id
        if transaction:
            payment = transaction._layaway_pay_invoice(invoice)
        else:
            values = {}
            if self.currency_id.compare_amounts(amount, self.layaway_amount_residual):
                # A part of the residual, in the payment's currency (the wizard's: the journal's, or
                # the invoice's for a journal without one). Given at creation, with the memo, as the
                # wizard recomputes the memo when its amount changes.
                currency = journal.currency_id or invoice.currency_id
                values["amount"] = self.currency_id._convert(amount, currency, self.company_id, payment_date)
                values["payment_difference_handling"] = "open"
            payment = self._layaway_pay_move(invoice, journal, payment_date, reference, **values)
        return {
            # Nothing reaches Customer Deposits: the payment settles the receivable.
            "amount_untaxed_company": 0.0,
            "invoice_id": invoice.id,
            "account_payment_id": payment.id,
            "sale_line_id": False,
            "journal_id": journal.id,
        }

    def _layaway_complete_sale(self):
        """The hand-over of an installment sale: its invoice must be paid; the goods leave.
        Returns the invoice (posted at the start)."""
        invoice = self.sudo().layaway_sale_invoice_id
        if not invoice.currency_id.is_zero(invoice.amount_residual):
            raise UserError(
                self.env._(
                    "Invoice %(invoice)s of %(order)s still has %(residual)s to pay, although the layaway is "
                    "paid: a payment was unreconciled from it in Accounting. Reconcile it with the invoice "
                    "again, then complete the layaway.",
                    invoice=invoice.name,
                    order=self.name,
                    residual=self._layaway_money(invoice.amount_residual),
                )
            )
        self._layaway_deliver_goods()
        return invoice

    def _layaway_cancel_sale_entries(self, fee, journal):
        """The cancellation of an installment sale: a credit note that reverses its invoice (the
        goods' revenue and VAT) but for the fee kept, booked as forfeit income with its product's
        taxes, reconciled with the invoice. What was paid beyond the fee is left as the customer's
        credit, or paid back from `journal`. Returns the credit note."""
        _deposit_account, forfeit_account = self._layaway_accounts()
        invoice = self.sudo().layaway_sale_invoice_id
        today = self.company_id._layaway_today()
        credit_note = invoice._reverse_moves(
            [{"invoice_date": today, "date": today, "ref": self.env._("Layaway %s cancelled", self.name)}]
        )
        if not self.currency_id.is_zero(fee):
            taxes = self._layaway_product_taxes(self.company_id._layaway_cancel_fee_product())
            credit_note.write(
                {
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": self.env._("Layaway cancellation fee %s", self.name),
                                "account_id": forfeit_account.id,
                                "quantity": 1.0,
                                "price_unit": -self._layaway_price_unit(fee, taxes),
                                "tax_ids": [Command.set(taxes.ids)],
                            }
                        )
                    ]
                }
            )
        credit_note.action_post()
        # The credit note settles what the customer still owed; the rest of it is their credit.
        (invoice | credit_note).line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
        ).reconcile()
        if journal and not credit_note.currency_id.is_zero(credit_note.amount_residual):
            self._layaway_pay_move(credit_note, journal, today)
        return credit_note
