from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import schedule
from ..tools.states import PAYMENT_CHANNELS, PAYMENT_KINDS

# The states a layaway must be in to receive each kind of payment.
PAYABLE_STATES = {
    "deposit": ("draft",),
    "installment": ("active",),
    "pickup": ("active",),
    # Change items: what the new minimum deposit asks (a paid layaway whose goods grew too).
    "change": ("active", "paid"),
}


class LayawayPayment(models.Model):
    """Money received against a layaway, from any channel, and the one service that records it.

    Created only by ``_register_payment``; the accounting lives on the linked down-payment line,
    invoice and payment (back office, online: the payment is the transaction's) or POS order (register).
    """

    _name = "layaway.payment"
    _description = "Layaway Payment"
    _order = "date desc, id desc"
    _check_company_auto = True

    order_id = fields.Many2one("sale.order", "Layaway", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, precompute=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer", store=True, precompute=True)
    date = fields.Datetime(
        default=fields.Datetime.now,
        required=True,
        index=True,
        help="When the money was received; a back-office payment dated an earlier day is stored at noon "
        "of that day in the company's time zone.",
    )
    reference = fields.Char(
        help="The payment's reference (cheque number, transfer reference), as on its journal items."
    )
    amount = fields.Monetary(required=True, help="What was received, taxes included, in the layaway's currency.")
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    amount_untaxed_company = fields.Monetary(
        "Amount on Customer Deposits",
        compute="_compute_amount_untaxed_company",
        store=True,
        readonly=False,  # set by _register_payment from what it books; computed for older payments
        currency_field="company_currency_id",
        help="What this payment adds to the Customer Deposits account: without tax, in the company's currency "
        "at the payment's date.",
    )
    kind = fields.Selection(PAYMENT_KINDS, required=True, default="installment", index=True)
    channel = fields.Selection(PAYMENT_CHANNELS, required=True)
    user_id = fields.Many2one("res.users", "Received By", default=lambda self: self.env.user)
    journal_id = fields.Many2one("account.journal", check_company=True)
    # Indexed for the reconciliation, which looks the layaway up from the account's entries.
    invoice_id = fields.Many2one("account.move", "Down Payment Invoice", check_company=True, index="btree_not_null")
    account_payment_id = fields.Many2one("account.payment", "Payment", check_company=True)
    sale_line_id = fields.Many2one("sale.order.line", "Down Payment Line")
    pos_order_id = fields.Many2one("pos.order", "POS Order", index="btree_not_null")
    pos_session_id = fields.Many2one("pos.session", "POS Session", index="btree_not_null")
    transaction_id = fields.Many2one(
        "payment.transaction", "Online Transaction", readonly=True, index="btree_not_null", ondelete="restrict"
    )

    # The reconciliation sums a layaway's payments up to a date from this index alone.
    _order_date_amount_idx = models.Index("(order_id) INCLUDE (date, amount_untaxed_company)")

    # A retried POS sync must never record the same POS order twice.
    _pos_order_uniq = models.Constraint(
        "UNIQUE(pos_order_id)", "This POS order was already recorded as a layaway payment."
    )
    # A provider notifying the same transaction twice must never record it twice.
    _transaction_uniq = models.Constraint(
        "UNIQUE(transaction_id)", "This online transaction was already recorded as a layaway payment."
    )

    @api.depends("amount", "invoice_id", "pos_order_id")
    def _compute_amount_untaxed_company(self):
        # Payments recorded before this field (the upgrade computes them): read back what was booked.
        for payment in self:
            order = payment.order_id
            if payment.pos_order_id:
                # The register books its lines without tax.
                lines = payment.pos_order_id.lines.filtered(lambda line, o=order: line.sale_order_origin_id == o)
                untaxed = sum(lines.mapped("price_subtotal"))
            elif payment.invoice_id:
                # The back office's down-payment invoice: what it credits Customer Deposits.
                deposit_account = order.company_id.layaway_deposit_account_id
                lines = payment.invoice_id.line_ids.filtered(lambda line, a=deposit_account: line.account_id == a)
                payment.amount_untaxed_company = -sum(lines.mapped("balance"))
                continue
            else:
                untaxed = payment.amount
            payment.amount_untaxed_company = order._layaway_company_amount(
                untaxed, order.company_id._layaway_day(payment.date or fields.Datetime.now())
            )

    @api.model
    # The one service takes every channel's arguments. pylint: disable-next=too-many-locals
    def _register_payment(
        self,
        order,
        amount,
        kind,
        channel,
        journal=None,
        pos_order_line=None,
        payment_date=None,
        reference=False,
        amount_untaxed=None,
        transaction=None,
    ):
        """Record money received for a layaway, whatever the channel: the one payment service.

        Locks the order, refuses overpayment and payments on layaways in the wrong state,
        books the money on the Customer Deposits account (a down payment of the order),
        allocates it to the installments in due-date order and moves the state.

        :param order: the layaway (``sale.order``), one record.
        :param float amount: more than 0, at most the balance.
        :param str kind: ``deposit`` (starts the layaway), ``installment`` or ``pickup``.
        :param str channel: ``backoffice`` (booked here in ``journal``), ``pos`` (booked by
            the register's session; ``pos_order_line`` is the line that carries it) or ``online``
            (booked here, paid by ``transaction``'s payment in its provider's journal).
        :param payment_date: the day a back-office payment was received, checked by the caller
            (``_layaway_payment_details``; default: today); register money is dated now.
        :param str reference: a back-office payment's reference, checked by the caller.
        :param float amount_untaxed: register money without its tax (default: the amount); the
            back office books the deposit product's tax itself.
        :param transaction: an online payment's confirmed ``payment.transaction``: its reference
            is the idempotency key (a transaction already recorded returns its payment).
        :return: the new ``layaway.payment``
        """
        order.ensure_one()
        order._layaway_lock()
        if transaction:
            recorded = self.sudo().search([("transaction_id", "=", transaction.id)])
            if recorded:
                return recorded
        order._layaway_check_state(PAYABLE_STATES[kind], "pay")
        currency = order.currency_id
        amount = currency.round(amount)
        if currency.compare_amounts(amount, 0.0) <= 0:
            raise UserError(order.env._("A layaway payment must be more than zero."))
        residual = currency.round(order.layaway_amount_total - order.layaway_amount_paid)
        order._layaway_check_within_balance(amount, residual, order.env._("Take"))
        paid_before = order.layaway_amount_paid - order.layaway_deposit_amount
        values = {
            "order_id": order.id,
            "amount": amount,
            "channel": channel,
            "kind": kind,
            "user_id": order.env.uid,
        }
        if channel == "online":
            # The customer paid: no one of the store received it.
            values.update(order._layaway_book_online_payment(amount, kind, transaction), user_id=False)
        elif channel == "backoffice":
            payment_date = payment_date or order.company_id._layaway_today()
            values.update(order._layaway_book_payment(amount, journal, kind, payment_date, reference))
            values.update(date=order.company_id._layaway_datetime(payment_date), reference=reference)
        else:
            values.update(
                {
                    "amount_untaxed_company": order._layaway_company_amount(
                        amount if amount_untaxed is None else amount_untaxed
                    ),
                    "pos_order_id": pos_order_line.order_id.id,
                    "sale_line_id": pos_order_line.sale_order_line_id.id,
                    "pos_session_id": pos_order_line.order_id.session_id.id,
                }
            )
        payment = self.sudo().create(values)
        if kind not in ("deposit", "change"):
            # A deposit precedes the schedule; Change items spread the schedule again itself.
            self._allocate(order, paid_before, amount)
        order._layaway_set_state(
            "paid" if currency.compare_amounts(amount, residual) == 0 else "active",
            layaway_amount_paid=currency.round(order.layaway_amount_paid + amount),
        )
        # A logged note: no follower notification on every payment (cheaper at the register).
        order._message_log(
            author_id=(order.partner_id if channel == "online" else order.env.user.partner_id).id,
            email_from=False,
            body=order.env._(
                "%(kind)s of %(amount)s received (%(channel)s). Balance: %(balance)s.",
                kind=payment._layaway_label("kind"),
                amount=order._layaway_money(amount),
                channel=payment._layaway_label("channel"),
                balance=order._layaway_money(residual - amount),
            ),
        )
        return payment

    @api.model
    def _allocate(self, order, paid_before, amount):
        """Fill the order's installments in due-date order; write only those that change."""
        # One query for the schedule, whatever its length, already in due-date order.
        # sudo: installments are the payment service's to write, not their readers'.
        installments_sudo = self.env["layaway.installment"].sudo()
        installments = installments_sudo.search_fetch(
            [("order_id", "=", order.id)],
            ["order_id", "due_date", "sequence", "amount", "amount_paid", "state"],
            order="due_date, sequence",
        )
        try:
            allocation = schedule.allocate(
                installments.mapped("amount"), paid_before, amount, rounding=order.currency_id.rounding
            )
        except schedule.ScheduleError as error:
            raise UserError(self.env["layaway.plan"]._schedule_error_text(error, order.currency_id)) from error
        for installment, allocated in zip(installments, allocation, strict=True):
            paid = float(allocated)
            if order.currency_id.compare_amounts(paid, installment.amount_paid):
                installment.write(installment._values_for_paid(paid))

    def _layaway_label(self, field_name):
        """The translated label of a selection field's value."""
        self.ensure_one()
        return self._fields[field_name].convert_to_export(self[field_name], self)
