import threading
from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL, float_compare, format_date, formatLang

from ..tools import schedule
from ..tools.states import LAYAWAY_STATES, OPEN_STATES


class SaleOrder(models.Model):
    _inherit = "sale.order"

    layaway_plan_id = fields.Many2one(
        "layaway.plan",
        "Layaway Plan",
        check_company=True,
        tracking=True,
        index="btree_not_null",
        domain="[('company_id', '=', company_id)]",
    )
    layaway_state = fields.Selection(
        LAYAWAY_STATES,
        "Layaway Status",
        compute="_compute_layaway_state",
        store=True,
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
    layaway_refund_move_id = fields.Many2one("account.move", "Refund Credit Note", copy=False, readonly=True)
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

    @api.depends("layaway_plan_id")
    def _compute_layaway_state(self):
        for order in self:
            if order.layaway_state in (False, "draft"):
                order.layaway_state = "draft" if order.layaway_plan_id else False

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
            fee_missing = 0.0 if order._layaway_fee_line() else order.layaway_service_fee
            order.layaway_amount_total = order.amount_total + fee_missing
            if order.layaway_state in ("done", "cancelled"):
                order.layaway_amount_residual = 0.0
            else:
                order.layaway_amount_residual = order.currency_id.round(
                    order.layaway_amount_total - order.layaway_amount_paid
                )

    @api.depends("layaway_plan_id", "order_line.price_total", "order_line.product_id")
    def _compute_layaway_preview(self):
        for order in self:
            plan = order.layaway_plan_id
            if not plan:
                order.layaway_service_fee = order.layaway_min_deposit = 0.0
                continue
            fee_line = order._layaway_fee_line()
            fee = fee_line.price_total if fee_line else plan._service_fee(order._layaway_goods_total())
            order.layaway_service_fee = fee
            order.layaway_min_deposit = float(
                schedule.min_deposit(
                    order._layaway_line_terms(), plan._schedule_terms(), fee, order.currency_id.rounding
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

    def _layaway_line_terms(self):
        """The goods lines as pure `LineTerms`, with the plan's per-product overrides."""
        self.ensure_one()
        overrides = {line.product_tmpl_id: line for line in self.layaway_plan_id.line_ids}
        empty = self.env["layaway.plan.line"]
        return [
            overrides.get(line.product_id.product_tmpl_id, empty)._line_terms(line.price_total, line.product_uom_qty)
            for line in self._layaway_goods_lines()
        ]

    def _layaway_lock(self, layaways_only=False):
        """Serialise concurrent payments on the same layaways: wait for the row lock.

        Once per transaction and order: what is read after the first lock is current, so
        the register's sync, which locks its layaways before anything reads them, pays no
        second lock and no re-read. The memo empties at every commit and rollback; a
        lock taken inside a savepoint that is later rolled back is released while the memo
        keeps it, so no layaway path locks inside a savepoint.

        :param layaways_only: lock only the orders that are layaways (the register's sync
            passes every sale order its lines name, without reading them).
        """
        cr = self.env.cr
        locked = cr.cache.setdefault("layaway_locked_order_ids", set())
        to_lock = self.filtered(lambda order: order.id not in locked)
        if not to_lock:
            return
        if not locked:
            cr.postcommit.add(locked.clear)
            cr.postrollback.add(locked.clear)
        query = SQL("SELECT id FROM sale_order WHERE id IN %s", tuple(to_lock.ids))
        if layaways_only:
            query = SQL("%s AND layaway_plan_id IS NOT NULL", query)
        rows = self.env.execute_query(SQL("%s FOR NO KEY UPDATE", query))
        to_lock = to_lock.browse([row[0] for row in rows])
        locked.update(to_lock.ids)
        to_lock.invalidate_recordset()

    def _layaway_check_group(self, manager=False):
        group = "layaway_pos.group_layaway_manager" if manager else "layaway_pos.group_layaway_user"
        if not self.env.user.has_group(group):
            raise AccessError(
                self.env._(
                    "Only users in the group '%s' can do this; ask a manager.",
                    self.env.ref(group).name,
                )
            )

    def _layaway_check_state(self, allowed, action):
        for order in self:
            if order.layaway_state not in allowed:
                state = dict(LAYAWAY_STATES).get(order.layaway_state, self.env._("not a layaway"))
                raise UserError(
                    self.env._(
                        "Cannot %(action)s layaway %(order)s: it is %(state)s.",
                        action=action,
                        order=order.name,
                        state=state.lower(),
                    )
                    + order._layaway_state_hint()
                )

    def _layaway_state_hint(self):
        hints = {
            False: self.env._(" Choose a layaway plan first."),
            "expired": self.env._(" Extend it first (managers), or cancel it."),
            "paid": self.env._(" The balance is paid: complete it to hand the goods over."),
            "draft": self.env._(" Start it with a deposit first."),
        }
        return hints.get(self.layaway_state, "")

    def _layaway_money(self, amount):
        return formatLang(self.env, amount, currency_obj=self.currency_id)

    def _layaway_default_journal(self):
        """The company's first bank or cash journal: where payments go when none is chosen."""
        if not self:
            return self.env["account.journal"]
        return self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(self.company_id), ("type", "in", ("bank", "cash"))],
            limit=1,
        )

    def _layaway_journal(self, journal_id):
        journal = self.env["account.journal"].browse(journal_id) if journal_id else self._layaway_default_journal()
        if not journal or journal.type not in ("bank", "cash") or journal.company_id != self.company_id:
            raise UserError(
                self.env._("Choose a bank or cash journal of %s to register the payment in.", self.company_id.name)
            )
        return journal

    def _layaway_accounts(self):
        company = self.company_id
        if not company.layaway_deposit_account_id or not company.layaway_forfeit_account_id:
            raise UserError(
                self.env._(
                    "Set the Customer Deposits and Layaway Forfeit Income accounts of %s "
                    "in Sales > Configuration > Settings > Layaway.",
                    company.name,
                )
            )
        return company.layaway_deposit_account_id, company.layaway_forfeit_account_id

    # ------------------------------------------------------------------
    # Public API: start, pay, complete, cancel, extend
    # ------------------------------------------------------------------

    def action_layaway_start(self, deposit_amount, journal_id=False, installment_count=False):
        """Start the layaway: take the deposit, create the schedule, apply the stock policy.

        :param float deposit_amount: the deposit received; at least ``layaway_min_deposit``,
            at most the layaway total.
        :param int journal_id: bank or cash journal the deposit was received in (default: the
            company's first bank or cash journal).
        :param int installment_count: number of installments, within the plan's range
            (default: ``layaway_installment_count``).
        :raises UserError: when the order cannot start; nothing is written then.
        :return: True
        """
        self.ensure_one()
        self._layaway_check_group()
        journal = self._layaway_journal(journal_id)
        deposit = self._layaway_start(deposit_amount, installment_count)
        self._layaway_register_payment(deposit, channel="backoffice", journal=journal, is_deposit=True)
        return True

    def _layaway_start(self, deposit_amount, installment_count=False):
        """Every channel's start, short of taking the deposit: checks, schedule, stock.

        :return: the deposit, rounded to the currency, that the caller must now register.
        """
        self._layaway_lock()
        self._layaway_check_startable()
        self._layaway_accounts()
        plan = self.layaway_plan_id
        lines = self._layaway_line_terms()
        default_count = schedule.installment_count(lines, plan._schedule_terms())
        requested = installment_count or self.layaway_installment_count
        fee = plan._service_fee(self._layaway_goods_total())
        start = fields.Date.context_today(self)
        try:
            result = schedule.build_schedule(
                lines,
                plan._schedule_terms(),
                start=start,
                service_fee=fee,
                deposit_paid=deposit_amount,
                rounding=self.currency_id.rounding,
                requested_count=requested if requested and requested != default_count else None,
            )
        except schedule.ScheduleError as error:
            raise UserError(self.env._("Layaway %(order)s: %(error)s", order=self.name, error=error)) from error
        if plan.stock_policy == "reserve":
            self._layaway_check_availability()

        self._layaway_set_fee_line(fee)
        self.write(
            {
                "layaway_installment_count": result.installment_count,
                "layaway_start_date": start,
                "layaway_expiry_date": result.expiry_date,
                "layaway_deposit_amount": float(result.deposit),
                "layaway_installment_ids": [
                    Command.create({"sequence": inst.sequence, "due_date": inst.due_date, "amount": float(inst.amount)})
                    for inst in result.installments
                ],
            }
        )
        self.with_context(skip_procurement=plan.stock_policy == "on_completion").action_confirm()
        if plan.stock_policy == "reserve":
            self._layaway_reserve_goods()
        # The "started" email leaves with the reminders job's next pass, not with tomorrow's.
        self.env.ref("layaway_pos.ir_cron_layaway_reminders").sudo()._trigger()
        return float(result.deposit)

    def action_layaway_pay(self, amount, journal_id=False):
        """Register a payment received in the back office (phone, bank transfer, counter).

        :param float amount: more than 0 and at most ``layaway_amount_residual``.
        :param int journal_id: bank or cash journal (default: the company's first one).
        :raises UserError: on overpayment or when the layaway is not active; nothing is written.
        :return: the ``layaway.payment`` id
        """
        self.ensure_one()
        self._layaway_check_group()
        journal = self._layaway_journal(journal_id)
        return self._layaway_register_payment(amount, channel="backoffice", journal=journal).id

    def action_layaway_complete(self, amount=0.0, journal_id=False):
        """Hand the goods over: deliver them, invoice with the deposits applied, close the order.

        :param float amount: an optional last payment taken in the same step; after it the
            balance must be zero.
        :param int journal_id: journal of that last payment.
        :raises UserError: when a balance is left, or goods are missing in stock (named).
        :return: the final invoice id
        """
        self.ensure_one()
        self._layaway_check_group()
        if amount:
            self._layaway_register_payment(amount, channel="backoffice", journal=self._layaway_journal(journal_id))
        self._layaway_lock()
        self._layaway_check_state(("paid",), self.env._("complete"))
        if self.layaway_plan_id.stock_policy == "on_completion":
            self._layaway_check_availability()
        self._layaway_deliver_goods()
        invoice = self._layaway_final_invoice()
        self.write({"layaway_state": "done"})
        self.action_lock()
        self.message_post(
            body=self.env._("Layaway completed: goods handed over, final invoice %s.", invoice._get_html_link())
        )
        return invoice.id

    def action_layaway_cancel(self, reason, refund_method="credit_note", journal_id=False):
        """Cancel the layaway (managers): keep the cancellation fee, refund the rest, restock.

        :param str reason: why, kept on the order and in the chatter (required).
        :param str refund_method: ``credit_note`` (customer credit to use later) or
            ``payment`` (money paid back now from ``journal_id``).
        :raises UserError: without a reason, or when the layaway is done or cancelled.
        :return: the credit note id, or False when nothing was paid
        """
        self.ensure_one()
        self._layaway_check_group(manager=True)
        if not (reason or "").strip():
            raise UserError(self.env._("Give a reason to cancel layaway %s.", self.name))
        if refund_method not in ("credit_note", "payment"):
            raise UserError(self.env._("Refund by 'credit_note' or 'payment'."))
        self._layaway_lock()
        self._layaway_check_state(("draft", "active", "paid", "expired"), self.env._("cancel"))
        journal = self._layaway_journal(journal_id) if refund_method == "payment" else None
        paid = self.layaway_amount_paid
        fee = self.layaway_plan_id._cancel_fee(self.layaway_amount_total, paid) if paid else 0.0
        credit_note = self._layaway_cancel_entries(paid, fee, journal) if paid else self.env["account.move"]
        how = self.env._("paid back") if journal else self.env._("customer credit")
        self._layaway_close_cancelled(reason, paid, fee, how, credit_note)
        return credit_note.id or False

    def _layaway_close_cancelled(self, reason, paid, fee, how, credit_note=None):
        """The end of every cancellation, whatever paid the refund: restock, cancel, record, log."""
        refund = self.currency_id.round(paid - fee)
        self._layaway_release_goods()
        self.with_context(disable_cancel_warning=True)._action_cancel()
        self.write(
            {
                "layaway_state": "cancelled",
                "layaway_cancel_reason": reason,
                "layaway_cancel_fee": fee,
                "layaway_refund_amount": refund,
                "layaway_refund_move_id": credit_note.id if credit_note else False,
            }
        )
        self.message_post(
            body=self.env._(
                "Layaway cancelled: %(reason)s. Paid %(paid)s, fee kept %(fee)s, refunded %(refund)s (%(how)s).",
                reason=reason,
                paid=self._layaway_money(paid),
                fee=self._layaway_money(fee),
                refund=self._layaway_money(refund),
                how=how,
            )
        )

    def action_layaway_extend(self, expiry_date):
        """Give the layaway a new expiry date (managers); an expired one becomes active again.

        :param expiry_date: a date (or ``YYYY-MM-DD``) after today and after the current expiry.
        :raises UserError: when the date is not later, or the layaway is not active or expired.
        :return: True
        """
        self.ensure_one()
        self._layaway_check_group(manager=True)
        self._layaway_lock()
        self._layaway_check_state(("active", "expired"), self.env._("extend"))
        new_date = fields.Date.to_date(expiry_date)
        today = fields.Date.context_today(self)
        if not new_date or new_date <= today or (self.layaway_expiry_date and new_date <= self.layaway_expiry_date):
            raise UserError(
                self.env._(
                    "Choose a new expiry date for %(order)s after today and after the current one (%(current)s).",
                    order=self.name,
                    current=format_date(self.env, self.layaway_expiry_date) if self.layaway_expiry_date else "-",
                )
            )
        old = self.layaway_expiry_date
        self.write({"layaway_expiry_date": new_date, "layaway_state": "active"})
        self.message_post(
            body=self.env._(
                "Layaway extended: expiry %(old)s → %(new)s.",
                old=format_date(self.env, old) if old else "-",
                new=format_date(self.env, new_date),
            )
        )
        return True

    # ------------------------------------------------------------------
    # The one payment method
    # ------------------------------------------------------------------

    def _layaway_register_payment(self, amount, channel, journal=None, is_deposit=False, pos_order_line=None):
        """Record money received for this layaway, whatever the channel.

        Locks the order, refuses overpayment and payments on layaways that are not active,
        books the money on the Customer Deposits account (a down payment of the order),
        allocates it to the installments in due-date order and moves the state.
        """
        self.ensure_one()
        self._layaway_lock()
        allowed = ("draft",) if is_deposit else ("active",)
        self._layaway_check_state(allowed, self.env._("take a payment on"))
        currency = self.currency_id
        amount = currency.round(amount)
        if currency.compare_amounts(amount, 0.0) <= 0:
            raise UserError(self.env._("A layaway payment must be more than zero."))
        residual = currency.round(self.layaway_amount_total - self.layaway_amount_paid)
        if currency.compare_amounts(amount, residual) > 0:
            raise UserError(
                self.env._(
                    "%(amount)s is more than the balance of %(order)s (%(residual)s). Take at most %(residual)s.",
                    amount=self._layaway_money(amount),
                    order=self.name,
                    residual=self._layaway_money(residual),
                )
            )
        paid_before = self.layaway_amount_paid - self.layaway_deposit_amount
        values = {
            "order_id": self.id,
            "amount": amount,
            "channel": channel,
            "is_deposit": is_deposit,
            "user_id": self.env.uid,
        }
        if channel == "backoffice":
            values.update(self._layaway_book_payment(amount, journal, is_deposit))
        else:
            values.update(
                {
                    "pos_order_id": pos_order_line.order_id.id,
                    "sale_line_id": pos_order_line.sale_order_line_id.id,
                    "pos_session_id": pos_order_line.order_id.session_id.id,
                }
            )
        payment = self.env["layaway.payment"].sudo().create(values)
        if not is_deposit:
            self._layaway_allocate(paid_before, amount)
        new_state = "paid" if currency.compare_amounts(amount, residual) == 0 else "active"
        self.write(
            {"layaway_state": new_state, "layaway_amount_paid": currency.round(self.layaway_amount_paid + amount)}
        )
        # A logged note: no follower notification on every payment (cheaper at the register).
        self._message_log(
            author_id=self.env.user.partner_id.id,
            email_from=False,
            body=self.env._(
                "%(kind)s of %(amount)s received (%(channel)s). Balance: %(balance)s.",
                kind=self.env._("Deposit") if is_deposit else self.env._("Payment"),
                amount=self._layaway_money(amount),
                channel=dict(payment._fields["channel"].selection)[channel],
                balance=self._layaway_money(residual - amount),
            ),
        )
        return payment

    def _layaway_allocate(self, paid_before, amount):
        """Fill the installments in due-date order; write only those that change."""
        # One query for the schedule, whatever its length, already in due-date order.
        installments = self.env["layaway.installment"].search_fetch(
            [("order_id", "=", self.id)],
            ["order_id", "due_date", "sequence", "amount", "amount_paid", "state"],
            order="due_date, sequence",
        )
        try:
            allocation = schedule.allocate(
                installments.mapped("amount"), paid_before, amount, rounding=self.currency_id.rounding
            )
        except schedule.ScheduleError as error:
            raise UserError(str(error)) from error
        for installment, allocated in zip(installments, allocation, strict=True):
            paid = float(allocated)
            if self.currency_id.compare_amounts(paid, installment.amount_paid):
                installment.write(installment._values_for_paid(paid))

    def _layaway_book_payment(self, amount, journal, is_deposit):
        """Back-office money: a down-payment invoice on the deposit account, paid at once."""
        deposit_account, _forfeit = self._layaway_accounts()
        order = self.sudo()
        so_line = order._layaway_create_down_payment_line(amount)
        label = self.env._("Layaway deposit") if is_deposit else self.env._("Layaway installment")
        invoice = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    **order._prepare_invoice(),
                    "invoice_line_ids": [
                        Command.create(
                            so_line._prepare_invoice_line(
                                name=f"{label} {order.name}", quantity=1.0, account_id=deposit_account.id
                            )
                        )
                    ],
                }
            )
        )
        invoice.action_post()
        payment = (
            self.env["account.payment.register"]
            .sudo()
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": journal.id, "amount": amount, "payment_date": fields.Date.context_today(self)})
            ._create_payments()
        )
        return {
            "invoice_id": invoice.id,
            "account_payment_id": payment.id,
            "sale_line_id": so_line.id,
            "journal_id": journal.id,
        }

    def _layaway_create_down_payment_line(self, amount):
        """A down-payment line of the order for `amount` (taxes included), on the deposit product."""
        product = self.company_id._layaway_deposit_product()
        taxes = product.taxes_id._filter_taxes_by_company(self.company_id)
        taxes = self.fiscal_position_id.map_tax(taxes)
        price_unit = amount
        if taxes:
            # Amounts received include the tax the deposit carries: find the base.
            AccountTax = self.env["account.tax"]
            base_line = AccountTax._prepare_base_line_for_taxes_computation(
                None,
                price_unit=amount,
                quantity=1.0,
                tax_ids=taxes,
                currency_id=self.currency_id,
                special_mode="total_included",
            )
            AccountTax._add_tax_details_in_base_lines([base_line], self.company_id)
            price_unit = base_line["tax_details"]["raw_total_excluded_currency"]
        self._create_down_payment_section_line_if_needed()
        return (
            self.env["sale.order.line"]
            .with_context(sale_no_log_for_new_lines=True)
            .create(
                {
                    "order_id": self.id,
                    "is_downpayment": True,
                    "product_id": product.id,
                    "name": self.env._(
                        "Layaway payment %(date)s", date=format_date(self.env, fields.Date.context_today(self))
                    ),
                    "product_uom_qty": 0.0,
                    "price_unit": price_unit,
                    "tax_ids": [Command.set(taxes.ids)],
                    "sequence": max(self.order_line.mapped("sequence") or [10]) + 1,
                }
            )
        )

    # ------------------------------------------------------------------
    # Start, stock and closing steps
    # ------------------------------------------------------------------

    def _layaway_check_startable(self):
        self._layaway_check_state(("draft",), self.env._("start"))
        if self.state not in ("draft", "sent"):
            raise UserError(self.env._("Layaway %s must be a quotation to start.", self.name))
        if not self.partner_id or self.partner_id == self.company_id.partner_id:
            raise UserError(self.env._("Set the customer of %s before starting the layaway.", self.name))
        goods = self._layaway_goods_lines()
        if not goods:
            raise UserError(self.env._("Add the goods to lay away to %s first.", self.name))
        refused = goods.product_id.filtered(lambda p: not p.layaway_ok)
        if refused:
            raise UserError(
                self.env._(
                    "These products cannot be laid away: %s. Remove them from the order, "
                    "or tick 'Can be laid away' on the product.",
                    ", ".join(refused.mapped("display_name")),
                )
            )

    def _layaway_set_fee_line(self, fee):
        """The plan's service fee as a line of the order (so it is invoiced with the goods)."""
        fee_line = self._layaway_fee_line()
        if self.currency_id.is_zero(fee):
            fee_line.unlink()
            return
        product = self.company_id._layaway_fee_product()
        values = {
            "product_id": product.id,
            "name": self.env._("Layaway service fee (%s)", self.layaway_plan_id.name),
            "product_uom_qty": 1.0,
            "price_unit": fee,
            "tax_ids": [Command.clear()],
            "is_layaway_fee": True,
        }
        if fee_line:
            fee_line.write(values)
        else:
            self.env["sale.order.line"].create({**values, "order_id": self.id})

    def _layaway_storable_needs(self):
        """{product: quantity in its unit} of goods that move in stock."""
        needs = {}
        for line in self._layaway_goods_lines().filtered(lambda sol: sol.product_id.is_storable):
            qty = line.product_uom_id._compute_quantity(line.product_uom_qty, line.product_id.uom_id)
            needs[line.product_id] = needs.get(line.product_id, 0.0) + qty
        return needs

    def _layaway_check_availability(self):
        """Refuse, naming what is missing, when the warehouse cannot supply the goods."""
        needs = self._layaway_storable_needs()
        if not needs:
            return
        location = self.warehouse_id.lot_stock_id
        products = self.env["product.product"].union(*needs).with_context(location=location.id)
        # Quantities are cached per transaction; stock may have moved since they were read.
        products.invalidate_recordset(["free_qty", "qty_available"])
        missing = []
        # Our own reservations (reserve policy) are not free, but they are this order's.
        own = self._layaway_reserved_quantities()
        for product in products:
            available = product.free_qty + own.get(product, 0.0)
            if float_compare(available, needs[product], precision_rounding=product.uom_id.rounding) < 0:
                missing.append(
                    self.env._(
                        "%(product)s: %(needed)s needed, %(available)s available",
                        product=product.display_name,
                        needed=needs[product],
                        available=max(available, 0.0),
                    )
                )
        if missing:
            raise UserError(
                self.env._(
                    "Not enough stock in %(location)s for %(order)s:\n%(missing)s\n"
                    "Receive the goods first, then try again.",
                    location=location.display_name,
                    order=self.name,
                    missing="\n".join(missing),
                )
            )

    def _layaway_reserved_quantities(self):
        moves = self.picking_ids.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        reserved = {}
        for move in moves:
            reserved[move.product_id] = reserved.get(move.product_id, 0.0) + move.quantity
        return reserved

    def _layaway_internal_transfer(self, source, destination, note):
        """Move the storable goods between two locations at once (a done internal transfer)."""
        needs = self._layaway_storable_needs()
        if not needs:
            return self.env["stock.picking"]
        picking = (
            self.env["stock.picking"]
            .sudo()
            .create(
                {
                    "picking_type_id": self.warehouse_id.int_type_id.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "partner_id": self.partner_id.id,
                    "origin": f"{self.name} ({note})",
                    "company_id": self.company_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": qty,
                                "product_uom": product.uom_id.id,
                                "location_id": source.id,
                                "location_dest_id": destination.id,
                            }
                        )
                        for product, qty in needs.items()
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking._action_done()
        self.layaway_reserve_picking_ids = [Command.link(picking.id)]
        return picking

    def _layaway_delivery_pickings(self):
        return self.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state not in ("done", "cancel")
        )

    def _layaway_reserve_goods(self):
        """`reserve` policy: set the goods aside in the layaway location; deliver from there."""
        layaway_location = self.warehouse_id._layaway_location()
        deliveries = self.sudo()._layaway_delivery_pickings()
        deliveries.do_unreserve()
        self._layaway_internal_transfer(self.warehouse_id.lot_stock_id, layaway_location, self.env._("layaway"))
        deliveries.write({"location_id": layaway_location.id})
        deliveries.move_ids.filtered(lambda m: m.location_id == self.warehouse_id.lot_stock_id).write(
            {"location_id": layaway_location.id}
        )
        deliveries.action_assign()

    def _layaway_release_goods(self):
        """Cancellation: move reserved goods back to stock before the delivery is cancelled."""
        if self.layaway_plan_id.stock_policy != "reserve" or self.layaway_state == "draft":
            return
        deliveries = self.sudo()._layaway_delivery_pickings()
        deliveries.do_unreserve()
        self._layaway_internal_transfer(
            self.warehouse_id._layaway_location(), self.warehouse_id.lot_stock_id, self.env._("layaway cancelled")
        )

    def _layaway_deliver_goods(self):
        """Create (on_completion) and validate the delivery of the goods."""
        order = self.sudo()
        if order.locked:
            order.action_unlock()
        if self.layaway_plan_id.stock_policy == "on_completion":
            order.order_line._action_launch_stock_rule()
        for picking in order._layaway_delivery_pickings():
            picking.action_assign()
            for move in picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking.with_context(skip_backorder=True, skip_sms=True)._action_done()

    def _layaway_final_invoice(self):
        """The goods' invoice with every down payment deducted: revenue and tax now."""
        order = self.sudo()
        invoice = order.with_context(layaway_completing=True)._create_invoices(final=True)
        invoice.action_post()
        return invoice.sudo(self.env.su)

    def _layaway_cancel_entries(self, paid, fee, journal):
        """A credit note: the deposits leave the liability account, the fee goes to income.

        The customer's credit (paid - fee) is paid back from `journal`, or left open as a
        credit to use on a later invoice.
        """
        deposit_account, forfeit_account = self._layaway_accounts()
        order = self.sudo()
        lines = [
            Command.create(
                {
                    "name": self.env._("Layaway deposits returned %s", order.name),
                    "account_id": deposit_account.id,
                    "quantity": 1.0,
                    "price_unit": paid,
                    "tax_ids": [Command.clear()],
                }
            )
        ]
        if not self.currency_id.is_zero(fee):
            lines.append(
                Command.create(
                    {
                        "name": self.env._("Layaway cancellation fee %s", order.name),
                        "account_id": forfeit_account.id,
                        "quantity": 1.0,
                        "price_unit": -fee,
                        "tax_ids": [Command.clear()],
                    }
                )
            )
        credit_note = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": order.partner_invoice_id.id,
                    "invoice_origin": order.name,
                    "ref": self.env._("Layaway %s cancelled", order.name),
                    "currency_id": order.currency_id.id,
                    "company_id": order.company_id.id,
                    "invoice_line_ids": lines,
                }
            )
        )
        credit_note.action_post()
        if journal and not self.currency_id.is_zero(paid - fee):
            self.env["account.payment.register"].sudo().with_context(
                active_model="account.move", active_ids=credit_note.ids
            ).create({"journal_id": journal.id, "payment_date": fields.Date.context_today(self)})._create_payments()
        return credit_note

    # ------------------------------------------------------------------
    # Scheduled job
    # ------------------------------------------------------------------

    @api.model
    def _cron_layaway_daily(self, batch_size=1000):
        """Mark late installments overdue and expire layaways past their date, in committed batches."""
        today = fields.Date.context_today(self)
        Installment = self.env["layaway.installment"]
        for plan in self.env["layaway.plan"].with_context(active_test=False).search([]):  # pylint: disable=no-search-all
            domain = Domain(
                [
                    ("state", "in", ("pending", "partial")),
                    ("due_date", "<", today - timedelta(days=plan.grace_days)),
                    ("order_id.layaway_plan_id", "=", plan.id),
                    ("order_id.layaway_state", "=", "active"),
                ]
            )
            while batch := Installment.search(domain, limit=batch_size):
                batch.write({"state": "overdue"})
                self._layaway_commit_progress(len(batch))
        domain = [("layaway_state", "=", "active"), ("layaway_expiry_date", "<", today)]
        while batch := self.search(domain, limit=batch_size):
            # One batch log instead of a tracking message per order.
            batch.with_context(tracking_disable=True).write({"layaway_state": "expired"})
            batch._message_log_batch(
                bodies={
                    order.id: Markup("%s") % self.env._("Layaway expired: the expiry date has passed.")
                    for order in batch
                }
            )
            self._layaway_commit_progress(len(batch))
        return True

    def _layaway_commit_progress(self, processed):
        """Commit each batch, so a long run keeps its progress (not inside tests)."""
        if getattr(threading.current_thread(), "testing", False):
            self.env.flush_all()
            return
        self.env["ir.cron"]._commit_progress(processed)

    # ------------------------------------------------------------------
    # Guards on Odoo's own flows
    # ------------------------------------------------------------------

    def write(self, vals):
        if "layaway_plan_id" in vals:
            locked = self.filtered(lambda o: o.layaway_state not in (False, "draft"))
            if locked:
                raise UserError(
                    self.env._(
                        "The plan of a started layaway cannot change (%s). Cancel it and start a new one.",
                        ", ".join(locked.mapped("name")),
                    )
                )
        return super().write(vals)

    def action_cancel(self):
        open_layaways = self.filtered(lambda o: o.layaway_state in OPEN_STATES)
        if open_layaways:
            raise UserError(
                self.env._(
                    "%s: use Cancel Layaway, which keeps the fee, refunds the rest and restocks the goods.",
                    ", ".join(open_layaways.mapped("name")),
                )
            )
        return super().action_cancel()

    def _create_invoices(self, grouped=False, final=False, date=None):
        # Goods of an open layaway are invoiced at completion only (revenue at hand-over).
        if not self.env.context.get("layaway_completing"):
            open_layaways = self.filtered(lambda o: o.layaway_state in OPEN_STATES)
            if open_layaways:
                raise UserError(
                    self.env._(
                        "%s: a layaway is invoiced when it is completed; register payments instead.",
                        ", ".join(open_layaways.mapped("name")),
                    )
                )
        return super()._create_invoices(grouped=grouped, final=final, date=date)

    def action_confirm(self):
        # A layaway is confirmed by its start, not by the Confirm button.
        unstarted = self.filtered(lambda o: o.layaway_state == "draft" and not o.layaway_installment_ids)
        if unstarted:
            raise UserError(
                self.env._(
                    "%s is a layaway: start it with a deposit (Start Layaway) instead of confirming it.",
                    ", ".join(unstarted.mapped("name")),
                )
            )
        return super().action_confirm()

    # ------------------------------------------------------------------
    # POS entry points
    # ------------------------------------------------------------------

    @api.model
    def layaway_pos_prepare(
        self, config_id, partner_id, lines, plan_id=False, installment_count=False, order_id=False, deposit=False
    ):
        """Check a POS cart for a layaway and return its draft order with the preview.

        :param int config_id: the register.
        :param int partner_id: the customer (required).
        :param list lines: the cart's goods, ``[{product_id, qty, price_unit, discount}]``.
        :param int plan_id: a plan of the register (default: its default plan).
        :param int installment_count: within the plan's range (default: the plan's count).
        :param int order_id: the draft returned by a previous call, to change its plan or count.
        :param float deposit: the deposit the cashier typed, for the schedule shown (default:
            the minimum; it is checked again when the deposit is taken).
        :raises UserError: no customer, a product that cannot be laid away, a plan not offered
            here, a count out of range, not enough stock for a reserving plan.
        :return: the preview dict of ``_layaway_pos_preview``.
        """
        self = self._layaway_pos_sudo()  # noqa: PLW0642 (cashiers are not salespeople)
        config = self.env["pos.config"].browse(config_id)
        config._layaway_check_enabled()
        plan = self.env["layaway.plan"].browse(plan_id) if plan_id else config.layaway_default_plan_id
        config._layaway_check_plan(plan or config.layaway_plan_ids[:1])
        plan = plan or config.layaway_plan_ids[:1]
        if not partner_id:
            raise UserError(self.env._("Choose the customer first: a layaway is always in a customer's name."))
        if not lines:
            raise UserError(self.env._("Add the goods to lay away to the cart first."))
        order = self.browse(order_id).exists() if order_id else self.browse()
        if order and (order.layaway_state != "draft" or order.sudo().pos_order_line_ids):
            order = self.browse()
        if order:
            order.write({"layaway_plan_id": plan.id, "partner_id": partner_id})
        else:
            order = self.create(self._layaway_pos_order_values(config, plan, partner_id, lines))
        order._layaway_check_startable()
        if installment_count:
            order.layaway_installment_count = installment_count
        if plan.stock_policy == "reserve":
            order._layaway_check_availability()
        return order._layaway_pos_preview(deposit)

    @api.model
    def _layaway_pos_order_values(self, config, plan, partner_id, lines):
        partner = self.env["res.partner"].browse(partner_id)
        fiscal_position = (
            self.env["account.fiscal.position"]._get_fiscal_position(partner) or config.default_fiscal_position_id
        )
        return {
            "partner_id": partner.id,
            "company_id": config.company_id.id,
            "layaway_plan_id": plan.id,
            "team_id": config.crm_team_id.id,
            "warehouse_id": config.picking_type_id.warehouse_id.id
            or self.env["stock.warehouse"].search([("company_id", "=", config.company_id.id)], limit=1).id,
            "pricelist_id": config.pricelist_id.id,
            "fiscal_position_id": fiscal_position.id,
            "origin": config.name,
            "user_id": self.env.uid,
            "order_line": [
                Command.create(
                    {
                        "product_id": line["product_id"],
                        "product_uom_qty": line.get("qty", 1.0),
                        "price_unit": line.get("price_unit", 0.0),
                        "discount": line.get("discount", 0.0),
                    }
                )
                for line in lines
            ],
        }

    def _layaway_pos_preview(self, deposit=False):
        """What the cashier shows before taking the deposit: the schedule for `deposit`.

        :param float deposit: more than the minimum reschedules the balance; less (or none)
            shows the schedule for the minimum deposit.
        """
        self.ensure_one()
        plan = self.layaway_plan_id
        lines = self._layaway_line_terms()
        terms = plan._schedule_terms()
        fee = plan._service_fee(self._layaway_goods_total())
        default_count = schedule.installment_count(lines, terms)
        requested = self.layaway_installment_count
        rounding = self.currency_id.rounding
        minimum = schedule.min_deposit(lines, terms, fee, rounding)
        deposit = self.currency_id.round(deposit or 0.0)
        if self.currency_id.compare_amounts(deposit, float(minimum)) < 0:
            deposit = minimum
        try:
            result = schedule.build_schedule(
                lines,
                terms,
                start=fields.Date.context_today(self),
                service_fee=fee,
                deposit_paid=deposit,
                rounding=rounding,
                requested_count=requested if requested and requested != default_count else None,
            )
        except schedule.ScheduleError as error:
            raise UserError(self.env._("Layaway %(order)s: %(error)s", order=self.name, error=error)) from error
        return {
            "order_id": self.id,
            "order_name": self.name,
            "plan_id": plan.id,
            "plan_name": plan.name,
            "installment_count": result.installment_count,
            "installment_min": plan.installment_min,
            "installment_max": max(plan.installment_max, default_count),
            "total": float(result.total),
            "service_fee": fee,
            "min_deposit": float(result.min_deposit),
            "deposit": float(result.deposit),
            "installments": [
                {"sequence": i.sequence, "due_date": fields.Date.to_string(i.due_date), "amount": float(i.amount)}
                for i in result.installments
            ],
            "expiry_date": fields.Date.to_string(result.expiry_date) if result.expiry_date else False,
        }

    @api.model
    def layaway_pos_discard(self, order_id):
        """The cashier closed the layaway dialog: drop the draft it prepared."""
        order = self._layaway_pos_sudo().browse(order_id).exists()
        if order and order.layaway_state == "draft" and order.state == "draft" and not order.sudo().pos_order_line_ids:
            order.unlink()
        return True

    @api.model
    def _layaway_pos_sudo(self):
        """Cashiers handle layaways at the register without sales rights: check, then sudo."""
        self._layaway_check_group()
        if not self.env.user.has_group("point_of_sale.group_pos_user"):
            raise AccessError(self.env._("Only Point of Sale users can handle layaways at the register."))
        return self.sudo()

    @api.model
    def layaway_pos_load(self, order_id, config_id):
        """pos_sale's loading of an order and its products, for a cashier without sales rights."""
        order = self._layaway_pos_sudo().browse(order_id)
        if order.company_id not in self.env.companies or not order.layaway_plan_id:
            raise UserError(self.env._("This layaway is not one of your companies'."))
        return order.load_sale_order_from_pos(config_id)

    @api.model
    def layaway_pos_search(self, config_id, query="", offset=0, limit=20):
        """One page of the open layaways matching a customer name, phone or reference.

        :return: ``{"orders": [summary dicts], "has_more": bool}``
        """
        self = self._layaway_pos_sudo()  # noqa: PLW0642
        config = self.env["pos.config"].browse(config_id)
        config._layaway_check_enabled()
        domain = Domain("layaway_state", "in", OPEN_STATES) & Domain("company_id", "=", config.company_id.id)
        query = (query or "").strip()
        if query:
            domain &= (
                Domain("name", "ilike", query)
                | Domain("partner_id.name", "ilike", query)
                | Domain("partner_id.phone", "ilike", query)
                | Domain("partner_id.email", "ilike", query)
            )
        limit = max(1, min(int(limit or 20), 100))
        orders = self.search(domain, offset=int(offset or 0), limit=limit + 1, order="layaway_next_due_date, id desc")
        return {"orders": [order._layaway_pos_summary() for order in orders[:limit]], "has_more": len(orders) > limit}

    def _layaway_pos_summary(self):
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "partner_id": self.partner_id.id,
            "partner_name": self.partner_id.display_name,
            "partner_phone": self.partner_id.phone or "",
            "plan_name": self.layaway_plan_id.name,
            "layaway_state": self.layaway_state,
            "layaway_state_label": dict(LAYAWAY_STATES)[self.layaway_state],
            "amount_total": self.layaway_amount_total,
            "amount_paid": self.layaway_amount_paid,
            "amount_residual": self.layaway_amount_residual,
            "next_due_date": fields.Date.to_string(self.layaway_next_due_date) if self.layaway_next_due_date else False,
            "next_due_amount": self.layaway_next_due_amount,
            "is_overdue": self.layaway_is_overdue,
            "expiry_date": fields.Date.to_string(self.layaway_expiry_date) if self.layaway_expiry_date else False,
        }

    @api.model
    def layaway_pos_detail(self, order_id):
        """A layaway for the Layaways screen and the receipt: schedule, payments, terms, cancellation."""
        order = self._layaway_pos_sudo().browse(order_id)
        if order.company_id not in self.env.companies or not order.layaway_plan_id:
            raise UserError(self.env._("This layaway is not one of your companies'."))
        paid = order.layaway_amount_paid
        cancel_fee = order.layaway_plan_id._cancel_fee(order.layaway_amount_total, paid) if paid else 0.0
        if order.layaway_state == "cancelled":
            cancel_fee = order.layaway_cancel_fee
        return {
            **order._layaway_pos_summary(),
            "start_date": fields.Date.to_string(order.layaway_start_date) if order.layaway_start_date else False,
            "deposit_amount": order.layaway_deposit_amount,
            "terms": order.layaway_plan_id.terms or "",
            "cancel_fee": cancel_fee,
            "refund_amount": order.currency_id.round(paid - cancel_fee),
            "installments": [
                {
                    "sequence": i.sequence,
                    "due_date": fields.Date.to_string(i.due_date),
                    "amount": i.amount,
                    "amount_paid": i.amount_paid,
                    "state": i.state,
                }
                for i in order.layaway_installment_ids.sorted(lambda i: (i.due_date, i.sequence))
            ],
            "payments": [
                {
                    "date": fields.Datetime.to_string(p.date),
                    "amount": p.amount,
                    "is_deposit": p.is_deposit,
                    "channel": p.channel,
                    "pos_order_id": p.pos_order_id.id,
                }
                for p in order.sudo().layaway_payment_ids
            ],
        }

    def _layaway_pos_down_payment(self, pos_lines):
        """The POS payment as a down-payment line of the order, the way pos_sale books them."""
        AccountTax = self.env["account.tax"]
        base_lines = pos_lines._prepare_tax_base_line_values()
        AccountTax._add_tax_details_in_base_lines(base_lines, self.company_id)
        AccountTax._round_base_lines_tax_details(base_lines, self.company_id)
        order = self.sudo()
        order._create_down_payment_section_line_if_needed()
        return order._create_down_payment_lines_from_base_lines(base_lines)

    def _layaway_pos_take_payment(self, pos_lines):
        """A deposit or an installment taken at the register (the POS order is synced and paid)."""
        self.ensure_one()
        amount = sum(pos_lines.mapped("price_subtotal_incl"))
        is_deposit = self.layaway_state == "draft"
        if is_deposit:
            amount = self._layaway_start(amount)
        self._layaway_pos_down_payment(pos_lines)
        return self._layaway_register_payment(
            amount, channel="pos", is_deposit=is_deposit, pos_order_line=pos_lines[:1]
        )

    def _layaway_pos_before_completion(self):
        """Before the POS order of a pick-up makes its picking: the goods must be in stock."""
        self._layaway_lock()
        self._layaway_check_state(("active", "paid"), self.env._("complete"))
        if self.layaway_plan_id.stock_policy == "on_completion":
            self._layaway_check_availability()
        else:
            # The POS picking delivers from the register's stock location.
            self._layaway_release_goods()

    def _layaway_pos_complete(self, pos_lines, already_recorded):
        """The pick-up: the last payment, then the order is done (the POS order delivers)."""
        self.ensure_one()
        deposit_product = self.company_id._layaway_deposit_product()
        applied = pos_lines.filtered(lambda line: line.product_id == deposit_product)
        goods = pos_lines - applied
        if self.currency_id.compare_amounts(-sum(applied.mapped("price_subtotal_incl")), self.layaway_amount_paid):
            raise UserError(
                self.env._(
                    "The pick-up of %(order)s must apply exactly what was paid (%(paid)s). Open the layaway again.",
                    order=self.name,
                    paid=self._layaway_money(self.layaway_amount_paid),
                )
            )
        for so_line in self._layaway_goods_lines() | self._layaway_fee_line():
            delivered = sum(goods.filtered(lambda line, s=so_line: line.sale_order_line_id == s).mapped("qty"))
            if so_line.product_uom_id.compare(delivered, so_line.product_uom_qty):
                raise UserError(
                    self.env._(
                        "The pick-up of %(order)s must hand over all of it: %(product)s %(qty)s, not %(given)s.",
                        order=self.name,
                        product=so_line.product_id.display_name,
                        qty=so_line.product_uom_qty,
                        given=delivered,
                    )
                )
        amount = self.currency_id.round(sum(pos_lines.mapped("price_subtotal_incl")))
        if self.currency_id.compare_amounts(amount, 0.0) > 0 and not already_recorded:
            self._layaway_register_payment(amount, channel="pos", pos_order_line=applied[:1] or goods[:1])
        self._layaway_check_state(("paid",), self.env._("complete"))
        self.write({"layaway_state": "done"})
        self.sudo().action_lock()
        self.message_post(
            body=self.env._("Layaway completed at the register: goods handed over (%s).", pos_lines.order_id.name)
        )

    def _layaway_pos_cancel(self, pos_lines):
        """A cancellation at the register: the POS order refunds what was paid less the fee.

        Same outcome as ``action_layaway_cancel`` with the refund paid out by the POS order
        instead of a credit note: its negative deposit line debits Customer Deposits and its
        fee line credits Layaway Forfeit Income at the session's closing.
        """
        self.ensure_one()
        self._layaway_check_group(manager=True)
        self._layaway_lock()
        self._layaway_check_state(("active", "paid", "expired"), self.env._("cancel"))
        deposit_product = self.company_id._layaway_deposit_product()
        paid = self.layaway_amount_paid
        fee = self.layaway_plan_id._cancel_fee(self.layaway_amount_total, paid) if paid else 0.0
        deposit_lines = pos_lines.filtered(lambda line: line.product_id == deposit_product)
        returned = -sum(deposit_lines.mapped("price_subtotal_incl"))
        kept = sum((pos_lines - deposit_lines).mapped("price_subtotal_incl"))
        if self.currency_id.compare_amounts(returned, paid) or self.currency_id.compare_amounts(kept, fee):
            raise UserError(
                self.env._(
                    "Cancelling %(order)s returns %(paid)s and keeps a fee of %(fee)s. Open the layaway again.",
                    order=self.name,
                    paid=self._layaway_money(paid),
                    fee=self._layaway_money(fee),
                )
            )
        pos_order = pos_lines.order_id
        reason = self.env._(
            "Cancelled at the register %(config)s (%(order)s)", config=pos_order.config_id.name, order=pos_order.name
        )
        self._layaway_close_cancelled(reason, paid, fee, self.env._("paid back"))
