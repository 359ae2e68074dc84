"""Revenue recognised at the start (plan recognition `on_start`): an installment sale. The goods
are invoiced when the layaway starts, every payment settles that invoice, the completion only
hands the goods over and a cancellation credits the sale back but for the fee."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import LayawayCommon
from .test_layaway_currency import DEPOSIT_DAY, HANDOVER_DAY, INSTALLMENT_DAY
from .test_pos_common import LayawayPosCommon
from .test_report_liability import ReconciliationReading


class InstallmentSaleCommon:
    """The installment-sale copy of the 3-month plan. A mixin of the test cases below."""

    # pylint: disable=no-member

    @classmethod
    def setup_installment_plan(cls):
        """`sale_plan`: the 3-month plan with its revenue at start."""
        cls.sale_plan = cls.plan.copy({"code": "900", "name": "Installment sale", "recognition": "on_start"})
        cls.tax_account = cls.tax_15.invoice_repartition_line_ids.account_id

    def owed(self, partner=None):
        """What the customer owes (positive) or is owed (negative): their posted receivable, payments included."""
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", (partner or self.partner_a).id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ]
        )
        return sum(lines.mapped("balance"))


@tagged("post_install", "-at_install")
class TestInstallmentSale(InstallmentSaleCommon, ReconciliationReading, LayawayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_installment_plan()
        cls.bank_account = cls.bank_journal.inbound_payment_method_line_ids[:1].payment_account_id or (
            cls.company.account_journal_payment_debit_account_id
        )

    def start(self, deposit=90.0):
        """2 sofas (2 x 115 with tax), a lamp (50) and the 10 fee: 290, started on START."""
        return self.make_layaway(plan=self.sale_plan, deposit=deposit, start_date=self.START)

    def test_start_invoices_the_goods_and_every_payment_settles_the_invoice(self):
        order = self.start()
        invoice = order.layaway_sale_invoice_id
        self.assertEqual(
            (order.layaway_recognition, order.layaway_state, order.invoice_ids), ("on_start", "active", invoice)
        )
        # The sale that day: 250 of goods and the 10 fee, 30 of VAT on the sofas, due with the last installment.
        self.assertEqual(
            (invoice.move_type, invoice.invoice_date, invoice.invoice_date_due, invoice.invoice_origin),
            ("out_invoice", self.START, order.layaway_installment_ids.sorted("sequence")[-1].due_date, order.name),
        )
        self.assertEqual((invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total), (260.0, 30.0, 290.0))
        self.assertAlmostEqual(self.balance(self.revenue_account, order), -260.0)
        self.assertAlmostEqual(self.balance(self.tax_account, order), -30.0)
        # The deposit is a payment of the invoice: nothing on Customer Deposits.
        deposit = order.layaway_payment_ids
        self.assertEqual(
            (
                deposit.invoice_id,
                deposit.account_payment_id.amount,
                deposit.amount_untaxed_company,
                deposit.sale_line_id,
            ),
            (invoice, 90.0, 0.0, self.env["sale.order.line"]),
        )
        self.assertEqual((invoice.amount_residual, invoice.payment_state), (200.0, "partial"))
        self.assertAlmostEqual(self.owed(), 200.0)
        self.assertFalse(order.order_line.filtered("is_downpayment"))
        self.assertAlmostEqual(self.balance(self.deposit_account), 0.0)
        # Nothing is left to invoice, whatever Create Invoices is asked.
        self.assertEqual(order.order_line.mapped("qty_to_invoice"), [0.0] * len(order.order_line))
        self.assertEqual(order.invoice_status, "invoiced")
        with self.assertRaisesRegex(UserError, "installment sale was invoiced when it started"):
            order._create_invoices()

        with freeze_time(date(2026, 2, 14)):
            order.action_layaway_pay(150.0, journal_id=self.bank_journal.id, reference="CHQ 7")
        self.assertEqual((invoice.amount_residual, order.layaway_amount_residual), (50.0, 50.0))
        payment = order.layaway_payment_ids.filtered(lambda p: p.kind == "installment")
        self.assertEqual((payment.reference, payment.account_payment_id.memo), ("CHQ 7", "CHQ 7"))
        with freeze_time(date(2026, 3, 14)):
            invoice_id = order.action_layaway_complete(50.0, journal_id=self.bank_journal.id)
        # The hand-over delivers and invoices nothing more.
        self.assertEqual((invoice_id, order.invoice_ids, order.layaway_state), (invoice.id, invoice, "done"))
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.qty_at(self.sofa, self.customer_location), 2.0)
        self.assertEqual(order.layaway_closed_date, date(2026, 3, 14))
        self.assertAlmostEqual(self.balance(self.revenue_account, order), -260.0)
        self.assertAlmostEqual(self.owed(), 0.0)
        self.assertEqual(sum(order.layaway_payment_ids.account_payment_id.mapped("amount")), 290.0)

    def test_goods_invoiced_on_delivery_are_invoiced_whole_at_the_start(self):
        self.sofa.invoice_policy = "delivery"
        order = self.start()
        sofas = order.order_line.filtered(lambda line: line.product_id == self.sofa)
        self.assertEqual((sofas.qty_invoiced, sofas.qty_to_invoice), (2.0, 0.0))
        order.action_layaway_pay(200.0, journal_id=self.bank_journal.id)
        order.action_layaway_complete()
        self.assertEqual((sofas.qty_delivered, sofas.qty_invoiced, sofas.qty_to_invoice), (2.0, 2.0, 0.0))
        self.assertEqual(len(order.invoice_ids), 1)

    def test_cancellation_credits_the_sale_back_but_the_fee(self):
        order = self.start()
        invoice = order.layaway_sale_invoice_id
        with freeze_time(date(2026, 2, 1)):
            credit_note_id = order.action_layaway_cancel("Changed their mind")
        credit_note = self.env["account.move"].browse(credit_note_id)
        # 10 % of 290 kept (29, untaxed fee product): the credit note is the sale less the fee.
        self.assertEqual((order.layaway_cancel_fee, order.layaway_refund_amount), (29.0, 61.0))
        self.assertEqual(
            (credit_note.move_type, credit_note.reversed_entry_id, credit_note.invoice_date),
            ("out_refund", invoice, date(2026, 2, 1)),
        )
        self.assertEqual(
            (credit_note.amount_untaxed, credit_note.amount_tax, credit_note.amount_total), (231.0, 30.0, 261.0)
        )
        # It settles the 200 the customer owed; the 61 paid beyond the fee is their credit.
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual((credit_note.amount_residual, order.layaway_refund_move_id), (61.0, credit_note))
        self.assertAlmostEqual(self.balance(self.revenue_account, order), 0.0)
        self.assertAlmostEqual(self.balance(self.tax_account, order), 0.0)
        self.assertAlmostEqual(self.balance(self.forfeit_account, order), -29.0)
        self.assertAlmostEqual(self.owed(), -61.0)
        # The goods go back to stock; the cancelled order invoices nothing.
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 0.0)
        self.assertEqual(order.order_line.mapped("qty_to_invoice"), [0.0] * len(order.order_line))

    def test_cancellation_pays_back_from_the_bank(self):
        order = self.start()
        credit_note = self.env["account.move"].browse(
            order.action_layaway_cancel("Moved away", refund_method="payment", journal_id=self.bank_journal.id)
        )
        self.assertIn(credit_note.payment_state, ("paid", "in_payment"))
        refund = credit_note.matched_payment_ids or self.env["account.payment"].search(
            [("reconciled_invoice_ids", "in", credit_note.ids)]
        )
        self.assertEqual((refund.payment_type, refund.amount), ("outbound", 61.0))
        self.assertAlmostEqual(self.owed(), 0.0)

    def test_completion_refuses_an_invoice_left_open_in_accounting(self):
        order = self.start()
        order.action_layaway_pay(200.0, journal_id=self.bank_journal.id)
        payment = order.layaway_payment_ids[0].account_payment_id
        payment.move_id.line_ids.filtered(lambda line: line.reconciled).remove_move_reconcile()
        with self.assertRaisesRegex(UserError, r"still has .*200\.00.* to pay"):
            order.action_layaway_complete()
        self.assertEqual((order.layaway_state, self.qty_at(self.sofa, self.customer_location)), ("paid", 0.0))

    def test_recognition_is_the_start_s_whatever_the_plan_says_later(self):
        order = self.start()
        with self.assertRaisesRegex(UserError, "1 open or draft layaways use"):
            self.sale_plan.recognition = "on_completion"
        self.assertEqual(self.sale_plan.recognition, "on_start")
        # With its layaways closed, the plan may change; the closed layaway keeps its own.
        order.action_layaway_cancel("Closed")
        self.sale_plan.recognition = "on_completion"
        self.assertEqual(order.layaway_recognition, "on_start")
        with self.assertRaisesRegex(AccessError, "change only through its actions"):
            order.write({"layaway_recognition": "on_completion"})

    def test_sales_analysis_counts_it_at_the_start_and_the_reconciliation_leaves_it_out(self):
        order = self.start()
        deposits = self.make_layaway(deposit=90.0, start_date=self.START)
        self.env.flush_all()
        rows = self.env["sale.report"].search(
            [("order_reference", "in", [f"sale.order,{o.id}" for o in order | deposits])]
        )
        # Only the installment sale is a sale while open: its goods and fee, at the start.
        self.assertEqual({row.order_reference for row in rows}, {order})
        self.assertEqual(sum(rows.mapped("price_total")), 290.0)
        self.assertEqual(sum(rows.mapped("untaxed_amount_invoiced")), 260.0)
        reconciliation = self.reconcile(date(2026, 1, 31))
        self.assertEqual(self.lines(reconciliation), {deposits: (90.0, 90.0, 0.0)})
        self.assertEqual(self.totals(reconciliation), (90.0, 90.0, 0.0))


@tagged("post_install", "-at_install")
class TestInstallmentSaleCurrency(InstallmentSaleCommon, LayawayCommon):
    """An installment sale in EUR: the invoice at the start's rate, payments at theirs, the
    difference on the exchange accounts by Odoo's own reconciliation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_installment_plan()
        cls.setup_euro_books([("2025-01-01", 2.0), ("2026-02-01", 2.5), ("2026-03-01", 4.0)])

    def test_payments_at_their_rates_settle_the_invoice_with_exchange_differences(self):
        with freeze_time(DEPOSIT_DAY):
            order = self.make_layaway(plan=self.sale_plan, lines=[(self.sofa, 1.0), (self.lamp, 1.0)])
            order.pricelist_id = self.eur_pricelist
            order.action_update_prices()
            # 230 EUR sofa with tax, 100 EUR lamp, 20 EUR fee (10 USD at 2.0): 350 EUR.
            order.action_layaway_start(120.0, journal_id=self.eur_journal.id)
        invoice = order.layaway_sale_invoice_id
        self.assertEqual(
            (invoice.currency_id, invoice.amount_total, invoice.amount_total_signed), (self.eur, 350.0, 175.0)
        )
        with freeze_time(INSTALLMENT_DAY):
            # 100 EUR into a bank held in dollars: 40 USD at 2.5.
            order.action_layaway_pay(100.0, journal_id=self.usd_journal.id)
        self.assertEqual((invoice.amount_residual, order.layaway_amount_residual), (130.0, 130.0))
        self.assertEqual(order.layaway_payment_ids[0].account_payment_id.amount, 40.0)
        with freeze_time(HANDOVER_DAY):
            order.action_layaway_complete(130.0, journal_id=self.eur_journal.id)
        self.assertEqual((invoice.amount_residual, order.layaway_state), (0.0, "done"))
        # The receivable is settled in dollars too: 175 invoiced, 60 + 40 + 32.50 received,
        # 42.50 of exchange loss booked by the reconciliation.
        receivable = invoice.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        self.assertTrue(receivable.reconciled)
        exchange_moves = receivable.matched_credit_ids.exchange_move_id
        loss = self.company.expense_currency_exchange_account_id
        self.assertAlmostEqual(
            sum(exchange_moves.line_ids.filtered(lambda line: line.account_id == loss).mapped("balance")), 42.5
        )


@tagged("post_install", "-at_install")
class TestInstallmentSaleRegister(InstallmentSaleCommon, LayawayPosCommon):
    """A register cannot settle a customer invoice (Odoo Community): installment sales are the back office's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_installment_plan()

    def test_a_register_cannot_offer_an_installment_sale_plan(self):
        with self.assertRaisesRegex(ValidationError, "cannot offer Installment sale"), self.env.cr.savepoint():
            self.config.layaway_plan_ids |= self.sale_plan
            self.env.flush_all()
        self.env.cr.execute("SELECT 1 FROM pos_config_layaway_plan_rel WHERE plan_id = %s", [self.sale_plan.id])
        self.assertFalse(self.env.cr.fetchall())
        with self.assertRaisesRegex(UserError, "Remove the plan from the registers"):
            self.plan.recognition = "on_start"
        self.assertEqual(self.plan.recognition, "on_completion")

    def test_a_register_refuses_to_pay_pick_up_or_cancel_one(self):
        order = self.make_layaway(plan=self.sale_plan, deposit=90.0)
        with self.assertRaisesRegex(UserError, "is an installment sale.*back office"):
            self.env["sale.order"].layaway_pos_load(order.id, self.config.id)
        # The Layaways screen still shows it, as any layaway of the company.
        detail = self.env["sale.order"].layaway_pos_detail(order.id, self.config.id)
        self.assertEqual((detail["amount_paid"], detail["amount_residual"]), (90.0, 200.0))
        # A hand-made sync is refused too, before any money is recorded.
        self.open_session()
        with self.assertRaisesRegex(UserError, "is an installment sale"):
            self.sync(self.ui_order([self.deposit_line(order, 50.0)], kind="installment"))
        self.assertEqual((order.layaway_amount_paid, len(order.layaway_payment_ids)), (90.0, 1))
