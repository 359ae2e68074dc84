"""Autopay: the daily job charges a layaway's due installments to its customer's saved payment
method (Odoo's Demo provider's tokens), tries again the next days, then tells the customer and the store."""

from unittest.mock import patch

from freezegun import freeze_time

from odoo.http import Request
from odoo.tests import HttpCase, tagged

from .test_layaway_online import LayawayOnlineCommon

# The first installment (66.67) is due on 14 February 2026, the second on 14 March.
FIRST_DUE = "2026-02-14"


@tagged("post_install", "-at_install")
class TestLayawayAutopay(LayawayOnlineCommon, HttpCase):
    """Autopay from the customer's page to the daily job's charges."""

    def run_job(self, day):
        """The daily autopay job, run on `day`."""
        with freeze_time(day):
            self.env["sale.order"]._cron_layaway_autopay()

    def test_customer_turns_autopay_on_and_off_from_the_page(self):
        card = self.saved_card(self.portal_a.partner_id)
        card_b = self.saved_card(self.portal_b.partner_id)
        self.authenticate("layaway_online_a", "layaway_online_a")
        page = self.url_open(f"/my/layaways/{self.order.id}").text
        self.assert_in_page("o_layaway_autopay_on", page)
        self.assert_in_page(f'<option value="{card.id}">', page)
        self.assertNotIn(f'<option value="{card_b.id}">', page)

        url = f"/my/layaways/{self.order.id}/autopay"
        response = self.url_open(url, data={"token_id": card.id, "csrf_token": Request.csrf_token(self)})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.order.layaway_autopay_token_id, card)
        self.assert_in_page("Autopay is on:", response.text)

        # Another customer's card is refused, and nothing changes.
        response = self.url_open(url, data={"token_id": card_b.id, "csrf_token": Request.csrf_token(self)})
        self.assert_in_page(
            f"Choose one of your saved payment methods to pay {self.order.name} automatically.", response.text
        )
        self.assertEqual(self.order.layaway_autopay_token_id, card)

        self.url_open(url, data={"token_id": "0", "csrf_token": Request.csrf_token(self)})
        self.assertFalse(self.order.layaway_autopay_token_id)

    def test_job_charges_what_is_due_with_the_saved_card(self):
        card = self.saved_card(self.portal_a.partner_id)
        self.order._layaway_set_autopay(card, self.portal_a.partner_id)
        self.run_job("2026-02-13")  # nothing due yet
        self.assertFalse(self.order.layaway_transaction_ids)

        self.run_job(FIRST_DUE)
        tx = self.order.layaway_transaction_ids
        self.assertRecordValues(tx, [{"state": "done", "amount": 66.67, "token_id": card.id, "operation": "offline"}])
        self.assertRecordValues(
            self.online_payments(), [{"amount": 66.67, "channel": "online", "transaction_id": tx.id}]
        )
        self.assertEqual((self.order.layaway_amount_residual, self.order.layaway_autopay_failures), (133.33, 0))
        self.run_job(FIRST_DUE)  # once a day
        self.assertEqual(len(self.order.layaway_transaction_ids), 1)
        self.run_job("2026-02-20")  # paid: nothing due until 14 March
        self.assertEqual(len(self.order.layaway_transaction_ids), 1)

    def test_failed_charges_are_tried_again_then_the_customer_and_the_store_are_told(self):
        card = self.saved_card(self.portal_a.partner_id, state="error")
        self.order._layaway_set_autopay(card, self.portal_a.partner_id)
        # Tried on the due day, again 1 day after, then 3 days after the first failure.
        for day, failures, retry in (("2026-02-14", 1, "2026-02-15"), ("2026-02-15", 2, "2026-02-17")):
            self.run_job(day)
            self.assertEqual(
                (self.order.layaway_autopay_failures, str(self.order.layaway_autopay_retry_date)), (failures, retry)
            )
            self.assertEqual(self.order.layaway_autopay_token_id, card)
        self.run_job("2026-02-15")  # not twice the same day
        self.run_job("2026-02-16")  # nor before the retry day
        self.assertEqual(len(self.order.layaway_transaction_ids), 2)

        self.run_job("2026-02-18")
        self.assertEqual(len(self.order.layaway_transaction_ids), 3)
        # Each attempt is in the layaway's log.
        attempts = self.order.message_ids.filtered(lambda message: "Autopay: $" in message.body)
        self.assertEqual(len(attempts), 3)
        self.assertIn(self.order.layaway_transaction_ids[0].reference, " ".join(attempts.mapped("body")))
        self.assertEqual(set(self.order.layaway_transaction_ids.mapped("state")), {"error"})
        self.assertFalse(self.online_payments())
        self.assertEqual(self.order.layaway_amount_residual, 200.0)
        # Autopay is off; the customer is told how to pay, the store gets an activity.
        self.assertFalse(self.order.layaway_autopay_token_id)
        told = self.order.message_ids.filtered(lambda message: "We could not charge" in message.body)
        self.assertEqual(told.partner_ids, self.portal_a.partner_id)
        self.assertIn(f"/my/layaways/{self.order.id}?access_token=", told.body)
        activity = self.order.activity_ids
        self.assertEqual(activity.summary, "Autopay failed: ask the customer to pay")
        self.assertEqual(activity.user_id, self.order.user_id or self.env.ref("base.user_admin"))
        self.run_job("2026-02-18")
        self.assertEqual(len(self.order.layaway_transaction_ids), 3)
        # Each attempt is in the layaway's log.
        attempts = self.order.message_ids.filtered(lambda message: "Autopay: $" in message.body)
        self.assertEqual(len(attempts), 3)
        self.assertIn(self.order.layaway_transaction_ids[0].reference, " ".join(attempts.mapped("body")))

    def test_pending_charge_is_not_charged_again(self):
        card = self.saved_card(self.portal_a.partner_id, state="pending")
        self.order._layaway_set_autopay(card, self.portal_a.partner_id)
        self.run_job(FIRST_DUE)
        self.run_job("2026-02-15")
        tx = self.order.layaway_transaction_ids
        self.assertRecordValues(tx, [{"state": "pending", "amount": 66.67}])
        self.assertEqual(self.order.layaway_autopay_failures, 0)
        self.notify(tx, "done")
        self.assertEqual(self.order.layaway_amount_residual, 133.33)

    def test_autopay_needs_an_active_layaway(self):
        card = self.saved_card(self.portal_a.partner_id)
        self.order.action_layaway_cancel("Changed mind")
        with self.assertRaisesRegex(Exception, "cannot take a payment: it is cancelled"):
            self.order._layaway_set_autopay(card, self.portal_a.partner_id)
        self.assertFalse(self.order.layaway_autopay_token_id)

    def test_job_stops_when_its_time_is_up_and_goes_on_at_the_next_run(self):
        self.order._layaway_set_autopay(self.saved_card(self.portal_a.partner_id), self.portal_a.partner_id)
        self.order_b._layaway_set_autopay(self.saved_card(self.portal_b.partner_id), self.portal_b.partner_id)
        with self.scheduler_out_of_time() as calls, freeze_time(FIRST_DUE):
            self.env["sale.order"]._cron_layaway_autopay(batch_size=1)
            # One layaway charged, then it stops: one left.
            self.assertEqual(calls, [(1, None), (0, 1)])
            self.assertEqual(len(self.order.layaway_transaction_ids | self.order_b.layaway_transaction_ids), 1)
            self.env["sale.order"]._cron_layaway_autopay(batch_size=1)
            self.env["sale.order"]._cron_layaway_autopay(batch_size=1)
        # The second run charges the other; the third finds nothing and ends without a batch.
        self.assertEqual(calls[2:], [(1, None), (0, 1)])
        for order in self.order | self.order_b:
            self.assertRecordValues(order.layaway_transaction_ids, [{"state": "done", "amount": 66.67}])
            self.assertEqual(order.layaway_amount_residual, 133.33)

    def test_an_error_in_one_charge_rolls_back_that_charge_only(self):
        self.order._layaway_set_autopay(self.saved_card(self.portal_a.partner_id), self.portal_a.partner_id)
        self.order_b._layaway_set_autopay(self.saved_card(self.portal_b.partner_id), self.portal_b.partner_id)
        Transaction = type(self.env["payment.transaction"])
        charge = Transaction._charge_with_token

        def charge_or_fail(tx, *args, **kwargs):
            if tx.layaway_order_id == self.order:
                raise ValueError("provider module failure")
            return charge(tx, *args, **kwargs)

        logger = "odoo.addons.layaway_pos.models.sale_order_autopay"
        with patch.object(Transaction, "_charge_with_token", charge_or_fail), self.assertLogs(logger, "ERROR") as logs:
            self.run_job(FIRST_DUE)
        self.assertIn(f"Autopay of layaway {self.order.name} failed", logs.output[0])
        # The other layaway's charge is kept; the failed one has no transaction and a note.
        self.assertRecordValues(self.order_b.layaway_transaction_ids, [{"state": "done", "amount": 66.67}])
        self.assertEqual(self.order_b.layaway_amount_residual, 133.33)
        self.assertFalse(self.order.layaway_transaction_ids)
        self.assertEqual(
            (
                self.order.layaway_amount_residual,
                self.order.layaway_autopay_failures,
                str(self.order.layaway_autopay_last_try),
            ),
            (200.0, 0, FIRST_DUE),
        )
        self.assertIn("the charge could not be made", str(self.order.message_ids[0].body))
        self.run_job(FIRST_DUE)  # once a day
        self.assertFalse(self.order.layaway_transaction_ids)
        self.run_job("2026-02-15")  # the next day it goes through
        self.assertRecordValues(self.order.layaway_transaction_ids, [{"state": "done", "amount": 66.67}])
        self.assertEqual(self.order.layaway_amount_residual, 133.33)
