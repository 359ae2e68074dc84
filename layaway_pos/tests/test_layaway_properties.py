from collections import Counter

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LayawayCommon
from .test_pos_common import LayawayPosCommon

# A layaway's life: payments of a share of the balance (per mille: 1000 pays it off, more is an
# overpayment), then maybe an end: cancel (the refund paid back, or kept as a credit note), or
# complete (with the balance as the last payment, or without).
pay = st.tuples(st.just("pay"), st.integers(min_value=1, max_value=1200))
end = st.tuples(st.sampled_from(["cancel", "complete"]), st.booleans())
life = st.builds(lambda pays, ending: pays + ending, st.lists(pay, min_size=1, max_size=5), st.lists(end, max_size=1))


@tagged("post_install", "-at_install")
class TestLayawayProperties(LayawayCommon):
    max_examples = 12

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Every example reserves goods; the ones left open keep them.
        for product in cls.sofa | cls.lamp:
            cls.env["stock.quant"]._update_available_quantity(product, cls.stock_location, 1000.0)
        cls.tax_account = cls.tax_15.invoice_repartition_line_ids.account_id

    def test_random_lives_keep_the_books_straight(self):
        tally = Counter()

        @settings(
            max_examples=self.max_examples,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        )
        # Whatever the generator draws, these lives are always lived: an overpayment and a completion
        # with a balance left refused, a completion once paid and a cancellation accepted.
        @example(deposit_cents=9000, steps=[("pay", 1200), ("pay", 500), ("complete", False)])
        @example(deposit_cents=9000, steps=[("pay", 1000), ("complete", False)])
        @example(deposit_cents=9000, steps=[("pay", 300), ("cancel", True)])
        @given(deposit_cents=st.integers(min_value=6600, max_value=29000), steps=life)
        def live(deposit_cents, steps):
            self.live(deposit_cents / 100.0, steps, tally)

        # hypothesis's @given passes the arguments. pylint: disable-next=no-value-for-parameter
        live()
        # The lives must mostly move: an API that refused every step would keep the books straight too.
        self.assertGreaterEqual(tally["accepted"], 2 * tally["refused"], tally)
        for action in ("pay", "cancel", "complete"):
            self.assertTrue(tally[f"accepted {action}"], f"no {action} was ever accepted: {tally}")

    def live(self, deposit, steps, tally):
        """Start a layaway with `deposit`, take the `steps`; only the refusals the rules call for may happen."""
        order = self.begin_life(deposit)
        self.assert_books(order)
        for action, value in steps:
            if order.layaway_state in ("done", "cancelled"):
                break
            amount = (
                self.currency.round(max(order.layaway_amount_residual * value / 1000, 0.01)) if action == "pay" else 0
            )
            expected_refusal = self.expected_refusal(order, action, value, amount)
            try:
                self.take_step(order, action, value, amount)
            except UserError as error:
                self.assertTrue(expected_refusal, f"{action} {value} refused on {order.layaway_state} layaway: {error}")
                self.assertIn(expected_refusal, str(error))
                tally["refused"] += 1
            else:
                self.assertFalse(expected_refusal, f"{action} {value} accepted, expected a refusal: {expected_refusal}")
                tally["accepted"] += 1
                tally[f"accepted {action}"] += 1
            # A refused step must leave everything as it was.
            self.assert_books(order)
        self.end_life(order)

    def begin_life(self, deposit):
        """A layaway started with `deposit` in the back office."""
        return self.make_layaway(deposit=deposit)

    def take_step(self, order, action, value, amount):
        """One step of a life, in the back office."""
        if action == "pay":
            order.action_layaway_pay(amount, journal_id=self.bank_journal.id)
        elif action == "cancel":
            order.action_layaway_cancel(
                "random", refund_method="payment" if value else "credit_note", journal_id=self.bank_journal.id
            )
        elif value:
            order.action_layaway_complete(order.layaway_amount_residual, journal_id=self.bank_journal.id)
        else:
            order.action_layaway_complete()

    def end_life(self, order):
        """After the last step: nothing more to check in the back office (the books were checked at each step)."""

    def expected_refusal(self, order, action, value, amount):
        """What a refusal of this step must mention, or None when the rules accept it."""
        if action == "pay":
            if order.layaway_state != "active":
                return order.name  # only an active layaway takes payments
            residual = order.layaway_amount_total - order.layaway_amount_paid
            if self.currency.compare_amounts(amount, residual) > 0:
                return f"{residual:.2f}"  # overpayment: the balance is said
        elif action == "complete" and not value and order.layaway_state != "paid":
            return order.name  # a balance is left
        return None

    def assert_books(self, order):
        """The layaway's paid amounts, installments and entries agree."""
        paid = self.assert_schedule_holds_payments(order)
        installments = order.layaway_installment_ids
        for installment in installments:
            self.assertLessEqual(installment.amount_paid, installment.amount + 0.001)
        self.assertGreaterEqual(order.layaway_amount_residual, 0.0)
        # The layaway's liability: what was paid minus what was applied (completion) or
        # returned and forfeited (cancellation).
        expected_liability = 0.0 if order.layaway_state in ("done", "cancelled") else self.open_liability(order, paid)
        self.assertAlmostEqual(-self.balance(self.deposit_account, order), expected_liability, places=2)
        self.assert_advance_tax(order, paid)
        if order.layaway_state == "cancelled":
            self.assertAlmostEqual(
                -self.balance(self.forfeit_account, order), self.company_amount(order.layaway_cancel_fee), places=2
            )
            self.assertAlmostEqual(order.layaway_cancel_fee + order.layaway_refund_amount, paid, places=2)

    def company_amount(self, amount):
        """An amount of the layaway's currency as the books hold it: the company's currency."""
        return amount

    def open_liability(self, order, paid):  # pylint: disable=unused-argument
        """What an open layaway owes on Customer Deposits: everything paid (untaxed advances)."""
        return paid

    def assert_advance_tax(self, order, paid):  # pylint: disable=unused-argument
        """Untaxed advances: no tax before the goods' final invoice."""
        if order.layaway_state != "done":
            self.assertAlmostEqual(self.balance(self.tax_account, order), 0.0, places=2)
        else:
            self.assertAlmostEqual(
                -self.balance(self.tax_account, order), self.company_amount(order.amount_tax), places=2
            )


@tagged("post_install", "-at_install")
class TestLayawayPropertiesVatOnAdvances(TestLayawayProperties):
    """The same lives where advances carry the goods' VAT (company setting)."""

    max_examples = 6  # and the @example lives: make test stays under 10 minutes

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.layaway_advance_tax = "goods"

    def open_liability(self, order, paid):
        """Customer Deposits holds the advances without their VAT: their invoices' untaxed amounts."""
        untaxed = sum(order.layaway_payment_ids.invoice_id.mapped("amount_untaxed"))
        self.assertLess(untaxed, paid + 0.001)
        return untaxed

    def assert_advance_tax(self, order, paid):
        """Open: the advances' VAT is declared; done: the goods' VAT; cancelled: none."""
        tax = -self.balance(self.tax_account, order)
        if order.layaway_state == "done":
            self.assertAlmostEqual(tax, order.amount_tax, places=2)
        elif order.layaway_state == "cancelled":
            self.assertAlmostEqual(tax, 0.0, places=2)
        else:
            self.assertAlmostEqual(tax, paid - self.open_liability(order, paid), places=2)
        # Each advance's invoice is exactly the money received: nothing left on the receivable.
        for payment in order.layaway_payment_ids.filtered("invoice_id"):
            self.assertAlmostEqual(payment.invoice_id.amount_total, payment.amount, places=2)
            self.assertEqual(payment.invoice_id.payment_state, "paid")


class PropertiesAcrossChannels:
    """The same lives across both channels: each layaway's steps go to the register or the back
    office as the draws fall (an even deposit in cents starts at the register, an odd per mille
    pays there, a completion with its last payment is a pick-up there, a cancellation with a
    refund paid back is one there). The register's money is booked when its session closes:
    each life has its own session, and the books are checked over the layaway's documents and
    that session's entry once it is closed. A mixin of the two tax modes below."""

    # pylint: disable=no-member

    max_examples = 4  # and the @example lives: make test stays under 10 minutes

    def test_random_lives_keep_the_books_straight(self):
        # pylint: disable-next=attribute-defined-outside-init
        self.register_steps = Counter()
        result = super().test_random_lives_keep_the_books_straight()
        # The lives must cross the channels: starts, payments and ends at the register.
        for action in ("start", "pay", "complete", "cancel"):
            self.assertTrue(self.register_steps[action], f"no {action} at the register: {self.register_steps}")
        return result

    def begin_life(self, deposit):
        """A life's own register session, and its start at the register or in the back office."""
        self.open_session()
        self.register_lines = self.env["account.move.line"]  # pylint: disable=attribute-defined-outside-init
        if not round(deposit * 100) % 2:
            # The deposit's POS order creates the layaway: there is no order before its sync.
            self.register_steps["start"] += 1
            return self.make_layaway(at_register=True, deposit=deposit)
        return self.make_layaway(deposit=deposit)

    def money(self, order, amount):
        """The register's lines taking `amount` on the layaway, per the tax mode."""
        if self.company.layaway_advance_tax == "goods":
            parts = self.env["sale.order"].layaway_pos_advance_split(order.id, self.config.id, amount)
            return self.money_lines(order, parts)
        return [self.deposit_line(order, amount)]

    def returned(self, order):
        """The register's lines applying or returning everything paid."""
        detail = self.env["sale.order"].layaway_pos_detail(order.id, self.config.id)
        return detail, self.money_lines(order, detail["advances"], sign=-1)

    def register_step(self, order, step, action):
        """A register step as one request: a refusal rolls it back."""
        self.register_steps[action] += 1
        try:
            with self.env.cr.savepoint():
                step()
        finally:
            self.env.invalidate_all()
            order.invalidate_recordset()

    def take_step(self, order, action, value, amount):
        """The step at the register when the draw says so, else in the back office."""
        if action == "pay" and value % 2:
            self.register_step(
                order, lambda: self.sync(self.ui_order(self.money(order, amount), kind="installment")), "pay"
            )
        elif action == "complete" and value and order.layaway_state in ("active", "paid"):

            def pickup():
                _detail, applied = self.returned(order)
                goods = [line for line in self.pickup_lines(order) if line[2]["product_id"] != self.deposit_product.id]
                self.sync(self.ui_order(goods + applied, kind="pickup"))

            self.register_step(order, pickup, "complete")
        elif action == "cancel" and value and order.layaway_state in ("active", "paid", "expired"):

            def cancel():
                detail, lines = self.returned(order)
                if detail["cancel_fee"]:
                    lines.append(
                        self.ui_line(
                            self.cancel_fee_product,
                            1.0,
                            detail["cancel_fee_price_unit"],
                            sale_order_origin_id=order.id,
                        )
                    )
                self.sync(self.ui_order(lines, kind="refund"))

            self.register_step(order, cancel, "cancel")
        else:
            return super().take_step(order, action, value, amount)
        return None

    def balance(self, account, order=None):
        """The layaway's documents and its life's closed session entry."""
        lines = self.register_lines.filtered(lambda line: line.account_id == account)
        return super().balance(account, order) + sum(lines.mapped("balance"))

    def assert_books(self, order):
        """Until its session closes, the register's money is not booked: the amounts only."""
        if self.session.state == "closed":
            return super().assert_books(order)
        paid = sum(order.layaway_payment_ids.mapped("amount"))
        self.assertAlmostEqual(order.layaway_amount_paid, paid, places=2)
        installments = order.layaway_installment_ids
        self.assertAlmostEqual(sum(installments.mapped("amount_paid")), paid - order.layaway_deposit_amount, places=2)
        return None

    def end_life(self, order):
        """The life's session closes: its entry joins the layaway's books, checked once more."""
        self.register_lines = self.close_session()  # pylint: disable=attribute-defined-outside-init
        self.assert_books(order)

    def open_liability(self, order, paid):
        """Customer Deposits holds what each payment booked there, without tax (either channel)."""
        untaxed = sum(order.layaway_payment_ids.mapped("amount_untaxed_company"))
        self.assertLess(untaxed, paid + 0.001)
        return untaxed


@tagged("post_install", "-at_install")
class TestLayawayPropertiesChannels(PropertiesAcrossChannels, TestLayawayProperties, LayawayPosCommon):
    """Both channels, no tax on advances."""


@tagged("post_install", "-at_install")
class TestLayawayPropertiesChannelsVatOnAdvances(
    PropertiesAcrossChannels, TestLayawayPropertiesVatOnAdvances, LayawayPosCommon
):
    """Both channels, advances carrying the goods' VAT."""

    max_examples = 4


@tagged("post_install", "-at_install")
class TestLayawayPropertiesEuro(TestLayawayProperties):
    """The same lives in EUR for a USD company: started on 15 January 2026 (2 EUR per USD) in the
    euro bank, paid on 10 February (2.5) or today (4.0) into the euro or the dollar bank, completed
    or cancelled today. Customer Deposits must come back to zero in dollars (the exchange entry),
    revenue and tax at today's rate."""

    max_examples = 4  # and the @example lives: make test stays under 10 minutes

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_euro_books([("2025-01-01", 2.0), ("2026-02-01", 2.5), ("2026-03-01", 4.0)])

    def begin_life(self, deposit):
        """The cart in EUR at today's rate (1,140 EUR with the fee), the deposit 3.9 times the draw."""
        order = self.make_layaway()
        order.pricelist_id = self.eur_pricelist
        order.action_update_prices()
        order.action_layaway_start(
            self.eur.round(deposit * 3.9), journal_id=self.eur_journal.id, payment_date=self.START
        )
        return order

    def take_step(self, order, action, value, amount):
        """Payments on either day into either bank, as the draw falls."""
        if action == "pay":
            order.action_layaway_pay(
                amount,
                journal_id=(self.eur_journal if value % 3 else self.usd_journal).id,
                payment_date="2026-02-10" if value % 2 else False,
            )
            return None
        return super().take_step(order, action, value, amount)

    def company_amount(self, amount):
        """Revenue, tax and the fee kept are at today's rate (the completion's or cancellation's)."""
        return self.eur._convert(amount, self.currency, self.company, self.company._layaway_today())

    def open_liability(self, order, paid):
        """Each advance at its own day's rate, in dollars."""
        return sum(order.layaway_payment_ids.mapped("amount_untaxed_company"))


@tagged("post_install", "-at_install")
class TestLayawayPropertiesEuroChannels(PropertiesAcrossChannels, TestLayawayPropertiesEuro, LayawayPosCommon):
    """The euro lives across both channels, at a register that sells in euros (today, at 4.0):
    the register's money booked by its session at its day's rate, the back office's at its own,
    and Customer Deposits back to zero in dollars after a pick-up or cancellation in either."""

    max_examples = 3  # and the @example lives: make test stays under 10 minutes

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config = cls.euro_register()

    def setUp(self):
        super().setUp()
        self.cash_method = self.config.payment_method_ids

    def begin_life(self, deposit):
        """A life's own session; the start at the euro register (its cart at the register's prices,
        taken as euros: 320 EUR with the fee; the draw made a deposit of 96 to 297.60) or in the
        back office (3.9 times the draw)."""
        self.open_session()
        self.register_lines = self.env["account.move.line"]  # pylint: disable=attribute-defined-outside-init
        # Deposits in cents divisible by 3 (the explicit lives' 9000 among them) start in the back
        # office on 15 January: their register ends take advances of 2.0 out at 4.0.
        if not round(deposit * 100) % 3:
            return TestLayawayPropertiesEuro.begin_life(self, deposit)
        # The draw (66 to 290) onto the deposits the plan takes: 96 (its 30 %) to 297.60; the
        # deposit's POS order creates the layaway.
        self.register_steps["start"] += 1
        order = self.make_layaway(  # pylint: disable=unexpected-keyword-arg
            at_register=True, deposit=self.eur.round(96.0 + (deposit - 66.0) * 0.9)
        )
        self.assertEqual((order.currency_id, order.layaway_amount_total), (self.eur, 320.0))
        return order
