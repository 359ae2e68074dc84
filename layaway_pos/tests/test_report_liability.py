from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import LayawayCommon


@tagged("post_install", "-at_install")
class TestReportLiability(LayawayCommon):
    """The Customer Deposits account against the open layaways' deposits, at a date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        bank = cls.bank_journal.id
        cls.o_active = cls._started(90.0)
        with freeze_time("2026-01-20"):
            cls.o_active.action_layaway_pay(50.0, journal_id=bank)
        cls.o_done = cls._started(100.0)
        with freeze_time("2026-02-10"):
            cls.o_done.action_layaway_complete(190.0, journal_id=bank)
        cls.o_cancelled = cls._started(90.0)
        with freeze_time("2026-02-20"):
            cls.o_cancelled.action_layaway_cancel("changed mind", refund_method="payment", journal_id=bank)
        cls.o_cancelled_credit = cls._started(80.0)
        with freeze_time("2026-02-21"):
            cls.o_cancelled_credit.action_layaway_cancel("moved away")
        cls.o_draft = cls.make_layaway_cls()
        cls.o_late_start = cls._started(70.0, start=date(2026, 3, 5))

    @classmethod
    def make_layaway_cls(cls):
        return cls.env["sale.order"].create(
            {
                "partner_id": cls.partner_a.id,
                "company_id": cls.company.id,
                "layaway_plan_id": cls.plan.id,
                "order_line": [
                    (0, 0, {"product_id": cls.sofa.id, "product_uom_qty": 2.0}),
                    (0, 0, {"product_id": cls.lamp.id, "product_uom_qty": 1.0}),
                ],
            }
        )

    @classmethod
    def _started(cls, deposit, start=None):
        order = cls.make_layaway_cls()
        with freeze_time(start or cls.START):
            order.action_layaway_start(deposit, journal_id=cls.bank_journal.id)
        return order

    def reconcile(self, day):
        wizard = self.env["layaway.liability.wizard"].create({"date": day, "company_id": self.company.id})
        wizard.action_compute()
        return wizard

    def lines(self, wizard):
        return {line.order_id: (line.expected, line.booked, line.difference) for line in wizard.line_ids}

    def test_zero_difference_after_starts_payments_completions_cancellations(self):
        wizard = self.reconcile(date(2026, 3, 31))
        # Open at the date: 90 + 50 and 70; the done and cancelled ones are back to zero.
        self.assertEqual((wizard.account_balance, wizard.expected_balance, wizard.difference), (210.0, 210.0, 0.0))
        self.assertAlmostEqual(-self.balance(self.deposit_account), 210.0)
        self.assertEqual(
            self.lines(wizard),
            {self.o_active: (140.0, 140.0, 0.0), self.o_late_start: (70.0, 70.0, 0.0)},
        )
        self.assertFalse(wizard.move_line_ids)

    def test_history_at_earlier_dates(self):
        # Jan 15: five deposits, nothing closed yet.
        wizard = self.reconcile(date(2026, 1, 15))
        self.assertEqual((wizard.account_balance, wizard.expected_balance, wizard.difference), (360.0, 360.0, 0.0))
        # Feb 15: the done layaway is closed (completed Feb 10), the cancelled ones are still open.
        wizard = self.reconcile(date(2026, 2, 15))
        self.assertEqual((wizard.account_balance, wizard.expected_balance, wizard.difference), (310.0, 310.0, 0.0))
        self.assertEqual(
            self.lines(wizard),
            {
                self.o_active: (140.0, 140.0, 0.0),
                self.o_cancelled: (90.0, 90.0, 0.0),
                self.o_cancelled_credit: (80.0, 80.0, 0.0),
            },
        )
        # Before anything happened.
        wizard = self.reconcile(date(2026, 1, 1))
        self.assertEqual((wizard.account_balance, wizard.expected_balance, wizard.difference), (0.0, 0.0, 0.0))
        self.assertFalse(wizard.line_ids)

    def test_manual_entry_is_the_difference(self):
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": "2026-03-15",
                "journal_id": self.company_data["default_journal_misc"].id,
                "line_ids": [
                    (0, 0, {"name": "Misposted deposit", "account_id": self.deposit_account.id, "credit": 25.0}),
                    (
                        0,
                        0,
                        {
                            "name": "Misposted deposit",
                            "account_id": self.bank_journal.default_account_id.id,
                            "debit": 25.0,
                        },
                    ),
                ],
            }
        )
        move.action_post()
        wizard = self.reconcile(date(2026, 3, 31))
        self.assertEqual((wizard.account_balance, wizard.expected_balance, wizard.difference), (235.0, 210.0, 25.0))
        deposit_line = move.line_ids.filtered(lambda line: line.account_id == self.deposit_account)
        self.assertEqual(wizard.move_line_ids, deposit_line)
        # The layaways themselves still reconcile.
        self.assertEqual({line.difference for line in wizard.line_ids}, {0.0})
        # Before the entry's date it does not count.
        wizard = self.reconcile(date(2026, 3, 14))
        self.assertEqual(wizard.difference, 0.0)
        self.assertFalse(wizard.move_line_ids)

    def test_entry_on_a_layaway_document_shows_on_its_line(self):
        # A deposit invoice reset and cancelled by mistake: the layaway's line shows it.
        invoice = self.o_active.layaway_payment_ids.filtered("is_deposit").invoice_id
        invoice.button_draft()
        invoice.button_cancel()
        wizard = self.reconcile(date(2026, 3, 31))
        self.assertEqual((wizard.account_balance, wizard.expected_balance, wizard.difference), (120.0, 210.0, -90.0))
        self.assertEqual(self.lines(wizard)[self.o_active], (140.0, 50.0, -90.0))
        self.assertEqual(wizard.line_ids[0].order_id, self.o_active)  # the differences come first

    def test_other_company_is_not_counted(self):
        company_b = self.setup_other_company(name="Layaway Company B")["company"]
        wizard = self.env["layaway.liability.wizard"].create({"date": date(2026, 3, 31), "company_id": company_b.id})
        wizard.action_compute()
        self.assertEqual((wizard.account_balance, wizard.expected_balance, wizard.difference), (0.0, 0.0, 0.0))
        self.assertFalse(wizard.line_ids)
        self.assertEqual(wizard.account_id, company_b.layaway_deposit_account_id)
