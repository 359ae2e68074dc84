from collections import defaultdict
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import LayawayCommon


@tagged("post_install", "-at_install")
class TestReportLayaway(LayawayCommon):
    """Layaway analysis, payments analysis and sales analysis on a mix of layaways in every
    state, in two companies."""

    TODAY = date(2026, 5, 20)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan_short = cls.plan.copy(
            {
                "code": "300",
                "name": "One month",
                "installment_count": 1,
                "installment_min": 1,
                "installment_max": 1,
                "expiry_days": 40,
            }
        )
        bank = cls.bank_journal.id
        cls.o_draft = cls._seed(None)
        cls.o_active = cls._seed(cls.START, 90.0)  # nothing paid after the deposit
        cls.o_active2 = cls._seed(date(2026, 4, 1), 90.0)
        with freeze_time("2026-05-05"):
            cls.o_active2.action_layaway_pay(30.0, journal_id=bank)
        cls.o_paid = cls._seed(cls.START, 90.0)
        with freeze_time("2026-02-01"):
            cls.o_paid.action_layaway_pay(200.0, journal_id=bank)
        cls.o_done = cls._seed(cls.START, 100.0)
        with freeze_time("2026-03-10"):
            cls.o_done.action_layaway_complete(190.0, journal_id=bank)
        cls.o_cancelled = cls._seed(cls.START, 90.0)
        with freeze_time("2026-02-20"):
            cls.o_cancelled.action_layaway_cancel("changed mind")
        cls.o_expired = cls._seed(cls.START, 90.0, plan=cls.plan_short)
        with freeze_time("2026-03-01"):
            cls.env["sale.order"]._cron_layaway_daily()
        with freeze_time(cls.TODAY):
            cls.env["sale.order"]._cron_layaway_daily()
        # A plain sale order: the sales analysis counts it as usual.
        cls.o_plain = cls.env["sale.order"].create(
            {
                "partner_id": cls.partner_b.id,
                "order_line": [(0, 0, {"product_id": cls.lamp.id, "product_uom_qty": 2.0})],
            }
        )
        cls.o_plain.action_confirm()

        # A second company with one active layaway of its own.
        cls.setup_company_b()
        cls.o_company_b = (
            cls.env["sale.order"]
            .with_company(cls.company_b)
            .create(
                {
                    "partner_id": cls.partner_a.id,
                    "company_id": cls.company_b.id,
                    "layaway_plan_id": cls.plan_b.id,
                    "order_line": [(0, 0, {"product_id": cls.sofa.id, "product_uom_qty": 1.0})],
                }
            )
        )
        with freeze_time(cls.START):
            cls.o_company_b.action_layaway_start(50.0, journal_id=cls.company_b_data["default_journal_bank"].id)
        cls.orders_a = (
            cls.o_draft | cls.o_active | cls.o_active2 | cls.o_paid | cls.o_done | cls.o_cancelled | cls.o_expired
        )

    @classmethod
    def _seed(cls, start, deposit=0.0, plan=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.partner_a.id,
                "company_id": cls.company.id,
                "layaway_plan_id": (plan or cls.plan).id,
                "order_line": [
                    (0, 0, {"product_id": cls.sofa.id, "product_uom_qty": 2.0}),
                    (0, 0, {"product_id": cls.lamp.id, "product_uom_qty": 1.0}),
                ],
            }
        )
        if start:
            with freeze_time(start):
                order.action_layaway_start(deposit, journal_id=cls.bank_journal.id)
        return order

    def only(self, model, company):
        """`model` as seen with only `company` allowed."""
        return self.env[model].with_context(allowed_company_ids=company.ids)

    # ------------------------------------------------------------------
    # Layaway analysis
    # ------------------------------------------------------------------

    def test_seeded_states(self):
        self.assertEqual(
            [o.layaway_state for o in self.orders_a],
            ["draft", "active", "active", "paid", "done", "cancelled", "expired"],
        )

    def test_analysis_amounts_by_state_equal_the_orders(self):
        with freeze_time(self.TODAY):
            groups = self.only("layaway.report", self.company).formatted_read_group(
                [], ["state"], ["amount_total:sum", "amount_paid:sum", "amount_residual:sum", "nbr:sum"]
            )
        got = {
            g["state"]: (g["amount_total:sum"], g["amount_paid:sum"], g["amount_residual:sum"], g["nbr:sum"])
            for g in groups
        }
        expected = defaultdict(lambda: [0.0, 0.0, 0.0, 0])
        for order in self.orders_a:
            row = expected[order.layaway_state]
            row[0] += order.layaway_amount_total
            row[1] += order.layaway_amount_paid
            row[2] += order.layaway_amount_residual
            row[3] += 1
        self.assertEqual(set(got), set(expected))
        for state, (total, paid, residual, count) in expected.items():
            self.assertAlmostEqual(got[state][0], total, msg=state)
            self.assertAlmostEqual(got[state][1], paid, msg=state)
            self.assertAlmostEqual(got[state][2], residual, msg=state)
            self.assertEqual(got[state][3], count, msg=state)
        # Exact figures for the record: 290 per layaway, 66.67 + 66.67 + 66.66 after a 90 deposit.
        self.assertEqual(got["active"][:3], (580.0, 210.0, 370.0))
        self.assertEqual(got["done"][:3], (290.0, 290.0, 0.0))
        self.assertEqual(got["cancelled"][:3], (290.0, 90.0, 0.0))

    def test_analysis_aging_buckets(self):
        fields = [
            "amount_current",
            "amount_late_1_30",
            "amount_late_31_60",
            "amount_late_61_90",
            "amount_late_over_90",
        ]

        def bucket(days_late):
            if days_late <= 0:
                return "amount_current"
            if days_late <= 30:
                return "amount_late_1_30"
            if days_late <= 60:
                return "amount_late_31_60"
            if days_late <= 90:
                return "amount_late_61_90"
            return "amount_late_over_90"

        # The aging is measured when the rows are read: read them on TODAY.
        with freeze_time(self.TODAY):
            rows = self.only("layaway.report", self.company).search([])
            rows.fetch([*fields, "amount_late", "order_id"])
        by_order = {row.order_id: row for row in rows}
        self.assertEqual(set(by_order), set(self.orders_a))
        for order, row in by_order.items():
            expected = dict.fromkeys(fields, 0.0)
            if order.layaway_state in ("active", "expired"):
                for installment in order.layaway_installment_ids.filtered(lambda i: i.state != "paid"):
                    key = bucket((self.TODAY - installment.due_date).days)
                    expected[key] = self.currency.round(expected[key] + installment.amount_residual)
            self.assertEqual({f: row[f] for f in fields}, expected, order.name)
            self.assertAlmostEqual(row.amount_late, sum(expected[f] for f in fields[1:]))
        # Feb 14 is 95 days late, Mar 14 is 67, Apr 14 is 36.
        self.assertEqual([by_order[self.o_active][f] for f in fields], [0.0, 0.0, 66.66, 66.67, 66.67])
        # Started Apr 1, 90 + 30 paid: May 1 (19 days late) has 36.67 left; Jun 1 and Jul 1 are not due yet.
        self.assertEqual([by_order[self.o_active2][f] for f in fields], [133.33, 36.67, 0.0, 0.0, 0.0])
        # The aging date can be chosen (fresh rows: the cache holds those read above).
        self.env.invalidate_all()
        row = (
            self.only("layaway.report", self.company)
            .with_context(layaway_aging_date="2026-02-20")
            .search([("order_id", "=", self.o_active.id)])
        )
        self.assertEqual((row.amount_current, row.amount_late_1_30), (133.33, 66.67))

    def test_analysis_closed_date_and_dimensions(self):
        rows = self.only("layaway.report", self.company).search([])
        by_order = {row.order_id: row for row in rows}
        self.assertEqual(by_order[self.o_done].closed_date, date(2026, 3, 10))
        self.assertEqual(by_order[self.o_cancelled].closed_date, date(2026, 2, 20))
        self.assertFalse(by_order[self.o_active].closed_date)
        self.assertEqual(by_order[self.o_active].plan_id, self.plan)
        self.assertEqual(by_order[self.o_expired].plan_id, self.plan_short)
        self.assertEqual(by_order[self.o_active].team_id, self.o_active.team_id)
        self.assertEqual(by_order[self.o_active].user_id, self.o_active.user_id)
        groups = self.only("layaway.report", self.company).formatted_read_group(
            [("state", "!=", "draft")], ["start_date:month"], ["nbr:sum"]
        )
        self.assertEqual({g["start_date:month"][1]: g["nbr:sum"] for g in groups}, {"January 2026": 5, "April 2026": 1})

    def test_closed_date_is_stored_once_and_read_by_the_analysis(self):
        self.assertEqual(
            [o.layaway_closed_date for o in self.orders_a],
            [False, False, False, False, date(2026, 3, 10), date(2026, 2, 20), False],
        )
        # A later write to a closed layaway moves neither its closed date nor the analysis.
        (self.o_done | self.o_cancelled).write({"client_order_ref": "Filed later"})
        self.env.flush_all()
        self.assertGreater(self.o_done.write_date.date(), date(2026, 3, 10))
        self.assertEqual(
            (self.o_done.layaway_closed_date, self.o_cancelled.layaway_closed_date),
            (date(2026, 3, 10), date(2026, 2, 20)),
        )
        rows = self.only("layaway.report", self.company).search([("order_id", "in", self.orders_a.ids)])
        self.assertEqual(
            {row.order_id: row.closed_date for row in rows if row.closed_date},
            {self.o_done: date(2026, 3, 10), self.o_cancelled: date(2026, 2, 20)},
        )

    def test_closed_date_is_the_company_day(self):
        # 11:30 UTC on March 10 is 00:30 on March 11 in Auckland (UTC+13 in summer).
        self.company.partner_id.tz = "Pacific/Auckland"
        for product, qty in ((self.sofa, 4.0), (self.lamp, 2.0)):
            self.env["stock.quant"]._update_available_quantity(product, self.stock_location, qty)
        done, cancelled = self._seed(self.START, 90.0), self._seed(self.START, 90.0)
        with freeze_time("2026-03-10 11:30:00"):
            final_invoice_id = done.action_layaway_complete(200.0, journal_id=self.bank_journal.id)
            credit_note_id = cancelled.action_layaway_cancel("changed mind")
        self.assertEqual((done.layaway_state, cancelled.layaway_state), ("done", "cancelled"))
        self.assertEqual((done.layaway_closed_date, cancelled.layaway_closed_date), (date(2026, 3, 11),) * 2)
        # The last payment, the final invoice and the credit note are dated that day too.
        pickup = done.layaway_payment_ids.filtered(lambda p: p.kind == "pickup")
        self.assertEqual(
            self.env["account.move"].browse([pickup.invoice_id.id, final_invoice_id, credit_note_id]).mapped("date"),
            [date(2026, 3, 11)] * 3,
        )

    def test_analysis_no_company_leak(self):
        rows_a = self.only("layaway.report", self.company).search([])
        rows_b = self.only("layaway.report", self.company_b).search([])
        self.assertEqual(rows_a.order_id, self.orders_a)
        self.assertEqual(rows_b.order_id, self.o_company_b)
        order_b = self.o_company_b
        self.assertEqual(
            (rows_b.amount_total, rows_b.amount_paid, rows_b.amount_residual),
            (order_b.layaway_amount_total, 50.0, order_b.layaway_amount_total - 50.0),
        )
        payments_a = self.only("layaway.payment.report", self.company).search([])
        self.assertNotIn(self.o_company_b, payments_a.order_id)
        self.assertEqual(self.only("layaway.payment.report", self.company_b).search([]).order_id, self.o_company_b)

    # ------------------------------------------------------------------
    # Payments analysis
    # ------------------------------------------------------------------

    def test_payment_report_equals_payments(self):
        Report = self.only("layaway.payment.report", self.company)
        payments = self.orders_a.layaway_payment_ids
        self.assertEqual(len(payments), 9)
        rows = Report.search([])
        self.assertEqual(rows.payment_id, payments)
        for row in rows:
            payment = row.payment_id
            self.assertEqual(
                (row.date, row.amount, row.channel, row.journal_id, row.user_id, row.kind, row.order_id),
                (
                    payment.date,
                    payment.amount,
                    payment.channel,
                    payment.journal_id,
                    payment.user_id,
                    payment.kind,
                    payment.order_id,
                ),
            )
        by_day = Report.formatted_read_group([], ["date:day", "channel"], ["amount:sum"])
        got = {(g["date:day"][1], g["channel"]): g["amount:sum"] for g in by_day}
        self.assertEqual(
            got,
            {
                ("15 Jan 2026", "backoffice"): 460.0,  # four deposits of 90 and one of 100
                ("01 Feb 2026", "backoffice"): 200.0,
                ("10 Mar 2026", "backoffice"): 190.0,
                ("01 Apr 2026", "backoffice"): 90.0,
                ("05 May 2026", "backoffice"): 30.0,
            },
        )
        # Six deposits (four of 90 and one of 100 on Jan 15, one of 90 on Apr 1); the rest were paid later.
        by_kind = Report.formatted_read_group([], ["kind"], ["amount:sum", "__count"])
        got = {g["kind"]: (g["__count"], g["amount:sum"]) for g in by_kind}
        self.assertEqual(got.pop("deposit"), (6, 550.0))
        self.assertEqual(sum(amount for _count, amount in got.values()), 420.0)
        self.assertEqual(Report.search_count([("kind", "=", "deposit")]), 6)
        by_journal = Report.formatted_read_group([], ["journal_id"], ["amount:sum"])
        self.assertEqual(
            [(g["journal_id"][0], g["amount:sum"]) for g in by_journal],
            [(self.bank_journal.id, sum(payments.mapped("amount")))],
        )

    # ------------------------------------------------------------------
    # Sales analysis
    # ------------------------------------------------------------------

    def test_sale_report_counts_layaway_goods_at_completion_only(self):
        Report = self.only("sale.report", self.company)
        layaway_rows = Report.search([("order_reference", "in", [f"sale.order,{o.id}" for o in self.orders_a])])
        # Open layaways (active, paid, expired) are not sales yet; draft and cancelled stay
        # quotations/cancelled as for any order; no deposit line ever appears.
        self.assertEqual(
            {row.order_reference for row in layaway_rows},
            {self.o_draft, self.o_done, self.o_cancelled},
        )
        self.assertFalse(layaway_rows.filtered(lambda r: r.product_id == self.company._layaway_deposit_product()))
        # A cancellation fee kept in the back office is a credit note's line, never a sale: the
        # cancelled layaway shows its goods as cancelled, as any cancelled order, and no fee.
        cancelled_rows = layaway_rows.filtered(lambda r: r.order_reference == self.o_cancelled)
        self.assertEqual(set(cancelled_rows.mapped("state")), {"cancel"})
        self.assertFalse(layaway_rows.filtered(lambda r: r.product_id == self.company._layaway_cancel_fee_product()))
        done_rows = layaway_rows.filtered(lambda r: r.order_reference == self.o_done)
        self.assertEqual(
            sorted((r.product_id.name, r.product_uom_qty, r.price_total) for r in done_rows),
            sorted(
                [
                    ("Sofa", 2.0, 230.0),
                    ("Lamp", 1.0, 50.0),
                    (self.company._layaway_fee_product().name, 1.0, 10.0),
                ]
            ),
        )
        self.assertEqual({r.date.date() for r in done_rows}, {date(2026, 3, 10)})
        self.assertEqual(set(done_rows.mapped("state")), {"sale"})
        # In the "Sales" figures (confirmed orders): the done layaway and the plain order only.
        sales = Report.formatted_read_group([("state", "in", ["sale"])], ["order_reference"], ["price_total:sum"])
        self.assertEqual(
            {g["order_reference"]: g["price_total:sum"] for g in sales},
            {f"sale.order,{self.o_done.id}": 290.0, f"sale.order,{self.o_plain.id}": 100.0},
        )
        # The second company's open layaway is not a sale either.
        self.assertFalse(
            self.only("sale.report", self.company_b).search(
                [("order_reference", "=", f"sale.order,{self.o_company_b.id}")]
            )
        )
