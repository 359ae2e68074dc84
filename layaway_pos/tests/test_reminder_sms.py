from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.sms.tests.common import SMSCase

from .common import LayawayCommon, clone_layaways

# The day the job runs in the volume test: nothing of the layaway it copies is due then.
JOB_DAY = date(2026, 1, 25)


@tagged("post_install", "-at_install")
class TestLayawayReminderSms(LayawayCommon, SMSCase):
    """The reminders by SMS (company setting): each kind once per layaway or installment, as the emails."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_a.write({"email": "customer.a@example.com", "phone": "+32 456 00 11 22"})
        cls.company.write({"layaway_reminder_days": 3, "layaway_reminder_sms": True})
        cls.Reminder = cls.env["layaway.reminder"]
        cls.number = cls.partner_a._phone_format()

    def run_jobs(self, day):
        """The daily job (overdue, expiry), then the reminders, on `day`, the SMS gateway mocked."""
        with freeze_time(day), self.mockSMSGateway():
            self.env["sale.order"]._cron_layaway_daily()
            self.Reminder._cron_send_reminders()
            self.assertEqual(self._sms, [], "the job queues the SMS, the SMS queue sends them")
        return self._new_sms

    def sent(self, order, channel="sms"):
        """The `channel` reminders logged for `order` as (kind, installment, date)."""
        logs = self.Reminder.search([("order_id", "=", order.id), ("channel", "=", channel)], order="id")
        return [(log.kind, log.installment_id.sequence or 0, str(log.sent_date)) for log in logs]

    def link(self, order):
        """The portal link of `order` that the texts carry."""
        return f"{order.get_base_url()}/my/layaways/{order.id}?access_token={order.access_token}"

    def test_sms_reminders_sent_once_per_kind_with_their_text(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        # Installments of 66.67, 66.67, 66.66 due Feb 14, Mar 14, Apr 14; expiry Aug 3; grace 5 days.
        sms = self.run_jobs("2026-01-15")
        self.assertEqual(self.sent(order), [("started", 0, "2026-01-15")])
        self.assertEqual(self.sent(order, "email"), [("started", 0, "2026-01-15")])
        self.assertEqual(len(sms), 1)
        self.assertSMSOutgoing(
            self.partner_a,
            self.number,
            content=f"{self.company.name}: your layaway {order.name} has started. Balance: $\xa0200.00, "
            f"next installment $\xa066.67 on 02/14/2026. {self.link(order)}",
        )
        self.assertEqual(self.Reminder.search([("channel", "=", "sms")]).sms_id, sms)
        # Sent as the SMS queue sends it, through the (mocked) gateway.
        with self.mockSMSGateway():
            sms.send()
        self.assertSMSIapSent([self.number], content=f"your layaway {order.name} has started")
        self.assertEqual(sms.state, "pending")

        # Never twice, whatever the number of runs.
        self.assertFalse(self.run_jobs("2026-01-15"))
        self.assertFalse(self.run_jobs("2026-01-16"))

        self.assertFalse(self.run_jobs("2026-02-10"))
        sms = self.run_jobs("2026-02-11")
        self.assertEqual(self.sent(order)[1:], [("due", 1, "2026-02-11")])
        self.assertEqual(
            sms.body,
            f"{self.company.name}: installment 1 of your layaway {order.name}, $\xa066.67, is due on 02/14/2026. "
            f"{self.link(order)}",
        )
        self.assertFalse(self.run_jobs("2026-02-12"))

        sms = self.run_jobs("2026-02-20")
        self.assertEqual(self.sent(order)[2:], [("overdue", 1, "2026-02-20")])
        self.assertEqual(
            sms.body,
            f"{self.company.name}: installment 1 of your layaway {order.name}, due on 02/14/2026, is overdue: "
            f"$\xa066.67 is still to pay. {self.link(order)}",
        )
        self.assertFalse(self.run_jobs("2026-02-21"))

        sms = self.run_jobs("2026-07-31")
        self.assertEqual([s for s in self.sent(order) if s[0] == "expiring"], [("expiring", 0, "2026-07-31")])
        self.assertEqual(
            sms.filtered(lambda s: "expires" in s.body).body,
            f"{self.company.name}: your layaway {order.name} expires on 08/03/2026. Please pay the balance of "
            f"$\xa0200.00 before then, or contact us. {self.link(order)}",
        )
        sms = self.run_jobs("2026-08-04")
        self.assertEqual(order.layaway_state, "expired")
        self.assertEqual(
            sms.body,
            f"{self.company.name}: your layaway {order.name} expired on 08/03/2026 with $\xa0200.00 left to pay. "
            "Contact us to extend or cancel it.",
        )
        self.assertFalse(self.run_jobs("2026-08-05"))
        # Each kind once by SMS, as by email.
        self.assertEqual(
            [(kind, seq) for kind, seq, _day in self.sent(order)],
            [(kind, seq) for kind, seq, _day in self.sent(order, "email")],
        )
        self.assertEqual(
            sorted(set(self.Reminder.search([("order_id", "=", order.id)]).mapped("kind"))),
            ["due", "expired", "expiring", "overdue", "started"],
        )

    def test_no_sms_when_the_setting_is_off_or_without_phone(self):
        self.company.layaway_reminder_sms = False
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        self.assertFalse(self.run_jobs("2026-01-15"))
        self.assertEqual(self.sent(order, "email"), [("started", 0, "2026-01-15")])
        self.assertEqual(self.sent(order), [])

        # Turned on: the next reminders go by SMS too; a customer without a phone gets the email only,
        # one without an email the SMS only.
        self.env["res.config.settings"].create({"layaway_reminder_sms": True}).execute()
        self.assertTrue(self.company.layaway_reminder_sms)
        no_phone = self.env["res.partner"].create({"name": "No Phone", "email": "no.phone@example.com"})
        no_email = self.env["res.partner"].create({"name": "No Email", "phone": "+32 456 99 88 77"})
        order_no_phone = self.make_layaway(partner=no_phone, deposit=90.0, start_date="2026-02-10")
        order_no_email = self.make_layaway(partner=no_email, deposit=90.0, start_date="2026-02-10")
        sms = self.run_jobs("2026-02-11")
        self.assertEqual(self.sent(order), [("due", 1, "2026-02-11")])
        self.assertEqual(self.sent(order_no_phone), [])
        self.assertEqual(self.sent(order_no_phone, "email"), [("started", 0, "2026-02-11")])
        self.assertEqual(self.sent(order_no_email), [("started", 0, "2026-02-11")])
        self.assertEqual(self.sent(order_no_email, "email"), [])
        self.assertEqual(sorted(sms.mapped("number")), sorted([self.number, no_email._phone_format()]))
        self.assertEqual(set(sms.mapped("state")), {"outgoing"})

    def test_two_reminders_to_one_number_both_go(self):
        """Two installments overdue at once: two texts, where a mass mailing would cancel the second."""
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        self.company.layaway_reminder_sms = False
        self.run_jobs("2026-01-15")
        self.company.layaway_reminder_sms = True
        sms = self.run_jobs("2026-03-20")
        self.assertEqual(self.sent(order), [("overdue", 1, "2026-03-20"), ("overdue", 2, "2026-03-20")])
        self.assertEqual(sms.mapped("state"), ["outgoing", "outgoing"])
        self.assertEqual(sorted("installment 1" in body for body in sms.mapped("body")), [False, True])

    def test_no_sms_for_a_layaway_that_expired_before_sms_was_on(self):
        self.company.layaway_reminder_sms = False
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        self.run_jobs("2026-08-04")
        self.assertEqual(order.layaway_state, "expired")
        self.assertIn(("expired", 0, "2026-08-04"), self.sent(order, "email"))
        self.company.layaway_reminder_sms = True
        self.assertFalse(self.run_jobs("2026-09-01"))
        self.assertEqual(self.sent(order), [])

    def test_sms_reminder_job_costs_the_same_for_few_and_many_layaways(self):
        layaway = self.make_layaway(deposit=90.0, start_date=self.START)

        def due_soon(count):
            return clone_layaways(layaway, count, JOB_DAY - timedelta(days=30), JOB_DAY + timedelta(days=2))

        def send_reminders():
            with freeze_time(JOB_DAY), self.mockSMSGateway():
                self.Reminder._cron_send_reminders()

        due_soon(2)
        send_reminders()  # warm the caches
        few_ids = due_soon(2)
        few = self.count_queries(send_reminders)
        many_ids = due_soon(40)
        with self.assertQueryCount(few):
            send_reminders()
        logs = self.Reminder.search([("order_id", "in", few_ids + many_ids), ("channel", "=", "sms")])
        self.assertEqual(sorted(logs.order_id.ids), sorted(few_ids + many_ids))
        self.assertEqual(set(logs.mapped("kind")), {"due"})
        self.assertEqual(len(logs.sms_id), 42)
        self.assertEqual(set(logs.sms_id.mapped("state")), {"outgoing"})
