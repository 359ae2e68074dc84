"""Change items at the register: the preview, then a POS order of kind "change" takes the new
minimum deposit or pays back what was paid beyond the new total; without money, a server call."""

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

from .test_pos_common import LayawayPosCommon
from .test_pos_layaway_sync import _Refused


@tagged("post_install", "-at_install")
class TestPosLayawayChange(LayawayPosCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_account = cls.env["pos.payment.method"].create(
            {"name": "Customer Account", "split_transactions": True, "company_id": cls.company.id}
        )
        cls.config.payment_method_ids = [(4, cls.customer_account.id)]

    def setUp(self):
        super().setUp()
        self.open_session()
        # Total 290 (2 sofas 230, a lamp 50, fee 10), deposit 66: 74.67, 74.67, 74.66.
        self.order, _pos_order = self.start_at_register(66.0)
        self.sofa_line, self.lamp_line = self.order._layaway_goods_lines().sorted("id")
        today = self.company._layaway_today()
        first = today + relativedelta(days=30)
        self.due = [first, first + relativedelta(months=1), first + relativedelta(months=2)]

    def assertRefused(self, message):
        """The refusal rolls back everything the call wrote (as the RPC's transaction would)."""
        return _Refused(self, message)

    def change_order(self, changes, money, payments=None, **kwargs):
        """The register's order of a change: the changes it carries and its money lines."""
        lines = [self.deposit_line(self.order, amount) for amount in money]
        order = self.ui_order(lines, payments=payments, kind="change", **kwargs)
        order["layaway_change"] = {"changes": changes}
        return order

    def state(self):
        """The layaway's state, total, paid, deposit and balance."""
        return self.layaway_amounts(self.order)

    def stock(self, product):
        """`product` on hand in the layaway location and in the warehouse's stock."""
        return (self.qty_at(product, self.layaway_location), self.qty_at(product, self.stock_location))

    def test_preview_shows_the_money_and_schedule_and_writes_nothing(self):
        self.env.flush_all()
        changes_before = self.env["layaway.change"].search_count([])
        preview = self.env["sale.order"].layaway_pos_change_preview(
            self.order.id, self.config.id, [{"line_id": self.lamp_line.id, "quantity": 3.0}]
        )
        # 390 now; the minimum deposit (10 + 20% of 380 = 86) asks 20 more than the 66 paid.
        self.assertEqual(
            {k: preview[k] for k in ("total", "min_deposit", "paid", "shortfall", "refund", "balance")},
            {"total": 390.0, "min_deposit": 86.0, "paid": 66.0, "shortfall": 20.0, "refund": 0.0, "balance": 304.0},
        )
        self.assertEqual(
            preview["installments"],
            [
                {"sequence": 1, "due_date": fields.Date.to_string(self.due[0]), "amount": 101.33, "amount_paid": 0.0},
                {"sequence": 2, "due_date": fields.Date.to_string(self.due[1]), "amount": 101.33, "amount_paid": 0.0},
                {"sequence": 3, "due_date": fields.Date.to_string(self.due[2]), "amount": 101.34, "amount_paid": 0.0},
            ],
        )
        self.assertEqual(
            (preview["refund_method"], preview["refund_payment_method_id"]), ("credit_note", self.cash_method.id)
        )
        self.env.flush_all()
        self.assertEqual((self.lamp_line.product_uom_qty, self.order.layaway_amount_total), (1.0, 290.0))
        self.assertEqual(self.env["layaway.change"].search_count([]), changes_before)
        with self.assertRefused("Not enough stock"):
            self.env["sale.order"].layaway_pos_change_preview(
                self.order.id, self.config.id, [{"product_id": self.sofa.id, "quantity": 20.0}]
            )
        with self.assertRefused("cannot be laid away"):
            self.env["sale.order"].layaway_pos_change_preview(
                self.order.id, self.config.id, [{"product_id": self.gift_card.id, "quantity": 1.0}]
            )

    def test_goods_added_with_the_new_minimum_deposit_taken_at_the_register(self):
        pos_order = self.sync(self.change_order([{"line_id": self.lamp_line.id, "quantity": 3.0}], [20.0]))
        self.assertEqual((pos_order.layaway_kind, pos_order.amount_total, pos_order.state), ("change", 20.0, "paid"))
        self.assertEqual(self.state(), ("active", 390.0, 86.0, 86.0, 304.0))
        self.assertEqual(
            self.installments(self.order),
            [
                (1, self.due[0], 101.33, 0.0, "pending"),
                (2, self.due[1], 101.33, 0.0, "pending"),
                (3, self.due[2], 101.34, 0.0, "pending"),
            ],
        )
        # The lamps added are set aside: 3 in the layaway location, 7 left to sell.
        self.assertEqual(self.stock(self.lamp), (3.0, 7.0))
        self.assertEqual(self.stock(self.sofa), (2.0, 8.0))
        payment = self.order.layaway_payment_ids.filtered(lambda p: p.kind == "change")
        self.assertEqual(
            (payment.amount, payment.channel, payment.pos_order_id, payment.amount_untaxed_company),
            (20.0, "pos", pos_order, 20.0),
        )
        change = self.order.layaway_change_ids
        self.assertEqual(
            (
                change.total_before,
                change.total_after,
                change.amount_received,
                change.amount_refunded,
                change.pos_order_id,
            ),
            (290.0, 390.0, 20.0, 0.0, pos_order),
        )
        self.assertEqual(
            sorted(self.order.order_line.filtered("is_downpayment").mapped("price_unit")), [0.0, 20.0, 66.0]
        )
        # The session's closing credits the 66 and the 20 to Customer Deposits.
        lines = self.close_session()
        self.assertEqual(self.balance_of(lines, self.deposit_account), -86.0)
        # The pick-up at the register applies the 86: Customer Deposits back to zero for it.
        self.open_session()
        pickup = self.sync(self.ui_order(self.pickup_lines(self.order), kind="pickup"))
        self.assertEqual((pickup.amount_total, self.order.layaway_state), (304.0, "done"))
        self.assertEqual(self.stock(self.lamp), (0.0, 7.0))
        lines = self.close_session()
        self.assertEqual(self.balance_of(lines, self.deposit_account), 86.0)

    def test_goods_removed_paid_back_in_cash(self):
        self.pay_at_register(self.order, 150.0)
        # One sofa less: 175, paid 216: 41 goes back; the layaway is paid.
        pos_order = self.sync(
            self.change_order(
                [{"line_id": self.sofa_line.id, "quantity": 1.0}], [-41.0], payments=[(self.cash_method, -41.0)]
            )
        )
        self.assertEqual((pos_order.amount_total, pos_order.is_refund), (-41.0, True))
        self.assertEqual(self.state(), ("paid", 175.0, 175.0, 66.0, 0.0))
        self.assertEqual(
            self.installments(self.order),
            [(1, self.due[0], 74.67, 74.67, "paid"), (2, self.due[1], 34.33, 34.33, "paid")],
        )
        self.assertEqual(self.stock(self.sofa), (1.0, 9.0))
        refund = self.order.layaway_payment_ids.filtered(lambda p: p.kind == "refund")
        self.assertEqual(
            (refund.amount, refund.channel, refund.pos_order_id, refund.amount_untaxed_company, refund.invoice_id),
            (-41.0, "pos", pos_order, -41.0, self.env["account.move"]),
        )
        money_out = self.order.order_line.filtered(lambda line: line.layaway_money_out == "refund")
        self.assertEqual((money_out.price_unit, money_out.is_downpayment), (-41.0, True))
        change = self.order.layaway_change_ids
        self.assertEqual(
            (change.amount_refunded, change.refund_method, change.move_id), (41.0, "payment", change.move_id.browse())
        )
        lines = self.close_session()
        # 66 + 150 received, 41 paid out in cash: Customer Deposits holds 175.
        self.assertEqual(self.balance_of(lines, self.deposit_account), -175.0)
        # Completed in the back office: the final invoice applies the 175, nothing to pay.
        invoice = self.env["account.move"].browse(self.order.action_layaway_complete())
        self.assertEqual((invoice.amount_total, self.order.layaway_state), (0.0, "done"))
        self.assertEqual(
            self.balance_of(lines, self.deposit_account) + self.balance_of(invoice.line_ids, self.deposit_account), 0.0
        )

    def test_goods_removed_paid_back_as_store_credit(self):
        self.pay_at_register(self.order, 150.0)
        self.sync(
            self.change_order(
                [{"line_id": self.sofa_line.id, "quantity": 1.0}], [-41.0], payments=[(self.customer_account, -41.0)]
            )
        )
        self.assertEqual(self.state(), ("paid", 175.0, 175.0, 66.0, 0.0))
        self.assertEqual(self.order.layaway_change_ids.refund_method, "credit_note")
        # Handed over at the register: the goods with the 175 paid applied, nothing to pay.
        pickup = self.sync(self.ui_order(self.pickup_lines(self.order), kind="pickup"))
        self.assertEqual((pickup.amount_total, self.order.layaway_state), (0.0, "done"))
        lines = self.close_session()
        receivable = lines.filtered(
            lambda line: line.partner_id == self.customer and line.account_id.account_type == "asset_receivable"
        )
        # The customer's credit: 41 on their account, to spend on a later purchase.
        self.assertEqual(sum(receivable.mapped("balance")), -41.0)
        self.assertEqual(self.balance_of(lines, self.deposit_account), 0.0)

    def test_no_money_moves_without_a_pos_order(self):
        self.pay_at_register(self.order, 150.0)
        # A lamp more: 340, minimum 76, paid 216: nothing to take or pay back.
        detail = self.env["sale.order"].layaway_pos_change_items(
            self.order.id, self.config.id, [{"product_id": self.lamp.id, "quantity": 1.0}]
        )
        self.assertEqual(
            (detail["amount_total"], detail["amount_paid"], detail["amount_residual"]), (340.0, 216.0, 124.0)
        )
        self.assertEqual(self.state(), ("active", 340.0, 216.0, 66.0, 124.0))
        self.assertEqual(self.stock(self.lamp), (2.0, 8.0))
        # 8 sofas more: 1260, minimum 10 + 20% of 1250 = 260: 44 to take, through a POS order.
        with self.assertRefused(r"take at least \$\xa044.00 more"):
            self.env["sale.order"].layaway_pos_change_items(
                self.order.id, self.config.id, [{"product_id": self.sofa.id, "quantity": 8.0}]
            )
        with self.assertRefused("goes back to the customer"):
            self.env["sale.order"].layaway_pos_change_items(
                self.order.id, self.config.id, [{"line_id": self.sofa_line.id, "quantity": 0.0}]
            )

    def test_refusals_write_nothing(self):
        lamp = {"line_id": self.lamp_line.id, "quantity": 3.0}
        cases = [
            (self.change_order([lamp], [10.0]), r"take at least \$\xa020.00 more"),
            (self.change_order([], [20.0]), "Say what changes"),
            (
                self.change_order([lamp], [20.0], payments=[(self.customer_account, 20.0)]),
                "credit given to the customer",
            ),
            (
                self.change_order(
                    [{"line_id": self.sofa_line.id, "quantity": 0.0}], [-30.0], payments=[(self.cash_method, -30.0)]
                ),
                "Open the layaway again",
            ),
            (self.change_order([lamp], [20.0, -5.0], payments=[(self.cash_method, 15.0)]), "its lines are not"),
        ]
        for order, message in cases:
            with self.subTest(message=message), self.assertRefused(message):
                self.sync(order)
            self.assertEqual(self.state(), ("active", 290.0, 66.0, 66.0, 224.0))
            self.assertEqual((self.lamp_line.product_uom_qty, self.sofa_line.product_uom_qty), (1.0, 2.0))
            self.assertEqual(self.stock(self.lamp), (1.0, 9.0))
            self.assertFalse(self.order.layaway_change_ids)
            self.assertEqual(len(self.order.layaway_payment_ids), 1)
        # Paying back to another destination than the plan's needs a layaway manager.
        cashier = new_test_user(
            self.env,
            "lw_change_pos_cashier",
            groups="point_of_sale.group_pos_user,layaway_pos.group_layaway_user",
            company_id=self.company.id,
        )
        self.pay_at_register(self.order, 150.0)
        order = self.change_order(
            [{"line_id": self.sofa_line.id, "quantity": 1.0}], [-41.0], payments=[(self.cash_method, -41.0)]
        )
        with self.assertRefused("Layaway: Manager"):
            self.env["pos.order"].with_user(cashier).sync_from_ui([order])
        self.assertEqual(self.state(), ("active", 290.0, 216.0, 66.0, 74.0))

    def test_a_retried_sync_records_the_change_once(self):
        order = self.change_order([{"line_id": self.lamp_line.id, "quantity": 3.0}], [20.0])
        first = self.sync(order)
        again = self.sync(order)
        self.assertEqual(first, again)
        self.assertEqual(len(self.order.layaway_change_ids), 1)
        self.assertEqual(len(self.order.layaway_payment_ids.filtered(lambda p: p.kind == "change")), 1)
        self.assertEqual(self.state(), ("active", 390.0, 86.0, 86.0, 304.0))
        self.assertEqual(self.stock(self.lamp), (3.0, 7.0))


@tagged("post_install", "-at_install")
class TestPosLayawayChangeVatOnAdvances(LayawayPosCommon):
    """Change items at the register where advances carry the goods' VAT: the money lines follow
    the goods as changed (the preview's `money_parts`), and the sync books them so."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.layaway_advance_tax = "goods"
        cls.tax_account = cls.tax_15.invoice_repartition_line_ids.account_id

    def setUp(self):
        super().setUp()
        self.open_session()
        self.order = self.make_layaway(deposit=66.0)

    def test_the_new_minimum_deposit_is_taken_split_over_the_goods_as_changed(self):
        lamp_line = self.order._layaway_goods_lines().filtered(lambda line: line.product_id == self.lamp)
        sofa_line = self.order._layaway_goods_lines().filtered(lambda line: line.product_id == self.sofa)
        changes = [{"line_id": lamp_line.id, "quantity": 0.0}, {"line_id": sofa_line.id, "quantity": 4.0}]
        lines_before = len(self.order.order_line)
        preview = self.env["sale.order"].layaway_pos_change_preview(self.order.id, self.config.id, changes)
        # 4 sofas (460) and the fee (10): 470; minimum 10 + 20% of 460 = 102: 36 more.
        self.assertEqual((preview["total"], preview["min_deposit"], preview["shortfall"]), (470.0, 102.0, 36.0))
        # The lamp (untaxed) is gone: the 36 is split between the sofas (15 % VAT) and the untaxed fee.
        parts = preview["money_parts"]
        self.assertEqual(sorted(part["tax_ids"] for part in parts), [[], self.tax_15.ids])
        money = self.money_lines(self.order, parts)
        self.assertAlmostEqual(sum(line[2]["price_subtotal_incl"] for line in money), 36.0, places=2)
        untaxed = sum(line[2]["price_subtotal"] for line in money)
        # The preview wrote nothing: the goods and lines are as they were.
        self.assertEqual(
            (len(self.order.order_line), lamp_line.product_uom_qty, sofa_line.product_uom_qty), (lines_before, 1.0, 2.0)
        )
        pos_order = self.sync(
            dict(
                self.ui_order(money, kind="change"),
                layaway_change={"changes": changes},
            )
        )
        self.assertEqual(
            (pos_order.amount_total, self.order.layaway_amount_paid, self.order.layaway_state), (36.0, 102.0, "active")
        )
        self.assertEqual(self.order.layaway_change_ids.amount_received, 36.0)
        lines = self.close_session()
        # The session books the 36 as the back office books an advance: untaxed on Customer
        # Deposits (with the 66 of the start, taken in the back office), its VAT on the tax account.
        self.assertAlmostEqual(-self.balance_of(lines, self.deposit_account), untaxed, places=2)
        self.assertAlmostEqual(-self.balance_of(lines, self.tax_account), 36.0 - untaxed, places=2)
