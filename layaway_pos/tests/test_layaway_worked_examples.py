"""The README's worked examples (Accounting > Worked examples), number for number: a sofa of
1,000.00 with 20 % VAT (1,200.00) on layaway, a deposit of 240.00 and two installments of
480.00, completed; the same cancelled with a 10 % fee; once per tax on advances."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import LayawayCommon

DEPOSIT_DAY = date(2026, 1, 15)
FIRST_DUE = date(2026, 2, 14)
SECOND_DUE = date(2026, 3, 14)
CANCEL_DAY = date(2026, 2, 10)

# The entries of the sale that no tax on advances and VAT on advances book alike.
RECEIPT_240 = [("Outstanding Receipts", 240.0, 0.0), ("Receivable", 0.0, 240.0)]
RECEIPT_480 = [("Outstanding Receipts", 480.0, 0.0), ("Receivable", 0.0, 480.0)]
REFUND_PAID_120 = [("Receivable", 120.0, 0.0), ("Outstanding Payments", 0.0, 120.0)]


@tagged("post_install", "-at_install")
class TestLayawayWorkedExamples(LayawayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vat_account = cls.company_data["default_account_tax_sale"].copy({"name": "VAT 20 %", "code": "251200"})
        repartition = [
            Command.create({"repartition_type": "base"}),
            Command.create({"repartition_type": "tax", "account_id": cls.vat_account.id}),
        ]
        cls.vat_20 = cls.env["account.tax"].create(
            {
                "name": "VAT 20 %",
                "amount_type": "percent",
                "amount": 20.0,
                "type_tax_use": "sale",
                "company_id": cls.company.id,
                "invoice_repartition_line_ids": repartition,
                "refund_repartition_line_ids": repartition,
            }
        )
        cls.sofa.write({"list_price": 1000.0, "taxes_id": [Command.set(cls.vat_20.ids)]})
        cls.two_installments = cls.plan.copy(
            {
                "code": "300",
                "name": "Two installments",
                "installment_count": 2,
                "deposit_type": "percent",
                "deposit_value": 20.0,
                "fee_type": "none",
                "cancel_fee_type": "percent",
                "cancel_fee_value": 10.0,
                "expiry_days": 0,
            }
        )
        bank_accounts = cls.bank_journal.inbound_payment_method_line_ids.payment_account_id
        refund_accounts = cls.bank_journal.outbound_payment_method_line_ids.payment_account_id
        cls.roles = {
            cls.receivable_account: "Receivable",
            cls.bank_journal.default_account_id: "Bank",
            bank_accounts[:1] or cls.company.account_journal_payment_debit_account_id: "Outstanding Receipts",
            refund_accounts[:1] or cls.company.account_journal_payment_credit_account_id: "Outstanding Payments",
            cls.deposit_account: "Customer Deposits",
            cls.sofa.product_tmpl_id._get_product_accounts()["income"]: "Sales",
            cls.vat_20.invoice_repartition_line_ids.account_id: "VAT 20 %",
            cls.forfeit_account: "Layaway Forfeit Income",
        }
        assert len(cls.roles) == 8, "each role of the examples has an account of its own"

    # ------------------------------------------------------------------
    # Helpers: an entry as the README prints it
    # ------------------------------------------------------------------

    def role(self, account):
        """The README's name of `account` (its code and name when it has no role)."""
        return self.roles.get(account, f"{account.code} {account.name}")

    def entry(self, move):
        """`move`'s journal items as (account role, debit, credit): debits first, then credits,
        the larger first, as in the README's tables. Section lines (no account) are left out."""
        items = [(self.role(line.account_id), line.debit, line.credit) for line in move.line_ids if line.account_id]
        return sorted(items, key=lambda item: (not item[1], not item[2], -item[1] - item[2], item[0]))

    def balances(self, moves):
        """The balance (debit - credit) of each account role over the posted `moves`."""
        totals = {}
        for line in moves.filtered(lambda move: move.state == "posted").line_ids.filtered("account_id"):
            role = self.role(line.account_id)
            totals[role] = self.currency.round(totals.get(role, 0.0) + line.balance)
        return totals

    def layaway_moves(self, order):
        """Every entry of `order`: its invoices and credit note, and the payments that settled them."""
        documents = order.invoice_ids | order.layaway_refund_move_id
        return documents | documents._get_reconciled_payments().move_id

    # ------------------------------------------------------------------
    # The two stories
    # ------------------------------------------------------------------

    def start_sofa(self, advance_tax):
        """The sofa on layaway with a deposit of 240.00 on 15 January 2026."""
        self.company.layaway_advance_tax = advance_tax
        order = self.make_layaway(plan=self.two_installments, lines=[(self.sofa, 1.0)])
        self.assertEqual((order.layaway_amount_total, order.layaway_min_deposit), (1200.0, 240.0))
        self.start_layaway(order, 240.0, start_date=DEPOSIT_DAY)
        self.assertEqual(
            self.installments(order),
            [(1, FIRST_DUE, 480.0, 0.0, "pending"), (2, SECOND_DUE, 480.0, 0.0, "pending")],
        )
        return order

    def complete_sofa(self, advance_tax):
        """Deposit, the two installments on their due dates, hand-over with the second.

        :return: the layaway, its three advances as (invoice, payment entry), the final invoice.
        """
        order = self.start_sofa(advance_tax)
        for day in (FIRST_DUE, SECOND_DUE):
            with freeze_time(day):
                order.action_layaway_pay(480.0, journal_id=self.bank_journal.id)
        with freeze_time(SECOND_DUE):
            final = self.env["account.move"].browse(order.action_layaway_complete())
        self.assertEqual((order.layaway_state, final.amount_total, final.date), ("done", 0.0, SECOND_DUE))
        payments = order.layaway_payment_ids.sorted("id")
        advances = [(payment.invoice_id, payment.account_payment_id.move_id) for payment in payments]
        self.assertEqual(
            [(invoice.date, receipt.date) for invoice, receipt in advances],
            [(DEPOSIT_DAY, DEPOSIT_DAY), (FIRST_DUE, FIRST_DUE), (SECOND_DUE, SECOND_DUE)],
        )
        return order, advances, final

    def cancel_sofa(self, advance_tax, refund_method):
        """Deposit, then cancelled on 10 February 2026: 10 % of 1,200.00 kept, 120.00 refunded."""
        order = self.start_sofa(advance_tax)
        with freeze_time(CANCEL_DAY):
            credit_note = self.env["account.move"].browse(
                order.action_layaway_cancel(
                    "Moved abroad", refund_method=refund_method, journal_id=self.bank_journal.id
                )
            )
        self.assertEqual(
            (order.layaway_state, order.layaway_cancel_fee, order.layaway_refund_amount, credit_note.date),
            ("cancelled", 120.0, 120.0, CANCEL_DAY),
        )
        return order, credit_note

    # ------------------------------------------------------------------
    # No tax on advances
    # ------------------------------------------------------------------

    def test_no_tax_on_advances_completed(self):
        order, advances, final = self.complete_sofa("none")
        (deposit, deposit_receipt), (first, first_receipt), (second, second_receipt) = advances
        self.assertEqual(self.entry(deposit), [("Receivable", 240.0, 0.0), ("Customer Deposits", 0.0, 240.0)])
        self.assertEqual(self.entry(deposit_receipt), RECEIPT_240)
        for installment, receipt in ((first, first_receipt), (second, second_receipt)):
            self.assertEqual(self.entry(installment), [("Receivable", 480.0, 0.0), ("Customer Deposits", 0.0, 480.0)])
            self.assertEqual(self.entry(receipt), RECEIPT_480)
        self.assertEqual(
            self.entry(final),
            [
                ("Customer Deposits", 480.0, 0.0),
                ("Customer Deposits", 480.0, 0.0),
                ("Customer Deposits", 240.0, 0.0),
                ("Sales", 0.0, 1000.0),
                ("VAT 20 %", 0.0, 200.0),
                ("Receivable", 0.0, 0.0),
            ],
        )
        self.assertEqual(
            self.balances(self.layaway_moves(order)),
            {
                "Outstanding Receipts": 1200.0,
                "Receivable": 0.0,
                "Customer Deposits": 0.0,
                "Sales": -1000.0,
                "VAT 20 %": -200.0,
            },
        )

    def test_no_tax_on_advances_cancelled_customer_credit(self):
        order, credit_note = self.cancel_sofa("none", "credit_note")
        self.assertEqual(
            self.entry(credit_note),
            [("Customer Deposits", 240.0, 0.0), ("Layaway Forfeit Income", 0.0, 120.0), ("Receivable", 0.0, 120.0)],
        )
        # The customer's credit stays open, for a later purchase.
        self.assertEqual((credit_note.amount_residual, credit_note.payment_state), (120.0, "not_paid"))
        self.assertEqual(
            self.balances(self.layaway_moves(order)),
            {
                "Outstanding Receipts": 240.0,
                "Receivable": -120.0,
                "Customer Deposits": 0.0,
                "Layaway Forfeit Income": -120.0,
            },
        )

    def test_no_tax_on_advances_cancelled_paid_back(self):
        order, credit_note = self.cancel_sofa("none", "payment")
        self.assertEqual(
            self.entry(credit_note),
            [("Customer Deposits", 240.0, 0.0), ("Layaway Forfeit Income", 0.0, 120.0), ("Receivable", 0.0, 120.0)],
        )
        refund = credit_note._get_reconciled_payments()
        self.assertEqual((refund.amount, refund.date, credit_note.amount_residual), (120.0, CANCEL_DAY, 0.0))
        self.assertEqual(self.entry(refund.move_id), REFUND_PAID_120)
        self.assertEqual(
            self.balances(self.layaway_moves(order)),
            {
                "Outstanding Receipts": 240.0,
                "Outstanding Payments": -120.0,
                "Receivable": 0.0,
                "Customer Deposits": 0.0,
                "Layaway Forfeit Income": -120.0,
            },
        )

    # ------------------------------------------------------------------
    # VAT on advances (at the goods' rates)
    # ------------------------------------------------------------------

    def test_vat_on_advances_completed(self):
        order, advances, final = self.complete_sofa("goods")
        (deposit, deposit_receipt), (first, first_receipt), (second, second_receipt) = advances
        self.assertEqual(
            self.entry(deposit),
            [("Receivable", 240.0, 0.0), ("Customer Deposits", 0.0, 200.0), ("VAT 20 %", 0.0, 40.0)],
        )
        self.assertEqual(self.entry(deposit_receipt), RECEIPT_240)
        for installment, receipt in ((first, first_receipt), (second, second_receipt)):
            self.assertEqual(
                self.entry(installment),
                [("Receivable", 480.0, 0.0), ("Customer Deposits", 0.0, 400.0), ("VAT 20 %", 0.0, 80.0)],
            )
            self.assertEqual(self.entry(receipt), RECEIPT_480)
        # The goods' VAT (200.00 credit) and the advances' VAT deducted (200.00 debit) are one
        # tax line of the final invoice, at zero, which Odoo drops: the VAT was booked with the
        # advances. The tax base nets to zero as well (1,000.00 sold, 1,000.00 deducted).
        self.assertEqual(
            self.entry(final),
            [
                ("Customer Deposits", 400.0, 0.0),
                ("Customer Deposits", 400.0, 0.0),
                ("Customer Deposits", 200.0, 0.0),
                ("Sales", 0.0, 1000.0),
                ("Receivable", 0.0, 0.0),
            ],
        )
        self.assertEqual((final.amount_untaxed, final.amount_tax), (0.0, 0.0))
        self.assertEqual(final.invoice_line_ids.filtered("account_id").tax_ids, self.vat_20)
        self.assertEqual(
            self.balances(self.layaway_moves(order)),
            {
                "Outstanding Receipts": 1200.0,
                "Receivable": 0.0,
                "Customer Deposits": 0.0,
                "Sales": -1000.0,
                "VAT 20 %": -200.0,
            },
        )

    def test_vat_on_advances_cancelled_customer_credit(self):
        order, credit_note = self.cancel_sofa("goods", "credit_note")
        # The deposit's 40.00 of VAT is reversed; the fee kept carries the cancellation-fee
        # product's taxes: none by default.
        self.assertEqual(
            self.entry(credit_note),
            [
                ("Customer Deposits", 200.0, 0.0),
                ("VAT 20 %", 40.0, 0.0),
                ("Layaway Forfeit Income", 0.0, 120.0),
                ("Receivable", 0.0, 120.0),
            ],
        )
        self.assertEqual((credit_note.amount_residual, credit_note.payment_state), (120.0, "not_paid"))
        self.assertEqual(
            self.balances(self.layaway_moves(order)),
            {
                "Outstanding Receipts": 240.0,
                "Receivable": -120.0,
                "Customer Deposits": 0.0,
                "VAT 20 %": 0.0,
                "Layaway Forfeit Income": -120.0,
            },
        )

    def test_vat_on_advances_cancelled_paid_back(self):
        order, credit_note = self.cancel_sofa("goods", "payment")
        self.assertEqual(
            self.entry(credit_note),
            [
                ("Customer Deposits", 200.0, 0.0),
                ("VAT 20 %", 40.0, 0.0),
                ("Layaway Forfeit Income", 0.0, 120.0),
                ("Receivable", 0.0, 120.0),
            ],
        )
        refund = credit_note._get_reconciled_payments()
        self.assertEqual((refund.amount, refund.date, credit_note.amount_residual), (120.0, CANCEL_DAY, 0.0))
        self.assertEqual(self.entry(refund.move_id), REFUND_PAID_120)
        self.assertEqual(
            self.balances(self.layaway_moves(order)),
            {
                "Outstanding Receipts": 240.0,
                "Outstanding Payments": -120.0,
                "Receivable": 0.0,
                "Customer Deposits": 0.0,
                "VAT 20 %": 0.0,
                "Layaway Forfeit Income": -120.0,
            },
        )

    def test_vat_on_advances_cancelled_fee_taxed(self):
        # Where the fee kept is a taxable supply, the cancellation-fee product carries the VAT:
        # the 120.00 kept is 100.00 of income and 20.00 of VAT, netted on one tax line with the
        # deposit's 40.00 reversed.
        self.company._layaway_cancel_fee_product().taxes_id = self.vat_20
        order, credit_note = self.cancel_sofa("goods", "credit_note")
        self.assertEqual(
            self.entry(credit_note),
            [
                ("Customer Deposits", 200.0, 0.0),
                ("VAT 20 %", 20.0, 0.0),
                ("Receivable", 0.0, 120.0),
                ("Layaway Forfeit Income", 0.0, 100.0),
            ],
        )
        self.assertEqual(
            self.balances(self.layaway_moves(order)),
            {
                "Outstanding Receipts": 240.0,
                "Receivable": -120.0,
                "Customer Deposits": 0.0,
                "VAT 20 %": -20.0,
                "Layaway Forfeit Income": -100.0,
            },
        )

    # ------------------------------------------------------------------
    # Revenue at start: an installment sale
    # ------------------------------------------------------------------

    def test_installment_sale_completed(self):
        self.two_installments.recognition = "on_start"
        order = self.start_sofa("none")
        invoice = order.layaway_sale_invoice_id
        # The sale on the start's day, due with the last installment.
        self.assertEqual((invoice.date, invoice.invoice_date_due), (DEPOSIT_DAY, SECOND_DUE))
        self.assertEqual(
            self.entry(invoice), [("Receivable", 1200.0, 0.0), ("Sales", 0.0, 1000.0), ("VAT 20 %", 0.0, 200.0)]
        )
        for day in (FIRST_DUE, SECOND_DUE):
            with freeze_time(day):
                order.action_layaway_pay(480.0, journal_id=self.bank_journal.id)
        with freeze_time(SECOND_DUE):
            self.assertEqual(order.action_layaway_complete(), invoice.id)
        receipts = order.layaway_payment_ids.sorted("id").account_payment_id
        self.assertEqual(
            [(receipt.date, self.entry(receipt.move_id)) for receipt in receipts],
            [(DEPOSIT_DAY, RECEIPT_240), (FIRST_DUE, RECEIPT_480), (SECOND_DUE, RECEIPT_480)],
        )
        self.assertEqual((order.layaway_state, order.invoice_ids, invoice.amount_residual), ("done", invoice, 0.0))
        self.assertEqual(
            self.balances(self.layaway_moves(order)),
            {"Outstanding Receipts": 1200.0, "Receivable": 0.0, "Sales": -1000.0, "VAT 20 %": -200.0},
        )

    def test_installment_sale_cancelled_customer_credit(self):
        self.two_installments.recognition = "on_start"
        order, credit_note = self.cancel_sofa("none", "credit_note")
        # The sale reversed but the fee kept: 1,080.00 credited, of which 960.00 settles what was
        # still owed and 120.00 is the customer's credit.
        self.assertEqual(
            self.entry(credit_note),
            [
                ("Sales", 1000.0, 0.0),
                ("VAT 20 %", 200.0, 0.0),
                ("Receivable", 0.0, 1080.0),
                ("Layaway Forfeit Income", 0.0, 120.0),
            ],
        )
        self.assertEqual((order.layaway_sale_invoice_id.payment_state, credit_note.amount_residual), ("paid", 120.0))
        self.assertEqual(
            self.balances(self.layaway_moves(order)),
            {
                "Outstanding Receipts": 240.0,
                "Receivable": -120.0,
                "Sales": 0.0,
                "VAT 20 %": 0.0,
                "Layaway Forfeit Income": -120.0,
            },
        )

    # ------------------------------------------------------------------
    # The same sofa priced with its VAT included
    # ------------------------------------------------------------------

    def test_vat_price_included_books_the_same(self):
        vat_included = self.vat_20.copy({"name": "VAT 20 % incl.", "price_include_override": "tax_included"})
        self.assertTrue(vat_included.price_include)
        self.roles[vat_included.invoice_repartition_line_ids.account_id] = "VAT 20 %"
        self.sofa.write({"list_price": 1200.0, "taxes_id": [Command.set(vat_included.ids)]})
        completed = {"Outstanding Receipts": 1200.0, "Receivable": 0.0, "Sales": -1000.0, "VAT 20 %": -200.0}
        for advance_tax, deposit_entry in (
            ("none", [("Receivable", 240.0, 0.0), ("Customer Deposits", 0.0, 240.0)]),
            ("goods", [("Receivable", 240.0, 0.0), ("Customer Deposits", 0.0, 200.0), ("VAT 20 %", 0.0, 40.0)]),
        ):
            order, advances, _final = self.complete_sofa(advance_tax)
            self.assertEqual(self.entry(advances[0][0]), deposit_entry)
            self.assertEqual(self.balances(self.layaway_moves(order)), {**completed, "Customer Deposits": 0.0})
            cancelled, credit_note = self.cancel_sofa(advance_tax, "credit_note")
            self.assertEqual(credit_note.amount_total, 120.0)
            self.assertEqual(
                self.balances(self.layaway_moves(cancelled)),
                {
                    "Outstanding Receipts": 240.0,
                    "Receivable": -120.0,
                    "Customer Deposits": 0.0,
                    "Layaway Forfeit Income": -120.0,
                    **({"VAT 20 %": 0.0} if advance_tax == "goods" else {}),
                },
            )

    def test_vat_on_advances_expired_extended_paid(self):
        # The same sofa on a plan that expires 90 days after the start (15 April 2026).
        self.two_installments.write({"installment_max": 2, "expiry_days": 90})
        order = self.start_sofa("goods")
        with freeze_time("2026-04-20"):
            self.env["sale.order"]._cron_layaway_daily()
        self.assertEqual((order.layaway_state, order.layaway_expiry_date), ("expired", date(2026, 4, 15)))
        # Expired, the money stays on Customer Deposits with its VAT: no entry.
        self.assertEqual(
            self.balances(self.layaway_moves(order)),
            {"Outstanding Receipts": 240.0, "Receivable": 0.0, "Customer Deposits": -200.0, "VAT 20 %": -40.0},
        )
        with freeze_time("2026-04-21"):
            order.action_layaway_extend("2026-06-30")
        with freeze_time("2026-05-02"):
            payment = self.env["layaway.payment"].browse(
                order.action_layaway_pay(960.0, journal_id=self.bank_journal.id)
            )
            final = self.env["account.move"].browse(order.action_layaway_complete())
        self.assertEqual(
            self.entry(payment.invoice_id),
            [("Receivable", 960.0, 0.0), ("Customer Deposits", 0.0, 800.0), ("VAT 20 %", 0.0, 160.0)],
        )
        self.assertEqual(
            self.entry(final),
            [
                ("Customer Deposits", 800.0, 0.0),
                ("Customer Deposits", 200.0, 0.0),
                ("Sales", 0.0, 1000.0),
                ("Receivable", 0.0, 0.0),
            ],
        )
        self.assertEqual(
            self.balances(self.layaway_moves(order)),
            {
                "Outstanding Receipts": 1200.0,
                "Receivable": 0.0,
                "Customer Deposits": 0.0,
                "Sales": -1000.0,
                "VAT 20 %": -200.0,
            },
        )
