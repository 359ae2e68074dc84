from datetime import date

from freezegun import freeze_time

from odoo.tests import Form, tagged

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
