"""Refund destination "gift card": refused, writing nothing, without Odoo's Loyalty app (make test);
with it installed (make test-giftcard's own database), the money paid back becomes a gift card."""

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import LayawayCommon


@tagged("post_install", "-at_install")
class TestGiftCardWithoutLoyalty(LayawayCommon):
    """Where the Loyalty app is not installed (make test's database)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loyalty = "loyalty.program" in cls.env

    def test_a_gift_card_is_refused_with_what_to_do_and_nothing_written(self):
        if self.loyalty:
            self.skipTest("The Loyalty app is installed: TestGiftCardRefunds covers gift cards here.")
        order = self.make_layaway(deposit=90.0, start_date=self.START, paid=150.0)
        sofa_line = order._layaway_goods_lines().filtered(lambda line: line.product_id == self.sofa)
        with self.assertRaisesRegex(UserError, "needs Odoo's gift cards"):
            order.action_layaway_change_items([{"line_id": sofa_line.id, "quantity": 1.0}], refund_method="gift_card")
        with self.assertRaisesRegex(UserError, "needs Odoo's gift cards"):
            order.action_layaway_cancel("Moved away", refund_method="gift_card")
        self.assertEqual(
            (order.layaway_state, order.layaway_amount_paid, sofa_line.product_uom_qty, order.layaway_change_ids),
            ("active", 240.0, 2.0, self.env["layaway.change"]),
        )
        # Nor may a plan refund to gift cards.
        with self.assertRaisesRegex(ValidationError, "install it first"):
            self.plan.refund_method = "gift_card"


@tagged("post_install", "-at_install")
class TestGiftCardRefunds(LayawayCommon):
    """With the Loyalty app installed (make test-giftcard): the refund is a gift card of that value."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "loyalty.program" not in cls.env:
            return
        cls.gift_card_account = cls.env["account.account"].create(
            {"name": "Gift cards outstanding", "code": "219900", "account_type": "liability_current"}
        )
        cls.gift_card_product = cls.env["product.product"].create(
            {
                "name": "Store gift card",
                "type": "service",
                "list_price": 50.0,
                "property_account_income_id": cls.gift_card_account.id,
                "taxes_id": [(5, 0, 0)],
            }
        )
        cls.program = cls.env["loyalty.program"].create(
            {
                "name": "Gift cards",
                "program_type": "gift_card",
                "company_id": cls.company.id,
                "applies_on": "future",
                "trigger": "auto",
                "rule_ids": [
                    (
                        0,
                        0,
                        {
                            "reward_point_amount": 1,
                            "reward_point_mode": "money",
                            "reward_point_split": True,
                            "product_ids": [(6, 0, cls.gift_card_product.ids)],
                        },
                    )
                ],
                "reward_ids": [
                    (
                        0,
                        0,
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_point",
                            "discount": 1,
                            "discount_applicability": "order",
                            "required_points": 1,
                        },
                    )
                ],
            }
        )

    def setUp(self):
        super().setUp()
        if "loyalty.program" not in self.env:
            self.skipTest("Odoo's Loyalty app is not installed here: make test-giftcard runs these.")

    def cards(self, order):
        """The gift cards of the program for the layaway's customer."""
        return self.env["loyalty.card"].search(
            [("program_id", "=", self.program.id), ("partner_id", "=", order.partner_id.id)]
        )

    def test_money_paid_beyond_a_changed_total_becomes_a_gift_card(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START, paid=150.0)
        sofa_line = order._layaway_goods_lines().filtered(lambda line: line.product_id == self.sofa)
        with freeze_time("2026-01-25"):
            order.action_layaway_change_items([{"line_id": sofa_line.id, "quantity": 1.0}], refund_method="gift_card")
        change = order.layaway_change_ids
        # One sofa less: 175; 240 paid: 65 back, on a gift card.
        self.assertEqual((change.amount_refunded, change.refund_method), (65.0, "gift_card"))
        card = self.cards(order)
        self.assertEqual((len(card), card.points), (1, 65.0))
        # The credit note is settled by the gift card's entry (Odoo: "reversed", nothing left to pay).
        self.assertEqual((change.move_id.amount_residual, change.move_id.payment_state), (0.0, "reversed"))
        self.assertEqual(self.balance(self.gift_card_account), -65.0)
        self.assertEqual(self.balance(self.deposit_account, order), -175.0)
        receivable = self.env["account.move.line"].search(
            [
                ("partner_id", "=", order.partner_id.id),
                ("account_id", "=", self.receivable_account.id),
                ("parent_state", "=", "posted"),
            ]
        )
        self.assertEqual(sum(receivable.mapped("amount_residual")), 0.0)
        with freeze_time("2026-02-01"):
            invoice = self.env["account.move"].browse(order.action_layaway_complete())
        self.assertEqual(invoice.amount_total, 0.0)
        self.assertEqual(self.balance(self.deposit_account, order), 0.0)

    def test_a_cancellation_refunded_to_a_gift_card_keeps_the_fee(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        with freeze_time("2026-01-25"):
            order.action_layaway_cancel("Moved away", refund_method="gift_card")
        # 10 % of 290 = 29 kept; 61 on a gift card.
        self.assertEqual(
            (order.layaway_state, order.layaway_cancel_fee, order.layaway_refund_amount), ("cancelled", 29.0, 61.0)
        )
        self.assertEqual(self.cards(order).points, 61.0)
        self.assertEqual(self.balance(self.gift_card_account), -61.0)
        self.assertEqual(self.balance(self.forfeit_account, order), -29.0)
        self.assertEqual(self.balance(self.deposit_account, order), 0.0)
        self.assertIn("gift card", order.message_ids.filtered(lambda m: "Layaway cancelled" in (m.body or "")).body)

    def test_the_plan_may_refund_to_gift_cards(self):
        self.plan.refund_method = "gift_card"
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        with freeze_time("2026-01-25"):
            order.action_layaway_cancel("Moved away")
        self.assertEqual(self.cards(order).points, 61.0)
