from datetime import date, datetime

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import html2plaintext

from .common import LayawayCommon


@tagged("post_install", "-at_install")
class TestLayawayWizards(LayawayCommon):
    """The back-office wizards: their defaults come from the order, their buttons call the API."""

    def wizard(self, model, order, **values):
        """The wizard `model` opened on `order`, filled with `values` and saved."""
        form = Form(self.env[model].with_context(active_model="sale.order", active_id=order.id))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_start_and_pay_default_to_the_first_bank_or_cash_journal(self):
        order = self.make_layaway()
        default_journal = order._layaway_default_journal()
        self.assertIn(default_journal.type, ("bank", "cash"))
        with freeze_time(self.START):
            start = self.wizard("layaway.start.wizard", order)
            self.assertEqual((start.order_id, start.installment_count, start.deposit_amount), (order, 3, 66.0))
            self.assertEqual(start.journal_id, default_journal)
            self.assertIn("74.67", start.schedule_html)
            start.journal_id = self.bank_journal
            start.deposit_amount = 90.0
            start.action_start()
        self.assertEqual((order.layaway_state, order.layaway_amount_paid), ("active", 90.0))
        self.assertEqual(order.layaway_payment_ids.journal_id, self.bank_journal)

        with freeze_time("2026-01-20"):
            pay = self.wizard("layaway.payment.wizard", order)
            # What is due next, in the default journal.
            self.assertEqual((pay.amount, pay.journal_id, pay.pays_balance), (66.67, default_journal, False))
            pay.action_pay()
        self.assertEqual((order.layaway_amount_paid, order.layaway_next_due_date), (156.67, date(2026, 3, 14)))

        pay = self.wizard("layaway.payment.wizard", order, amount=133.33)
        self.assertTrue(pay.pays_balance)
        pay.action_pay_and_complete()
        self.assertEqual((order.layaway_state, order.layaway_amount_residual), ("done", 0.0))

    def test_cancel_pays_back_from_a_journal_only_when_paying_back(self):
        order = self.make_layaway(deposit=90.0)
        cancel = self.wizard("layaway.cancel.wizard", order, reason="moved away")
        self.assertEqual((cancel.refund_method, cancel.journal_id.id), ("credit_note", False))
        self.assertEqual((cancel.cancel_fee, cancel.refund_amount), (29.0, 61.0))  # 10 % of 290, refund 90 - 29
        cancel.refund_method = "payment"
        self.assertEqual(cancel.journal_id, order._layaway_default_journal())
        cancel.journal_id = self.bank_journal
        cancel.action_cancel()
        self.assertEqual(
            (order.layaway_state, order.layaway_cancel_fee, order.layaway_refund_amount), ("cancelled", 29.0, 61.0)
        )

    def test_cancel_wizard_says_what_happens_to_the_money(self):
        paid = self.make_layaway(deposit=90.0)
        self.assertEqual(
            self.wizard("layaway.cancel.wizard", paid, reason="moved away").outcome,
            "The goods go back to stock. The cancellation fee of $\xa029.00 is kept as income and $\xa061.00 "
            "is refunded.",
        )

    def test_cancelling_a_draft_does_not_talk_of_refunds(self):
        """Nothing was paid on a draft: the wizard and the chatter say so, with no fee or refund of 0.00."""
        order = self.make_layaway()
        cancel = self.wizard("layaway.cancel.wizard", order, reason="Changed her mind")
        self.assertEqual((cancel.amount_paid, cancel.cancel_fee, cancel.refund_amount), (0.0, 0.0, 0.0))
        self.assertEqual(
            cancel.outcome, "The goods go back to stock. Nothing was paid: nothing is kept, nothing is refunded."
        )
        view = self.env.ref("layaway_pos.layaway_cancel_wizard_view_form")
        arch = etree.fromstring(view.arch)
        for name in ("cancel_fee", "refund_amount"):
            self.assertEqual(arch.xpath(f"//field[@name='{name}']")[0].get("invisible"), "not amount_paid")
        cancel.action_cancel()
        self.assertEqual(order.layaway_state, "cancelled")
        log = order.message_ids.filtered(lambda m: "Layaway cancelled" in m.body)
        self.assertEqual(html2plaintext(log.body), "Layaway cancelled: Changed her mind. Nothing was paid.")

    def test_too_low_deposit_is_said_once_with_its_currency(self):
        order = self.make_layaway()
        with freeze_time(self.START):
            start = self.wizard("layaway.start.wizard", order, deposit_amount=10.0)
            self.assertEqual(start.start_error, "The deposit must be at least $\xa066.00.")
            # Said above the form, not again in the schedule, and no Start button to meet it again.
            self.assertFalse(start.schedule_html)
            arch = etree.fromstring(self.env.ref("layaway_pos.layaway_start_wizard_view_form").arch)
            self.assertEqual(arch.xpath("//button[@name='action_start']")[0].get("invisible"), "start_error")
            self.assertEqual(arch.xpath("//field[@name='schedule_html']")[0].get("invisible"), "start_error")
            # The server refuses it all the same, in the same words.
            with self.assertRaisesRegex(UserError, r"^The deposit must be at least \$\xa066\.00\.$"):
                start.action_start()
            start.deposit_amount = 66.0
            self.assertFalse(start.start_error)
            self.assertIn("74.67", start.schedule_html)
        self.assertEqual(order.layaway_state, "draft")


@tagged("post_install", "-at_install")
class TestLayawayPaymentDate(LayawayCommon):
    """A back-office payment carries the day it was received and its reference, from the
    layaway payment to the invoice, the payment and their journal items."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Noon in Brussels is 11:00 UTC in winter: the stored moment shows the company's day.
        cls.company.partner_id.tz = "Europe/Brussels"
        # make_layaway takes the class here (class_or_instance_method). pylint: disable-next=no-value-for-parameter
        cls.order = cls.make_layaway(deposit=90.0, start_date=cls.START)

    def snapshot(self):
        """What a refused payment must leave as it was."""
        self.order.invalidate_recordset()
        return (
            len(self.order.layaway_payment_ids),
            self.order.layaway_amount_paid,
            self.env["account.move"].search_count([]),
            self.env["account.payment"].search_count([]),
            len(self.order.order_line),
        )

    def test_backdated_payment_with_reference_on_every_document(self):
        with freeze_time("2026-02-10 09:00:00"):
            payment_id = self.order.action_layaway_pay(
                50.0, journal_id=self.bank_journal.id, payment_date="2026-02-05", reference="  CHK 1042 "
            )
        payment = self.env["layaway.payment"].browse(payment_id)
        self.assertRecordValues(
            payment,
            [
                {
                    "date": datetime(2026, 2, 5, 11, 0),
                    "reference": "CHK 1042",
                    "amount": 50.0,
                    "amount_untaxed_company": 50.0,
                    "kind": "installment",
                }
            ],
        )
        invoice = payment.invoice_id
        self.assertRecordValues(
            invoice,
            [{"invoice_date": date(2026, 2, 5), "date": date(2026, 2, 5), "ref": "CHK 1042", "state": "posted"}],
        )
        self.assertEqual(
            sorted((line.account_id, line.date, line.ref, line.balance) for line in invoice.line_ids),
            sorted(
                [
                    (self.deposit_account, date(2026, 2, 5), "CHK 1042", -50.0),
                    (self.receivable_account, date(2026, 2, 5), "CHK 1042", 50.0),
                ]
            ),
        )
        account_payment = payment.account_payment_id
        self.assertRecordValues(
            account_payment,
            [{"date": date(2026, 2, 5), "memo": "CHK 1042", "amount": 50.0, "journal_id": self.bank_journal.id}],
        )
        self.assertEqual(account_payment.move_id.ref, "CHK 1042")
        self.assertEqual(
            {(line.date, line.ref) for line in account_payment.move_id.line_ids}, {(date(2026, 2, 5), "CHK 1042")}
        )
        self.assertEqual(len(account_payment.move_id.line_ids), 2)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual((self.order.layaway_amount_paid, self.order.layaway_amount_residual), (140.0, 150.0))

    def test_payment_without_date_is_today_without_reference(self):
        with freeze_time("2026-02-10 09:00:00"):
            payment = self.env["layaway.payment"].browse(self.order.action_layaway_pay(50.0, self.bank_journal.id))
        self.assertEqual((payment.date, payment.reference), (datetime(2026, 2, 10, 9, 0), False))
        self.assertEqual((payment.invoice_id.invoice_date, payment.account_payment_id.date), (date(2026, 2, 10),) * 2)
        # Odoo's default memo: the invoice's number.
        self.assertEqual(payment.account_payment_id.memo, payment.invoice_id.name)

    def test_wrong_date_or_reference_is_refused_and_writes_nothing(self):
        before = self.snapshot()
        refusals = [
            ({"payment_date": "2026-02-11"}, "a payment cannot be dated after today"),
            ({"payment_date": "05/02/2026"}, r"The payment date must be a date written YYYY-MM-DD"),
            ({"payment_date": 20260205}, r"The payment date must be a date written YYYY-MM-DD"),
            ({"payment_date": "2026-01-14"}, r"before layaway .* started \(01/15/2026\)"),
            ({"reference": "x" * 141}, "The payment reference has 141 characters; shorten it to 140"),
            ({"reference": 1042}, "The payment reference must be text"),
        ]
        with freeze_time("2026-02-10 09:00:00"):
            for values, message in refusals:
                with self.subTest(values=values), self.assertRaisesRegex(UserError, message):
                    self.order.action_layaway_pay(50.0, journal_id=self.bank_journal.id, **values)
                self.assertEqual(self.snapshot(), before)
            # The hand-over's last payment is checked before anything moves too.
            self.order.action_layaway_pay(200.0, journal_id=self.bank_journal.id)
            before = self.snapshot()
            with self.assertRaisesRegex(UserError, "a payment cannot be dated after today"):
                self.order.action_layaway_complete(0.0, payment_date=date(2026, 2, 11))
            self.assertEqual((self.snapshot(), self.order.layaway_state), (before, "paid"))

    def test_future_date_is_the_company_day_not_the_server_day(self):
        # 23:30 UTC on Feb 10 is already Feb 11 in Brussels: Feb 11 is today, not the future.
        with freeze_time("2026-02-10 23:30:00"):
            payment = self.env["layaway.payment"].browse(
                self.order.action_layaway_pay(50.0, journal_id=self.bank_journal.id, payment_date="2026-02-11")
            )
        self.assertEqual(
            (payment.date, payment.invoice_id.invoice_date), (datetime(2026, 2, 10, 23, 30), date(2026, 2, 11))
        )

    def test_backdated_deposit_starts_the_layaway_that_day(self):
        order = self.make_layaway()
        with freeze_time("2026-02-10 09:00:00"):
            order.action_layaway_start(
                90.0, journal_id=self.bank_journal.id, payment_date=date(2026, 2, 7), reference="TRF 77"
            )
        deposit = order.layaway_payment_ids
        self.assertEqual((order.layaway_start_date, order.layaway_next_due_date), (date(2026, 2, 7), date(2026, 3, 9)))
        self.assertEqual(
            (deposit.kind, deposit.date, deposit.reference), ("deposit", datetime(2026, 2, 7, 11, 0), "TRF 77")
        )
        self.assertEqual((deposit.invoice_id.invoice_date, deposit.invoice_id.ref), (date(2026, 2, 7), "TRF 77"))
        self.assertEqual(
            (deposit.account_payment_id.date, deposit.account_payment_id.memo), (date(2026, 2, 7), "TRF 77")
        )

    def test_wizard_defaults_to_today_and_passes_date_and_reference(self):
        with freeze_time("2026-02-10 09:00:00"):
            form = Form(
                self.env["layaway.payment.wizard"].with_context(active_model="sale.order", active_id=self.order.id)
            )
            self.assertEqual((form.payment_date, form.reference), (date(2026, 2, 10), False))
            form.amount = 50.0
            form.payment_date = date(2026, 2, 5)
            form.reference = "CHK 1042"
            form.save().action_pay()
        payment = self.order.layaway_payment_ids.filtered(lambda p: p.kind == "installment")
        self.assertEqual((payment.date, payment.reference), (datetime(2026, 2, 5, 11, 0), "CHK 1042"))
        self.assertEqual(
            (payment.invoice_id.invoice_date, payment.account_payment_id.memo), (date(2026, 2, 5), "CHK 1042")
        )
