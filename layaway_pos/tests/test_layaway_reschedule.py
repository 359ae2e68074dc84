"""Reschedule (managers): another installment count, or later due dates, for the unpaid balance."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, RecordCapturer, new_test_user, tagged

from .common import LayawayCommon


@tagged("post_install", "-at_install")
class TestLayawayReschedule(LayawayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_a.email = "customer.a@example.com"

    def setUp(self):
        super().setUp()
        # Total 290, deposit 90: 66.67, 66.67, 66.66 due Feb 14, Mar 14, Apr 14; expiry Aug 3.
        self.order = self.make_layaway(deposit=90.0, start_date=self.START)

    def pay(self, amount, day):
        """Pay `amount` on the layaway on `day`, by bank."""
        with freeze_time(day):
            self.order.action_layaway_pay(amount, journal_id=self.bank_journal.id)

    def reschedule(self, day, **kwargs):
        """Reschedule on `day`; the mails it queued."""
        with (
            freeze_time(day),
            RecordCapturer(self.env["mail.mail"].sudo(), [("model", "=", "sale.order")]) as mails,
        ):
            self.order.action_layaway_reschedule(**kwargs)
        return mails.records

    def test_another_count_respreads_the_balance_paid_installments_stay(self):
        self.pay(66.67, "2026-01-20")
        mail = self.reschedule("2026-01-20", installment_count=5)
        self.assertEqual(
            self.installments(self.order),
            [
                (1, date(2026, 2, 14), 66.67, 66.67, "paid"),
                (2, date(2026, 3, 14), 33.33, 0.0, "pending"),
                (3, date(2026, 4, 14), 33.33, 0.0, "pending"),
                (4, date(2026, 5, 14), 33.33, 0.0, "pending"),
                (5, date(2026, 6, 14), 33.34, 0.0, "pending"),
            ],
        )
        self.assertEqual(
            (self.order.layaway_installment_count, self.order.layaway_amount_residual, self.order.layaway_state),
            (5, 133.33, "active"),
        )
        self.assertEqual(
            (self.order.layaway_next_due_date, self.order.layaway_next_due_amount), (date(2026, 3, 14), 33.33)
        )
        # Recorded before and after in the chatter.
        message = self.order.message_ids.filtered(lambda m: "Layaway rescheduled" in m.body)
        self.assertEqual(len(message), 1)
        self.assertIn("Layaway rescheduled: 5 installments.", message.body)
        before, after = message.body.split("After:")
        self.assertEqual((before.count("<tr>"), after.count("<tr>")), (4, 6))
        self.assertIn("<td>3</td><td>04/14/2026</td><td>$&nbsp;66.66</td>", before)
        self.assertIn("<td>5</td><td>06/14/2026</td><td>$&nbsp;33.34</td>", after)
        # The customer gets the new schedule: the installments left to pay.
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.partner_a)
        self.assertEqual(mail.subject, f"{self.company.name}: the new schedule of your layaway {self.order.name}")
        rows = mail.body_html.split('class="o_layaway_rescheduled"')[1]
        self.assertEqual(rows.count("<tr>"), 5)
        for due, amount in (("03/14/2026", "33.33"), ("06/14/2026", "33.34")):
            self.assertIn(due, rows)
            self.assertIn(amount, rows)
        self.assertNotIn("02/14/2026", rows)
        # Payments fill the new schedule in order.
        self.pay(40.0, "2026-03-01")
        self.assertEqual([i[3] for i in self.installments(self.order)], [66.67, 33.33, 6.67, 0.0, 0.0])

    def test_later_dates_close_a_partly_paid_installment_at_what_was_paid(self):
        self.pay(100.0, "2026-01-20")  # installment 1 paid, 33.33 on installment 2
        self.reschedule("2026-03-20", first_due_date="2026-04-01")
        self.assertEqual(
            self.installments(self.order),
            [
                (1, date(2026, 2, 14), 66.67, 66.67, "paid"),
                (2, date(2026, 3, 14), 33.33, 33.33, "paid"),
                (3, date(2026, 4, 1), 100.0, 0.0, "pending"),
            ],
        )
        self.assertEqual((self.order.layaway_installment_count, self.order.layaway_amount_residual), (3, 100.0))
        self.assertFalse(self.order.layaway_is_overdue)
        # Overdue: the default date is today, and two more installments a month apart.
        self.order.layaway_installment_ids.filtered(lambda i: i.sequence == 3).state = "overdue"
        self.reschedule("2026-04-10", installment_count=4)
        self.assertEqual(
            self.installments(self.order)[2:],
            [(3, date(2026, 4, 10), 50.0, 0.0, "pending"), (4, date(2026, 5, 10), 50.0, 0.0, "pending")],
        )

    def test_refusals_write_nothing(self):
        self.pay(66.67, "2026-01-20")  # installment 1 (due Feb 14) paid early
        before = self.installments(self.order)
        name = self.order.name
        refusals = {
            "count above the plan's": ({"installment_count": 7}, "Choose between 1 and 6 installments."),
            "count of what is paid": (
                {"installment_count": 1},
                f"Choose more installments than the 1 already paid (or partly paid) on {name}.",
            ),
            "date in the past": (
                {"first_due_date": "2026-01-19"},
                "The first new due date (01/19/2026) is in the past: choose today or a later date.",
            ),
            "date before an installment that stays": (
                {"first_due_date": "2026-02-01"},
                "The first new due date (02/01/2026) is before installment 1, due on 02/14/2026, which stays: "
                "choose that day or a later one.",
            ),
            "after the expiry": (
                {"installment_count": 6, "first_due_date": "2026-05-01"},
                f"The last installment of {name} would be due on 09/01/2026, after the layaway expires "
                "(08/03/2026): extend it first, or choose fewer installments or an earlier date.",
            ),
            "nothing changes": (
                {},
                f"This is the schedule of {name} already: change the count or the date.",
            ),
            "a date as text that is not one": ({"first_due_date": "soon"}, "The first new due date"),
        }
        for what, (values, message) in refusals.items():
            with self.subTest(what), self.assertRaises(UserError) as refusal:
                self.reschedule("2026-01-20", **dict(values))
            self.assertIn(message, str(refusal.exception))
            self.assertEqual(self.installments(self.order), before, what)
            self.assertEqual(self.order.layaway_installment_count, 3)

        cashier = new_test_user(
            self.env,
            login="reschedule_payments",
            groups="base.group_user,sales_team.group_sale_salesman,layaway_pos.group_layaway_payment",
            company_id=self.company.id,
        )
        with self.assertRaises(AccessError), freeze_time("2026-01-20"):
            self.order.with_user(cashier).action_layaway_reschedule(installment_count=5)
        self.assertEqual(self.installments(self.order), before)

        draft = self.make_layaway()
        with self.assertRaises(UserError) as refusal:
            draft.action_layaway_reschedule(installment_count=5)
        self.assertEqual(
            str(refusal.exception),
            f"Layaway {draft.name} cannot be rescheduled: it is draft. Start it with a deposit first.",
        )
        self.pay(133.33, "2026-01-21")
        self.assertEqual(self.order.layaway_state, "paid")
        with self.assertRaisesRegex(UserError, "cannot be rescheduled: it is paid"):
            self.reschedule("2026-01-21", installment_count=5)

    def test_wizard_proposes_the_current_count_and_next_due_date(self):
        with freeze_time("2026-01-20"):
            wizard = Form(
                self.env["layaway.reschedule.wizard"].with_context(active_model="sale.order", active_id=self.order.id)
            )
            self.assertEqual((wizard.installment_count, wizard.first_due_date), (3, date(2026, 2, 14)))
            wizard.installment_count = 2
            wizard.save().action_reschedule()
        self.assertEqual(
            self.installments(self.order),
            [(1, date(2026, 2, 14), 100.0, 0.0, "pending"), (2, date(2026, 3, 14), 100.0, 0.0, "pending")],
        )
