"""Customers pay their layaways online: the portal (logged in or with the token link), Odoo's
Demo provider, and the one payment service with channel ``online``.

payment_demo is installed at test time (``make test``), not a dependency of the module."""

import json
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user, tagged

from .common import LayawayCommon

# The layaway of every test: 290.00 (goods 280 and fee 10), 90.00 deposit, three installments.
NEXT_INSTALLMENT = 66.67
BALANCE = 200.0


class LayawayOnlineCommon(LayawayCommon):
    """A started layaway of a portal customer (and one of another), the Demo provider enabled."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "demo" not in dict(cls.env["payment.provider"]._fields["code"].selection):
            raise AssertionError("These tests use Odoo's Demo provider: install payment_demo (make test does).")
        cls.provider = (
            cls.env["payment.provider"].sudo().search([("code", "=", "demo"), ("company_id", "=", cls.company.id)])
        )
        cls.provider.write({"state": "test", "is_published": True, "journal_id": cls.bank_journal.id})
        cls.portal_a = new_test_user(
            cls.env, login="layaway_online_a", password="layaway_online_a", groups="base.group_portal"
        )
        cls.portal_b = new_test_user(
            cls.env, login="layaway_online_b", password="layaway_online_b", groups="base.group_portal"
        )
        # make_layaway takes the class here (class_or_instance_method). pylint: disable=no-value-for-parameter
        cls.order = cls.make_layaway(partner=cls.portal_a.partner_id, deposit=90.0, start_date=cls.START)
        cls.order_b = cls.make_layaway(partner=cls.portal_b.partner_id, deposit=90.0, start_date=cls.START)
        # pylint: enable=no-value-for-parameter
        cls.outstanding_account = (
            cls.bank_journal.inbound_payment_method_line_ids.filtered(
                lambda line: line.payment_provider_id == cls.provider
            ).payment_account_id
            or cls.company.account_journal_payment_debit_account_id
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def make_tx(self, amount, order=None):
        """A draft Demo transaction of `amount` for `order`, as the portal's transaction route makes it."""
        order = order or self.order
        Transaction = self.env["payment.transaction"].sudo()
        return Transaction.create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.provider.payment_method_ids[:1].id,
                "reference": Transaction._compute_reference("demo", layaway_order_id=order.id),
                "amount": amount,
                "currency_id": order.currency_id.id,
                "partner_id": order.partner_id.id,
                "operation": "online_direct",
                "layaway_order_id": order.id,
            }
        )

    def saved_card(self, partner, state="done"):
        """A saved Demo card of `partner` whose charges end in `state`."""
        return (
            self.env["payment.token"]
            .sudo()
            .create(
                {
                    "provider_id": self.provider.id,
                    "payment_method_id": self.provider.payment_method_ids[:1].id,
                    "partner_id": partner.id,
                    "payment_details": "4242",
                    "provider_ref": f"card-{partner.id}-{state}",
                    "demo_simulated_state": state,
                }
            )
        )

    def notify(self, tx, state):
        """The provider notifies `state` for `tx`, then the post-processing runs (as the status page does)."""
        self.env["payment.transaction"].sudo()._process("demo", {"reference": tx.reference, "simulated_state": state})
        tx._post_process()

    def rpc(self, route, **params):
        """A JSON-RPC call of the page: its result, or its error's message."""
        response = self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
            headers={"Content-Type": "application/json"},
        )
        body = response.json()
        return body.get("result"), body.get("error", {}).get("data", {}).get("message")

    def transaction_rpc(self, order, access_token, amount, **params):
        """The page's request for a transaction of `amount` (the Demo provider, a direct payment by
        default; `params` replace any of its parameters): its result, or its error's message."""
        values = {
            "access_token": access_token,
            "amount": amount,
            "provider_id": self.provider.id,
            "payment_method_id": self.provider.payment_method_ids[:1].id,
            "token_id": None,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": "/",
            "is_validation": False,
            **params,
        }
        return self.rpc(f"/my/layaways/{order.id}/transaction", **values)

    def assert_in_page(self, text, page):
        """`text` is on the page (the page is not printed whole when it is not)."""
        if text not in page:
            self.fail(f"{text!r} is not on the page")

    def page_url(self, order=None, token=None):
        """The layaway's page with its token (the link of the emails, contract and receipts)."""
        order = order or self.order
        return f"/my/layaways/{order.id}?access_token={token or order._portal_ensure_token()}"

    def online_payments(self, order=None):
        """The layaway's payments of channel online."""
        return (order or self.order).layaway_payment_ids.filtered(lambda payment: payment.channel == "online")

    @staticmethod
    def entry(items):
        """Journal items (account, debit, credit) in a comparable order."""
        return sorted(items, key=lambda item: (item[0].id, item[1], item[2]))

    def items(self, move):
        """`move`'s journal items as (account, debit, credit), in `entry`'s order."""
        return self.entry((line.account_id, line.debit, line.credit) for line in move.line_ids)

    def schedule(self, order=None):
        """The installments as (amount, paid, state), in order."""
        order = order or self.order
        return [(i.amount, i.amount_paid, i.state) for i in order.layaway_installment_ids.sorted("sequence")]

    def assert_nothing_recorded(self, order=None):
        """The layaway is as its deposit left it: no online payment, its schedule untouched."""
        order = order or self.order
        self.assertFalse(self.online_payments(order))
        self.assertEqual((order.layaway_amount_paid, order.layaway_amount_residual), (90.0, BALANCE))
        self.assertEqual(
            self.schedule(order), [(66.67, 0.0, "pending"), (66.67, 0.0, "pending"), (66.66, 0.0, "pending")]
        )


@tagged("post_install", "-at_install")
class TestLayawayOnline(LayawayOnlineCommon, HttpCase):  # pylint: disable=too-many-public-methods
    """Paying a layaway online, from the page to the journal items, and every refusal."""

    # ------------------------------------------------------------------
    # In the browser
    # ------------------------------------------------------------------

    def assert_next_installment_paid_online(self):
        """After the tours: the first installment paid online, through the Demo provider."""
        tx = self.order.layaway_transaction_ids
        self.assertRecordValues(tx, [{"state": "done", "amount": NEXT_INSTALLMENT, "layaway_credit_amount": 0.0}])
        self.assertTrue(tx.reference.startswith(self.order.name))
        payment = self.online_payments()
        self.assertRecordValues(
            payment,
            [
                {
                    "amount": NEXT_INSTALLMENT,
                    "kind": "installment",
                    "channel": "online",
                    "transaction_id": tx.id,
                    "reference": tx.reference,
                    "journal_id": self.bank_journal.id,
                    "account_payment_id": tx.payment_id.id,
                    "user_id": False,
                }
            ],
        )
        self.assertEqual((self.order.layaway_amount_paid, self.order.layaway_amount_residual), (156.67, 133.33))
        self.assertEqual(self.order.layaway_state, "active")
        self.assertEqual(self.schedule(), [(66.67, 66.67, "paid"), (66.67, 0.0, "pending"), (66.66, 0.0, "pending")])
        self.assertEqual(payment.invoice_id.payment_state, "paid")

    def test_portal_customer_pays_next_installment_with_demo_provider(self):
        self.start_tour(f"/my/layaways/{self.order.id}", "layaway_portal_pay_tour", login="layaway_online_a")
        self.assert_next_installment_paid_online()

    def test_token_link_pays_without_login(self):
        self.start_tour(self.page_url(), "layaway_token_pay_tour")
        self.assert_next_installment_paid_online()
        # Paid by whoever held the link, on behalf of the layaway's customer.
        self.assertEqual(self.order.layaway_transaction_ids.partner_id, self.portal_a.partner_id)

    # ------------------------------------------------------------------
    # The link: receipts, contract, and who it opens for
    # ------------------------------------------------------------------

    def test_receipt_and_contract_carry_the_pay_link(self):
        self.env.user.group_ids += self.env.ref("point_of_sale.group_pos_user")
        token = self.order._portal_ensure_token()
        url = f"{self.order.get_base_url()}/my/layaways/{self.order.id}?access_token={token}"
        self.assertEqual(self.env["sale.order"].layaway_pos_detail(self.order.id)["pay_url"], url)

        contract = (
            self.env["ir.actions.report"]
            ._render_qweb_html("layaway_pos.action_report_layaway_contract", self.order.ids)[0]
            .decode()
        )
        self.assertIn(f'href="{url}"', contract.replace("&amp;", "&"))
        self.assertIn('alt="QR code of the layaway page" src="data:image/png;base64,', contract)

        # The link opens that layaway, and only it, without login.
        page = self.url_open(url.removeprefix(self.order.get_base_url()))
        self.assertEqual(page.status_code, 200)
        self.assert_in_page(self.order.name, page.text)
        self.assert_in_page("o_layaway_pay", page.text)
        self.assertNotIn(self.order_b.name, page.text)

    def test_wrong_old_or_other_customers_token_is_not_found(self):
        old_token = self.order._portal_ensure_token()
        self.order.access_token = False
        self.order._portal_ensure_token()  # a new token: the old link is dead
        for token in ("wrong-token", old_token, self.order_b._portal_ensure_token()):
            for url in (
                f"/my/layaways/{self.order.id}?access_token={token}",
                f"/my/layaways/{self.order.id}/pay?choice=balance&access_token={token}",
            ):
                response = self.url_open(url, allow_redirects=False)
                self.assertEqual(response.status_code, 404, url)
                self.assertNotIn(self.order.name, response.text)
            result, error = self.transaction_rpc(self.order, token, NEXT_INSTALLMENT)
            self.assertEqual((result, error), (None, "This layaway link is invalid or has expired."))
        self.assertFalse(self.env["payment.transaction"].sudo().search([("layaway_order_id", "=", self.order.id)]))
        self.assert_nothing_recorded()

    # ------------------------------------------------------------------
    # The pay page and the transaction route: each choice, each refusal
    # ------------------------------------------------------------------

    def test_pay_page_offers_the_amount_chosen(self):
        token = self.order._portal_ensure_token()
        base = f"/my/layaways/{self.order.id}/pay?access_token={token}"
        for query, amount in (
            ("choice=next", "66.67"),
            ("choice=balance", "200.00"),
            ("choice=other&amount=25.5", "25.50"),
        ):
            page = self.url_open(f"{base}&{query}")
            self.assertEqual(page.status_code, 200, query)
            self.assert_in_page("o_layaway_pay_page", page.text)
            self.assert_in_page(f'data-amount="{float(amount)}"', page.text)
            self.assert_in_page(f'data-transaction-route="/my/layaways/{self.order.id}/transaction"', page.text)
            self.assert_in_page('data-provider-code="demo"', page.text)

    def test_amounts_out_of_range_are_refused(self):
        token = self.order._portal_ensure_token()
        base = f"/my/layaways/{self.order.id}/pay?access_token={token}&choice=other"
        for amount, message in (
            ("0", "The amount to pay must be more than zero."),
            ("-5", "The amount to pay must be more than zero."),
            ("200.01", "$\xa0200.01 is more than the balance of"),
            ("10.001", "The amount to pay has more decimals than USD allows (2)"),
            ("ten", "The amount to pay must be a number"),
            ("", "The amount to pay must be a number"),
        ):
            page = self.url_open(f"{base}&amount={amount}")
            self.assertEqual(page.status_code, 200, amount)
            self.assert_in_page("o_layaway_pay_error", page.text)
            self.assert_in_page(message, page.text)
            self.assertNotIn("o_layaway_pay_page", page.text)
        page = self.url_open(f"/my/layaways/{self.order.id}/pay?access_token={token}&choice=everything")
        self.assert_in_page("Choose to pay the next installment, the balance, or another amount.", page.text)

        # What the page's script sends is checked again: no transaction for a tampered amount.
        for amount, message in (
            (0.0, "The amount to pay must be more than zero."),
            (200.01, "is more than the balance of"),
            (10.001, "has more decimals than USD allows"),
            ("66.67", "must be a number"),
        ):
            result, error = self.transaction_rpc(self.order, token, amount)
            self.assertIsNone(result)
            self.assertIn(message, error)
        self.assertFalse(self.env["payment.transaction"].sudo().search([("layaway_order_id", "=", self.order.id)]))
        self.assert_nothing_recorded()

    def test_transaction_route_creates_the_layaway_transaction(self):
        result, error = self.transaction_rpc(
            self.order,
            self.order._portal_ensure_token(),
            NEXT_INSTALLMENT,
            landing_route="https://elsewhere.example.com",
        )
        self.assertFalse(error)
        tx = self.env["payment.transaction"].sudo().search([("reference", "=", result["reference"])])
        self.assertRecordValues(
            tx,
            [
                {
                    "layaway_order_id": self.order.id,
                    "amount": NEXT_INSTALLMENT,
                    "currency_id": self.currency.id,
                    "partner_id": self.portal_a.partner_id.id,
                    "state": "draft",
                    "sale_order_ids": [],
                    "invoice_ids": [],
                }
            ],
        )
        self.assertEqual(tx.reference, f"{self.order.name}")
        # Back to this layaway, with its token, whatever the page sent.
        self.assertEqual(tx.landing_route, f"/my/layaways/{self.order.id}?access_token={self.order.access_token}")

    def test_layaway_not_active_takes_no_online_payment(self):
        paid = self.make_layaway(partner=self.portal_a.partner_id, deposit=90.0, start_date=self.START, paid=BALANCE)
        cancelled = self.make_layaway(partner=self.portal_a.partner_id, deposit=90.0, start_date=self.START)
        cancelled.action_layaway_cancel("Changed mind")
        for order, message in (
            (paid, "cannot take a payment: it is paid. The balance is paid: complete it to hand the goods over."),
            (cancelled, "cannot take a payment: it is cancelled."),
        ):
            token = order._portal_ensure_token()
            page = self.url_open(f"/my/layaways/{order.id}?access_token={token}")
            self.assertEqual(page.status_code, 200)
            self.assertNotIn("o_layaway_pay_dialog", page.text)
            page = self.url_open(f"/my/layaways/{order.id}/pay?access_token={token}&choice=balance")
            self.assert_in_page(message, page.text)
            self.assertNotIn("o_layaway_pay_page", page.text)
            result, error = self.transaction_rpc(order, token, 10.0)
            self.assertIsNone(result)
            self.assertIn(message, error)
            self.assertFalse(order.layaway_transaction_ids)

    def test_another_customers_saved_card_is_refused(self):
        card_b = self.saved_card(self.portal_b.partner_id)
        self.authenticate("layaway_online_a", "layaway_online_a")
        result, error = self.transaction_rpc(
            self.order,
            self.order._portal_ensure_token(),
            NEXT_INSTALLMENT,
            payment_method_id=None,
            token_id=card_b.id,
            flow="token",
        )
        self.assertIsNone(result)
        self.assertEqual(error, "You do not have access to this payment token.")
        self.assert_nothing_recorded()

    # ------------------------------------------------------------------
    # The provider's answers
    # ------------------------------------------------------------------

    def test_notified_twice_records_once(self):
        tx = self.make_tx(NEXT_INSTALLMENT)
        self.notify(tx, "done")
        self.notify(tx, "done")
        tx.is_post_processed = False  # the scheduled post-processing runs again
        tx._post_process()
        # The service itself returns what the transaction already recorded.
        again = self.env["layaway.payment"]._register_payment(
            self.order, NEXT_INSTALLMENT, "installment", "online", transaction=tx
        )
        payment = self.online_payments()
        self.assertEqual(again, payment)
        self.assertEqual(len(payment), 1)
        self.assertEqual(self.env["account.payment"].search_count([("payment_transaction_id", "=", tx.id)]), 1)
        self.assertEqual((self.order.layaway_amount_paid, self.order.layaway_amount_residual), (156.67, 133.33))

    def test_pending_then_done(self):
        tx = self.make_tx(BALANCE)
        self.notify(tx, "pending")
        self.assertEqual(tx.state, "pending")
        self.assert_nothing_recorded()
        self.assertFalse(tx.payment_id)
        page = self.url_open(self.page_url()).text
        self.assert_in_page("o_layaway_tx_pending", page)
        self.assert_in_page("is pending: it is added to your layaway as soon as the payment provider confirms it", page)

        self.notify(tx, "done")
        self.assertEqual((self.order.layaway_state, self.order.layaway_amount_residual), ("paid", 0.0))
        self.assertEqual(self.schedule(), [(66.67, 66.67, "paid"), (66.67, 66.67, "paid"), (66.66, 66.66, "paid")])
        self.assert_in_page("o_layaway_tx_done", self.url_open(self.page_url()).text)

    def test_failure_records_nothing_and_says_so(self):
        for state in ("error", "cancel"):
            tx = self.make_tx(NEXT_INSTALLMENT)
            self.notify(tx, state)
            self.assertEqual(tx.state, state)
            self.assertFalse(tx.payment_id)
            self.assert_nothing_recorded()
            page = self.url_open(self.page_url()).text
            self.assert_in_page("o_layaway_tx_failed", page)
            self.assert_in_page("did not go through: nothing was recorded", page)
            self.assert_in_page("o_layaway_pay_dialog", page)  # the customer may try again

    def test_provider_answering_another_amount_is_refused(self):
        tx = self.make_tx(NEXT_INSTALLMENT)
        # A provider that reports what it charged: 50.00 instead of the 66.67 asked.
        with patch.object(
            self.registry["payment.transaction"],
            "_extract_amount_data",
            lambda _tx, _data: {"amount": 50.0, "currency_code": "USD"},
        ):
            self.notify(tx, "done")
        self.assertEqual(tx.state, "error")
        self.assertEqual(
            tx.state_message, "The amount from the payment data doesn't match the one from the transaction."
        )
        self.assertFalse(tx.payment_id)
        self.assert_nothing_recorded()
        self.assert_in_page("did not go through: nothing was recorded", self.url_open(self.page_url()).text)

    def test_balance_paid_meanwhile_at_the_register_leaves_the_rest_as_credit(self):
        tx = self.make_tx(BALANCE)  # the customer starts paying the balance online...
        self.order.action_layaway_pay(150.0, journal_id=self.bank_journal.id)  # ...while the store takes 150
        self.notify(tx, "done")

        self.assertEqual((self.order.layaway_state, self.order.layaway_amount_paid), ("paid", 290.0))
        payment = self.online_payments()
        self.assertRecordValues(payment, [{"amount": 50.0, "transaction_id": tx.id}])
        self.assertEqual(tx.layaway_credit_amount, 150.0)
        # The transaction's payment brought 200: 50 settle the invoice, 150 stay open on the customer.
        self.assertEqual(tx.payment_id.amount, 200.0)
        receivable = tx.payment_id.move_id.line_ids.filtered(lambda line: line.account_id == self.receivable_account)
        self.assertEqual((receivable.credit, receivable.amount_residual), (200.0, -150.0))
        self.assertEqual(payment.invoice_id.payment_state, "paid")
        self.assertAlmostEqual(self.balance(self.deposit_account, self.order), -290.0)
        # The customer is told, on the page and in the layaway's messages.
        page = self.url_open(self.page_url()).text
        self.assert_in_page("o_layaway_tx_credit", page)
        self.assert_in_page("is kept as credit on your account", page)
        self.assert_in_page('<span class="oe_currency_value">150.00</span>', page)
        told = self.order.message_ids.filtered(lambda message: "kept as credit" in message.body)
        self.assertEqual(told.partner_ids, self.portal_a.partner_id)
        self.assertIn(
            f"Your online payment {tx.reference} of $ 200.00 was confirmed when {self.order.name} had $ 50.00 left "
            "to pay (paid meanwhile, or no longer active): $ 50.00 went to the layaway and $ 150.00 is kept as credit",
            str(told.body).replace("&nbsp;", " "),
        )

    def test_layaway_closed_meanwhile_leaves_all_as_credit(self):
        tx = self.make_tx(NEXT_INSTALLMENT)
        self.order.action_layaway_cancel("Changed mind")
        self.notify(tx, "done")
        self.assertFalse(self.online_payments())
        self.assertEqual(tx.layaway_credit_amount, NEXT_INSTALLMENT)
        self.assertEqual(tx.payment_id.amount, NEXT_INSTALLMENT)
        self.assertEqual(tx.payment_id.move_id.line_ids.filtered("credit").amount_residual, -NEXT_INSTALLMENT)
        self.assertEqual(self.order.layaway_amount_paid, 90.0)

    # ------------------------------------------------------------------
    # The books
    # ------------------------------------------------------------------

    def test_journal_items_tax_on_advances_none(self):
        # Sale's own hook would invoice the order on a confirmed payment: not a layaway's.
        self.env["ir.config_parameter"].sudo().set_param("sale.automatic_invoice", True)
        deposit_invoice = self.order.invoice_ids
        with freeze_time("2026-02-14"):
            tx = self.make_tx(NEXT_INSTALLMENT)
            self.notify(tx, "done")
        payment = self.online_payments()
        self.assertEqual(self.order.invoice_ids, deposit_invoice | payment.invoice_id)
        self.assertEqual((self.order.state, tx.invoice_ids), ("sale", payment.invoice_id))
        # The payments analysis counts it under its channel.
        report = self.env["layaway.payment.report"].search([("order_id", "=", self.order.id)], order="id")
        self.assertEqual(
            [(row.channel, row.kind, row.amount, row.journal_id) for row in report],
            [("backoffice", "deposit", 90.0, self.bank_journal), ("online", "installment", 66.67, self.bank_journal)],
        )
        self.assertEqual(payment.invoice_id.invoice_date, date(2026, 2, 14))
        self.assertEqual(
            self.items(payment.invoice_id),
            self.entry([(self.receivable_account, 66.67, 0.0), (self.deposit_account, 0.0, 66.67)]),
        )
        self.assertEqual(
            self.items(tx.payment_id.move_id),
            self.entry([(self.outstanding_account, 66.67, 0.0), (self.receivable_account, 0.0, 66.67)]),
        )
        self.assertEqual(tx.payment_id.journal_id, self.bank_journal)
        self.assertEqual(payment.amount_untaxed_company, 66.67)
        self.assertAlmostEqual(self.balance(self.deposit_account, self.order), -156.67)

    def test_journal_items_tax_on_advances_goods_as_the_back_office(self):
        self.company.layaway_advance_tax = "goods"
        order = self.make_layaway(partner=self.portal_a.partner_id, deposit=90.0, start_date=self.START)
        twin = self.make_layaway(partner=self.portal_a.partner_id, deposit=90.0, start_date=self.START)
        tx = self.make_tx(NEXT_INSTALLMENT, order=order)
        self.notify(tx, "done")
        twin.action_layaway_pay(NEXT_INSTALLMENT, journal_id=self.bank_journal.id)

        invoice = self.online_payments(order).invoice_id
        tax_account = self.tax_15.invoice_repartition_line_ids.account_id
        # 66.67 of 290: the sofas' share (230 with 15 %) carries VAT, the lamp's and fee's (60) none.
        self.assertEqual(
            self.items(invoice),
            self.entry(
                [
                    (self.receivable_account, 66.67, 0.0),
                    (self.deposit_account, 0.0, 45.98),
                    (self.deposit_account, 0.0, 13.79),
                    (tax_account, 0.0, 6.90),
                ]
            ),
        )
        # Exactly what the back office books for the same payment.
        self.assertEqual(self.items(invoice), self.items(twin.layaway_payment_ids.sorted("id")[-1].invoice_id))
        self.assertEqual(
            self.items(tx.payment_id.move_id),
            self.entry([(self.outstanding_account, 66.67, 0.0), (self.receivable_account, 0.0, 66.67)]),
        )
        self.assertEqual(invoice.payment_state, "paid")

    def test_installment_sale_paid_online_settles_its_invoice(self):
        sale_plan = self.plan.copy({"code": "900", "name": "Installment sale", "recognition": "on_start"})
        order = self.make_layaway(plan=sale_plan, partner=self.portal_a.partner_id, deposit=90.0, start_date=self.START)
        invoice = order.layaway_sale_invoice_id
        tx = self.make_tx(NEXT_INSTALLMENT, order=order)
        self.notify(tx, "done")

        payment = self.online_payments(order)
        self.assertRecordValues(
            payment,
            [{"amount": NEXT_INSTALLMENT, "invoice_id": invoice.id, "account_payment_id": tx.payment_id.id}],
        )
        self.assertEqual(payment.amount_untaxed_company, 0.0)  # nothing on Customer Deposits
        self.assertEqual(tx.invoice_ids, invoice)
        self.assertEqual((invoice.amount_residual, order.layaway_amount_residual), (133.33, 133.33))
        self.assertEqual(
            self.items(tx.payment_id.move_id),
            self.entry([(self.outstanding_account, 66.67, 0.0), (self.receivable_account, 0.0, 66.67)]),
        )
