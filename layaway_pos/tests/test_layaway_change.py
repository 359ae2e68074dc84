"""Change items and partial pick-up in the back office: money, schedule, stock and journal items."""

from collections import Counter
from datetime import date

from freezegun import freeze_time
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, RecordCapturer, new_test_user, tagged

from .common import LayawayCommon


@tagged("post_install", "-at_install")
class TestLayawayChangeItems(LayawayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_a.email = "customer.a@example.com"

    def setUp(self):
        super().setUp()
        # Total 290 (2 sofas 230, a lamp 50, fee 10), deposit 90: 66.67, 66.67, 66.66 due Feb 14, Mar 14, Apr 14.
        self.order = self.make_layaway(deposit=90.0, start_date=self.START)
        self.sofa_line, self.lamp_line = self.order._layaway_goods_lines().sorted("id")

    def pay(self, amount, day="2026-01-20"):
        """Pay `amount` on the layaway on `day` (bank)."""
        freezer = freeze_time(day)
        freezer.start()
        try:
            self.order.action_layaway_pay(amount, journal_id=self.bank_journal.id)
        finally:
            freezer.stop()

    def change(self, changes, day="2026-01-25", **kwargs):
        """The goods changed on `day`: the change record, and the mails the change queued."""
        mails = RecordCapturer(self.env["mail.mail"].sudo(), [("model", "=", "sale.order")])
        with freeze_time(day), mails:
            change = self.env["layaway.change"].browse(self.order.action_layaway_change_items(changes, **kwargs))
        return change, mails.records

    def state(self):
        """(state, total, paid, deposit, balance) of the layaway."""
        return self.layaway_amounts(self.order)

    def test_add_goods_respreads_the_new_total_over_the_unpaid_installments(self):
        self.pay(66.67)
        change, mails = self.change([{"product_id": self.lamp.id, "quantity": 1.0}])
        # 340 now; the minimum deposit (10 + 20% of 330 = 76) is covered by the 156.67 paid.
        self.assertEqual(self.state(), ("active", 340.0, 156.67, 90.0, 183.33))
        self.assertEqual(
            self.installments(self.order),
            [
                (1, date(2026, 2, 14), 66.67, 66.67, "paid"),
                (2, date(2026, 3, 14), 91.67, 0.0, "pending"),
                (3, date(2026, 4, 14), 91.66, 0.0, "pending"),
            ],
        )
        # Stock follows the reserve policy: the lamp added is set aside, the delivery takes it.
        self.assertEqual(
            (self.qty_at(self.lamp, self.layaway_location), self.qty_at(self.lamp, self.stock_location)), (2.0, 8.0)
        )
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 2.0)
        delivery = self.order._layaway_delivery_pickings()
        self.assertEqual(len(delivery), 1)
        self.assertEqual(delivery.location_id, self.layaway_location)
        self.assertEqual(
            sorted((m.product_id.name, m.product_uom_qty, m.quantity) for m in delivery.move_ids),
            [("Lamp", 1.0, 1.0), ("Lamp", 1.0, 1.0), ("Sofa", 2.0, 2.0)],
        )
        # The change record: before and after.
        self.assertEqual(change.kind, "change")
        self.assertEqual((change.total_before, change.total_after), (290.0, 340.0))
        self.assertEqual(change.goods_before, "2 Units Sofa: $\xa0230.00\n1 Units Lamp: $\xa050.00")
        self.assertEqual(
            change.goods_after,
            "2 Units Sofa: $\xa0230.00\n1 Units Lamp: $\xa050.00\n1 Units Lamp: $\xa050.00",
        )
        self.assertIn("66.66", change.schedule_before)
        self.assertIn("91.66", change.schedule_after)
        self.assertEqual((change.amount_received, change.amount_refunded), (0.0, 0.0))
        note = self.order.message_ids.filtered(lambda m: "Goods changed" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("Schedule after:", note.body)
        # The customer gets the new contract and schedule.
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.subject, f"{self.company.name}: your layaway {self.order.name} has changed")
        self.assertEqual(len(mails.attachment_ids), 1)
        self.assertIn("91.67", mails.body_html)
        # Completing applies every payment: the final invoice is zero.
        self.pay(183.33, "2026-02-01")
        with freeze_time("2026-02-01"):
            invoice = self.env["account.move"].browse(self.order.action_layaway_complete())
        self.assertEqual(invoice.amount_total, 0.0)
        self.assertEqual(round(self.balance(self.deposit_account, self.order), 2), 0.0)
        self.assertEqual(self.qty_at(self.lamp, self.layaway_location), 0.0)

    def test_a_quantity_change_keeps_the_contract_price(self):
        self.order.pricelist_id.item_ids = [
            (
                0,
                0,
                {
                    "applied_on": "0_product_variant",
                    "product_id": self.sofa.id,
                    "min_quantity": 3,
                    "fixed_price": 1.0,
                    "compute_price": "fixed",
                },
            )
        ]
        self.change([{"line_id": self.sofa_line.id, "quantity": 3.0}])
        self.assertEqual((self.sofa_line.product_uom_qty, self.sofa_line.price_unit), (3.0, 100.0))
        self.assertEqual(self.order.layaway_amount_total, 405.0)

    def test_a_higher_minimum_deposit_is_taken_in_the_same_step(self):
        order = self.order = self.make_layaway(deposit=66.0, start_date=self.START)
        lamp_line = order._layaway_goods_lines().filtered(lambda line: line.product_id == self.lamp)
        # 3 lamps: 390, minimum 10 + 20% of 380 = 86: 20 more.
        changes = [{"line_id": lamp_line.id, "quantity": 3.0}]
        picking_count = len(order.picking_ids)
        with freeze_time("2026-01-25"), self.assertRaisesRegex(UserError, r"take at least \$\xa020.00 more"):
            order.action_layaway_change_items(changes)
        # Nothing was written.
        self.assertEqual((lamp_line.product_uom_qty, order.layaway_amount_total), (1.0, 290.0))
        # (setUp's layaway holds a lamp there too)
        self.assertEqual((len(order.picking_ids), self.qty_at(self.lamp, self.layaway_location)), (picking_count, 2.0))
        self.assertFalse(order.layaway_change_ids)
        change, _mails = self.change(changes, amount=50.0, journal_id=self.bank_journal.id)
        # 20 tops the deposit up, 30 pays the first installment in part.
        self.assertEqual(self.state(), ("active", 390.0, 116.0, 86.0, 274.0))
        self.assertEqual(
            self.installments(order),
            [
                (1, date(2026, 2, 14), 101.33, 30.0, "partial"),
                (2, date(2026, 3, 14), 101.33, 0.0, "pending"),
                (3, date(2026, 4, 14), 101.34, 0.0, "pending"),
            ],
        )
        payment = order.layaway_payment_ids.filtered(lambda p: p.kind == "change")
        self.assertEqual((payment.amount, payment.channel, payment.amount_untaxed_company), (50.0, "backoffice", 50.0))
        self.assertEqual(change.amount_received, 50.0)
        self.assertEqual(self.balance(self.deposit_account, order), -116.0)
        self.assertEqual(self.qty_at(self.lamp, self.layaway_location), 4.0)

    def test_removing_goods_pays_the_excess_back_as_store_credit(self):
        self.pay(150.0)
        # One sofa less: 175, paid 240: 65 goes back, the layaway is paid.
        change, _mails = self.change([{"line_id": self.sofa_line.id, "quantity": 1.0}])
        self.assertEqual(self.state(), ("paid", 175.0, 175.0, 90.0, 0.0))
        self.assertEqual(
            self.installments(self.order),
            [(1, date(2026, 2, 14), 66.67, 66.67, "paid"), (2, date(2026, 3, 14), 18.33, 18.33, "paid")],
        )
        credit_note = change.move_id
        self.assertEqual((change.amount_refunded, change.refund_method), (65.0, "credit_note"))
        self.assertEqual(
            (credit_note.move_type, credit_note.state, credit_note.amount_total), ("out_refund", "posted", 65.0)
        )
        self.assertEqual(credit_note.payment_state, "not_paid")  # the customer's credit, to use later
        self.assertEqual(
            sorted((line.account_id, line.balance) for line in credit_note.line_ids),
            sorted([(self.deposit_account, 65.0), (self.receivable_account, -65.0)]),
        )
        refund = self.order.layaway_payment_ids.filtered(lambda p: p.kind == "refund")
        self.assertEqual((refund.amount, refund.amount_untaxed_company, refund.invoice_id), (-65.0, -65.0, credit_note))
        self.assertEqual(self.balance(self.deposit_account, self.order), -175.0)
        # The sofa removed is back in stock.
        self.assertEqual(
            (self.qty_at(self.sofa, self.layaway_location), self.qty_at(self.sofa, self.stock_location)), (1.0, 9.0)
        )
        with freeze_time("2026-02-01"):
            invoice = self.env["account.move"].browse(self.order.action_layaway_complete())
        self.assertEqual(invoice.amount_total, 0.0)
        self.assertEqual(self.balance(self.deposit_account, self.order), 0.0)
        self.assertEqual(self.order.layaway_state, "done")

    def test_removing_goods_pays_back_from_a_journal_chosen_by_a_manager(self):
        self.pay(150.0)
        change, _mails = self.change(
            [{"line_id": self.lamp_line.id, "quantity": 0.0}],
            refund_method="payment",
            refund_journal_id=self.bank_journal.id,
        )
        self.assertEqual(self.state(), ("paid", 240.0, 240.0, 90.0, 0.0))
        self.assertEqual(change.amount_refunded, 0.0)  # 240 exactly: nothing goes back
        self.order.action_layaway_change_items(
            [{"line_id": self.sofa_line.id, "quantity": 1.0}],
            refund_method="payment",
            refund_journal_id=self.bank_journal.id,
        )
        change = self.order.layaway_change_ids[0]
        self.assertEqual((change.amount_refunded, change.refund_method), (115.0, "payment"))
        self.assertEqual(change.move_id.payment_state, "paid")
        self.assertEqual(self.state(), ("paid", 125.0, 125.0, 90.0, 0.0))

    def test_refusals_write_nothing(self):
        cashier = new_test_user(
            self.env, "lw_change_cashier", groups="layaway_pos.group_layaway_user", company_id=self.company.id
        )
        cases = [
            ([{"product_id": self.gift_card.id, "quantity": 1.0}], {}, UserError, "cannot be laid away"),
            ([{"line_id": self.sofa_line.id, "quantity": 2.0}], {}, UserError, "Nothing changes"),
            (
                [{"line_id": self.sofa_line.id, "quantity": 0.0}, {"line_id": self.lamp_line.id, "quantity": 0.0}],
                {},
                UserError,
                "cancel the layaway instead",
            ),
            ([{"product_id": self.sofa.id, "quantity": 20.0}], {}, UserError, "Not enough stock"),
            ([{"line_id": self.sofa_line.id, "quantity": -1.0}], {}, UserError, "cannot be negative"),
            ([{"line_id": 999999, "quantity": 1.0}], {}, UserError, "is not goods of"),
            ([], {}, UserError, "Say what changes"),
            ([{"line_id": self.sofa_line.id, "quantity": 0.0}], {"amount": 5.0}, UserError, "take nothing"),
        ]
        for changes, kwargs, error, message in cases:
            with self.subTest(message=message), self.assertRaisesRegex(error, message):
                self.order.action_layaway_change_items(changes, **kwargs)
        # A cashier keeps the plan's refund destination; a manager may choose another.
        with self.assertRaises(AccessError):
            self.order.with_user(cashier).action_layaway_change_items(
                [{"line_id": self.sofa_line.id, "quantity": 1.0}], refund_method="payment"
            )
        self.assertEqual(self.state(), ("active", 290.0, 90.0, 90.0, 200.0))
        self.assertFalse(self.order.layaway_change_ids)
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 2.0)
        # Editing the lines directly is still refused, naming the action.
        with self.assertRaisesRegex(UserError, "Change items"):
            self.sofa_line.product_uom_qty = 1.0
        draft = self.make_layaway()
        with self.assertRaisesRegex(UserError, "Start it with a deposit first"):
            draft.action_layaway_change_items([{"product_id": self.lamp.id, "quantity": 1.0}])

    def test_adding_goods_to_a_paid_layaway_makes_it_active_again(self):
        self.pay(200.0)
        self.assertEqual(self.order.layaway_state, "paid")
        self.change([{"product_id": self.lamp.id, "quantity": 1.0}])
        # Every installment was paid: the 50 added is due on one more, today.
        self.assertEqual(self.state(), ("active", 340.0, 290.0, 90.0, 50.0))
        self.assertEqual(self.installments(self.order)[-1], (4, date(2026, 4, 14), 50.0, 0.0, "pending"))

    def test_the_wizard_previews_and_reprints_the_contract(self):
        wizard_form = Form(self.env["layaway.change.wizard"].with_context(default_order_id=self.order.id))
        with wizard_form.line_ids.new() as line:
            line.product_id = self.lamp
            line.quantity = 2.0
        self.assertEqual(
            (wizard_form.new_total, wizard_form.new_min_deposit, wizard_form.amount_due_now), (390.0, 86.0, 0.0)
        )
        wizard = wizard_form.save()
        with freeze_time("2026-01-25"):
            action = wizard.action_change()
        # (a company without a document layout is asked for one first, then the report prints)
        report = action.get("report_name") or action["context"]["report_action"]["report_name"]
        self.assertEqual(report, "layaway_pos.report_layaway_contract")
        self.assertEqual(self.order.layaway_amount_total, 390.0)


@tagged("post_install", "-at_install")
class TestLayawayPartialPickup(LayawayCommon):
    def setUp(self):
        super().setUp()
        # Total 290 (2 sofas 230, a lamp 50, fee 10), deposit 90, 150 paid: 240.
        self.order = self.make_layaway(deposit=90.0, start_date=self.START, paid=150.0)
        self.sofa_line, self.lamp_line = self.order._layaway_goods_lines().sorted("id")

    def pickup(self, items, day="2026-01-25"):
        """Hand `items` over on `day`: the change recorded."""
        with freeze_time(day):
            return self.env["layaway.change"].browse(self.order.action_layaway_pickup_partial(items))

    def test_items_covered_leave_invoiced_from_customer_deposits(self):
        change = self.pickup(
            [{"line_id": self.sofa_line.id, "quantity": 1.0}, {"line_id": self.lamp_line.id, "quantity": 1.0}]
        )
        order = self.order
        self.assertEqual((change.kind, change.value_taken), ("pickup", 165.0))
        self.assertEqual(
            (order.layaway_amount_taken, order.layaway_amount_paid, order.layaway_state), (165.0, 240.0, "active")
        )
        # What is left to pay and the schedule do not change.
        self.assertEqual(order.layaway_amount_residual, 50.0)
        self.assertEqual([i[2] for i in self.installments(order)], [66.67, 66.67, 66.66])
        # Delivered: one sofa and the lamp; one sofa stays set aside.
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 1.0)
        self.assertEqual(self.qty_at(self.lamp, self.layaway_location), 0.0)
        self.assertEqual(change.picking_id.state, "done")
        self.assertEqual(
            sorted((m.product_id.name, m.quantity) for m in change.picking_id.move_ids), [("Lamp", 1.0), ("Sofa", 1.0)]
        )
        self.assertEqual((self.sofa_line.qty_delivered, self.lamp_line.qty_delivered), (1.0, 1.0))
        rest = order._layaway_delivery_pickings()
        self.assertEqual(
            [(m.product_id.name, m.product_uom_qty, m.quantity) for m in rest.move_ids], [("Sofa", 1.0, 1.0)]
        )
        # Invoiced: revenue and tax of the items, exactly their value applied from Customer Deposits.
        invoice = change.move_id
        self.assertEqual((invoice.move_type, invoice.state, invoice.amount_total), ("out_invoice", "posted", 0.0))
        tax_account = self.tax_15.invoice_repartition_line_ids.account_id
        self.assertEqual(
            sorted((line.account_id.id, line.balance) for line in invoice.line_ids if line.balance),
            sorted(
                [
                    (self.revenue_account.id, -100.0),
                    (self.revenue_account.id, -50.0),
                    (tax_account.id, -15.0),
                    (self.deposit_account.id, 165.0),
                ]
            ),
        )
        applied = order.layaway_payment_ids.filtered(lambda p: p.kind == "applied")
        self.assertEqual((applied.amount, applied.amount_untaxed_company, applied.invoice_id), (0.0, -165.0, invoice))
        self.assertEqual(self.balance(self.deposit_account, order), -75.0)
        # The rest: paid, then completed: the final invoice deducts what is left on Customer Deposits.
        with freeze_time("2026-02-01"):
            order.action_layaway_pay(50.0, journal_id=self.bank_journal.id)
            final = self.env["account.move"].browse(order.action_layaway_complete())
        self.assertEqual(final.amount_total, 0.0)
        self.assertEqual(
            sorted(
                (line.product_id.name, line.quantity)
                for line in final.invoice_line_ids
                if line.display_type == "product" and not line.is_downpayment
            ),
            [("Layaway Service Fee", 1.0), ("Sofa", 1.0)],
        )
        self.assertEqual(self.balance(self.deposit_account, order), 0.0)
        self.assertEqual((order.layaway_state, self.qty_at(self.sofa, self.layaway_location)), ("done", 0.0))

    def test_items_not_covered_are_refused_with_what_to_take(self):
        order = self.order = self.make_layaway(deposit=90.0, start_date=self.START)
        sofa_line = order._layaway_goods_lines()[0]
        with self.assertRaisesRegex(UserError, r"Take \$\xa025.00 more first"):
            self.pickup([{"line_id": sofa_line.id, "quantity": 1.0}])
        self.assertEqual((order.layaway_amount_taken, sofa_line.qty_delivered, sofa_line.qty_invoiced), (0.0, 0.0, 0.0))
        self.assertFalse(order.layaway_change_ids)
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 4.0)  # setUp's layaway's too

    def test_the_plans_reserve_on_the_goods_left(self):
        self.plan.partial_pickup_reserve = 50.0
        # 165 taken now, 115 left: 57.50 must stay paid too: 222.50 > 240? no: allowed.
        self.pickup([{"line_id": self.sofa_line.id, "quantity": 1.0}, {"line_id": self.lamp_line.id, "quantity": 1.0}])
        # Now 75 is not yet applied: the last sofa (115) cannot leave before the rest is paid.
        self.assertEqual(self.order.layaway_amount_taken, 165.0)
        order = self.make_layaway(deposit=90.0, start_date=self.START, paid=110.0)
        sofa_line, lamp_line = order._layaway_goods_lines().sorted("id")
        with (
            freeze_time("2026-01-25"),
            self.assertRaisesRegex(
                UserError, r"keeps 50.0% of the goods left \(\$\xa057.50\) paid.*Take \$\xa022.50 more first"
            ),
        ):
            order.action_layaway_pickup_partial(
                [{"line_id": sofa_line.id, "quantity": 1.0}, {"line_id": lamp_line.id, "quantity": 1.0}]
            )

    def test_refusals(self):
        cases = [
            ([{"line_id": self.sofa_line.id, "quantity": 3.0}], "Only 2.0 Sofa"),
            ([{"line_id": self.sofa_line.id, "quantity": 0.0}], "must be more than zero"),
            ([{"line_id": 12345, "quantity": 1.0}], "is not an item of"),
            (
                [{"line_id": self.sofa_line.id, "quantity": 2.0}, {"line_id": self.lamp_line.id, "quantity": 1.0}],
                "complete the layaway instead",
            ),
        ]
        for items, message in cases:
            with self.subTest(message=message), self.assertRaisesRegex(UserError, message):
                self.order.action_layaway_pickup_partial(items)
        self.assertFalse(self.order.layaway_change_ids)

    def test_cancelling_after_a_partial_pickup_returns_what_is_held(self):
        self.pickup([{"line_id": self.lamp_line.id, "quantity": 1.0}])
        # 240 paid, 50 applied to the lamp: 190 held; the 10% fee (29) is kept, 161 goes back.
        with freeze_time("2026-01-26"):
            credit_note = self.env["account.move"].browse(self.order.action_layaway_cancel("Changed their mind"))
        self.assertEqual(
            (self.order.layaway_cancel_fee, self.order.layaway_refund_amount, credit_note.amount_total),
            (29.0, 161.0, 161.0),
        )
        self.assertEqual(self.balance(self.deposit_account, self.order), 0.0)
        # The sofas go back to stock; the lamp left with the customer.
        self.assertEqual(
            (self.qty_at(self.sofa, self.layaway_location), self.qty_at(self.sofa, self.stock_location)), (0.0, 10.0)
        )
        self.assertEqual(self.qty_at(self.lamp, self.stock_location), 9.0)

    def test_on_completion_plan_delivers_from_stock_and_sets_nothing_aside(self):
        order = self.make_layaway(plan=self.plan_on_completion, deposit=100.0, start_date=self.START)
        lamp_line = order._layaway_goods_lines().filtered(lambda line: line.product_id == self.lamp)
        with freeze_time("2026-01-25"):
            order.action_layaway_pickup_partial([{"line_id": lamp_line.id, "quantity": 1.0}])
        # 10, less setUp's layaway's lamp set aside, less this one.
        self.assertEqual(self.qty_at(self.lamp, self.stock_location), 8.0)
        self.assertEqual(lamp_line.qty_delivered, 1.0)
        self.assertFalse(order._layaway_delivery_pickings())
        self.assertEqual(order.layaway_amount_taken, 50.0)

    def test_tax_on_advances_comes_off_with_the_items(self):
        self.company.layaway_advance_tax = "goods"
        order = self.make_layaway(deposit=100.0, start_date=self.START, paid=100.0)
        sofa_line = order._layaway_goods_lines().filtered(lambda line: line.product_id == self.sofa)
        with freeze_time("2026-01-25"):
            change = self.env["layaway.change"].browse(
                order.action_layaway_pickup_partial([{"line_id": sofa_line.id, "quantity": 1.0}])
            )
        invoice = change.move_id
        tax_account = self.tax_15.invoice_repartition_line_ids.account_id
        self.assertEqual(invoice.amount_total, 0.0)
        # The sofa's VAT was paid with the advances: it comes off them, nothing more is due.
        self.assertEqual(
            sum(invoice.line_ids.filtered(lambda line: line.account_id == tax_account).mapped("balance")), 0.0
        )
        self.assertEqual(
            sum(invoice.line_ids.filtered(lambda line: line.account_id == self.deposit_account).mapped("balance")),
            100.0,
        )
        self.assertEqual(order.layaway_amount_taken, 115.0)


# A life of changes: payments (per mille of the balance), goods changed (a lamp added or removed,
# a sofa added), items taken early (a lamp), then the balance paid and the goods handed over.
change_step = st.one_of(
    st.tuples(st.just("pay"), st.integers(min_value=1, max_value=1000)),
    st.tuples(st.just("change"), st.sampled_from(["add lamp", "remove lamp", "add sofa"])),
    st.tuples(st.just("pickup"), st.just("lamp")),
)


@tagged("post_install", "-at_install")
class TestLayawayChangeProperties(LayawayCommon):
    """Whatever the changes and pick-ups, the schedule re-spreads and the books stay straight."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for product in cls.sofa | cls.lamp:
            cls.env["stock.quant"]._update_available_quantity(product, cls.stock_location, 1000.0)

    def test_random_changes_keep_the_schedule_and_the_books_straight(self):
        tally = Counter()

        @settings(
            max_examples=10,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        )
        @example(deposit_cents=9000, steps=[("pay", 500), ("pickup", "lamp"), ("change", "remove lamp")])
        @example(deposit_cents=29000, steps=[("change", "remove lamp"), ("change", "add sofa")])
        @given(deposit_cents=st.integers(min_value=6600, max_value=29000), steps=st.lists(change_step, max_size=5))
        def live(deposit_cents, steps):
            self.live(deposit_cents / 100.0, steps, tally)

        # hypothesis's @given passes the arguments. pylint: disable-next=no-value-for-parameter
        live()
        self.assertTrue(tally["accepted change"] and tally["accepted pickup"], tally)

    def live(self, deposit, steps, tally):
        """Start, take the steps (a refusal must leave the books as they were), then complete."""
        order = self.make_layaway(deposit=deposit)
        self.assert_books(order)
        for action, value in steps:
            try:
                with self.env.cr.savepoint():
                    self.take_step(order, action, value)
            except UserError:
                tally[f"refused {action}"] += 1
            else:
                tally[f"accepted {action}"] += 1
            self.assert_books(order)
        if order.layaway_amount_residual:
            order.action_layaway_pay(order.layaway_amount_residual, journal_id=self.bank_journal.id)
        invoice = self.env["account.move"].browse(order.action_layaway_complete())
        self.assertAlmostEqual(invoice.amount_total, 0.0, places=2)
        self.assertAlmostEqual(self.balance(self.deposit_account, order), 0.0, places=2)
        self.assertEqual(order.layaway_state, "done")

    def take_step(self, order, action, value):
        """One step: a payment, a change of goods or a lamp taken home."""
        lamps = order._layaway_goods_lines().filtered(
            lambda line: line.product_id == self.lamp and line._layaway_qty_left() > 0
        )
        if action == "pay":
            amount = self.currency.round(max(order.layaway_amount_residual * value / 1000, 0.01))
            order.action_layaway_pay(amount, journal_id=self.bank_journal.id)
        elif action == "pickup":
            order.action_layaway_pickup_partial([{"line_id": lamps[:1].id, "quantity": 1.0}])
        else:
            if value == "remove lamp":
                changes = [{"line_id": lamps[:1].id, "quantity": lamps[:1].product_uom_qty - 1.0}]
            else:
                changes = [{"product_id": (self.lamp if value == "add lamp" else self.sofa).id, "quantity": 1.0}]
            preview = order._layaway_change_preview(changes)
            order.action_layaway_change_items(
                changes, amount=preview.get("shortfall", 0.0), journal_id=self.bank_journal.id
            )

    def assert_books(self, order):
        """Payments, installments, liability and stock agree."""
        paid = self.assert_schedule_holds_payments(order)
        installments = order.layaway_installment_ids
        for installment in installments:
            self.assertGreaterEqual(installment.amount, 0.0)
            self.assertLessEqual(installment.amount_paid, installment.amount + 0.001)
        self.assertGreaterEqual(order.layaway_amount_residual, 0.0)
        self.assertGreaterEqual(order.layaway_amount_paid + 0.001, order.layaway_min_deposit)
        # Customer Deposits holds what was paid, less what went back and what the goods taken early took.
        self.assertAlmostEqual(-self.balance(self.deposit_account, order), paid - order.layaway_amount_taken, places=2)
        # The goods not yet handed over are set aside.
        held = sum(line._layaway_qty_left() for line in order._layaway_goods_lines() if line.product_id == self.lamp)
        reserved = sum(
            order._layaway_delivery_pickings().move_ids.filtered(lambda m: m.product_id == self.lamp).mapped("quantity")
        )
        self.assertAlmostEqual(reserved, held, places=2)
