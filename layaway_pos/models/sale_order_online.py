from werkzeug.urls import url_encode

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# What the customer may choose to pay online: the next installment, the balance, or an amount.
ONLINE_CHOICES = ("next", "balance", "other")


class SaleOrder(models.Model):
    """A layaway paid online by its customer (portal, or the pay link without login).

    The portal asks, the provider takes the money, and a confirmed transaction goes through the
    one payment service with channel ``online`` (``payment.transaction._layaway_record``).
    """

    _inherit = "sale.order"

    layaway_transaction_ids = fields.One2many(
        "payment.transaction", "layaway_order_id", "Online Transactions", copy=False, readonly=True
    )

    def _layaway_pay_url(self):
        """The layaway's page with its access token: it opens without login and offers to pay
        (the reminder emails, the contract and the register's receipts carry it)."""
        self.ensure_one()
        query = url_encode({"access_token": self._portal_ensure_token()})
        return f"{self.get_base_url()}/my/layaways/{self.id}?{query}"

    def _layaway_ensure_access_tokens(self):
        """Give the layaways that have none their access token, in one query (what
        ``_portal_ensure_token`` does for one: a random UUID4, as text). The reminder job calls it
        before a batch's mails, whose link carries the token: one write per mail cost a tenth of
        the job's time."""
        missing = self.filtered(lambda order: not order.access_token)
        if not missing:
            return
        self.env.execute_query(
            SQL(
                "UPDATE sale_order SET access_token = gen_random_uuid()::text WHERE id IN %s AND access_token IS NULL",
                tuple(missing.ids),
            )
        )
        missing.invalidate_recordset(["access_token"])

    def _layaway_online_amount(self, choice, amount=None):
        """The amount the customer chose to pay online, checked: the next installment due, the
        whole balance, or another amount (more than 0, at most the balance, in the currency's
        decimals).

        :param str choice: ``next``, ``balance`` or ``other``.
        :param amount: with ``other``, the amount (a number, or the text the page sent).
        :raises UserError: saying what to pay instead; nothing is written.
        :return: the amount, a float
        """
        self.ensure_one()
        self._layaway_check_online_payable()
        if choice == "next":
            return self.layaway_next_due_amount or self.layaway_amount_residual
        if choice == "balance":
            return self.layaway_amount_residual
        if choice != "other":
            raise UserError(self.env._("Choose to pay the next installment, the balance, or another amount."))
        if isinstance(amount, str):
            try:
                amount = float(amount.replace(",", ".")) if amount.strip() else None
            except ValueError:
                amount = amount[:40]
        return self._layaway_check_online_amount(amount)

    def _layaway_check_online_payable(self):
        """An online payment needs an active layaway with a balance to pay."""
        self.ensure_one()
        self._layaway_check_state(("active",), "pay")

    def _layaway_check_online_amount(self, amount):
        """Refuse an online amount that is not more than 0, beyond the balance or with more
        decimals than the currency has (what the transaction route receives is checked again)."""
        self._layaway_check_online_payable()
        amount = self.env["layaway.input"]._amount(amount, self.currency_id, self.env._("The amount to pay"))
        self._layaway_check_within_balance(amount, self.layaway_amount_residual, self.env._("Pay"))
        return amount

    def _layaway_book_online_payment(self, amount, kind, transaction):
        """Online money: booked as the back office books it (a down-payment invoice on Customer
        Deposits, or a payment of an installment sale's invoice), paid by `transaction`'s payment
        in its provider's journal, the transaction's reference on both."""
        journal = transaction.provider_id.journal_id
        if not journal:
            raise UserError(
                self.env._(
                    "Payment provider %(provider)s has no journal: set one in its configuration, then process "
                    "transaction %(reference)s again.",
                    provider=transaction.provider_id.name,
                    reference=transaction.reference,
                )
            )
        today = self.company_id._layaway_today()
        values = self._layaway_book_payment(
            amount, journal, kind, today, transaction.reference, transaction=transaction
        )
        values.update(reference=transaction.reference, transaction_id=transaction.id)
        return values
