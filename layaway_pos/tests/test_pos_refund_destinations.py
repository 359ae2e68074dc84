"""Refund destinations at the register: the original tender first, Customer Account as store credit."""

from odoo.tests import tagged

from .test_pos_common import LayawayPosCommon


@tagged("post_install", "-at_install")
class TestRegisterRefundDestinations(LayawayPosCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_account = cls.env["pos.payment.method"].create(
            {"name": "Customer Account", "split_transactions": True, "company_id": cls.company.id}
        )
        cls.card_method = cls.config.payment_method_ids.filtered(lambda m: m.journal_id.type == "bank")[:1]
        cls.config.payment_method_ids = [(4, cls.customer_account.id)]

    def setUp(self):
        super().setUp()
        self.open_session()

    def detail(self, order):
        """The register's detail of `order`, as this register asks for it."""
        return self.env["sale.order"].layaway_pos_detail(order.id, self.config.id)

    def test_the_original_tender_is_the_method_of_the_latest_register_payment(self):
        order, _ = self.start_at_register(66.0)
        self.assertEqual(self.detail(order)["refund_payment_method_id"], self.cash_method.id)
        self.pay_at_register(order, 20.0, payments=[(self.card_method, 20.0)])
        self.assertEqual(self.detail(order)["refund_payment_method_id"], self.card_method.id)
        # Money taken in the back office has no tender at the register: the cashier chooses.
        back_office = self.make_layaway(deposit=66.0)
        self.assertFalse(self.detail(back_office)["refund_payment_method_id"])
        # What a cancellation returns: paid, less the goods taken early.
        self.assertEqual(self.detail(order)["amount_held"], 86.0)

    def test_a_cancellation_paid_back_as_store_credit_on_the_customer_account(self):
        order, _ = self.start_at_register(66.0)
        pos_order = self.sync(
            self.ui_order(self.cancel_lines(order, 29.0), kind="refund", payments=[(self.customer_account, -37.0)])
        )
        self.assertEqual(
            (pos_order.amount_total, order.layaway_state, order.layaway_refund_amount), (-37.0, "cancelled", 37.0)
        )
        lines = self.close_session()
        receivable = lines.filtered(
            lambda line: line.partner_id == self.customer and line.account_id.account_type == "asset_receivable"
        )
        # The customer's credit: 37 on their account, to spend on a later purchase.
        self.assertEqual(sum(receivable.mapped("balance")), -37.0)
        self.assertEqual(self.balance_of(lines, self.deposit_account), 0.0)
