import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.batch import commit_progress, report_remaining

# A failed charge is tried again 1 and 3 days after the first; after the third failure autopay
# stops and the customer and the store are told.
AUTOPAY_RETRY_DAYS = (1, 3)
AUTOPAY_ATTEMPTS = len(AUTOPAY_RETRY_DAYS) + 1

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    """Autopay: the daily job charges a layaway's due installments to the payment method its
    customer saved (a ``payment.token``), through the same online payment as the portal's; a
    failure is tried again 1 and 3 days after the first, then autopay stops and the customer
    and the store are told."""

    _inherit = "sale.order"

    layaway_autopay_token_id = fields.Many2one(
        "payment.token",
        "Autopay With",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The customer's saved payment method that the daily job charges the due installments to.",
    )
    layaway_autopay_failures = fields.Integer(
        "Autopay Failed Attempts",
        copy=False,
        readonly=True,
        help="Failed charges in a row; after the third, autopay stops.",
    )
    layaway_autopay_last_try = fields.Date("Autopay Last Tried", copy=False, readonly=True)
    layaway_autopay_retry_date = fields.Date(
        "Autopay Tries Again On",
        copy=False,
        readonly=True,
        help="After a failed charge, the day the job tries again (1 and 3 days after the first failure).",
    )

    def _layaway_autopay_tokens(self, partner):
        """The saved payment methods `partner` may put on this layaway: theirs, the customer's
        (same commercial partner), of a provider of the layaway's company that is enabled."""
        self.ensure_one()
        if partner.commercial_partner_id != self.partner_id.commercial_partner_id:
            return self.env["payment.token"]
        providers = (
            self.env["payment.provider"]
            .sudo()
            .search([("company_id", "=", self.company_id.id), ("state", "in", ("enabled", "test"))])
        )
        return self.env["payment.token"].sudo()._get_available_tokens(providers.ids, partner.id)

    def _layaway_set_autopay(self, token, partner):
        """Turn autopay on with `token`, one of `partner`'s `_layaway_autopay_tokens`, or off
        (an empty `token`).

        :raises UserError: when the layaway takes no payment or the token is not one of theirs.
        """
        self.ensure_one()
        if token:
            self._layaway_check_online_payable()
            if token not in self._layaway_autopay_tokens(partner):
                raise UserError(
                    self.env._(
                        "Choose one of your saved payment methods to pay %(order)s automatically.", order=self.name
                    )
                )
        self.sudo().write({"layaway_autopay_token_id": token.id, "layaway_autopay_failures": 0})
        body = (
            self.env._("Autopay on: due installments are charged to %(method)s.", method=token.display_name)
            if token
            else self.env._("Autopay off.")
        )
        self.sudo().message_post(body=body, author_id=partner.id)

    def _layaway_autopay_due_amount(self, today):
        """What is due by `today`: the unpaid part of every installment due then."""
        self.ensure_one()
        due = self.layaway_installment_ids.filtered(lambda i: i.due_date <= today and i.state != "paid")
        return self.currency_id.round(sum(due.mapped("amount_residual")))

    @api.model
    def _cron_layaway_autopay(self, batch_size=200):
        """Charge the due installments of the layaways on autopay, once a day each.

        Each layaway's charge is committed on its own, as Odoo's payment post-processing job does:
        the provider has taken the money, and nothing after it (another layaway's charge, the
        process being stopped) may roll its transaction back, which would charge it again the
        next day. An unexpected error in one charge is logged and rolls back that charge only."""
        today = fields.Date.context_today(self)
        domain = [
            ("layaway_state", "=", "active"),
            ("layaway_autopay_token_id", "!=", False),
            ("layaway_next_due_date", "<=", today),
            "|",
            ("layaway_autopay_last_try", "=", False),
            ("layaway_autopay_last_try", "<", today),
            "|",
            ("layaway_autopay_retry_date", "=", False),
            ("layaway_autopay_retry_date", "<=", today),
        ]
        while batch := self.search(domain, limit=batch_size, order="id"):
            for order in batch:
                order._layaway_autopay_try(today)
                if not commit_progress(self.env, 1):
                    report_remaining(self.env, self.search_count(domain))
                    return True
        return True

    def _layaway_autopay_try(self, today):
        """One layaway's attempt, in a savepoint: an unexpected error (a provider's module
        raising) is logged, rolls back this attempt only, and leaves a note; it is tried again
        the next day."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self._layaway_autopay_charge(today)
        except Exception:  # noqa: BLE001 pylint: disable=broad-exception-caught
            # As payment.transaction._cron_post_process: log it and go on with the next one.
            _logger.exception("Autopay of layaway %s failed", self.name)
            order = self.sudo()
            order.layaway_autopay_last_try = today
            order._message_log(
                body=self.env._(
                    "Autopay: the charge could not be made (an error, in the server's log); it is tried again tomorrow."
                )
            )

    def _layaway_autopay_charge(self, today):
        """One attempt: a token transaction of what is due, recorded as any online payment when
        the provider confirms it; a failure counts, and the last one stops autopay."""
        self.ensure_one()
        order = self.sudo()
        order.layaway_autopay_last_try = today
        waiting = order.layaway_transaction_ids.filtered(
            lambda tx: tx.token_id and tx.state in ("draft", "pending", "authorized")
        )
        amount = order._layaway_autopay_due_amount(today)
        if waiting or order.currency_id.is_zero(amount):
            return  # the provider has not answered the last charge yet, or nothing is due
        token = order.layaway_autopay_token_id
        Transaction = self.env["payment.transaction"].sudo()
        tx = Transaction.create(
            {
                "provider_id": token.provider_id.id,
                "payment_method_id": token.payment_method_id.id,
                "reference": Transaction._compute_reference(token.provider_code, layaway_order_id=order.id),
                "amount": amount,
                "currency_id": order.currency_id.id,
                "partner_id": order.partner_id.id,
                "token_id": token.id,
                "operation": "offline",
                "layaway_order_id": order.id,
            }
        )
        tx._charge_with_token()
        # Every attempt in the layaway's log, whatever it gave.
        order._message_log(
            body=self.env._(
                "Autopay: %(amount)s charged to %(method)s (%(reference)s): %(state)s.",
                amount=order._layaway_money(amount),
                method=token.display_name,
                reference=tx.reference,
                state=tx._fields["state"].convert_to_export(tx.state, tx),
            )
        )
        if tx.state == "done":
            tx._post_process()
            order.write({"layaway_autopay_failures": 0, "layaway_autopay_retry_date": False})
        elif tx.state in ("cancel", "error"):
            failures = order.layaway_autopay_failures + 1
            if failures >= AUTOPAY_ATTEMPTS:
                order._layaway_autopay_give_up(tx)
                return
            # Days from the first failure: the next try is that many days after it.
            since_first = AUTOPAY_RETRY_DAYS[failures - 2] if failures >= 2 else 0
            order.write(
                {
                    "layaway_autopay_failures": failures,
                    "layaway_autopay_retry_date": fields.Date.add(
                        today, days=AUTOPAY_RETRY_DAYS[failures - 1] - since_first
                    ),
                }
            )

    def _layaway_autopay_give_up(self, tx):
        """Autopay stops after its last failed attempt: the customer is told how to pay, and the
        salesperson (or the store's administrator) gets an activity."""
        message = self.env._(
            "We could not charge %(amount)s due on layaway %(order)s to %(method)s (%(attempts)s attempts, the "
            "last: %(reason)s). Autopay is now off: pay from your layaway's page (%(url)s), or turn autopay on "
            "again with another payment method.",
            amount=self._layaway_money(tx.amount),
            order=self.name,
            method=self.layaway_autopay_token_id.display_name,
            attempts=AUTOPAY_ATTEMPTS,
            reason=tx.state_message or tx._fields["state"].convert_to_export(tx.state, tx),
            url=self._layaway_pay_url(),
        )
        self.write(
            {"layaway_autopay_token_id": False, "layaway_autopay_failures": 0, "layaway_autopay_retry_date": False}
        )
        self.message_post(
            body=message, partner_ids=self.partner_id.ids, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Autopay failed: ask the customer to pay"),
            note=message,
            user_id=(self.user_id or self.env.ref("base.user_admin")).id,
        )
