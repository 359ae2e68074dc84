from contextlib import closing
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..models.sale_order_expiry import EXPIRY_UNCHANGED_FIELDS, EXPIRY_UNCHANGED_LINE_FIELDS
from .common import LayawayCommon


def late_layaways(test, count):
    """`count` active layaways of a lamp, expiring on 31 January 2026, with installments due on 1
    and 15 January (seeded directly: the daily job reads only these fields)."""
    orders = test.env["sale.order"].create(
        [
            {
                "partner_id": test.partner_a.id,
                "layaway_plan_id": test.plan.id,
                "order_line": [Command.create({"product_id": test.lamp.id})],
            }
            for _ in range(count)
        ]
    )
    orders.sudo().write(  # only sudo writes a layaway's state and schedule straight
        {
            "layaway_state": "active",
            "layaway_expiry_date": date(2026, 1, 31),
            "layaway_installment_ids": [
                Command.create({"sequence": 1, "due_date": date(2026, 1, 1), "amount": 25.0}),
                Command.create({"sequence": 2, "due_date": date(2026, 1, 15), "amount": 25.0}),
            ],
        }
    )
    return orders


@tagged("post_install", "-at_install")
class TestLayawayLifecycle(LayawayCommon):
    # ------------------------------------------------------------------
    # Full scenarios
    # ------------------------------------------------------------------

    def test_reserve_start_pay_early_overpay_complete(self):
        order = self.make_layaway()
        self.assertEqual(order.layaway_state, "draft")
        self.assertEqual(order.layaway_service_fee, 10.0)
        self.assertEqual(order.layaway_min_deposit, 66.0)  # fee 10 + 20 % of 280
        self.assertEqual(order.layaway_amount_total, 290.0)
        self.assertEqual(order.layaway_installment_count, 3)

        self.start_layaway(order, 90.0, start_date=self.START)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.layaway_state, "active")
        self.assertEqual(order.amount_total, 290.0)
        self.assertEqual(order.order_line.filtered("is_layaway_fee").price_total, 10.0)
        self.assertEqual(order.layaway_deposit_amount, 90.0)
        self.assertEqual(order.layaway_start_date, date(2026, 1, 15))
        self.assertEqual(order.layaway_expiry_date, date(2026, 8, 3))
        self.assertEqual(
            self.installments(order),
            [
                (1, date(2026, 2, 14), 66.67, 0.0, "pending"),
                (2, date(2026, 3, 14), 66.67, 0.0, "pending"),
                (3, date(2026, 4, 14), 66.66, 0.0, "pending"),
            ],
        )
        self.assertEqual((order.layaway_amount_paid, order.layaway_amount_residual), (90.0, 200.0))
        self.assertEqual((order.layaway_next_due_date, order.layaway_next_due_amount), (date(2026, 2, 14), 66.67))
        # Goods set aside: out of the stock shelf, into the layaway location, reserved for delivery.
        self.assertEqual(self.qty_at(self.sofa, self.stock_location), 8.0)
        self.assertEqual(self.qty_at(self.lamp, self.stock_location), 9.0)
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 2.0)
        self.assertEqual(self.qty_at(self.lamp, self.layaway_location), 1.0)
        delivery = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual((delivery.location_id, delivery.state), (self.layaway_location, "assigned"))
        # The deposit sits in the liability account, not in revenue.
        self.assertAlmostEqual(self.balance(self.deposit_account, order), -90.0)
        self.assertAlmostEqual(self.balance(self.revenue_account, order), 0.0)

        # Overpayment is refused and writes nothing.
        with self.assertRaisesRegex(UserError, "more than the balance"):
            order.action_layaway_pay(200.01, journal_id=self.bank_journal.id)
        self.assertEqual(len(order.layaway_payment_ids), 1)

        # An early payment larger than an installment fills the next one.
        with freeze_time("2026-01-20"):
            order.action_layaway_pay(100.0, journal_id=self.bank_journal.id)
        self.assertEqual(
            self.installments(order),
            [
                (1, date(2026, 2, 14), 66.67, 66.67, "paid"),
                (2, date(2026, 3, 14), 66.67, 33.33, "partial"),
                (3, date(2026, 4, 14), 66.66, 0.0, "pending"),
            ],
        )
        self.assertEqual((order.layaway_next_due_date, order.layaway_next_due_amount), (date(2026, 3, 14), 33.34))
        self.assertEqual(order.layaway_amount_residual, 100.0)

        with freeze_time("2026-02-10"):
            order.action_layaway_pay(100.0, journal_id=self.bank_journal.id)
        self.assertEqual(order.layaway_state, "paid")
        self.assertEqual(order.layaway_amount_residual, 0.0)
        self.assertEqual([i[4] for i in self.installments(order)], ["paid"] * 3)
        self.assertAlmostEqual(self.balance(self.deposit_account, order), -290.0)

        with freeze_time("2026-02-11"):
            invoice = self.env["account.move"].browse(order.action_layaway_complete())
        self.assertEqual(order.layaway_state, "done")
        self.assertTrue(order.locked)
        self.assertEqual(delivery.state, "done")
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 0.0)
        self.assertEqual(self.qty_at(self.sofa, self.stock_location), 8.0)
        self.assertEqual(order.order_line.filtered(lambda line: line.product_id == self.sofa).qty_delivered, 2.0)
        # Revenue and tax now; the deposits are applied and the liability is back to zero.
        self.assertEqual((invoice.state, invoice.amount_total), ("posted", 0.0))
        by_product = {
            line.product_id: line.balance for line in invoice.invoice_line_ids if line.display_type == "product"
        }
        self.assertEqual(by_product[self.sofa], -200.0)
        self.assertEqual(by_product[self.lamp], -50.0)
        self.assertEqual(by_product[self.company._layaway_fee_product()], -10.0)
        tax_lines = invoice.line_ids.filtered(lambda line: line.display_type == "tax")
        self.assertEqual(sum(tax_lines.mapped("balance")), -30.0)
        deduction = invoice.line_ids.filtered(lambda line: line.account_id == self.deposit_account)
        self.assertEqual(sum(deduction.mapped("balance")), 290.0)
        self.assertAlmostEqual(self.balance(self.deposit_account, order), 0.0)

    def test_on_completion_reserves_nothing_and_names_missing_goods(self):
        order = self.make_layaway(plan=self.plan_on_completion)
        self.assertEqual(order.layaway_min_deposit, 56.0)
        self.start_layaway(order, 56.0, start_date=self.START)
        self.assertEqual(order.layaway_state, "active")
        self.assertFalse(order.picking_ids)
        self.assertEqual(self.qty_at(self.sofa, self.stock_location), 10.0)
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 0.0)
        self.assertEqual([i[2] for i in self.installments(order)], [74.67, 74.67, 74.66])

        order.action_layaway_pay(224.0, journal_id=self.bank_journal.id)
        self.assertEqual(order.layaway_state, "paid")
        self.env["stock.quant"]._update_available_quantity(self.sofa, self.stock_location, -9.0)
        with self.assertRaisesRegex(UserError, r"Sofa: 2.0 needed, 1.0 available"):
            order.action_layaway_complete()
        self.assertEqual(order.layaway_state, "paid")
        self.assertFalse(order.picking_ids)

        self.env["stock.quant"]._update_available_quantity(self.sofa, self.stock_location, 9.0)
        order.action_layaway_complete()
        self.assertEqual(order.layaway_state, "done")
        self.assertEqual(self.qty_at(self.sofa, self.stock_location), 8.0)
        self.assertEqual(self.qty_at(self.lamp, self.stock_location), 9.0)
        self.assertEqual(order.picking_ids.state, "done")
        self.assertAlmostEqual(self.balance(self.deposit_account, order), 0.0)

    def test_complete_with_last_payment_in_same_step(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        with self.assertRaisesRegex(UserError, "it is active"):
            order.action_layaway_complete()
        order.action_layaway_complete(200.0, journal_id=self.bank_journal.id)
        self.assertEqual(order.layaway_state, "done")
        self.assertEqual(order.layaway_amount_paid, 290.0)

    def test_cancel_keeps_fee_refunds_rest_and_restocks(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        with self.assertRaisesRegex(UserError, "Give a reason"):
            order.action_layaway_cancel("  ")
        credit_note = self.env["account.move"].browse(
            order.action_layaway_cancel("Changed her mind", refund_method="payment", journal_id=self.bank_journal.id)
        )
        self.assertEqual((order.layaway_state, order.state), ("cancelled", "cancel"))
        self.assertEqual((order.layaway_cancel_fee, order.layaway_refund_amount), (29.0, 61.0))  # 10 % of 290
        self.assertEqual(order.layaway_cancel_reason, "Changed her mind")
        self.assertEqual(
            (credit_note.move_type, credit_note.state, credit_note.amount_total), ("out_refund", "posted", 61.0)
        )
        self.assertIn(credit_note.payment_state, ("paid", "in_payment"))
        lines = {line.account_id: line.balance for line in credit_note.line_ids}
        self.assertEqual(lines[self.deposit_account], 90.0)
        self.assertEqual(lines[self.forfeit_account], -29.0)
        self.assertEqual(lines[self.receivable_account], -61.0)
        self.assertAlmostEqual(self.balance(self.deposit_account, order), 0.0)
        self.assertAlmostEqual(self.balance(self.forfeit_account, order), -29.0)
        # Goods back on the shelf, delivery cancelled.
        self.assertEqual(self.qty_at(self.sofa, self.stock_location), 10.0)
        self.assertEqual(self.qty_at(self.lamp, self.stock_location), 10.0)
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 0.0)
        delivery = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(delivery.state, "cancel")
        with self.assertRaisesRegex(UserError, "it is cancelled"):
            order.action_layaway_pay(10.0)

    def test_cancel_fee_never_more_than_paid_and_credit_kept(self):
        plan = self.plan.copy({"code": "400", "cancel_fee_type": "fixed", "cancel_fee_value": 500.0})
        order = self.make_layaway(plan=plan, deposit=66.0, start_date=self.START)
        credit_note = self.env["account.move"].browse(order.action_layaway_cancel("No show"))
        self.assertEqual((order.layaway_cancel_fee, order.layaway_refund_amount), (66.0, 0.0))
        self.assertEqual(credit_note.amount_total, 0.0)
        self.assertAlmostEqual(self.balance(self.deposit_account, order), 0.0)
        self.assertAlmostEqual(self.balance(self.forfeit_account, order), -66.0)

    def test_cancel_as_credit_note_leaves_customer_credit(self):
        order = self.make_layaway(plan=self.plan_on_completion, deposit=100.0, start_date=self.START)
        credit_note = self.env["account.move"].browse(order.action_layaway_cancel("Moved away"))
        self.assertEqual(credit_note.amount_residual, 72.0)  # 100 - 10 % of 280 (no service fee)
        self.assertEqual(credit_note.payment_state, "not_paid")

    def test_cashier_cannot_cancel_or_extend(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        cashier = new_test_user(
            self.env,
            login="cashier_cancel",
            groups="point_of_sale.group_pos_user,sales_team.group_sale_salesman_all_leads",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        with self.assertRaisesRegex(AccessError, "Layaway: Manager"):
            order.with_user(cashier).action_layaway_cancel("Because")
        with self.assertRaisesRegex(AccessError, "Layaway: Manager"):
            order.with_user(cashier).action_layaway_extend("2027-01-01")
        self.assertEqual(order.layaway_state, "active")

    def test_overdue_expire_extend_pay_complete(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        with freeze_time("2026-02-19"):  # due 14 Feb + 5 grace days: not yet
            self.env["sale.order"]._cron_layaway_daily()
        self.assertFalse(order.layaway_is_overdue)
        with freeze_time("2026-02-20"):
            self.env["sale.order"]._cron_layaway_daily()
        self.assertTrue(order.layaway_is_overdue)
        self.assertEqual([i[4] for i in self.installments(order)], ["overdue", "pending", "pending"])
        self.assertEqual(order.layaway_state, "active")

        with freeze_time("2026-08-04"):
            self.env["sale.order"]._cron_layaway_daily()
        self.assertEqual(order.layaway_state, "expired")
        with self.assertRaisesRegex(UserError, "Extend it first"):
            order.action_layaway_pay(50.0, journal_id=self.bank_journal.id)
        self.assertEqual(len(order.layaway_payment_ids), 1)

        with freeze_time("2026-08-05"), self.assertRaisesRegex(UserError, "after today"):
            order.action_layaway_extend("2026-08-01")
        with freeze_time("2026-08-05"):
            order.action_layaway_extend("2026-09-30")
        self.assertEqual((order.layaway_state, order.layaway_expiry_date), ("active", date(2026, 9, 30)))

        order.action_layaway_pay(50.0, journal_id=self.bank_journal.id)
        self.assertEqual([i[4] for i in self.installments(order)], ["overdue", "overdue", "overdue"])
        order.action_layaway_pay(150.0, journal_id=self.bank_journal.id)
        self.assertEqual([i[4] for i in self.installments(order)], ["paid"] * 3)
        self.assertFalse(order.layaway_is_overdue)
        order.action_layaway_complete()
        self.assertEqual(order.layaway_state, "done")
        self.assertAlmostEqual(self.balance(self.deposit_account, order), 0.0)

    # ------------------------------------------------------------------
    # Refusals: a clear message, nothing written
    # ------------------------------------------------------------------

    def assert_start_refused(self, order, message, deposit, **kwargs):
        """The start is refused with `message` and the order is left an untouched draft."""
        with self.assertRaisesRegex(UserError, message):
            self.start_layaway(order, deposit, start_date=self.START, **kwargs)
        self.assertEqual((order.layaway_state, order.state), ("draft", "draft"))
        self.assertFalse(order.layaway_installment_ids)
        self.assertFalse(order.layaway_payment_ids)
        self.assertFalse(order.invoice_ids)
        self.assertFalse(order.order_line.filtered("is_layaway_fee"))
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 0.0)

    def test_start_refusals(self):
        order = self.make_layaway()
        self.assert_start_refused(order, r"The deposit must be at least \$\s66\.00\.", 65.99)
        self.assert_start_refused(order, "between 1 and 6", 90.0, installment_count=7)
        self.assert_start_refused(order, "more than the total", 290.01)
        no_goods = self.make_layaway(lines=[(self.gift_card, 1.0)])
        self.assert_start_refused(no_goods, "cannot be laid away: Gift Card", 100.0)
        with self.assertRaisesRegex(UserError, "start it with a deposit"):
            order.action_confirm()
        with self.assertRaisesRegex(UserError, "Start it with a deposit first"):
            order.action_layaway_pay(10.0)
        self.env["stock.quant"]._update_available_quantity(self.lamp, self.stock_location, -10.0)
        self.assert_start_refused(order, r"Lamp: 1.0 needed, 0.0 available", 90.0)

    def test_chosen_installment_count_and_full_deposit(self):
        order = self.make_layaway(deposit=100.0, start_date=self.START, installment_count=6)
        self.assertEqual(order.layaway_installment_count, 6)
        self.assertEqual([i[2] for i in self.installments(order)], [31.67] * 5 + [31.65])
        self.assertEqual(self.installments(order)[-1][1], date(2026, 7, 14))

        paid_in_full = self.make_layaway(deposit=290.0, start_date=self.START)
        self.assertEqual(paid_in_full.layaway_state, "paid")
        self.assertEqual([i[2] for i in self.installments(paid_in_full)], [0.0, 0.0, 0.0])

    def test_core_cancel_and_invoice_refused_on_open_layaway(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        with self.assertRaisesRegex(UserError, "use Cancel Layaway"):
            order.action_cancel()
        with self.assertRaisesRegex(UserError, "invoiced when it is completed"):
            order._create_invoices()
        self.assertEqual((order.state, order.layaway_state, len(order.invoice_ids)), ("sale", "active", 1))

    def test_closed_layaway_has_nothing_due(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        with freeze_time("2026-03-01"):
            self.env["sale.order"]._cron_layaway_daily()
        self.assertTrue(order.layaway_is_overdue)
        order.action_layaway_cancel("Gone")
        self.assertEqual((order.layaway_next_due_date, order.layaway_is_overdue), (False, False))

    def test_plan_cannot_change_after_start(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        with self.assertRaisesRegex(UserError, "cannot change"):
            order.layaway_plan_id = self.plan_on_completion

    # ------------------------------------------------------------------
    # Performance
    # ------------------------------------------------------------------

    def count_payment_queries(self, installment_count):
        """A payment's queries, on a layaway of `installment_count` installments, rolled back afterwards.

        Each count is measured from the same database: the core's sequence checks read the journal's
        previous entry, which another layaway's payments may have left out of the cache.
        """
        with closing(self.env.cr.savepoint()):
            plan = self.plan.copy({"code": str(500 + installment_count), "installment_max": 36, "expiry_days": 0})
            order = self.make_layaway(
                plan=plan, deposit=90.0, start_date=self.START, installment_count=installment_count
            )
            order.action_layaway_pay(1.0, journal_id=self.bank_journal.id)  # warm the caches
            return self.count_queries(lambda: order.action_layaway_pay(2.0, journal_id=self.bank_journal.id))

    def test_payment_query_count_does_not_grow_with_installments(self):
        self.count_payment_queries(3)  # warm the caches
        self.assertEqual(self.count_payment_queries(3), self.count_payment_queries(36))

    def count_daily_job_queries(self, count, batch_size=1000):
        """The daily job on `count` late layaways."""
        orders = late_layaways(self, count)

        residual = orders.mapped("layaway_amount_residual")
        to_invoice = orders.order_line.mapped("qty_to_invoice")
        self.assertEqual(set(orders.mapped("layaway_is_overdue")), {False})

        def run_daily_job():
            with freeze_time("2026-02-10"):
                self.env["sale.order"]._cron_layaway_daily(batch_size=batch_size)

        queries = self.count_queries(run_daily_job)
        self.assertEqual(set(orders.mapped("layaway_state")), {"expired"})
        self.assertEqual(set(orders.layaway_installment_ids.mapped("state")), {"overdue"})
        # What the job sets instead of recomputing: as a recompute gives it.
        self.assertEqual(set(orders.mapped("layaway_is_overdue")), {True})
        self.assertEqual(set(orders.mapped("layaway_next_due_date")), {date(2026, 1, 1)})
        self.assertEqual(set(orders.mapped("layaway_next_due_amount")), {25.0})
        self.assertEqual(orders.mapped("layaway_amount_residual"), residual)
        self.assertEqual(orders.order_line.mapped("qty_to_invoice"), to_invoice)
        self.env.add_to_compute(orders._fields["layaway_is_overdue"], orders)
        self.env.add_to_compute(orders._fields["layaway_amount_residual"], orders)
        self.assertEqual(set(orders.mapped("layaway_is_overdue")), {True})
        self.assertEqual(orders.mapped("layaway_amount_residual"), residual)
        for order in orders:
            self.assertEqual(
                order.message_ids.filtered(lambda m: "expiry date has passed" in str(m.body)).mapped("message_type"),
                ["notification"],
            )
        return queries

    def test_daily_job_query_count_does_not_grow_with_layaways(self):
        self.count_daily_job_queries(2)  # warm the caches
        two, thirty = self.count_daily_job_queries(2), self.count_daily_job_queries(30)
        self.assertEqual(two, thirty)
        # One batch of installments (their layaways' overdue flag set, not recomputed) and one of
        # expiries (nothing that depends on the state recomputed), one log each; then the empty
        # searches that end each loop.
        self.assertEqual(thirty, 16)
        # Batches of 2 over 5 layaways: each batch starts after the last one, none is left.
        self.count_daily_job_queries(5, batch_size=2)

    def test_expiry_skips_the_recompute_of_all_that_depends_on_the_state(self):
        """The job expires without recomputing what depends on the state: all of it must be
        listed (and same for active and expired), or a new dependency would be silently stale."""

        def fields_of(tree):
            found = {f"{field.model_name}.{field.name}" for field in tree.root or ()}
            for subtree in tree.values():
                found |= fields_of(subtree)
            return found

        SaleOrder = self.env["sale.order"]
        depending = fields_of(self.registry.get_trigger_tree([SaleOrder._fields["layaway_state"]]))
        listed = {f"sale.order.{name}" for name in EXPIRY_UNCHANGED_FIELDS} | {
            f"sale.order.line.{name}" for name in EXPIRY_UNCHANGED_LINE_FIELDS
        }
        self.assertEqual(depending, listed)

    def test_deposit_taxed_on_advance_price_excluded(self):
        """Where tax is due on advances: the deposit product carries a 15 % tax, not price-included."""
        self.company._layaway_deposit_product().taxes_id = self.tax_15
        tax_account = self.tax_15.invoice_repartition_line_ids.account_id
        order = self.make_layaway(deposit=115.0, start_date=self.START)
        first = order.layaway_payment_ids.invoice_id
        # Money received includes the tax: 115 = 100 on Customer Deposits + 15 of tax.
        self.assertEqual((first.amount_untaxed, first.amount_tax, first.amount_total), (100.0, 15.0, 115.0))
        self.assertAlmostEqual(self.balance(self.deposit_account, order), -100.0)
        self.assertAlmostEqual(self.balance(tax_account, order), -15.0)
        self.assertEqual((order.layaway_amount_paid, order.layaway_amount_residual), (115.0, 175.0))

        order.action_layaway_pay(175.0, journal_id=self.bank_journal.id)
        second = order.layaway_payment_ids.filtered(lambda p: p.kind != "deposit").invoice_id
        self.assertEqual((second.amount_untaxed, second.amount_tax, second.amount_total), (152.17, 22.83, 175.0))
        self.assertAlmostEqual(self.balance(self.deposit_account, order), -252.17)

        invoice = self.env["account.move"].browse(order.action_layaway_complete())
        # The advances' tax is reversed and the goods' tax booked: 30 in all, as on a plain sale.
        self.assertEqual((invoice.state, invoice.amount_total), ("posted", 0.0))
        self.assertAlmostEqual(self.balance(self.deposit_account, order), 0.0)
        self.assertAlmostEqual(self.balance(tax_account, order), -30.0)
        self.assertAlmostEqual(self.balance(self.revenue_account, order), -260.0)  # goods 250, service fee 10
        self.assertEqual(order.layaway_state, "done")


@tagged("post_install", "-at_install")
class TestLayawayDailyJobTime(LayawayCommon):
    """The daily job in the scheduler's time: a run stops after a batch when its time is up."""

    def test_daily_job_stops_when_its_time_is_up_and_goes_on_at_the_next_run(self):
        orders = late_layaways(self, 5)
        with self.scheduler_out_of_time() as calls, freeze_time("2026-02-10"):
            self.env["sale.order"]._cron_layaway_daily(batch_size=4)
            # One batch of 4 installments marked overdue, then it stops, 6 left.
            self.assertEqual(calls, [(4, None), (0, 6)])
            self.assertEqual(orders.layaway_installment_ids.mapped("state").count("overdue"), 4)
            self.assertEqual(set(orders.mapped("layaway_state")), {"active"})
            for _ in range(6):
                self.env["sale.order"]._cron_layaway_daily(batch_size=4)
        self.assertEqual(
            calls[2:],
            [
                (4, None),
                (0, 2),
                # The last installments: none of them left, 1 said left for the expiries after them.
                (2, None),
                (0, 1),
                (4, None),
                (0, 1),
                (1, None),
                (0, 1),
                # The sixth run finds nothing: it ends without a batch (done); so does the seventh.
            ],
        )
        self.assertEqual(set(orders.layaway_installment_ids.mapped("state")), {"overdue"})
        self.assertEqual(set(orders.mapped("layaway_state")), {"expired"})
