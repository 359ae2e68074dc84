from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import LayawayCommon


@tagged("post_install", "-at_install")
class TestLayawayPlan(LayawayCommon):
    def plan_values(self, **values):
        return {"code": "300", "name": "Test plan", "company_id": self.company.id, **values}

    def assert_refused(self, message_part, **values):
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
