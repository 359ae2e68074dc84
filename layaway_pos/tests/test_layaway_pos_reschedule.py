"""Reschedule at the register (managers): previewed without writing, then the back office's reschedule."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import RecordCapturer, new_test_user, tagged

from .test_pos_common import LayawayPosCommon


@tagged("post_install", "-at_install")
class TestLayawayPosReschedule(LayawayPosCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "layla@example.com"
        cls.cashier = new_test_user(
            cls.env,
            login="reschedule_cashier",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=cls.company.id,
        )

    def setUp(self):
        super().setUp()
        # Total 290, deposit 90 on Jan 15: 66.67, 66.67, 66.66 due Feb 14, Mar 14, Apr 14; expiry Aug 3.
        self.order = self.make_layaway(partner=self.customer, deposit=90.0, start_date=self.START)
        with freeze_time("2026-01-20"):
            self.order.action_layaway_pay(100.0, journal_id=self.bank_journal.id)

    def detail(self):
        """The register's detail of the layaway."""
        return self.env["sale.order"].layaway_pos_detail(self.order.id, self.config.id)

    def test_preview_writes_nothing_then_reschedule_records_and_emails(self):
        SaleOrder = self.env["sale.order"]
        before = self.installments(self.order)
        with freeze_time("2026-01-20"):
            terms = self.detail()["reschedule"]
            self.assertEqual(
                terms,
                {"installment_count": 3, "installment_min": 1, "installment_max": 6, "first_due_date": "2026-03-14"},
            )
            preview = SaleOrder.layaway_pos_reschedule_preview(self.order.id, self.config.id, 5, "2026-03-20")
        self.assertEqual(
            preview,
            {
                "installment_count": 5,
                "installments": [
                    {"sequence": 1, "due_date": "2026-02-14", "amount": 66.67, "amount_paid": 66.67, "kept": True},
                    {"sequence": 2, "due_date": "2026-03-14", "amount": 33.33, "amount_paid": 33.33, "kept": True},
                    {"sequence": 3, "due_date": "2026-03-20", "amount": 33.33, "amount_paid": 0.0, "kept": False},
                    {"sequence": 4, "due_date": "2026-04-20", "amount": 33.33, "amount_paid": 0.0, "kept": False},
                    {"sequence": 5, "due_date": "2026-05-20", "amount": 33.34, "amount_paid": 0.0, "kept": False},
                ],
            },
        )
        self.assertEqual(self.installments(self.order), before)
        self.assertEqual(self.order.layaway_installment_count, 3)
        with (
            freeze_time("2026-01-20"),
            RecordCapturer(self.env["mail.mail"].sudo(), [("model", "=", "sale.order")]) as mails,
        ):
            detail = SaleOrder.layaway_pos_reschedule(self.order.id, self.config.id, 5, "2026-03-20")
        self.assertEqual(
            self.installments(self.order),
            [
                (1, date(2026, 2, 14), 66.67, 66.67, "paid"),
                (2, date(2026, 3, 14), 33.33, 33.33, "paid"),
                (3, date(2026, 3, 20), 33.33, 0.0, "pending"),
                (4, date(2026, 4, 20), 33.33, 0.0, "pending"),
                (5, date(2026, 5, 20), 33.34, 0.0, "pending"),
            ],
        )
        self.assertEqual(
            (self.order.layaway_installment_count, self.order.layaway_amount_residual, self.order.layaway_state),
            (5, 100.0, "active"),
        )
        self.assertEqual(
            [(i["sequence"], i["due_date"], i["amount"]) for i in detail["installments"]][2:],
            [(3, "2026-03-20", 33.33), (4, "2026-04-20", 33.33), (5, "2026-05-20", 33.34)],
        )
        self.assertEqual(len(self.order.message_ids.filtered(lambda m: "Layaway rescheduled: 5" in m.body)), 1)
        self.assertEqual(len(mails.records), 1)
        self.assertEqual(mails.records.recipient_ids, self.customer)

    def test_refusals_write_nothing(self):
        SaleOrder = self.env["sale.order"]
        before = self.installments(self.order)
        with freeze_time("2026-01-20"):
            # A cashier: managers only, checked on the server; the detail offers no reschedule.
            cashier = SaleOrder.with_user(self.cashier)
            self.assertFalse(cashier.layaway_pos_detail(self.order.id, self.config.id)["reschedule"])
            for call in (cashier.layaway_pos_reschedule_preview, cashier.layaway_pos_reschedule):
                with self.assertRaisesRegex(AccessError, "Layaway: Manager"):
                    call(self.order.id, self.config.id, 5, "2026-03-20")
            # Out of the plan's range, in the past, before an installment that stays, after the expiry, too few.
            for count, first, message in (
                (7, "2026-03-20", "between 1 and 6"),
                (5, "2026-01-19", "is in the past: choose today or a later date"),
                (5, "2026-03-01", "before installment 2, due on 03/14/2026"),
                (6, "2026-06-01", "after the layaway expires"),
                (2, "2026-03-20", "Choose more installments than the 2 already paid"),
            ):
                for call in (SaleOrder.layaway_pos_reschedule_preview, SaleOrder.layaway_pos_reschedule):
                    with self.subTest(count=count, first=first), self.assertRaisesRegex(UserError, message):
                        call(self.order.id, self.config.id, count, first)
            # A paid layaway: nothing left to reschedule.
            paid = self.make_layaway(partner=self.customer, deposit=290.0)
            self.assertFalse(SaleOrder.layaway_pos_detail(paid.id, self.config.id)["reschedule"])
            with self.assertRaisesRegex(UserError, "cannot be rescheduled: it is paid"):
                SaleOrder.layaway_pos_reschedule(paid.id, self.config.id, 2, "2026-03-20")
        self.assertEqual(self.installments(self.order), before)
        self.assertFalse(self.order.message_ids.filtered(lambda m: "Layaway rescheduled" in m.body))

    def test_register_of_another_company_is_refused(self):
        config_b = self.register_of_company_b()
        before = self.installments(self.order)
        with freeze_time("2026-01-20"), self.assertRaisesRegex(AccessError, "is not a layaway of"):
            self.env["sale.order"].layaway_pos_reschedule(self.order.id, config_b.id, 5, "2026-03-20")
        self.assertEqual(self.installments(self.order), before)
