"""A layaway in another currency than the company's: the plan's fixed amounts converted at the
start, payments into journals of either currency, the advances applied at their historical rates
and the difference on the company's exchange accounts."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LayawayCommon

# EUR per USD: the deposit at 2.0, the installment at 2.5, the hand-over at 4.0 (gain), a
# cancellation at 1.6 (loss).
DEPOSIT_DAY = date(2026, 1, 15)
INSTALLMENT_DAY = date(2026, 2, 10)
HANDOVER_DAY = date(2026, 3, 10)
LOSS_DAY = date(2026, 4, 10)
EURO_RATES = [("2025-01-01", 2.0), ("2026-02-01", 2.5), ("2026-03-01", 4.0), ("2026-04-01", 1.6)]


@tagged("post_install", "-at_install")
class TestLayawayCurrency(LayawayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        assert cls.currency.name == "USD"
        cls.setup_euro_books(EURO_RATES)
        cls.eur_plan = cls.euro_plan()
        cls.gain_account = cls.company.income_currency_exchange_account_id
        cls.loss_account = cls.company.expense_currency_exchange_account_id
        cls.tax_account = cls.tax_15.invoice_repartition_line_ids.account_id
        assert cls.gain_account and cls.loss_account and cls.company.currency_exchange_journal_id

    def make_eur_layaway(self):
        """A sofa (100 USD, so 200 EUR + 15 % tax) and a lamp (100 EUR) in EUR, quoted on the deposit day."""
        with freeze_time(DEPOSIT_DAY):
            order = self.make_layaway(plan=self.eur_plan, lines=[(self.sofa, 1.0), (self.lamp, 1.0)])
            order.pricelist_id = self.eur_pricelist
            order.action_update_prices()
        self.assertEqual((order.currency_id, order.amount_total), (self.eur, 330.0))
        return order

    def start_and_pay_installment(self, order):
        """Deposit 120 EUR into the EUR bank at 2.0 (60 USD), then 100 EUR into the USD bank at 2.5 (40 USD)."""
        with freeze_time(DEPOSIT_DAY):
            order.action_layaway_start(120.0, journal_id=self.eur_journal.id)
        with freeze_time(INSTALLMENT_DAY):
            order.action_layaway_pay(100.0, journal_id=self.usd_journal.id)

    def items(self, account, order):
        """The layaway's posted journal items on `account`: (entry type, balance in USD, amount in EUR)."""
        moves = order.invoice_ids | order.layaway_refund_move_id | order.layaway_exchange_move_id
        lines = moves.line_ids.filtered(lambda line: line.account_id == account and line.parent_state == "posted")
        return sorted((line.move_id.move_type, line.balance, line.amount_currency) for line in lines)

    # ------------------------------------------------------------------
    # The plan's fixed amounts
    # ------------------------------------------------------------------

    def test_fixed_plan_amounts_converted_at_today_rate_until_the_start(self):
        order = self.make_eur_layaway()
        with freeze_time(DEPOSIT_DAY):
            order.invalidate_recordset()
            # 10 USD fee = 20 EUR; 50 USD fixed deposit = 100 EUR, plus the fee.
            self.assertEqual((order.layaway_service_fee, order.layaway_min_deposit), (20.0, 120.0))
            self.assertEqual(order.layaway_amount_total, 350.0)
            preview = order._layaway_pos_preview()
            self.assertEqual(
                (preview["service_fee"], preview["min_deposit"], preview["total"], preview["deposit"]),
                (20.0, 120.0, 350.0, 120.0),
            )
        with freeze_time(INSTALLMENT_DAY):
            order.invalidate_recordset()
            # Not started yet: today's rate (2.5), 25 EUR fee and 125 EUR of goods deposit.
            self.assertEqual((order.layaway_service_fee, order.layaway_min_deposit), (25.0, 150.0))

    def test_fixed_plan_amounts_keep_the_start_rate(self):
        order = self.make_eur_layaway()
        with freeze_time(DEPOSIT_DAY):
            order.action_layaway_start(120.0, journal_id=self.eur_journal.id)
        fee_line = order._layaway_fee_line()
        self.assertEqual((fee_line.price_unit, fee_line.currency_id), (20.0, self.eur))
        self.assertEqual((order.layaway_deposit_amount, order.layaway_amount_total), (120.0, 350.0))
        self.assertEqual(sum(order.layaway_installment_ids.mapped("amount")), 230.0)
        with freeze_time(LOSS_DAY):
            order.invalidate_recordset()
            # The start's rate (2.0), not today's (1.6): 5 USD = 10 EUR.
            self.assertEqual(order._layaway_cancel_fee(), 10.0)
            self.assertEqual((order.layaway_service_fee, order.layaway_min_deposit), (20.0, 120.0))

    def test_a_deposit_below_the_converted_fixed_minimum_is_refused(self):
        order = self.make_eur_layaway()
        with freeze_time(DEPOSIT_DAY), self.assertRaisesRegex(UserError, "at least"):
            order.action_layaway_start(119.99, journal_id=self.eur_journal.id)
        self.assertEqual((order.layaway_state, order.invoice_ids.ids), ("draft", []))

    # ------------------------------------------------------------------
    # Payments in journals of either currency, advances at their historical rates
    # ------------------------------------------------------------------

    def test_payments_in_both_journals_are_read_in_the_layaway_currency(self):
        order = self.make_eur_layaway()
        self.start_and_pay_installment(order)
        self.assertEqual((order.layaway_amount_paid, order.layaway_amount_residual), (220.0, 130.0))
        payments = order.layaway_payment_ids.sorted("id")
        self.assertEqual(payments.mapped("amount"), [120.0, 100.0])
        deposit_payment, installment_payment = payments.account_payment_id
        self.assertEqual(
            (deposit_payment.journal_id, deposit_payment.currency_id, deposit_payment.amount),
            (self.eur_journal, self.eur, 120.0),
        )
        self.assertEqual(
            (installment_payment.journal_id, installment_payment.currency_id, installment_payment.amount),
            (self.usd_journal, self.currency, 40.0),  # 100 EUR at 2.5
        )
        for invoice in payments.invoice_id:
            self.assertEqual((invoice.currency_id, invoice.amount_residual), (self.eur, 0.0))
        self.assertEqual(payments.invoice_id.mapped("amount_total"), [120.0, 100.0])
        self.assertTrue(
            all(payments.invoice_id.line_ids.filtered(lambda line: line.account_id.reconcile).mapped("reconciled"))
        )
        self.assertEqual(
            self.items(self.deposit_account, order),
            [("out_invoice", -60.0, -120.0), ("out_invoice", -40.0, -100.0)],
        )
        # A journal without a currency of its own takes the payment in the layaway's.
        with freeze_time(INSTALLMENT_DAY):
            payment = self.env["layaway.payment"].browse(order.action_layaway_pay(10.0, self.bank_journal.id))
        self.assertEqual(
            (
                payment.account_payment_id.currency_id,
                payment.account_payment_id.amount,
                payment.invoice_id.amount_residual,
            ),
            (self.eur, 10.0, 0.0),
        )
        self.assertEqual(payment.account_payment_id.move_id.line_ids.mapped("balance"), [4.0, -4.0])

    def test_completion_applies_advances_at_historical_rates_gain_on_exchange(self):
        order = self.make_eur_layaway()
        self.start_and_pay_installment(order)
        with freeze_time(HANDOVER_DAY):
            invoice = self.env["account.move"].browse(order.action_layaway_complete(130.0, self.eur_journal.id))
        self.assertEqual(order.layaway_state, "done")
        self.assertEqual((invoice.currency_id, invoice.amount_total, invoice.date), (self.eur, 0.0, HANDOVER_DAY))
        self.assertEqual(order.layaway_payment_ids.sorted("id")[-1].account_payment_id.amount, 130.0)
        # 350 EUR received as 60 + 40 + 32.50 USD; the final invoice takes them out at 4.0 (87.50 USD):
        # the 45 USD left go to the exchange gain, the account comes back to zero in both currencies.
        self.assertEqual(
            self.items(self.deposit_account, order),
            [
                ("entry", 45.0, 0.0),
                ("out_invoice", -60.0, -120.0),
                ("out_invoice", -40.0, -100.0),
                ("out_invoice", -32.5, -130.0),
                ("out_invoice", 25.0, 100.0),
                ("out_invoice", 30.0, 120.0),
                ("out_invoice", 32.5, 130.0),
            ],
        )
        self.assertAlmostEqual(self.balance(self.deposit_account, order), 0.0)
        exchange = order.layaway_exchange_move_id
        self.assertEqual(
            (exchange.state, exchange.journal_id, exchange.date),
            ("posted", self.company.currency_exchange_journal_id, HANDOVER_DAY),
        )
        self.assertEqual(self.items(self.gain_account, order), [("entry", -45.0, 0.0)])
        self.assertEqual(self.items(self.loss_account, order), [])
        # Revenue and tax at the hand-over's rate: sofa 200, lamp 100, fee 20 EUR; tax 30 EUR.
        self.assertEqual(
            self.items(self.revenue_account, order),
            [("out_invoice", -50.0, -200.0), ("out_invoice", -25.0, -100.0), ("out_invoice", -5.0, -20.0)],
        )
        self.assertEqual(self.items(self.tax_account, order), [("out_invoice", -7.5, -30.0)])
        final_receivable = invoice.line_ids.filtered(lambda line: line.account_id == self.receivable_account)
        self.assertEqual((final_receivable.balance, final_receivable.amount_currency), (0.0, 0.0))
        for advance in order.layaway_payment_ids.invoice_id:
            self.assertEqual(advance.amount_residual, 0.0)
        self.assertAlmostEqual(self.balance(self.receivable_account, order), 132.5)  # the advance invoices, all paid

    def test_cancellation_returns_advances_at_historical_rates_loss_on_exchange(self):
        order = self.make_eur_layaway()
        self.start_and_pay_installment(order)
        with freeze_time(LOSS_DAY):
            credit_note = self.env["account.move"].browse(
                order.action_layaway_cancel("Changed her mind", "payment", self.eur_journal.id)
            )
        # The fixed 5 USD fee at the start's rate: 10 EUR kept, 210 EUR paid back.
        self.assertEqual((order.layaway_cancel_fee, order.layaway_refund_amount), (10.0, 210.0))
        self.assertEqual((credit_note.currency_id, credit_note.amount_total), (self.eur, 210.0))
        self.assertEqual(
            (credit_note.amount_residual, credit_note.payment_state in ("paid", "in_payment")), (0.0, True)
        )
        # 220 EUR received as 100 USD and returned at 1.6 (137.50 USD): 37.50 USD of loss.
        self.assertEqual(
            self.items(self.deposit_account, order),
            [
                ("entry", -37.5, 0.0),
                ("out_invoice", -60.0, -120.0),
                ("out_invoice", -40.0, -100.0),
                ("out_refund", 137.5, 220.0),
            ],
        )
        self.assertAlmostEqual(self.balance(self.deposit_account, order), 0.0)
        self.assertEqual(self.items(self.loss_account, order), [("entry", 37.5, 0.0)])
        self.assertEqual(self.items(self.gain_account, order), [])
        self.assertEqual(self.items(self.forfeit_account, order), [("out_refund", -6.25, -10.0)])
        receivable = credit_note.line_ids.filtered(lambda line: line.account_id == self.receivable_account)
        self.assertEqual((receivable.balance, receivable.amount_currency), (-131.25, -210.0))
        refund = self.env["account.payment"].search([("reconciled_invoice_ids", "in", credit_note.ids)])
        self.assertEqual(
            (refund.journal_id, refund.currency_id, refund.amount, refund.payment_type),
            (self.eur_journal, self.eur, 210.0, "outbound"),
        )

    def test_a_layaway_in_the_company_currency_books_no_exchange_entry(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        with freeze_time(HANDOVER_DAY):
            order.action_layaway_complete(200.0, self.bank_journal.id)
        self.assertFalse(order.layaway_exchange_move_id)
        self.assertAlmostEqual(self.balance(self.deposit_account, order), 0.0)

    def test_the_deposits_reconciliation_counts_the_exchange_entry_as_the_layaway_s(self):
        order = self.make_eur_layaway()
        self.start_and_pay_installment(order)
        with freeze_time(HANDOVER_DAY):
            order.action_layaway_complete(130.0, self.eur_journal.id)
        wizard = self.env["layaway.liability.wizard"].create({"date": HANDOVER_DAY, "company_id": self.company.id})
        action = wizard.action_open_report()
        self.env.invalidate_all()
        rows = self.env[action["res_model"]].with_context(**action["context"]).search(action.get("domain") or [])
        # Zero rows are hidden: the closed layaway books 0, and the exchange entry is no unexplained item.
        self.assertEqual([(row.line_type, row.name, row.booked) for row in rows], [])

    # ------------------------------------------------------------------
    # Goods taken early and goods changed, in another currency
    # ------------------------------------------------------------------

    def test_partial_pickup_then_completion_apply_the_advances_at_historical_rates(self):
        order = self.make_eur_layaway()
        self.start_and_pay_installment(order)
        lamp_line = order.order_line.filtered(lambda line: line.product_id == self.lamp)
        with freeze_time(HANDOVER_DAY):
            order.action_layaway_pickup_partial([{"line_id": lamp_line.id, "quantity": 1.0}])
        pickup_invoice = order.invoice_ids.filtered(lambda move: move.invoice_date == HANDOVER_DAY)
        self.assertEqual((pickup_invoice.currency_id, pickup_invoice.amount_total), (self.eur, 0.0))
        # The lamp's 100 EUR at 4.0: 25 USD of revenue, 25 USD out of Customer Deposits.
        self.assertEqual(order.layaway_amount_taken, 100.0)
        self.assertEqual(self.items(self.revenue_account, order), [("out_invoice", -25.0, -100.0)])
        self.assertIn(("out_invoice", 25.0, 100.0), self.items(self.deposit_account, order))
        with freeze_time(HANDOVER_DAY):
            order.action_layaway_complete(130.0, self.eur_journal.id)
        self.assertEqual(order.layaway_state, "done")
        # 350 EUR received as 132.50 USD, applied at 4.0 (87.50 USD) in two invoices: the 45 USD
        # left go to the exchange gain, as when all the goods leave at once.
        self.assertAlmostEqual(self.balance(self.deposit_account, order), 0.0)
        self.assertEqual(self.items(self.gain_account, order), [("entry", -45.0, 0.0)])
        self.assertEqual(
            self.items(self.revenue_account, order),
            [("out_invoice", -50.0, -200.0), ("out_invoice", -25.0, -100.0), ("out_invoice", -5.0, -20.0)],
        )
        self.assertEqual(self.items(self.tax_account, order), [("out_invoice", -7.5, -30.0)])

    def test_removing_goods_pays_back_in_the_layaway_currency_and_books_the_loss_at_the_end(self):
        order = self.make_eur_layaway()
        self.start_and_pay_installment(order)
        sofa_line = order.order_line.filtered(lambda line: line.product_id == self.sofa)
        with freeze_time(LOSS_DAY):
            order.action_layaway_change_items(
                [{"line_id": sofa_line.id, "quantity": 0.0}],
                refund_method="payment",
                refund_journal_id=self.eur_journal.id,
            )
        # Left: the lamp (100 EUR) and the fee (20 EUR): 120 EUR of the 220 paid; 100 EUR paid back.
        self.assertEqual((order.layaway_amount_total, order.layaway_amount_paid), (120.0, 120.0))
        change = order.layaway_change_ids.sorted("id")[-1]
        credit_note = change.move_id
        self.assertEqual(
            (credit_note.move_type, credit_note.currency_id, credit_note.amount_total), ("out_refund", self.eur, 100.0)
        )
        refund = self.env["account.payment"].search([("reconciled_invoice_ids", "in", credit_note.ids)])
        self.assertEqual((refund.journal_id, refund.currency_id, refund.amount), (self.eur_journal, self.eur, 100.0))
        # Paid back at 1.6: 62.50 USD out of Customer Deposits, which had received 100 USD.
        self.assertIn(("out_refund", 62.5, 100.0), self.items(self.deposit_account, order))
        with freeze_time(LOSS_DAY):
            order.action_layaway_complete(0.0, self.eur_journal.id)
        self.assertEqual(order.layaway_state, "done")
        # The rest (120 EUR) applied at 1.6 (75 USD): 62.50 + 75 = 137.50 USD out for 100 USD in, 37.50 USD of loss.
        self.assertAlmostEqual(self.balance(self.deposit_account, order), 0.0)
        self.assertEqual(self.items(self.loss_account, order), [("entry", 37.5, 0.0)])
        self.assertEqual(self.items(self.gain_account, order), [])
