"""The service fee and the cancellation fee carry their products' taxes (mapped by the fiscal
position); a percent service fee is a percent of the goods without their taxes."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_pos_common import LayawayPosCommon


@tagged("post_install", "-at_install")
class TestLayawayFeeTaxes(LayawayPosCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fee_product = cls.company._layaway_fee_product()
        cls.cancel_fee_product = cls.company._layaway_cancel_fee_product()
        (cls.fee_product | cls.cancel_fee_product).taxes_id = cls.tax_15
        cls.tax_account = cls.tax_15.invoice_repartition_line_ids.account_id

    def test_service_fee_carries_its_tax_to_the_final_invoice(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        fee_line = order._layaway_fee_line()
        self.assertEqual(
            (fee_line.price_unit, fee_line.tax_ids, fee_line.price_subtotal, fee_line.price_total),
            (10.0, self.tax_15, 10.0, 11.5),
        )
        # Goods 280 with their tax, the fee 11.50 with its own.
        self.assertEqual((order.layaway_amount_total, order.layaway_amount_residual), (291.5, 201.5))
        self.assertEqual(sum(order.layaway_installment_ids.mapped("amount")), 201.5)
        order.action_layaway_pay(201.5, journal_id=self.bank_journal.id)
        invoice = self.env["account.move"].browse(order.action_layaway_complete())
        self.assertEqual(invoice.amount_total, 0.0)
        fee_item = invoice.line_ids.filtered(lambda line: line.product_id == self.fee_product)
        self.assertEqual((fee_item.balance, fee_item.tax_ids), (-10.0, self.tax_15))
        self.assertAlmostEqual(self.balance(self.tax_account, order), -31.5)  # 30 on the sofas, 1.50 on the fee
        self.assertAlmostEqual(self.balance(self.revenue_account, order), -260.0)  # goods 250, fee 10
        self.assertAlmostEqual(self.balance(self.deposit_account, order), 0.0)

    def test_percent_fee_on_goods_without_tax_and_mapped_by_fiscal_position(self):
        plan = self.plan.copy({"code": "150", "fee_type": "percent", "fee_value": 5.0})
        draft = self.make_layaway(plan=plan)
        # 5 % of 250 (2 sofas at 100 and a lamp at 50, before the sofas' tax), then its 15 % tax.
        self.assertEqual(draft.layaway_service_fee, 14.38)  # 12.50 + 1.88
        exempt = self.env["account.fiscal.position"].create({"name": "Exempt customer"})
        tax_0 = self.tax_15.copy(
            {
                "name": "Exempt",
                "amount": 0.0,
                "fiscal_position_ids": [(6, 0, exempt.ids)],
                "original_tax_ids": [(6, 0, self.tax_15.ids)],
            }
        )
        order = self.make_layaway(plan=plan)
        order.fiscal_position_id = exempt
        order.order_line._compute_tax_ids()
        self.start_layaway(order, 62.5, start_date=self.START)  # 20 % of 250 untaxed goods, and the fee
        fee_line = order._layaway_fee_line()
        self.assertEqual((fee_line.price_unit, fee_line.tax_ids, fee_line.price_total), (12.5, tax_0, 12.5))
        self.assertEqual(order.layaway_amount_total, 262.5)

    def test_cancellation_fee_kept_includes_its_tax_back_office(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        credit_note = self.env["account.move"].browse(order.action_layaway_cancel("Moved away"))
        # 10 % of the 291.50 layaway total is kept: 25.35 of income and 3.80 of tax; 61.35 back.
        self.assertEqual(order.layaway_cancel_fee, 29.15)
        self.assertEqual(
            (credit_note.amount_untaxed, credit_note.amount_tax, credit_note.amount_total), (64.65, -3.8, 60.85)
        )
        self.assertAlmostEqual(self.balance(self.forfeit_account, order), -25.35)
        self.assertAlmostEqual(self.balance(self.deposit_account, order), 0.0)
        self.assertAlmostEqual(self.balance(self.tax_account, order), -3.8)
        self.assertEqual(order.layaway_refund_amount, 60.85)

    def test_cancellation_fee_at_the_register_includes_its_tax(self):
        self.open_session()
        order, _ = self.start_at_register(67.5)  # 20 % of the goods and the fee with its tax
        detail = self.env["sale.order"].layaway_pos_detail(order.id, self.config.id)
        self.assertEqual(detail["cancel_fee"], 29.15)
        self.assertAlmostEqual(detail["cancel_fee_price_unit"], 29.15 / 1.15)
        lines = [self.deposit_line(order, -67.5)]
        lines.append(
            self.ui_line(self.cancel_fee_product, 1.0, detail["cancel_fee_price_unit"], sale_order_origin_id=order.id)
        )
        self.assertEqual(lines[1][2]["price_subtotal_incl"], 29.15)
        pos_order = self.sync(self.ui_order(lines, kind="refund"))
        self.assertEqual((order.layaway_state, pos_order.amount_total), ("cancelled", -38.35))
        move_lines = self.close_session()
        self.assertAlmostEqual(self.balance_of(move_lines, self.forfeit_account), -25.35)
        self.assertAlmostEqual(self.balance_of(move_lines, self.tax_account), -3.8)


@tagged("post_install", "-at_install")
class TestLayawayAdvanceTax(LayawayPosCommon):
    """Company setting "Tax on layaway advances" = goods: every advance carries VAT at the goods'
    own rates, split by tax as Odoo's down payments are."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.layaway_advance_tax = "goods"
        cls.tax_account = cls.tax_15.invoice_repartition_line_ids.account_id

    def advance_items(self, invoice):
        """An advance invoice's lines as (tax names, untaxed, tax amount on that base)."""
        return sorted(
            (line.tax_ids.name or "", line.price_subtotal, round(line.price_total - line.price_subtotal, 2))
            for line in invoice.invoice_line_ids
        )

    def test_advances_carry_the_goods_vat_until_completion(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        deposit = order.layaway_payment_ids.invoice_id
        # 290 = 230 taxed at 15 % (the sofas) + 60 untaxed (the lamp, the fee): 90 is 71.38 + 18.62.
        self.assertEqual(self.advance_items(deposit), [("", 18.62, 0.0), ("15%", 62.07, 9.31)])
        self.assertEqual((deposit.amount_untaxed, deposit.amount_tax, deposit.amount_total), (80.69, 9.31, 90.0))
        self.assertAlmostEqual(self.balance(self.deposit_account, order), -80.69)
        self.assertAlmostEqual(self.balance(self.tax_account, order), -9.31)
        order.action_layaway_pay(200.0, journal_id=self.bank_journal.id)
        invoice = self.env["account.move"].browse(order.action_layaway_complete())
        # The final invoice deducts the advances with their VAT: 0 to pay, 30 of tax in all.
        self.assertEqual((invoice.amount_total, order.layaway_state), (0.0, "done"))
        self.assertAlmostEqual(self.balance(self.deposit_account, order), 0.0)
        self.assertAlmostEqual(self.balance(self.tax_account, order), -30.0)
        self.assertAlmostEqual(self.balance(self.revenue_account, order), -260.0)

    def test_cancellation_reverses_the_advances_vat(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        credit_note = self.env["account.move"].browse(order.action_layaway_cancel("Changed their mind"))
        self.assertEqual(order.layaway_cancel_fee, 29.0)
        self.assertEqual(credit_note.amount_total, 61.0)
        self.assertAlmostEqual(self.balance(self.tax_account, order), 0.0)
        self.assertAlmostEqual(self.balance(self.deposit_account, order), 0.0)
        self.assertAlmostEqual(self.balance(self.forfeit_account, order), -29.0)

    def test_register_books_advances_as_the_back_office(self):
        self.open_session()
        SaleOrder = self.env["sale.order"]
        # The start dialog's preview gives the deposit's lines, before any layaway exists.
        parts = self.preview(deposit=90.0)["deposit_parts"]
        self.assertEqual(
            sorted((round(part["price_unit"], 2), part["tax_ids"]) for part in parts),
            [(18.62, []), (62.07, self.tax_15.ids)],
        )
        # One untaxed line, as without tax on advances: refused, nothing written.
        with self.assertRaisesRegex(UserError, "do not carry the taxes"), self.env.cr.savepoint():
            self.sync(self.start_order([self.ui_line(self.deposit_product, 1.0, 90.0)]))
        self.env.invalidate_all()
        self.assertFalse(SaleOrder.search([("layaway_pos_config_id", "=", self.config.id)]))
        order, _start = self.start_at_register(90.0)
        self.assertEqual((order.layaway_state, order.layaway_amount_paid), ("active", 90.0))
        # The same down-payment lines as the back office's.
        advances = order.order_line.filtered(lambda line: line.is_downpayment and not line.display_type)
        self.assertEqual(
            sorted((round(line.price_unit, 2), line.tax_ids.ids) for line in advances),
            [(18.62, []), (62.07, self.tax_15.ids)],
        )
        parts = SaleOrder.layaway_pos_advance_split(order.id, self.config.id, 200.0)
        self.sync(self.ui_order(self.money_lines(order, parts), kind="installment"))
        detail = SaleOrder.layaway_pos_detail(order.id, self.config.id)
        pickup = [line for line in self.pickup_lines(order) if line[2]["product_id"] != self.deposit_product.id]
        pickup += self.money_lines(order, detail["advances"], sign=-1)
        self.sync(self.ui_order(pickup, kind="pickup"))
        self.assertEqual(order.layaway_state, "done")

        cancelled, _start = self.start_at_register(90.0)
        detail = SaleOrder.layaway_pos_detail(cancelled.id, self.config.id)
        self.assertEqual(detail["cancel_fee"], 29.0)
        refund = self.money_lines(cancelled, detail["advances"], sign=-1)
        refund.append(self.ui_line(self.cancel_fee_product, 1.0, 29.0, sale_order_origin_id=cancelled.id))
        self.sync(self.ui_order(refund, kind="refund"))
        self.assertEqual(cancelled.layaway_state, "cancelled")

        move_lines = self.close_session()
        # Completed: the goods' 30 of tax, the advances' VAT reversed; cancelled: its VAT reversed.
        self.assertAlmostEqual(self.balance_of(move_lines, self.tax_account), -30.0)
        self.assertAlmostEqual(self.balance_of(move_lines, self.deposit_account), 0.0)
        self.assertAlmostEqual(self.balance_of(move_lines, self.revenue_account), -260.0)
        self.assertAlmostEqual(self.balance_of(move_lines, self.forfeit_account), -29.0)
