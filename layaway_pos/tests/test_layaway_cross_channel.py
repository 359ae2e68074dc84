"""A layaway started in one channel and finished in the other, in both tax modes: the register's
session entry and the back office's documents together leave the layaway's Customer Deposits at
zero, with the goods' revenue and tax booked once."""

from odoo.tests import tagged

from .test_pos_common import LayawayPosCommon


class CrossChannel:
    """The three stories, for the tax mode of the class. A mixin of the test cases below."""

    # pylint: disable=no-member

    advance_tax = "none"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.layaway_advance_tax = cls.advance_tax
        cls.tax_account = cls.tax_15.invoice_repartition_line_ids.account_id

    def register_money(self, order, amount, kind):
        """Money taken at the register as its front end books it, per the tax mode."""
        if self.advance_tax == "goods":
            parts = self.env["sale.order"].layaway_pos_advance_split(order.id, self.config.id, amount)
            lines = self.money_lines(order, parts)
        else:
            lines = [self.deposit_line(order, amount)]
        return self.sync(self.ui_order(lines, kind=kind))

    def books(self, order, session_lines):
        """(Customer Deposits, revenue, tax, forfeit) over the layaway's documents and the session's entry."""
        lines = (order.invoice_ids | order.layaway_refund_move_id).line_ids.filtered(
            lambda line: line.parent_state == "posted"
        ) | session_lines
        return tuple(
            round(self.balance_of(lines, account), 2)
            for account in (self.deposit_account, self.revenue_account, self.tax_account, self.forfeit_account)
        )

    def test_started_at_the_register_completed_in_the_back_office(self):
        self.open_session()
        order = self.make_layaway(at_register=True, deposit=90.0)
        order.action_layaway_pay(100.0, journal_id=self.bank_journal.id)
        invoice = self.env["account.move"].browse(order.action_layaway_complete(100.0, journal_id=self.bank_journal.id))
        self.assertEqual((order.layaway_state, invoice.amount_total), ("done", 0.0))
        # The register's deposit is deducted with the back office's payments.
        self.assertEqual(
            len(invoice.invoice_line_ids.filtered("is_downpayment")), len(order._layaway_advance_so_lines())
        )
        session_lines = self.close_session()
        self.assertEqual(self.books(order, session_lines), (0.0, -260.0, -30.0, 0.0))

    def pick_up_at_the_register(self, invoiced):
        """Started in the back office (90), paid 100 at the register, picked up there (100 more)."""
        order = self.make_layaway(deposit=90.0)
        self.open_session()
        self.register_money(order, 100.0, "installment")
        detail = self.env["sale.order"].layaway_pos_detail(order.id, self.config.id)
        self.assertEqual(detail["amount_paid"], 190.0)
        order.invalidate_recordset()
        pickup = [line for line in self.pickup_lines(order) if line[2]["product_id"] != self.deposit_product.id]
        if self.advance_tax == "goods":
            pickup += self.money_lines(order, detail["advances"], sign=-1)
        else:
            pickup.append(self.deposit_line(order, -detail["amount_paid"]))
        ui_order = self.ui_order(pickup, kind="pickup")
        ui_order["to_invoice"] = invoiced
        pos_order = self.sync(ui_order)
        # The balance of 100 is the pick-up's money.
        self.assertEqual((order.layaway_state, pos_order.amount_total), ("done", 100.0))
        lines = self.close_session() | pos_order.account_move.line_ids
        return self.books(order, lines)

    def test_started_in_the_back_office_picked_up_at_the_register(self):
        # With VAT on advances, 90 taken in the back office and 100 at the register carry 9.31 and
        # 10.34 of VAT on 62.07 and 68.97: the pick-up applies them as one line of 131.04 whose
        # VAT is theirs (19.65), not 15 % of 131.04 (19.66), in the session's entry and in the
        # pick-up's invoice alike.
        self.assertEqual(self.pick_up_at_the_register(invoiced=False), (0.0, -260.0, -30.0, 0.0))
        self.assertEqual(self.pick_up_at_the_register(invoiced=True), (0.0, -260.0, -30.0, 0.0))

    def cancel_at_the_register(self, invoiced):
        """Started in the back office (90), paid 100 at the register, cancelled there (fee 29)."""
        order = self.make_layaway(deposit=90.0)
        self.open_session()
        self.register_money(order, 100.0, "installment")
        detail = self.env["sale.order"].layaway_pos_detail(order.id, self.config.id)
        self.assertEqual((detail["amount_paid"], detail["cancel_fee"]), (190.0, 29.0))
        if self.advance_tax == "goods":
            lines = self.money_lines(order, detail["advances"], sign=-1)
        else:
            lines = [self.deposit_line(order, -190.0)]
        lines.append(self.ui_line(self.cancel_fee_product, 1.0, 29.0, sale_order_origin_id=order.id))
        ui_order = self.ui_order(lines, kind="refund")
        ui_order["to_invoice"] = invoiced
        pos_order = self.sync(ui_order)
        self.assertEqual((order.layaway_state, pos_order.amount_total), ("cancelled", -161.0))
        if invoiced:
            # A credit note: Customer Deposits debited, the fee and the customer's refund credited.
            self.assertEqual(
                (pos_order.is_refund, pos_order.account_move.move_type, pos_order.account_move.amount_total),
                (True, "out_refund", 161.0),
            )
        session_lines = self.close_session()
        return self.books(order, session_lines | pos_order.account_move.line_ids)

    def test_started_in_the_back_office_cancelled_at_the_register(self):
        # The refund order returns the advances' own VAT (19.65 on 131.04 with VAT on advances),
        # though Odoo books a refund's lines with their quantity negated.
        self.assertEqual(self.cancel_at_the_register(invoiced=False), (0.0, 0.0, 0.0, -29.0))
        self.assertEqual(self.cancel_at_the_register(invoiced=True), (0.0, 0.0, 0.0, -29.0))

    def test_started_at_the_register_cancelled_in_the_back_office(self):
        self.open_session()
        order = self.make_layaway(at_register=True, deposit=90.0)
        session_lines = self.close_session()
        credit_note = self.env["account.move"].browse(order.action_layaway_cancel("Moved away"))
        # 10 % of 290 kept; 61 left as the customer's credit.
        self.assertEqual((order.layaway_cancel_fee, credit_note.amount_total), (29.0, 61.0))
        self.assertEqual(self.books(order, session_lines), (0.0, 0.0, 0.0, -29.0))


@tagged("post_install", "-at_install")
class TestCrossChannelNoTaxOnAdvances(CrossChannel, LayawayPosCommon):
    advance_tax = "none"


@tagged("post_install", "-at_install")
class TestCrossChannelVatOnAdvances(CrossChannel, LayawayPosCommon):
    advance_tax = "goods"


@tagged("post_install", "-at_install")
class TestRoundPerLine(LayawayPosCommon):
    """The company rounds tax per line ("Round per Line"): three mugs of 10.05 at 15 % carry
    1.51 of VAT each, 4.53 in all, where rounding per tax would give 4.52. With VAT on advances,
    the advances, the register's money and the final documents all keep the 4.53."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"tax_calculation_rounding_method": "round_per_line", "layaway_advance_tax": "goods"})
        cls.mug = cls.env["product.product"].create(
            {
                "name": "Mug",
                "type": "consu",
                "layaway_ok": True,
                "available_in_pos": True,
                "list_price": 10.05,
                "taxes_id": [(6, 0, cls.tax_15.ids)],
                "invoice_policy": "order",
            }
        )
        cls.tax_account = cls.tax_15.invoice_repartition_line_ids.account_id

    def make_mugs(self):
        """Three mugs on three lines (34.68 with VAT) and the 10.00 fee: 44.68; 20 down in the
        back office, 10 at the register."""
        order = self.make_layaway(lines=[(self.mug, 1.0)] * 3, deposit=20.0)
        self.assertEqual((order.amount_tax, order.layaway_amount_total), (4.53, 44.68))
        self.open_session()
        parts = self.env["sale.order"].layaway_pos_advance_split(order.id, self.config.id, 10.0)
        self.sync(self.ui_order(self.money_lines(order, parts), kind="installment"))
        return order

    def books(self, order, lines):
        """(Customer Deposits, revenue, tax) over the layaway's documents and the session's `lines`."""
        lines |= (order.invoice_ids | order.layaway_refund_move_id).line_ids.filtered(
            lambda line: line.parent_state == "posted"
        )
        return tuple(
            round(self.balance_of(lines, account), 2)
            for account in (self.deposit_account, self.revenue_account, self.tax_account)
        )

    def test_completed_in_the_back_office(self):
        order = self.make_mugs()
        invoice = self.env["account.move"].browse(order.action_layaway_complete(14.68, journal_id=self.bank_journal.id))
        self.assertEqual((order.layaway_state, invoice.amount_total, invoice.amount_tax), ("done", 0.0, 0.0))
        self.assertEqual(self.books(order, self.close_session()), (0.0, -40.15, -4.53))

    def test_picked_up_at_the_register(self):
        order = self.make_mugs()
        detail = self.env["sale.order"].layaway_pos_detail(order.id, self.config.id)
        goods = [line for line in self.pickup_lines(order) if line[2]["product_id"] != self.deposit_product.id]
        pos_order = self.sync(
            self.ui_order(goods + self.money_lines(order, detail["advances"], sign=-1), kind="pickup")
        )
        self.assertEqual((order.layaway_state, round(pos_order.amount_total, 2)), ("done", 14.68))
        self.assertEqual(self.books(order, self.close_session()), (0.0, -40.15, -4.53))
