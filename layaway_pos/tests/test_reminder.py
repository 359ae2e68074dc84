from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import RecordCapturer, tagged

from ..models.layaway_reminder import REMINDER_KINDS
from .common import LayawayCommon, clone_layaways

# The day the job runs in the volume tests: nothing of the layaway they copy is due then.
JOB_DAY = date(2026, 1, 25)


@tagged("post_install", "-at_install")
class TestLayawayReminder(LayawayCommon):
    """The daily reminder job: each mail once per layaway (or installment) and kind."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_a.email = "customer.a@example.com"
        cls.company.layaway_reminder_days = 3
        cls.Reminder = cls.env["layaway.reminder"]

    def run_jobs(self, day):
        """The lead's daily job (overdue, expiry), then the reminders, on `day`."""
        with freeze_time(day):
            self.env["sale.order"]._cron_layaway_daily()
            self.Reminder._cron_send_reminders()

    def sent(self, order):
        """The reminders logged for `order` as (kind, installment, date)."""
        logs = self.Reminder.search([("order_id", "=", order.id)], order="id")
        return [(log.kind, log.installment_id.sequence or 0, str(log.sent_date)) for log in logs]

    def mails(self, order, kind):
        """The mails of the `kind` reminders of `order`, each on the record its template is for."""
        mails = self.Reminder.search([("order_id", "=", order.id), ("kind", "=", kind)]).mail_id
        template = self.env.ref(REMINDER_KINDS[kind][0])
        records = order if template.model == "sale.order" else order.layaway_installment_ids
        self.assertEqual(
            {(m.model, m.res_id in records.ids) for m in mails}, {(template.model, True)} if mails else set()
        )
        return mails

    def test_start_triggers_the_reminders_job_at_once(self):
        cron = self.env.ref("layaway_pos.ir_cron_layaway_reminders")
        with RecordCapturer(self.env["ir.cron.trigger"].sudo(), [("cron_id", "=", cron.id)]) as capture:
            self.make_layaway(deposit=90.0)
        self.assertEqual(len(capture.records), 1)
        self.assertLessEqual(capture.records.call_at, fields.Datetime.now())

    def test_reminders_sent_once_per_kind_and_respect_n(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        # Installments due Feb 14, Mar 14, Apr 14; expiry Aug 3; grace 5 days.
        self.run_jobs("2026-01-15")
        self.assertEqual(self.sent(order), [("started", 0, "2026-01-15")])
        started = self.mails(order, "started")
        self.assertEqual(len(started), 1)
        self.assertEqual(started.recipient_ids, self.partner_a)
        self.assertIn(order.name, started.subject)
        self.assertTrue(started.attachment_ids, "the contract is attached")
        self.assertIn(f"/my/layaways/{order.id}?access_token=", started.body_html)

        # N = 3: nothing 4 days before the due date, the reminder 3 days before, never twice.
        self.run_jobs("2026-02-10")
        self.assertEqual(len(self.sent(order)), 1)
        self.run_jobs("2026-02-11")
        self.run_jobs("2026-02-12")
        self.assertEqual(self.sent(order)[1:], [("due", 1, "2026-02-11")])
        due = self.mails(order, "due")
        self.assertEqual(len(due), 1)
        self.assertIn("66.67", due.body_html)

        # Overdue after the grace days (Feb 14 + 5), once.
        self.run_jobs("2026-02-19")
        self.assertEqual(len(self.sent(order)), 2)
        self.run_jobs("2026-02-20")
        self.run_jobs("2026-02-21")
        self.assertEqual(self.sent(order)[2:], [("overdue", 1, "2026-02-20")])
        self.assertEqual(len(self.mails(order, "overdue")), 1)

        # N is a company setting: 5 days ahead now.
        self.company.layaway_reminder_days = 5
        self.run_jobs("2026-03-08")
        self.assertEqual(len(self.sent(order)), 3)
        self.run_jobs("2026-03-09")
        self.assertEqual(self.sent(order)[3:], [("due", 2, "2026-03-09")])

        # About to expire (Aug 3 - 5 days), then expired: once each.
        self.run_jobs("2026-07-28")
        self.assertNotIn("expiring", [kind for kind, _seq, _day in self.sent(order)])
        self.run_jobs("2026-07-29")
        self.run_jobs("2026-07-30")
        self.assertEqual([s for s in self.sent(order) if s[0] == "expiring"], [("expiring", 0, "2026-07-29")])
        self.run_jobs("2026-08-04")
        self.run_jobs("2026-08-05")
        self.assertEqual(order.layaway_state, "expired")
        self.assertEqual([s for s in self.sent(order) if s[0] == "expired"], [("expired", 0, "2026-08-04")])
        self.assertEqual(len(self.mails(order, "expired")), 1)

    def test_no_reminder_for_paid_installments_or_without_email(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        with freeze_time("2026-01-20"):
            order.action_layaway_pay(66.67, journal_id=self.bank_journal.id)
        self.run_jobs("2026-02-11")
        self.assertEqual([kind for kind, _seq, _day in self.sent(order)], [])  # started too long ago; 1 is paid
        self.run_jobs("2026-03-11")
        self.assertEqual(self.sent(order), [("due", 2, "2026-03-11")])

        no_email = self.env["res.partner"].create({"name": "No Email"})
        other = self.make_layaway(partner=no_email, deposit=90.0, start_date="2026-03-11")
        self.run_jobs("2026-03-11")
        self.assertEqual(self.sent(other), [])

    # ------------------------------------------------------------------
    # Volume (the job on 10,000 layaways is timed by `make bench`)
    # ------------------------------------------------------------------

    def due_soon(self, layaway, count):
        """Ids of `count` copies of `layaway` started a month before JOB_DAY, an installment due two days after it."""
        return clone_layaways(layaway, count, JOB_DAY - timedelta(days=30), JOB_DAY + timedelta(days=2))

    def send_reminders(self, batch_size=500):
        """Run the reminders job on the job day."""
        with freeze_time(JOB_DAY):
            self.Reminder._cron_send_reminders(batch_size=batch_size)

    def assert_sent_once(self, order_ids):
        """One "due" reminder and one mail for each of `order_ids`, on its installment."""
        logs = self.Reminder.search([("order_id", "in", order_ids)])
        self.assertEqual(len(logs), len(order_ids))
        self.assertEqual(sorted(logs.order_id.ids), sorted(order_ids))
        self.assertEqual(set(logs.mapped("kind")), {"due"})
        self.assertEqual(logs.mail_id.mapped("model"), ["layaway.installment"] * len(order_ids))
        self.assertEqual(sorted(logs.mail_id.mapped("res_id")), sorted(logs.installment_id.ids))

    def test_reminder_job_costs_the_same_for_few_and_many_layaways(self):
        layaway = self.make_layaway(deposit=90.0, start_date=self.START)
        self.due_soon(layaway, 2)
        self.send_reminders()  # warm the caches
        few_ids = self.due_soon(layaway, 2)
        few = self.count_queries(self.send_reminders)
        many_ids = self.due_soon(layaway, 40)
        with self.assertQueryCount(few):
            self.send_reminders()
        self.assert_sent_once(few_ids)
        self.assert_sent_once(many_ids)
        self.assertFalse(self.Reminder.search([("order_id", "=", layaway.id)]))

    def test_reminder_job_sends_in_batches_each_mail_once(self):
        layaway = self.make_layaway(deposit=90.0, start_date=self.START)
        order_ids = self.due_soon(layaway, 25)
        batches = []
        candidates = type(self.Reminder)._reminder_candidates

        def counted_candidates(reminder, kind, company, today, limit, channel="email", after=None):
            rows = candidates(reminder, kind, company, today, limit, channel, after)
            if rows:
                batches.append((kind, len(rows)))
            return rows

        with patch.object(type(self.Reminder), "_reminder_candidates", counted_candidates):
            self.send_reminders(batch_size=10)
            self.assertEqual(batches, [("due", 10), ("due", 10), ("due", 5)])
            self.assert_sent_once(order_ids)
            # A second run the same day finds nothing left to send.
            batches.clear()
            self.send_reminders(batch_size=10)
            self.assertEqual(batches, [])
        self.assert_sent_once(order_ids)

    def test_reminder_job_compiles_each_body_once_and_renders_as_odoo_does(self):
        layaway = self.make_layaway(deposit=90.0, start_date=self.START)
        order_ids = self.due_soon(layaway, 25)
        IrQweb = type(self.env["ir.qweb"])
        generate = IrQweb._generate_code_uncached
        compiled = []

        def counted_generate(qweb, template):
            compiled.append(template)
            return generate(qweb, template)

        with patch.object(IrQweb, "_generate_code_uncached", counted_generate):
            self.send_reminders(batch_size=10)
        # 25 mails in 3 batches: the "due" body compiled once (Odoo alone compiles it for each mail).
        self.assertEqual(len(compiled), 1)
        self.assert_sent_once(order_ids)
        # The same text as Odoo's own rendering of the template, mail by mail.
        logs = self.Reminder.search([("order_id", "in", order_ids)])
        template = self.env.ref(REMINDER_KINDS["due"][0]).sudo()
        expected = template._render_field("body_html", logs.installment_id.ids, compute_lang=True)
        for log in logs:
            self.assertEqual(log.mail_id.body_html, expected[log.installment_id.id])

    def test_reminder_job_stops_when_its_time_is_up_and_goes_on_at_the_next_run(self):
        layaway = self.make_layaway(deposit=90.0, start_date=self.START)
        order_ids = self.due_soon(layaway, 25)
        with self.scheduler_out_of_time() as calls:
            # Each run: one batch committed, then it stops and says how many are left.
            self.send_reminders(batch_size=10)
            self.assertEqual(calls, [(10, None), (0, 15)])
            self.assertEqual(self.Reminder.search_count([("order_id", "in", order_ids)]), 10)
            self.send_reminders(batch_size=10)
            self.send_reminders(batch_size=10)
            # The last batch leaves none of its kind: 1 is said left, for the kinds after it.
            self.assertEqual(calls[2:], [(10, None), (0, 5), (5, None), (0, 1)])
            # The run the scheduler then makes finds nothing: it ends without a batch (done).
            self.send_reminders(batch_size=10)
            self.assertEqual(len(calls), 6)
        self.assert_sent_once(order_ids)
