from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LayawayCommon

# One step of a layaway's life: pay an amount (cents), cancel, or complete.
step = st.one_of(
    st.tuples(st.just("pay"), st.integers(min_value=1, max_value=30000)),
    st.tuples(st.just("cancel"), st.booleans()),
    st.tuples(st.just("complete"), st.just(None)),
)


@tagged("post_install", "-at_install")
class TestLayawayProperties(LayawayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Every example reserves goods; the ones left open keep them.
        for product in cls.sofa | cls.lamp:
            cls.env["stock.quant"]._update_available_quantity(product, cls.stock_location, 1000.0)

    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(deposit_cents=st.integers(min_value=6600, max_value=29000), steps=st.lists(step, max_size=6))
    def test_random_lives_keep_the_books_straight(self, deposit_cents, steps):
        order = self.make_layaway()
        order.action_layaway_start(deposit_cents / 100.0, journal_id=self.bank_journal.id)
        for action, value in steps:
            if order.layaway_state in ("done", "cancelled"):
                break
            try:
                if action == "pay":
                    order.action_layaway_pay(value / 100.0, journal_id=self.bank_journal.id)
                elif action == "cancel":
                    order.action_layaway_cancel(
                        "random", refund_method="payment" if value else "credit_note", journal_id=self.bank_journal.id
                    )
                else:
                    order.action_layaway_complete()
            except UserError:  # pylint: disable=except-pass
                pass  # a refused step must leave everything as it was: checked below
            self.assert_books(order)

    def assert_books(self, order):
        paid = sum(order.layaway_payment_ids.mapped("amount"))
        self.assertAlmostEqual(order.layaway_amount_paid, paid, places=2)
        installments = order.layaway_installment_ids
        # What the installments received is exactly what was paid after the deposit.
        self.assertAlmostEqual(sum(installments.mapped("amount_paid")), paid - order.layaway_deposit_amount, places=2)
        self.assertAlmostEqual(
            sum(installments.mapped("amount")), order.layaway_amount_total - order.layaway_deposit_amount, places=2
        )
        for installment in installments:
            self.assertLessEqual(installment.amount_paid, installment.amount + 0.001)
        self.assertGreaterEqual(order.layaway_amount_residual, 0.0)
        # The layaway's liability: what was paid minus what was applied (completion) or
        # returned and forfeited (cancellation).
        expected_liability = 0.0 if order.layaway_state in ("done", "cancelled") else paid
        self.assertAlmostEqual(-self.balance(self.deposit_account, order), expected_liability, places=2)
        if order.layaway_state == "cancelled":
            self.assertAlmostEqual(-self.balance(self.forfeit_account, order), order.layaway_cancel_fee, places=2)
            self.assertAlmostEqual(order.layaway_cancel_fee + order.layaway_refund_amount, paid, places=2)
