from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import formatLang

from ..tools import schedule
from ..tools.states import CLOSED_STATES, LAYAWAY_STATES


class SaleOrder(models.Model):
    """A layaway is a sale order with a plan: its fields, states and public actions.

    The rest of the layaway lives beside this file: stock in ``sale_order_stock.py``,
    bookkeeping in ``sale_order_accounting.py``, the register in ``sale_order_pos.py``,
    the one payment service in ``layaway.payment``.
    """

    _inherit = "sale.order"

    layaway_plan_id = fields.Many2one(
        "layaway.plan",
        check_company=True,
        tracking=True,
        index="btree_not_null",
        domain="[('company_id', '=', company_id)]",
    )
    layaway_state = fields.Selection(
        LAYAWAY_STATES,
        "Layaway Status",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
    )
    layaway_installment_count = fields.Integer(
        "Number of Installments",
        compute="_compute_layaway_installment_count",
        store=True,
        readonly=False,
        copy=False,
    )
    layaway_installment_ids = fields.One2many(
        "layaway.installment", "order_id", "Installments", copy=False, readonly=True
    )
    layaway_payment_ids = fields.One2many("layaway.payment", "order_id", "Layaway Payments", copy=False, readonly=True)
    layaway_start_date = fields.Date("Layaway Start", copy=False, readonly=True)
    layaway_expiry_date = fields.Date("Layaway Expiry", copy=False, readonly=True, index="btree_not_null")
    layaway_closed_date = fields.Date(
        "Layaway Closed On",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The day (in the company's time zone) the layaway was completed or cancelled, from any channel.",
    )
    layaway_deposit_amount = fields.Monetary("Deposit Paid", copy=False, readonly=True)
    layaway_amount_total = fields.Monetary(
        "Layaway Total", compute="_compute_layaway_amounts", store=True, help="Goods with taxes, plus the service fee."
    )
    layaway_amount_paid = fields.Monetary(
        "Paid",
        copy=False,
        readonly=True,
        help="Everything received for this layaway; kept by the payment method, under the order's lock.",
    )
    layaway_amount_residual = fields.Monetary("Balance", compute="_compute_layaway_amounts", store=True)
    layaway_service_fee = fields.Monetary(
        "Service Fee", compute="_compute_layaway_preview", help="The plan's service fee on this order."
    )
    layaway_min_deposit = fields.Monetary("Minimum Deposit", compute="_compute_layaway_preview")
    layaway_next_due_date = fields.Date("Next Due Date", compute="_compute_layaway_installment_status", store=True)
    layaway_next_due_amount = fields.Monetary(
        "Next Due Amount", compute="_compute_layaway_installment_status", store=True
    )
    layaway_is_overdue = fields.Boolean(
        "Overdue", compute="_compute_layaway_installment_status", store=True, index="btree_not_null"
    )
    layaway_cancel_reason = fields.Text("Cancellation Reason", copy=False, readonly=True)
    layaway_cancel_fee = fields.Monetary("Cancellation Fee Kept", copy=False, readonly=True)
    layaway_refund_amount = fields.Monetary("Refunded", copy=False, readonly=True)
    layaway_refund_move_id = fields.Many2one(
        "account.move", "Refund Credit Note", copy=False, readonly=True, index="btree_not_null"
    )
    layaway_pos_config_id = fields.Many2one(
        "pos.config", "Started at Register", copy=False, readonly=True, help="The register whose cashier started it."
    )
    layaway_reserve_picking_ids = fields.Many2many(
        "stock.picking",
        "sale_order_layaway_picking_rel",
        string="Layaway Transfers",
        copy=False,
        readonly=True,
        help="Transfers into and out of the layaway location.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.onchange("layaway_plan_id")
    def _onchange_layaway_plan_id(self):
        # The form shows a draft layaway as soon as a plan is chosen (create/write set it too).
        if self.layaway_state in (False, "draft"):
            self.layaway_state = "draft" if self.layaway_plan_id else False

    @api.depends("layaway_plan_id", "order_line.product_id")
    def _compute_layaway_installment_count(self):
        for order in self:
            if order.layaway_state not in (False, "draft"):
                continue
            if not order.layaway_plan_id:
                order.layaway_installment_count = 0
                continue
            order.layaway_installment_count = schedule.installment_count(
                order._layaway_line_terms(), order.layaway_plan_id._schedule_terms()
            )

    @api.depends("amount_total", "layaway_plan_id", "layaway_amount_paid", "layaway_state")
    def _compute_layaway_amounts(self):
        for order in self:
            if not order.layaway_plan_id:
                order.layaway_amount_total = order.layaway_amount_residual = 0.0
                continue
            # A draft has no fee line yet: its total shows the fee it will carry.
            fee_missing = 0.0 if order._layaway_fee_line() else order.layaway_service_fee
            order.layaway_amount_total = order.amount_total + fee_missing
            if order.layaway_state in ("done", "cancelled"):
                order.layaway_amount_residual = 0.0
            else:
                order.layaway_amount_residual = order.currency_id.round(
                    order.layaway_amount_total - order.layaway_amount_paid
                )

    @api.depends("layaway_plan_id", "currency_id", "order_line.price_total", "order_line.product_id")
    def _compute_layaway_preview(self):
        for order in self:
            plan = order.layaway_plan_id
            if not plan:
                order.layaway_service_fee = order.layaway_min_deposit = 0.0
                continue
            fee = order._layaway_service_fee()
            order.layaway_service_fee = fee
            order.layaway_min_deposit = float(
                schedule.min_deposit(
                    order._layaway_line_terms(),
                    plan._schedule_terms(currency=order.currency_id, date=order._layaway_rate_date()),
                    fee,
                    order.currency_id.rounding,
                )
            )

    @api.depends(
        "layaway_state",
        "layaway_installment_ids.state",
        "layaway_installment_ids.amount_paid",
        "layaway_installment_ids.due_date",
    )
    def _compute_layaway_installment_status(self):
        for order in self:
            unpaid = order.layaway_installment_ids.filtered(lambda i: i.state != "paid").sorted("due_date")
            if order.layaway_state in ("done", "cancelled"):
                unpaid = unpaid.browse()  # nothing is due on a closed layaway
            order.layaway_next_due_date = unpaid[:1].due_date
            order.layaway_next_due_amount = unpaid[:1].amount_residual
            order.layaway_is_overdue = any(i.state == "overdue" for i in unpaid)

    # ------------------------------------------------------------------
    # Helpers shared by the entry points
    # ------------------------------------------------------------------

    def _layaway_goods_lines(self):
        return self.order_line.filtered(
            lambda line: not line.display_type and not line.is_downpayment and not line.is_layaway_fee
        )

    def _layaway_fee_line(self):
        return self.order_line.filtered("is_layaway_fee")[:1]

    def _layaway_goods_total(self):
        return sum(self._layaway_goods_lines().mapped("price_total"))

    def _layaway_goods_untaxed(self):
        """What a percent service fee is computed on: the goods without their taxes."""
        return sum(self._layaway_goods_lines().mapped("price_subtotal"))

    def _layaway_service_fee(self):
        """The service fee with its taxes: the fee line's once started, else what the plan will add."""
        self.ensure_one()
        fee_line = self._layaway_fee_line()
        if fee_line:
            return fee_line.price_total
        fee = self.layaway_plan_id._service_fee(
            self._layaway_goods_untaxed(), self.currency_id, self._layaway_rate_date()
        )
        return self._layaway_total_with_taxes(fee, self.company_id._layaway_fee_product())

    def _layaway_cancel_fee(self):
        """The cancellation fee: what was kept once cancelled, else what cancelling now keeps."""
        self.ensure_one()
        if self.layaway_state == "cancelled":
            return self.layaway_cancel_fee
        # Never more than Customer Deposits holds: what was paid, less the goods taken early.
        return self.layaway_plan_id._cancel_fee(
            self.layaway_amount_total, self._layaway_held(), self.currency_id, self._layaway_rate_date()
        )

    def _layaway_state_label(self):
        """The translated label of the layaway's state."""
        self.ensure_one()
        return self._fields["layaway_state"].convert_to_export(self.layaway_state, self)

    def _layaway_set_state(self, state, **values):
        """The one way a layaway changes state: refuses any move not in the transition table.

        Completing or cancelling also records the day it closed, in each company's time zone.

        :param str state: the new ``layaway_state``.
        :param values: other fields written in the same write.
        """
        self._layaway_check_transition(state)
        # Only where it changes: what depends on the state (quantities to invoice, the reports'
        # closing date) is recomputed on a real move, not on every payment.
        same = self.filtered(lambda order: order.layaway_state == state)
        for company, orders in (self - same).grouped("company_id").items():
            # A layaway closing records the day, in its company's time zone.
            closed = {"layaway_closed_date": company._layaway_today()} if state in CLOSED_STATES else {}
            # sudo: only the layaway actions write these fields (see LAYAWAY_PROTECTED_FIELDS).
            orders.sudo().write({"layaway_state": state, **closed, **values})
        if same and values:
            same.sudo().write(values)

    def _layaway_line_terms(self, goods=None):
        """The goods lines as pure `LineTerms`, with the plan's per-product overrides.

        :param goods: other goods than the order's lines, as [(product, total with taxes,
            quantity)] (Change items' preview).
        """
        self.ensure_one()
        if goods is None:
            goods = [(line.product_id, line.price_total, line.product_uom_qty) for line in self._layaway_goods_lines()]
        overrides = {line.product_tmpl_id: line for line in self.layaway_plan_id.line_ids}
        empty = self.env["layaway.plan.line"]
        rate_date = self._layaway_rate_date()
        return [
            overrides.get(product.product_tmpl_id, empty)._line_terms(total, quantity, self.currency_id, rate_date)
            for product, total, quantity in goods
        ]

    def _layaway_check_within_balance(self, amount, residual, verb):
        """Refuse `amount` beyond the balance `residual`; `verb` says who acts ("Take" for the
        store, "Pay" for the customer)."""
        if self.currency_id.compare_amounts(amount, residual) > 0:
            raise UserError(
                self.env._(
                    "%(amount)s is more than the balance of %(order)s (%(residual)s). %(verb)s at most %(residual)s.",
                    amount=self._layaway_money(amount),
                    order=self.name,
                    residual=self._layaway_money(residual),
                    verb=verb,
                )
            )

    def _layaway_money(self, amount):
        return formatLang(self.env, amount, currency_obj=self.currency_id)

    def action_layaway_start(
        self, deposit_amount, journal_id=False, installment_count=False, payment_date=False, reference=False
    ):
        """Start the layaway: take the deposit, create the schedule, apply the stock policy.

        :param float deposit_amount: the deposit received, in the layaway's currency whatever the
            journal's; at least ``layaway_min_deposit``, at most the layaway total.
        :param int journal_id: bank or cash journal the deposit was received in, in any currency
            (default: the company's first bank or cash journal).
        :param int installment_count: number of installments, within the plan's range
            (default: ``layaway_installment_count``).
        :param payment_date: the day the deposit was received, today or earlier (date or
            ``YYYY-MM-DD``; default: today): the layaway starts that day.
        :param str reference: the payment's reference (cheque number, transfer reference).
        :raises UserError: when the order cannot start; nothing is written then.
        :return: True
        """
        self.ensure_one()
        self._layaway_check_take_payments()
        check = self.env["layaway.input"]
        deposit_amount = check._amount(deposit_amount, self.currency_id, self.env._("The deposit"))
        installment_count = check._integer(
            installment_count, self.env._("The number of installments"), minimum=1, optional=True
        )
        journal = self._layaway_journal(journal_id)
        payment_date, reference = self._layaway_payment_details(payment_date, reference, starting=True)
        deposit = self._layaway_start(deposit_amount, installment_count, start_date=payment_date)
        self.env["layaway.payment"]._register_payment(
            self, deposit, "deposit", "backoffice", journal=journal, payment_date=payment_date, reference=reference
        )
        return True

    def action_layaway_pay(self, amount, journal_id=False, payment_date=False, reference=False):
        """Register a payment received in the back office (phone, bank transfer, counter).

        :param float amount: in the layaway's currency, more than 0 and at most ``layaway_amount_residual``.
        :param int journal_id: bank or cash journal, in any currency (default: the company's first one).
        :param payment_date: the day it was received: today (default) or earlier, not before
            the layaway's start (date or ``YYYY-MM-DD``).
        :param str reference: the payment's reference, shown on its journal items.
        :raises UserError: on overpayment, a wrong date, or an inactive layaway; nothing is written.
        :return: the ``layaway.payment`` id
        """
        self.ensure_one()
        self._layaway_check_take_payments()
        amount = self.env["layaway.input"]._amount(amount, self.currency_id, self.env._("The payment"))
        journal = self._layaway_journal(journal_id)
        payment_date, reference = self._layaway_payment_details(payment_date, reference)
        payment = self.env["layaway.payment"]._register_payment(
            self, amount, "installment", "backoffice", journal=journal, payment_date=payment_date, reference=reference
        )
        return payment.id

    def action_layaway_complete(self, amount=0.0, journal_id=False, payment_date=False, reference=False):
        """Hand the goods over: deliver them, invoice with the deposits applied, close the order
        (an installment sale, invoiced at its start, is only delivered).

        :param float amount: an optional last payment taken in the same step, in the layaway's
            currency; after it the balance must be zero.
        :param int journal_id: journal of that last payment.
        :param payment_date: the day that last payment was received (as ``action_layaway_pay``).
        :param str reference: that last payment's reference.
        :raises UserError: when a balance is left, or goods are missing in stock (named).
        :return: the final invoice id (an installment sale's: the invoice of its start)
        """
        self.ensure_one()
        self._layaway_check_take_payments()
        amount = self.env["layaway.input"]._amount(
            amount or 0.0, self.currency_id, self.env._("The last payment"), allow_zero=True
        )
        payment_date, reference = self._layaway_payment_details(payment_date, reference)
        self._layaway_lock()
        if amount:
            # Short of the balance, the hand-over would be refused after the payment: refuse first.
            if (
                self.layaway_state == "active"
                and self.currency_id.compare_amounts(amount, self.layaway_amount_residual) < 0
            ):
                raise UserError(
                    self.env._(
                        "%(amount)s does not pay the balance of %(order)s (%(balance)s): take the whole balance "
                        "to hand the goods over, or register the payment alone.",
                        amount=self._layaway_money(amount),
                        order=self.name,
                        balance=self._layaway_money(self.layaway_amount_residual),
                    )
                )
            self.env["layaway.payment"]._register_payment(
                self,
                amount,
                "pickup",
                "backoffice",
                journal=self._layaway_journal(journal_id),
                payment_date=payment_date,
                reference=reference,
            )
        self._layaway_check_state(("paid",), "complete")
        if self.layaway_plan_id.stock_policy == "on_completion":
            self._layaway_check_availability()
        # A final invoice that is not zero refuses the completion: the delivery goes back too.
        with self.env.cr.savepoint():
            if self.layaway_recognition == "on_start":
                invoice = self._layaway_complete_sale()
            else:
                self._layaway_deliver_goods()
                invoice = self._layaway_final_invoice()
        self._layaway_set_state("done")
        self.action_lock()
        link = invoice._get_html_link()
        self.message_post(
            body=self.env._("Layaway completed: goods handed over, invoiced at its start (%s).", link)
            if self.layaway_recognition == "on_start"
            else self.env._("Layaway completed: goods handed over, final invoice %s.", link)
        )
        return invoice.id

    def action_layaway_cancel(self, reason, refund_method=False, journal_id=False):
        """Cancel the layaway (managers): keep the cancellation fee, refund the rest, restock.

        :param str reason: why, kept on the order and in the chatter (required).
        :param str refund_method: ``credit_note`` (customer credit to use later) or
            ``payment`` (money paid back now from ``journal_id``); default: the plan's.
        :raises UserError: without a reason, or when the layaway is done or cancelled.
        :return: the credit note id, or False when nothing was paid
        """
        self.ensure_one()
        self._layaway_check_group(manager=True)
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Give a reason to cancel layaway %s.", self.name))
        reason = self.env["layaway.input"]._text(reason, self.env._("The cancellation reason"), required=True)
        refund_method = refund_method or self.layaway_plan_id.refund_method or "credit_note"
        if refund_method not in ("credit_note", "payment", "gift_card"):
            raise UserError(
                self.env._(
                    "Refund by 'credit_note' (a customer credit to use later), 'payment' (money paid back now) or "
                    "'gift_card', not %(method)s.",
                    method=repr(refund_method)[:40],
                )
            )
        self._layaway_lock()
        self._layaway_check_state(("draft", "active", "paid", "expired"), "cancel")
        if refund_method == "gift_card":
            if self.layaway_sale_invoice_id:
                raise UserError(
                    self.env._(
                        "%(order)s is an installment sale: refund it as store credit or pay it back.", order=self.name
                    )
                )
            self._layaway_gift_card_program()
        journal = self._layaway_journal(journal_id) if refund_method == "payment" else None
        # What Customer Deposits holds: the goods taken early keep what was applied to them.
        paid = self._layaway_held()
        fee = self._layaway_cancel_fee()
        if self.layaway_sale_invoice_id:
            # An installment sale is reversed even when nothing was paid: its goods were invoiced.
            credit_note = self._layaway_cancel_sale_entries(fee, journal)
        elif paid:
            credit_note = self._layaway_cancel_entries(paid, fee, journal)
        else:
            credit_note = self.env["account.move"]
        how = self.env._("paid back") if journal else self.env._("customer credit")
        if refund_method == "gift_card" and credit_note and not self.currency_id.is_zero(paid - fee):
            card = self._layaway_refund_to_gift_card(credit_note, self.currency_id.round(paid - fee))
            how = self.env._("gift card %s", card.code)
        self._layaway_close_cancelled(reason, paid, fee, how, credit_note)
        return credit_note.id or False

    def _layaway_close_cancelled(self, reason, paid, fee, how, credit_note=None):
        """The end of every cancellation, whatever paid the refund: restock, cancel, record, log."""
        refund = self.currency_id.round(paid - fee)
        self._layaway_release_goods()
        self.with_context(disable_cancel_warning=True)._action_cancel()
        self._layaway_set_state(
            "cancelled",
            layaway_cancel_reason=reason,
            layaway_cancel_fee=fee,
            layaway_refund_amount=refund,
            layaway_refund_move_id=credit_note.id if credit_note else False,
        )
        if self.currency_id.is_zero(paid):
            # A draft, or a layaway nothing was paid on: no fee, no refund to speak of.
            body = self.env._("Layaway cancelled: %(reason)s. Nothing was paid.", reason=reason)
        else:
            body = self.env._(
                "Layaway cancelled: %(reason)s. Paid %(paid)s, fee kept %(fee)s, refunded %(refund)s (%(how)s).",
                reason=reason,
                paid=self._layaway_money(paid),
                fee=self._layaway_money(fee),
                refund=self._layaway_money(refund),
                how=how,
            )
        self.message_post(body=body)
