from datetime import date
from decimal import Decimal

from lxml import html as lxml_html
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..tools import schedule
from .common import LayawayCommon

NBSP = "\N{NO-BREAK SPACE}"


def schedule_table(html):
    """The rows of a schedule table (header included) and the sentence below it, as plain texts."""
    root = lxml_html.fromstring(f"<div>{html}</div>")
    rows = [[cell.text_content() for cell in row] for row in root.iter("tr")]
    return rows, " ".join(p.text_content() for p in root.iter("p"))


@tagged("post_install", "-at_install")
class TestLayawayPlan(LayawayCommon):
    def plan_values(self, **values):
        """A valid plan's values, with `values` changed."""
        return {"code": "300", "name": "Test plan", "company_id": self.company.id, **values}

    def assert_refused(self, message_part, **values):
        """Creating a plan with `values` is refused with `message_part`."""
        # The savepoint plays the request's rollback: the constraint runs after the insert.
        with self.assertRaisesRegex(ValidationError, message_part), self.cr.savepoint():
            self.env["layaway.plan"].create(self.plan_values(**values))

    def test_code_must_be_digits(self):
        self.assert_refused("digits only", code="A12")
        self.assert_refused("digits only", code="12 3")

    def test_code_unique_per_company(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["layaway.plan"].create(self.plan_values(code="100"))
        other = self.setup_other_company()["company"]
        plan = self.env["layaway.plan"].create(self.plan_values(code="100", company_id=other.id))
        self.assertEqual(plan.code, "100")

    def test_name_at_most_100_characters(self):
        self.assert_refused("at most 100 characters", name="x" * 101)
        self.assertEqual(len(self.env["layaway.plan"].create(self.plan_values(name="y" * 100)).name), 100)

    def test_installment_counts_in_order(self):
        self.assert_refused("minimum ≤ default ≤ maximum", installment_min=0)
        self.assert_refused("minimum ≤ default ≤ maximum", installment_min=4, installment_count=3)
        self.assert_refused("minimum ≤ default ≤ maximum", installment_count=7, installment_max=6)

    def test_period_days_only_with_days(self):
        self.assert_refused("more than 0", period="days", period_days=0)
        self.assert_refused("only used with the period", period="weekly", period_days=10)
        plan = self.env["layaway.plan"].create(self.plan_values(period="days", period_days=10))
        self.assertEqual(plan.period_days, 10)

    def test_percent_and_amount_ranges(self):
        self.assert_refused("between 0 and 100", deposit_type="percent", deposit_value=100.5)
        self.assert_refused("between 0 and 100", deposit_type="percent", deposit_value=-1)
        self.assert_refused("cannot be negative", deposit_type="fixed", deposit_value=-5)
        self.assert_refused("service fee percentage", fee_type="percent", fee_value=150)
        self.assert_refused("cancellation fee amount cannot be negative", cancel_fee_type="fixed", cancel_fee_value=-1)
        self.assert_refused("cannot be negative", grace_days=-1)

    def test_expiry_must_leave_room_for_longest_schedule(self):
        # 30 days to the first, then 5 more monthly installments counted at 31 days: 185 days.
        self.assert_refused(
            "can run 185 days",
            installment_max=6,
            period="monthly",
            first_due_days=30,
            expiry_days=184,
        )
        plan = self.env["layaway.plan"].create(
            self.plan_values(installment_max=6, period="monthly", first_due_days=30, expiry_days=185)
        )
        self.assertEqual(plan.expiry_days, 185)
        self.assertTrue(self.env["layaway.plan"].create(self.plan_values(code="301", expiry_days=0)))

    def test_plan_line_needs_layaway_product(self):
        with self.assertRaisesRegex(ValidationError, "'Gift Card' cannot be laid away"), self.cr.savepoint():
            self.plan.write({"line_ids": [(0, 0, {"product_tmpl_id": self.gift_card.product_tmpl_id.id})]})
        self.assertFalse(self.plan.line_ids)
        self.plan.write(
            {
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_tmpl_id": self.sofa.product_tmpl_id.id,
                            "installment_count": 5,
                            "deposit_type": "fixed",
                            "deposit_value": 30,
                        },
                    ),
                ]
            }
        )
        self.assertEqual(self.plan.line_ids.installment_count, 5)

    def test_example_schedule_is_live(self):
        self.plan.example_amount = 1000.0
        html = str(self.plan.example_schedule_html)
        # 1000 + fee 10 = 1010; deposit 10 + 20% of 1000 = 210; 800 in 3: 266.67, 266.67, 266.66
        for expected in ("210.00", "266.67", "266.66", "1,010.00"):
            self.assertIn(expected, html)

    def test_example_schedule_dates_and_amounts_in_the_users_language(self):
        rows, below = schedule_table(self.plan._example_schedule_html(1000.0, date(2027, 1, 1)))
        # Monthly from 30 days after the start, clamped to the month's end; expiry 200 days after the start.
        self.assertEqual(
            rows,
            [
                ["Payment", "Due Date", "Amount"],
                ["Deposit", "01/01/2027", f"${NBSP}210.00"],
                ["Installment 1", "01/31/2027", f"${NBSP}266.67"],
                ["Installment 2", "02/28/2027", f"${NBSP}266.67"],
                ["Installment 3", "03/31/2027", f"${NBSP}266.66"],
            ],
        )
        self.assertEqual(
            below, f"Total ${NBSP}1,010.00, including a service fee of ${NBSP}10.00. Expires on 07/20/2027."
        )
        rows, below = schedule_table(self.plan_on_completion._example_schedule_html(90.0, date(2027, 1, 1)))
        self.assertEqual(
            rows[1:],
            [
                ["Deposit", "01/01/2027", f"${NBSP}18.00"],
                ["Installment 1", "01/31/2027", f"${NBSP}24.00"],
                ["Installment 2", "02/28/2027", f"${NBSP}24.00"],
                ["Installment 3", "03/31/2027", f"${NBSP}24.00"],
            ],
        )
        self.assertEqual(below, f"Total ${NBSP}90.00. Expires on 07/20/2027.")

    def test_example_schedule_says_why_it_cannot_be_made(self):
        # As the form shows it while the user types: 'Every N days' chosen, the days not set yet.
        plan = self.env["layaway.plan"].new(
            {"code": "1", "name": "Draft", "company_id": self.company.id, "period": "days", "period_days": 0}
        )
        html = plan._example_schedule_html(1000.0, date(2027, 1, 1))
        self.assertEqual(html, "<p class='text-danger'>Set the days between installments (more than 0).</p>")

    def test_build_schedule_defaults_to_the_minimum_deposit_and_the_lines_count(self):
        lines = [schedule.LineTerms(total=1000.0), schedule.LineTerms(total=100.0, installment_count=8)]

        def build(**options):
            return self.plan._build_schedule(lines, date(2027, 1, 1), self.currency, service_fee=10.0, **options)

        result = build()
        # 20 % of 1100 + the fee; the product's 8 installments, beyond the plan's maximum of 6.
        self.assertEqual(
            (result.total, result.min_deposit, result.deposit, result.installment_count, result.service_fee),
            (Decimal("1110.00"), Decimal("230.00"), Decimal("230.00"), 8, Decimal("10.00")),
        )
        self.assertEqual((result.start, result.expiry_date), (date(2027, 1, 1), date(2027, 7, 20)))
        # None chosen, or the lines' own count: not a request, so not held to the plan's 1 to 6.
        self.assertEqual([build(installment_count=count).installment_count for count in (None, 0, 8)], [8, 8, 8])
        result = build(deposit=510, installment_count=2)
        self.assertEqual(
            [(i.due_date, i.amount) for i in result.installments],
            [(date(2027, 1, 31), Decimal("300.00")), (date(2027, 2, 28), Decimal("300.00"))],
        )

    def test_build_schedule_refuses_in_a_sentence(self):
        lines = [schedule.LineTerms(total=1000.0)]
        start = date(2027, 1, 1)
        with self.assertRaisesRegex(UserError, f"^The deposit must be at least \\${NBSP}210\\.00\\.$"):
            self.plan._build_schedule(lines, start, self.currency, deposit=209.99, service_fee=10.0)
        with self.assertRaisesRegex(
            UserError, f"^The deposit cannot be more than the total of \\${NBSP}1,010\\.00\\.$"
        ):
            self.plan._build_schedule(lines, start, self.currency, deposit=1010.01, service_fee=10.0)
        with self.assertRaisesRegex(UserError, "^Choose between 1 and 6 installments\\.$"):
            self.plan._build_schedule(lines, start, self.currency, installment_count=7)

    def test_every_schedule_refusal_is_a_whole_sentence(self):
        plan = self.env["layaway.plan"]
        error = schedule.ScheduleError
        amounts = {"deposit": Decimal("1.00"), "minimum": Decimal("1066.00")}
        cases = [
            (error(schedule.DEPOSIT_BELOW_MINIMUM, **amounts), f"The deposit must be at least ${NBSP}1,066.00."),
            (
                error(schedule.DEPOSIT_ABOVE_TOTAL, deposit=Decimal("2.00"), total=Decimal("1.50")),
                f"The deposit cannot be more than the total of ${NBSP}1.50.",
            ),
            (
                error(schedule.COUNT_OUT_OF_RANGE, requested=9, installment_min=2, installment_max=6),
                "Choose between 2 and 6 installments.",
            ),
            (error(schedule.NO_INSTALLMENT, count=0), "A layaway needs at least one installment."),
            (
                error(schedule.NEGATIVE_BALANCE, balance=Decimal("-0.01")),
                f"The balance cannot be negative (${NBSP}-0.01).",
            ),
            (
                error(schedule.FIRST_DUE_BEFORE_START, first_due_days=-1),
                "The first installment cannot be due before the start.",
            ),
            (
                error(schedule.PERIOD_DAYS_NOT_POSITIVE, period_days=0),
                "Set the days between installments (more than 0).",
            ),
            (
                error(schedule.UNKNOWN_PERIOD, period="fortnightly"),
                "The installment period 'fortnightly' is unknown: choose one of the plan's periods.",
            ),
            (
                error(schedule.ROUNDING_NOT_POSITIVE, rounding=Decimal("0")),
                "The currency rounding must be positive, not 0: correct the currency.",
            ),
            (error(schedule.PAYMENT_NOT_POSITIVE, amount=Decimal("0")), "A payment must be more than zero."),
            (
                error(schedule.PAID_BEFORE_NEGATIVE, paid_before=Decimal("-1")),
                "The amount already paid cannot be negative.",
            ),
            (
                error(schedule.PAYMENT_EXCEEDS_BALANCE, amount=Decimal("51.00"), balance=Decimal("50.00")),
                f"A payment of ${NBSP}51.00 exceeds the balance of ${NBSP}50.00.",
            ),
        ]
        for refusal, sentence in cases:
            with self.subTest(code=refusal.code):
                self.assertEqual(plan._schedule_error_text(refusal, self.currency), sentence)
        # Without a currency, amounts are numbers in the user's language with the decimals the schedule kept.
        self.assertEqual(
            plan._schedule_error_text(error(schedule.DEPOSIT_BELOW_MINIMUM, **amounts)),
            "The deposit must be at least 1,066.00.",
        )
        self.assertEqual(
            plan._schedule_error_text(error("a_new_rule", days=3)),
            "The layaway schedule cannot be made (a_new_rule(days=3)).",
        )

    def test_fees_service_on_the_goods_cancellation_capped_by_what_was_paid(self):
        self.assertEqual(self.plan._service_fee(1000.0), 10.0)  # fixed 10
        self.assertEqual(self.plan._cancel_fee(290.0, 90.0), 29.0)  # 10 % of the total
        self.assertEqual(self.plan._cancel_fee(290.0, 20.0), 20.0)  # never more than what was paid
        self.assertEqual(self.plan._cancel_fee(290.0, 0.0), 0.0)
        self.assertEqual(self.env["layaway.plan"]._cancel_fee(290.0, 0.0), 0.0)  # no plan, nothing paid
        plan = self.plan.copy({"code": "500", "fee_type": "percent", "fee_value": 2.5, "cancel_fee_type": "none"})
        self.assertEqual((plan._service_fee(333.33), plan._cancel_fee(290.0, 90.0)), (8.33, 0.0))

    def test_cashier_reads_plans_but_cannot_change_them(self):
        cashier = new_test_user(
            self.env,
            login="layaway_cashier",
            groups="point_of_sale.group_pos_user",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        self.assertTrue(cashier.has_group("layaway_pos.group_layaway_user"))
        self.assertFalse(cashier.has_group("layaway_pos.group_layaway_manager"))
        plan = self.plan.with_user(cashier)
        self.assertEqual(plan.name, "Three months")
        with self.assertRaises(AccessError):
            plan.write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.env["layaway.plan"].with_user(cashier).create(self.plan_values())

    def test_plan_of_another_company_is_invisible(self):
        other = self.setup_other_company(name="Other Store")["company"]
        other_plan = self.env["layaway.plan"].create(self.plan_values(code="900", company_id=other.id))
        user = new_test_user(
            self.env,
            login="layaway_single_company",
            groups="point_of_sale.group_pos_user",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        visible = self.env["layaway.plan"].with_user(user).search([])
        self.assertIn(self.plan, visible)
        self.assertNotIn(other_plan, visible)
        with self.assertRaises(AccessError):
            other_plan.with_user(user).read(["name"])

    def test_product_layaway_flag(self):
        template = self.sofa.product_tmpl_id
        self.assertTrue(template.layaway_ok)
        self.assertFalse(self.gift_card.product_tmpl_id.layaway_ok)
        found = self.env["product.template"].search(
            [("layaway_ok", "=", True), ("id", "in", [template.id, self.gift_card.product_tmpl_id.id])]
        )
        self.assertEqual(found, template)
