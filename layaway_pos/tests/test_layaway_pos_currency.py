"""A layaway in EUR for a USD company, paid at a register that takes euros: the register's money
is booked by its session at each order's day's rate, and the pick-up or cancellation there brings
Customer Deposits back to zero in dollars with an exchange entry, as the back office does."""

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_layaway_currency import DEPOSIT_DAY, EURO_RATES, HANDOVER_DAY, INSTALLMENT_DAY, LOSS_DAY
from .test_pos_common import LayawayPosCommon


@tagged("post_install", "-at_install")
class TestLayawayRegisterCurrency(LayawayPosCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_euro_books(EURO_RATES)
        cls.usd_config = cls.config
        cls.config = cls.euro_register()
        cls.eur_plan = cls.euro_plan()
        cls.config.layaway_plan_ids |= cls.eur_plan
        cls.gain_account = cls.company.income_currency_exchange_account_id
        cls.loss_account = cls.company.expense_currency_exchange_account_id

    def setUp(self):
        super().setUp()
        self.cash_method = self.config.payment_method_ids
        self.assertEqual(self.config.currency_id, self.eur)

    def start_eur_layaway(self):
        """Sofa 200 EUR + 15 % tax, lamp 100 EUR, fee 20 EUR (10 USD at 2.0): 350 EUR, started in the
        back office with 120 EUR (60 USD) on the deposit day; the register's session opened on the
        installment day."""
        with freeze_time(DEPOSIT_DAY):
            order = self.make_layaway(plan=self.eur_plan, lines=[(self.sofa, 1.0), (self.lamp, 1.0)])
            order.pricelist_id = self.eur_pricelist
            order.action_update_prices()
            order.action_layaway_start(120.0, journal_id=self.eur_journal.id)
        with freeze_time(INSTALLMENT_DAY):
            self.open_session()
        return order

    def make_eur_layaway(self):
        """The euro layaway, then 100 EUR at the euro register on the installment day (40 USD at 2.5)."""
        order = self.start_eur_layaway()
        with freeze_time(INSTALLMENT_DAY):
            self.pay_at_register(order, 100.0)
        self.assertEqual(
            (order.currency_id, order.layaway_amount_total, order.layaway_amount_paid), (self.eur, 350.0, 220.0)
        )
        return order

    def deposits(self, order, session_lines):
        """The layaway's Customer Deposits items: documents, exchange entry and the register's
        session entry, as sorted (balance in USD, amount in EUR)."""
        moves = order.invoice_ids | order.layaway_refund_move_id | order.layaway_exchange_move_id
        lines = (moves.line_ids | session_lines).filtered(
            lambda line: line.account_id == self.deposit_account and line.parent_state == "posted"
        )
        return sorted((round(line.balance, 2), round(line.amount_currency, 2)) for line in lines)

    def pick_up(self, order, invoiced):
        """Pick up at the register on the hand-over day (130 EUR left to pay); the session's entry lines."""
        with freeze_time(HANDOVER_DAY):
            ui_order = self.ui_order(self.pickup_lines(order), kind="pickup")
            ui_order["to_invoice"] = invoiced
            pos_order = self.sync(ui_order)
            self.assertEqual((order.layaway_state, pos_order.amount_total), ("done", 130.0))
            return pos_order, self.close_session()

    def test_pick_up_at_the_register_books_the_exchange_gain(self):
        order = self.make_eur_layaway()
        pos_order, session_lines = self.pick_up(order, invoiced=False)
        # 220 EUR received as 60 + 40 USD and applied at 4.0 (55 USD): 45 USD of gain.
        exchange = order.layaway_exchange_move_id
        self.assertEqual((exchange.state, exchange.date), ("posted", HANDOVER_DAY))
        self.assertEqual(
            sorted(exchange.line_ids.mapped(lambda line: (line.account_id, line.balance))),
            sorted([(self.deposit_account, 45.0), (self.gain_account, -45.0)]),
        )
        self.assertEqual(
            self.deposits(order, session_lines), [(-60.0, -120.0), (-40.0, -100.0), (45.0, 0.0), (55.0, 220.0)]
        )
        self.assertFalse(pos_order.account_move)

    def test_an_invoiced_pick_up_books_the_same_gain(self):
        order = self.make_eur_layaway()
        pos_order, session_lines = self.pick_up(order, invoiced=True)
        self.assertEqual(pos_order.account_move.currency_id, self.eur)
        self.assertEqual(
            self.deposits(order, session_lines | pos_order.account_move.line_ids),
            [(-60.0, -120.0), (-40.0, -100.0), (45.0, 0.0), (55.0, 220.0)],
        )

    def test_cancellation_at_the_register_books_the_exchange_loss(self):
        order = self.make_eur_layaway()
        with freeze_time(LOSS_DAY):
            # The fixed 5 USD fee at the start's rate: 10 EUR kept, 210 EUR paid back.
            self.assertEqual(order._layaway_cancel_fee(), 10.0)
            pos_order = self.sync(self.ui_order(self.cancel_lines(order, 10.0), kind="refund"))
            session_lines = self.close_session()
        self.assertEqual((order.layaway_state, pos_order.amount_total), ("cancelled", -210.0))
        # 220 EUR received as 100 USD and returned at 1.6 (137.50 USD): 37.50 USD of loss.
        self.assertEqual(
            self.deposits(order, session_lines), [(-60.0, -120.0), (-40.0, -100.0), (-37.5, 0.0), (137.5, 220.0)]
        )
        exchange = order.layaway_exchange_move_id
        self.assertEqual(
            sorted(exchange.line_ids.mapped(lambda line: (line.account_id.id, line.balance))),
            sorted([(self.deposit_account.id, -37.5), (self.loss_account.id, 37.5)]),
        )
        forfeit = session_lines.filtered(lambda line: line.account_id == self.forfeit_account)
        self.assertEqual((forfeit.balance, forfeit.amount_currency), (-6.25, -10.0))

    def test_completion_in_the_back_office_counts_the_register_s_advances(self):
        order = self.make_eur_layaway()
        with freeze_time(HANDOVER_DAY):
            order.action_layaway_complete(130.0, self.eur_journal.id)
            session_lines = self.close_session()
        # 350 EUR received as 60 + 40 + 32.50 USD, applied at 4.0 (87.50 USD): 45 USD of gain.
        self.assertEqual(
            self.deposits(order, session_lines),
            [
                (-60.0, -120.0),
                (-40.0, -100.0),
                (-32.5, -130.0),
                (25.0, 100.0),
                (30.0, 120.0),
                (32.5, 130.0),
                (45.0, 0.0),
            ],
        )
        self.assertEqual(
            order.layaway_exchange_move_id.line_ids.filtered(lambda line: line.account_id == self.gain_account).balance,
            -45.0,
        )

    def test_a_register_in_another_currency_refuses_the_layaway(self):
        order = self.make_eur_layaway()
        with self.assertRaisesRegex(
            UserError, r"is in EUR and this register takes USD: take its payments at a register in EUR"
        ):
            self.env["sale.order"].layaway_pos_load(order.id, self.usd_config.id)
        self.usd_config.open_ui()
        session = self.usd_config.current_session_id
        ui_order = self.ui_order([self.deposit_line(order, 10.0)], kind="installment")
        ui_order.update(session_id=session.id, pricelist_id=self.usd_config.pricelist_id.id)
        ui_order["payment_ids"][0][2]["payment_method_id"] = self.usd_config.payment_method_ids.filtered(
            "is_cash_count"
        )[:1].id
        payments = order.layaway_payment_ids
        with self.assertRaisesRegex(UserError, r"is in EUR and this register takes USD"):
            self.sync(ui_order)
        self.assertEqual((order.layaway_amount_paid, order.layaway_payment_ids), (220.0, payments))

    def test_with_tax_on_advances_the_deposits_come_back_to_zero_in_both_currencies(self):
        self.company.layaway_advance_tax = "goods"
        order = self.start_eur_layaway()
        with freeze_time(INSTALLMENT_DAY):
            parts = self.env["sale.order"].layaway_pos_advance_split(order.id, self.config.id, 100.0)
            self.sync(self.ui_order(self.money_lines(order, parts), kind="installment"))
        with freeze_time(HANDOVER_DAY):
            detail = self.env["sale.order"].layaway_pos_detail(order.id, self.config.id)
            goods = [line for line in self.pickup_lines(order) if line[2]["product_id"] != self.deposit_product.id]
            pos_order = self.sync(
                self.ui_order(goods + self.money_lines(order, detail["advances"], sign=-1), kind="pickup")
            )
            session_lines = self.close_session()
        self.assertEqual((order.layaway_state, pos_order.amount_total), ("done", 130.0))
        # Untaxed, the deposit is 68.57 + 41.14 EUR (goods at 15 %, the rest untaxed) at 2.0 and the
        # installment 57.14 + 34.29 EUR at 2.5: 91.43 USD; applied at 4.0 they come to 50.28 USD.
        self.assertEqual(
            self.deposits(order, session_lines),
            [
                (-34.29, -68.57),
                (-22.86, -57.14),
                (-20.57, -41.14),
                (-13.72, -34.29),
                (18.86, 75.43),
                (31.43, 125.71),
                (41.15, 0.0),
            ],
        )
        gain = order.layaway_exchange_move_id.line_ids.filtered(lambda line: line.account_id == self.gain_account)
        self.assertEqual(gain.balance, -41.15)
