from datetime import date
from pathlib import Path

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.modules import get_module_path
from odoo.tests import tagged

from .common import LayawayCommon
from .test_pos_common import LayawayPosCommon


class ReconciliationReading:
    """Reading the reconciliation as the wizard opens it (shared by the back-office and register tests)."""

    # A mixin of the test cases below: env and company are theirs. pylint: disable=no-member

    def reconcile(self, day, company=None):
        """The reconciliation's rows, as the wizard opens them."""
        company = company or self.company
        wizard = self.env["layaway.liability.wizard"].create({"date": day, "company_id": company.id})
        action = wizard.action_open_report()
        # The rows' values depend on the date in the context: never read them from an earlier date's cache.
        self.env.invalidate_all()
        return self.env[action["res_model"]].with_context(**action["context"]).search(action.get("domain") or [])

    def totals(self, rows):
        """(account balance, expected balance, difference): the list's totals, as read_group sums them."""
        [totals] = rows.browse()._read_group(
            [("id", "in", rows.ids)], [], ["booked:sum", "expected:sum", "difference:sum"]
        )
        return tuple(total or 0.0 for total in totals)

    def lines(self, rows):
        """The report's layaway rows as {order: (expected, booked, difference)}."""
        return {row.order_id: (row.expected, row.booked, row.difference) for row in rows if row.line_type == "layaway"}


@tagged("post_install", "-at_install")
class TestReportLiability(ReconciliationReading, LayawayCommon):
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
        """A draft layaway of partner_a in the test company."""
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

    def unexplained(self, rows):
        """The journal items of the report's unexplained rows."""
        return rows.filtered(lambda row: row.line_type == "item").move_line_id

    def ledger(self, day):
        """The account's posted balance at `day`, credit positive, read from the journal items themselves."""
        items = self.env["account.move.line"].search(
            [
                ("account_id", "=", self.deposit_account.id),
                ("parent_state", "=", "posted"),
                ("date", "<=", day),
            ]
        )
        return -sum(items.mapped("balance"))

    def test_wizard_opens_the_report_at_its_date_as_a_full_page(self):
        wizard = self.env["layaway.liability.wizard"].create({"date": date(2026, 3, 31), "company_id": self.company.id})
        self.assertEqual(wizard.account_id, self.deposit_account)
        action = wizard.action_open_report()
        self.assertEqual(
            (action["type"], action["res_model"], action["target"], action["view_mode"]),
            ("ir.actions.act_window", "layaway.liability.report", "current", "list"),
        )
        self.assertEqual(action["context"]["layaway_liability_date"], "2026-03-31")
        self.assertEqual(action["context"]["layaway_liability_company_id"], self.company.id)
        self.assertIn("03/31/2026", action["name"])

    def test_the_menu_opens_the_page_at_today_and_its_date_opens_it_at_another_day(self):
        menu_action = self.env.ref("layaway_pos.menu_account_layaway_liability").action
        self.assertEqual(menu_action, self.env.ref("layaway_pos.action_layaway_liability_open"))
        with freeze_time("2026-03-31 12:00:00"):
            action = menu_action.with_company(self.company).run()
        self.assertEqual(
            (action["res_model"], action["target"], action["name"], action["context"]["layaway_liability_date"]),
            ("layaway.liability.report", "current", "Customer Deposits Reconciliation at 03/31/2026", "2026-03-31"),
        )
        # The list shows the date in its control panel, and asks the server again for another day.
        view = self.env.ref("layaway_pos.layaway_liability_report_view_list")
        self.assertIn('js_class="layaway_liability_list"', view.arch)
        action = self.env["layaway.liability.wizard"].action_open_at("2026-02-28", self.company.id)
        self.assertEqual(
            (action["name"], action["context"]["layaway_liability_date"]),
            ("Customer Deposits Reconciliation at 02/28/2026", "2026-02-28"),
        )

    def test_the_page_refuses_a_bad_date_and_a_company_not_switched_to(self):
        Wizard = self.env["layaway.liability.wizard"]
        with self.assertRaisesRegex(UserError, "The reconciliation date must be a date written YYYY-MM-DD"):
            Wizard.action_open_at("31/02/2026", self.company.id)
        company_b = self.setup_other_company(name="Layaway Company B")["company"]
        with self.assertRaisesRegex(AccessError, "Switch to Layaway Company B to reconcile its Customer Deposits"):
            Wizard.with_context(allowed_company_ids=self.company.ids).action_open_at("2026-03-31", company_b.id)
        self.assertFalse(Wizard.search([]))

    def test_readme_names_the_menus_as_a_newcomer_sees_them(self):
        """Without Odoo Enterprise's accountant app, account's root menu is Invoicing, not Accounting."""
        menus = {
            "layaway_pos.menu_account_layaway_liability": "Invoicing / Reporting / Management / "
            "Customer Deposits Reconciliation",
            "layaway_pos.menu_account_layaway_payment_report": "Invoicing / Reporting / Management / Layaway Payments",
            "layaway_pos.menu_sale_layaway_expiring": "Sales / Orders / Expiring Layaways",
            "layaway_pos.menu_pos_layaway_expiring": "Point of Sale / Orders / Expiring Layaways",
        }
        for xmlid, path in menus.items():
            self.assertEqual(self.env.ref(xmlid).with_context(lang="en_US").complete_name, path.replace(" / ", "/"))
        readme = Path(get_module_path("layaway_pos")).parent / "README.md"
        if not readme.exists():
            self.skipTest("the module is installed without its repository's README")
        text = " ".join(readme.read_text(encoding="utf-8").split())
        self.assertIn("**Invoicing > Reporting > Management > Customer Deposits Reconciliation**", text)
        self.assertIn("**Sales / Point of Sale > Orders > Expiring Layaways**", text)
        self.assertNotIn("Accounting >", text)

    def test_wizard_asks_for_the_account_when_the_company_has_none(self):
        self.company.layaway_deposit_account_id = False
        wizard = self.env["layaway.liability.wizard"].create({"date": date(2026, 3, 31), "company_id": self.company.id})
        with self.assertRaisesRegex(UserError, "Set the Customer Deposits account"):
            wizard.action_open_report()

    def test_zero_difference_after_starts_payments_completions_cancellations(self):
        rows = self.reconcile(date(2026, 3, 31))
        # Open at the date: 90 + 50 and 70; the done and cancelled ones are back to zero.
        self.assertEqual(self.totals(rows), (210.0, 210.0, 0.0))
        self.assertAlmostEqual(-self.balance(self.deposit_account), 210.0)
        self.assertEqual(self.ledger(date(2026, 3, 31)), 210.0)
        self.assertEqual(
            self.lines(rows),
            {self.o_active: (140.0, 140.0, 0.0), self.o_late_start: (70.0, 70.0, 0.0)},
        )
        self.assertFalse(self.unexplained(rows))

    def test_vat_on_deposits_is_left_out_of_both_sides(self):
        # Deposits taxed at 15 % (price excluded): 115 received books 100 on the account and 15 of tax.
        self.company._layaway_deposit_product().taxes_id = [(6, 0, self.tax_15.ids)]
        order = self._started(115.0, start=date(2026, 3, 10))
        with freeze_time("2026-03-12"):
            order.action_layaway_pay(23.0, journal_id=self.bank_journal.id)
        payments = order.layaway_payment_ids.sorted("date")
        self.assertEqual([(p.amount, p.amount_untaxed_company) for p in payments], [(115.0, 100.0), (23.0, 20.0)])
        self.assertAlmostEqual(self.balance(self.deposit_account, order), -120.0)
        rows = self.reconcile(date(2026, 3, 31))
        self.assertEqual(self.lines(rows)[order], (120.0, 120.0, 0.0))
        self.assertEqual(self.totals(rows), (330.0, 330.0, 0.0))
        self.assertEqual(self.ledger(date(2026, 3, 31)), 330.0)

    def test_history_at_earlier_dates(self):
        # Jan 15: five deposits, nothing closed yet.
        rows = self.reconcile(date(2026, 1, 15))
        self.assertEqual(self.totals(rows), (360.0, 360.0, 0.0))
        self.assertEqual(self.ledger(date(2026, 1, 15)), 360.0)
        # Feb 15: the done layaway is closed (completed Feb 10), the cancelled ones are still open.
        rows = self.reconcile(date(2026, 2, 15))
        self.assertEqual(self.totals(rows), (310.0, 310.0, 0.0))
        self.assertEqual(
            self.lines(rows),
            {
                self.o_active: (140.0, 140.0, 0.0),
                self.o_cancelled: (90.0, 90.0, 0.0),
                self.o_cancelled_credit: (80.0, 80.0, 0.0),
            },
        )
        # Before anything happened.
        rows = self.reconcile(date(2026, 1, 1))
        self.assertEqual(self.totals(rows), (0.0, 0.0, 0.0))
        self.assertFalse(rows)

    def misposted_entry(self):
        """A posted entry on the customer deposits account that belongs to no layaway."""
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
        return move

    def test_manual_entry_is_the_difference(self):
        move = self.misposted_entry()
        rows = self.reconcile(date(2026, 3, 31))
        self.assertEqual(self.totals(rows), (235.0, 210.0, 25.0))
        self.assertEqual(self.ledger(date(2026, 3, 31)), 235.0)
        deposit_line = move.line_ids.filtered(lambda line: line.account_id == self.deposit_account)
        self.assertEqual(self.unexplained(rows), deposit_line)
        # The layaways themselves still reconcile.
        self.assertEqual({difference for _expected, _booked, difference in self.lines(rows).values()}, {0.0})
        # Before the entry's date it does not count.
        rows = self.reconcile(date(2026, 3, 14))
        self.assertEqual(self.totals(rows)[2], 0.0)
        self.assertFalse(self.unexplained(rows))

    def test_unexplained_item_is_a_row_of_its_own(self):
        move = self.misposted_entry()
        deposit_line = move.line_ids.filtered(lambda line: line.account_id == self.deposit_account)
        rows = self.reconcile(date(2026, 3, 31))
        item = rows.filtered(lambda row: row.line_type == "item")
        self.assertRecordValues(
            item,
            [
                {
                    "move_line_id": deposit_line.id,
                    "move_id": move.id,
                    "order_id": False,
                    "name": "Misposted deposit",
                    "date": date(2026, 3, 15),
                    "account_id": self.deposit_account.id,
                    "company_id": self.company.id,
                    "expected": 0.0,
                    "booked": 25.0,
                    "difference": 25.0,
                }
            ],
        )
        # The only difference comes first, and opens its journal entry.
        self.assertEqual(rows[0], item)
        action = item.action_open_document()
        self.assertEqual((action["res_model"], action["res_id"]), ("account.move", move.id))

    def test_entry_on_a_layaway_document_shows_on_its_line(self):
        # A deposit invoice reset and cancelled by mistake: the layaway's line shows it.
        invoice = self.o_active.layaway_payment_ids.filtered(lambda payment: payment.kind == "deposit").invoice_id
        invoice.button_draft()
        invoice.button_cancel()
        rows = self.reconcile(date(2026, 3, 31))
        self.assertEqual(self.totals(rows), (120.0, 210.0, -90.0))
        self.assertEqual(self.lines(rows)[self.o_active], (140.0, 50.0, -90.0))
        self.assertEqual(rows[0].order_id, self.o_active)  # the differences come first
        action = rows[0].action_open_document()
        self.assertEqual((action["res_model"], action["res_id"]), ("sale.order", self.o_active.id))

    def test_other_company_is_not_counted(self):
        company_b = self.setup_other_company(name="Layaway Company B")["company"]
        wizard = self.env["layaway.liability.wizard"].create({"date": date(2026, 3, 31), "company_id": company_b.id})
        self.assertEqual(wizard.account_id, company_b.layaway_deposit_account_id)
        rows = self.reconcile(date(2026, 3, 31), company=company_b)
        self.assertEqual(self.totals(rows), (0.0, 0.0, 0.0))
        self.assertFalse(rows)


@tagged("post_install", "-at_install")
class TestReportLiabilityRegister(ReconciliationReading, LayawayPosCommon):
    """Register money: booked when its session closes, on its own line until then, and a
    register cancellation counted from the day the layaway closed."""

    def session_rows(self, rows):
        """The report's open-session rows as {session: (name, expected, booked, difference)}."""
        return {
            row.session_id: (row.name, row.expected, row.booked, row.difference)
            for row in rows
            if row.line_type == "session"
        }

    def test_open_session_money_is_on_its_own_line_not_a_difference(self):
        with freeze_time("2026-03-02 10:00:00"):
            session = self.open_session()
            order, _start = self.start_at_register(66.0)
            self.pay_at_register(order, 100.0)
            rows = self.reconcile(date(2026, 3, 2))
            # Nothing posted yet: the layaway's 166 waits on its session's line.
            self.assertEqual(
                self.session_rows(rows), {session: (f"In open register session: {session.name}", 166.0, 0.0, 0.0)}
            )
            self.assertFalse(self.lines(rows))
            self.assertEqual(self.totals(rows), (0.0, 166.0, 0.0))
            action = rows.action_open_document()
            self.assertEqual((action["res_model"], action["res_id"]), ("pos.session", session.id))
            self.close_session()
        rows = self.reconcile(date(2026, 3, 2))
        self.assertFalse(self.session_rows(rows))
        self.assertEqual(self.lines(rows), {order: (166.0, 166.0, 0.0)})
        self.assertEqual(self.totals(rows), (166.0, 166.0, 0.0))

    def test_register_cancellation_is_dated_by_its_closed_date(self):
        with freeze_time("2026-03-02 10:00:00"):
            self.open_session()
            order, _start = self.start_at_register(66.0)
            self.close_session()
        with freeze_time("2026-03-05 10:00:00"):
            session = self.open_session()
            self.sync(self.ui_order(self.cancel_lines(order, 29.0), kind="refund"))
            self.assertEqual((order.layaway_state, order.layaway_closed_date), ("cancelled", date(2026, 3, 5)))
            # The 66 returned is not posted yet: the first session's 66 stays the layaway's,
            # the return waits on the open session's line.
            rows = self.reconcile(date(2026, 3, 5))
            self.assertEqual(self.lines(rows), {order: (66.0, 66.0, 0.0)})
            self.assertEqual(
                self.session_rows(rows), {session: (f"In open register session: {session.name}", -66.0, 0.0, 0.0)}
            )
            self.assertEqual(self.totals(rows), (66.0, 0.0, 0.0))
            self.close_session()
        # Written later: the layaway stays closed on March 5 and the reconciliation does not move.
        order.write({"client_order_ref": "Filed later"})
        self.env.flush_all()
        self.assertGreater(order.write_date.date(), date(2026, 3, 5))
        self.assertEqual(order.layaway_closed_date, date(2026, 3, 5))
        rows = self.reconcile(date(2026, 3, 4))
        self.assertEqual(self.lines(rows), {order: (66.0, 66.0, 0.0)})
        rows = self.reconcile(date(2026, 3, 6))
        self.assertEqual(self.totals(rows), (0.0, 0.0, 0.0))
        self.assertFalse(rows)
