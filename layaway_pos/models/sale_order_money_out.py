from odoo import Command, models
from odoo.tools import format_date


class SaleOrder(models.Model):
    """Money leaving Customer Deposits before completion: paid back after Change items (a
    refund), or applied to the goods of a partial pick-up. Negative down-payment lines of the
    order keep the final invoice's deduction right; a ``layaway.payment`` row keeps the
    reconciliation's."""

    _inherit = "sale.order"

    def _layaway_refund_paid(self, amount, journal):
        """Money paid beyond a changed total, paid back: a negative down payment of the order
        (per tax, as the advances were booked) credited by a credit note on Customer Deposits,
        paid from `journal` (``payment``) or left open as the customer's store credit. The
        final invoice deducts the advances less it. Recorded as a ``refund`` payment."""
        deposit_account, _forfeit = self._layaway_accounts()
        lines = self._layaway_money_out_lines(amount, "refund")
        today = self.company_id._layaway_today()
        label = self.env._("Layaway %s: paid beyond the changed total", self.name)
        credit_note = self._layaway_posted_invoice(
            {"move_type": "out_refund", "invoice_date": today, "ref": label},
            [line._prepare_invoice_line(name=label, quantity=-1.0, account_id=deposit_account.id) for line in lines],
        )
        payment = self._layaway_pay_move(credit_note, journal, today) if journal else None
        self._layaway_record_money_out(credit_note, "refund", -amount, journal=journal, payment=payment)
        # What was paid goes down by the refund: the layaway's paid amount follows in _layaway_respread.
        self.sudo().layaway_amount_paid = self.currency_id.round(self.layaway_amount_paid - amount)
        return credit_note

    def _layaway_money_out_lines(self, amount, kind, taxes_totals=None):
        """Negative down-payment lines of the order for `amount` (taxes included) leaving Customer
        Deposits: one per tax, as the advances were booked (the company's tax on advances), or
        `taxes_totals` [(taxes, untaxed)] when given (the goods taken early)."""
        order = self.sudo()
        parts = taxes_totals if taxes_totals is not None else self._layaway_advance_split(amount)
        product = self.company_id._layaway_deposit_product()
        order._create_down_payment_section_line_if_needed()
        sequence = max(order.order_line.mapped("sequence") or [10])
        label = (
            self.env._("Layaway: applied to goods taken %s", format_date(self.env, self.company_id._layaway_today()))
            if kind == "applied"
            else self.env._("Layaway: paid back %s", format_date(self.env, self.company_id._layaway_today()))
        )
        return (
            self.env["sale.order.line"]
            .sudo()
            .with_context(sale_no_log_for_new_lines=True)
            .create(
                [
                    {
                        "order_id": self.id,
                        "is_downpayment": True,
                        "layaway_money_out": kind,
                        "product_id": product.id,
                        "name": label,
                        "product_uom_qty": 0.0,
                        "price_unit": -price_unit,
                        "tax_ids": [Command.set(taxes.ids)],
                        "sequence": sequence + i,
                    }
                    for i, (taxes, price_unit) in enumerate(parts, 1)
                ]
            )
        )

    def _layaway_record_money_out(self, move, kind, amount, journal=None, payment=None):
        """A ``layaway.payment`` of money leaving Customer Deposits (refund, applied): the
        reconciliation expects what `move` takes off the account."""
        deposit_account = self.company_id.layaway_deposit_account_id
        return (
            self.env["layaway.payment"]
            .sudo()
            .create(
                {
                    "order_id": self.id,
                    "amount": amount,
                    "channel": "backoffice",
                    "kind": kind,
                    "user_id": self.env.uid,
                    "invoice_id": move.id,
                    "journal_id": journal.id if journal else False,
                    "account_payment_id": payment.id if payment else False,
                    "amount_untaxed_company": -sum(
                        move.line_ids.filtered(lambda line: line.account_id == deposit_account).mapped("balance")
                    ),
                }
            )
        )
