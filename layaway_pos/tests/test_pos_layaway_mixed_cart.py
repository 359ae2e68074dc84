from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .test_pos_common import LayawayPosCommon


@tagged("post_install", "-at_install")
class TestPosLayawayMixedCart(LayawayPosCommon):
    """One register order sells some goods now and lays the others away (issue 13, item 4).

    The cart: a sofa bought now (100 + 15 % tax = 115) and two lamps laid away (2 x 50, no tax)
    on the 3-month plan: layaway total 100 + service fee 10 = 110, minimum deposit 10 + 20 % of
    100 = 30, the balance of 80 in three installments. The order takes 115 + 30 = 145.
    """

    def setUp(self):
        super().setUp()
        self.open_session()

    def mixed_order(self, deposit=30.0, laid_away=None, bought_now=None, plan=None, **kwargs):
        """The register's order of a mixed cart: the deposit's lines (as the preview gives them)
        for the goods `laid_away`, and the goods `bought_now` as ordinary lines."""
        laid_away = laid_away or [(self.lamp, 2.0)]
        preview = self.preview(laid_away, plan, deposit=deposit)
        money = self.money_lines(False, preview["deposit_parts"])
        goods = [self.ui_line(product, qty) for product, qty in bought_now or [(self.sofa, 1.0)]]
        kwargs.setdefault("kind", "deposit")
        return self.ui_order(money + goods, start=self.start_values(laid_away, plan), **kwargs)

    def rows(self):
        """How many records the register's sync may write."""
        models = ("pos.order", "pos.order.line", "sale.order", "layaway.payment", "stock.move", "account.move")
        return {model: self.env[model].sudo().search_count([]) for model in models}

    def assert_refused_writes_nothing(self, ui_order, message):
        """Syncing `ui_order` is refused with `message` and leaves nothing behind."""
        self.env.flush_all()
        before = self.rows()
        with self.assertRaisesRegex((UserError, AccessError), message), self.env.cr.savepoint():
            self.sync(ui_order)
        self.env.invalidate_all()
        self.assertEqual(self.rows(), before)

    def moves_of(self, pickings):
        """(product, quantity, from, to, state) of the pickings' moves."""
        return [
            (move.product_id, move.quantity, move.location_id, move.location_dest_id, move.state)
            for move in pickings.move_ids.sorted(lambda move: move.product_id.name)
        ]

    def delivered(self, product, qty):
        """The moves of a register's picking that hands `qty` of `product` over from its stock."""
        return [(product, qty, self.stock_location, self.customer_location, "done")]

    def tax_of(self, move_lines):
        """The 15 % tax of the `move_lines`."""
        return sum(move_lines.filtered(lambda line: line.tax_line_id == self.tax_15).mapped("balance"))

    def stock(self):
        """On hand per product and location: the register's stock and the layaway location."""
        return {
            (product.name, location.name): self.qty_at(product, location)
            for product in self.sofa | self.lamp
            for location in self.stock_location | self.layaway_location
        }

    def test_mixed_cart_sells_now_and_lays_away_the_rest(self):
        pos_order = self.sync(self.mixed_order())
        order = self.started(pos_order)
        self.assertEqual(len(order), 1)
        self.assertRecordValues(
            pos_order,
            [
                {
                    "state": "paid",
                    "amount_total": 145.0,
                    "amount_tax": 15.0,
                    "amount_paid": 145.0,
                    "layaway_kind": "deposit",
                }
            ],
        )
        # The layaway: the lamps only, started with its deposit.
        self.assertEqual(
            (order.layaway_state, order.state, order.partner_id, order.layaway_plan_id),
            ("active", "sale", self.customer, self.plan),
        )
        self.assertEqual(
            [(line.product_id, line.product_uom_qty) for line in order._layaway_goods_lines()], [(self.lamp, 2.0)]
        )
        self.assertEqual(
            (
                order.layaway_amount_total,
                order.layaway_min_deposit,
                order.layaway_deposit_amount,
                order.layaway_amount_paid,
                order.layaway_amount_residual,
            ),
            (110.0, 30.0, 30.0, 30.0, 80.0),
        )
        self.assertEqual([i.amount for i in order.layaway_installment_ids.sorted("sequence")], [26.67, 26.67, 26.66])
        self.assertRecordValues(
            order.layaway_payment_ids,
            [{"amount": 30.0, "kind": "deposit", "channel": "pos", "pos_order_id": pos_order.id}],
        )
        self.assertEqual(pos_order.layaway_start["goods"], self.cart([(self.lamp, 2.0)]))
        # The POS order's lines: the deposit is the layaway's, the sofa an ordinary sale.
        deposit_line = pos_order.lines.filtered(lambda line: line.product_id == self.deposit_product)
        sofa_line = pos_order.lines - deposit_line
        self.assertRecordValues(
            deposit_line, [{"price_subtotal_incl": 30.0, "sale_order_origin_id": order.id, "qty": 1.0}]
        )
        self.assertRecordValues(
            sofa_line,
            [
                {
                    "product_id": self.sofa.id,
                    "qty": 1.0,
                    "price_subtotal": 100.0,
                    "price_subtotal_incl": 115.0,
                    "sale_order_origin_id": False,
                    "sale_order_line_id": False,
                }
            ],
        )
        # The POS order's picking delivers the sofa only; the lamps go to the layaway location.
        self.assertEqual(
            self.moves_of(pos_order.picking_ids),
            self.delivered(self.sofa, 1.0),
        )
        self.assertEqual(
            self.moves_of(order.layaway_reserve_picking_ids),
            [(self.lamp, 2.0, self.stock_location, self.layaway_location, "done")],
        )
        self.assertEqual(
            self.stock(),
            {
                ("Sofa", "Stock"): 9.0,
                ("Sofa", "Layaway"): 0.0,
                ("Lamp", "Stock"): 8.0,
                ("Lamp", "Layaway"): 2.0,
            },
        )
        # The POS analysis counts the sofa as a sale, not the deposit.
        self.env.flush_all()
        self.assertEqual(
            [
                (row.product_id, row.product_qty, row.price_total)
                for row in self.env["report.pos.order"].search([("order_id", "=", pos_order.id)])
            ],
            [(self.sofa, 1.0, 115.0)],
        )
        # The closing: the session counts one layaway started with 30.
        details = self.session.get_closing_control_data()["layaway_details"]
        self.assertEqual(details["started"], {"count": 1, "amount": 30.0})
        move_lines = self.close_session()
        self.assertEqual(self.session.state, "closed")
        # The sofa's revenue and tax; the deposit credited to Customer Deposits; the cash received.
        self.assertEqual(
            sorted((line.account_id.code, line.tax_line_id.id, line.balance) for line in move_lines),
            sorted(
                [
                    (self.revenue_account.code, False, -100.0),
                    (self.tax_15.invoice_repartition_line_ids.account_id.code, self.tax_15.id, -15.0),
                    (self.deposit_account.code, False, -30.0),
                    (self.cash_method.receivable_account_id.code, False, 145.0),
                ]
            ),
        )
        self.assertEqual(self.balance(self.deposit_account), -30.0)
        # Later, the lamps are picked up from the layaway location: nothing else moves.
        self.open_session()
        self.pay_at_register(order, 80.0)
        pickup = self.sync(self.ui_order(self.pickup_lines(order), kind="pickup"))
        self.assertEqual(order.layaway_state, "done")
        self.assertEqual(self.moves_of(pickup.picking_ids), self.delivered(self.lamp, 2.0))
        self.assertEqual(
            self.stock(),
            {("Sofa", "Stock"): 9.0, ("Sofa", "Layaway"): 0.0, ("Lamp", "Stock"): 8.0, ("Lamp", "Layaway"): 0.0},
        )

    def test_mixed_cart_on_a_plan_that_holds_nothing(self):
        """On completion: the lamps stay in stock, only the sofa leaves."""
        ui_order = self.mixed_order(20.0, plan=self.plan_on_completion)
        pos_order = self.sync(ui_order)
        order = self.started(pos_order)
        self.assertEqual(pos_order.amount_total, 135.0)
        self.assertEqual(
            (order.layaway_state, order.layaway_amount_total, order.layaway_amount_paid, order.layaway_min_deposit),
            ("active", 100.0, 20.0, 20.0),
        )
        self.assertEqual([i.amount for i in order.layaway_installment_ids.sorted("sequence")], [26.67, 26.67, 26.66])
        self.assertEqual(
            self.moves_of(pos_order.picking_ids),
            self.delivered(self.sofa, 1.0),
        )
        self.assertFalse(order.picking_ids | order.layaway_reserve_picking_ids)
        self.assertEqual(
            self.stock(),
            {("Sofa", "Stock"): 9.0, ("Sofa", "Layaway"): 0.0, ("Lamp", "Stock"): 10.0, ("Lamp", "Layaway"): 0.0},
        )
        move_lines = self.close_session()
        self.assertEqual(self.balance_of(move_lines, self.deposit_account), -20.0)
        self.assertEqual(self.balance_of(move_lines, self.revenue_account), -100.0)
        self.assertEqual(self.tax_of(move_lines), -15.0)

    def test_mixed_cart_synced_as_a_draft_first(self):
        """The register may sync the order before it is paid: the layaway starts with the payment."""
        ui_order = self.mixed_order(state="draft")
        draft = self.sync(dict(ui_order, lines=[(0, 0, dict(line[2])) for line in ui_order["lines"]]))
        self.assertFalse(self.started(draft))
        paid = self.sync(dict(ui_order, state="paid", lines=[], payment_ids=[], access_token=draft.access_token))
        self.assertEqual(paid, draft)
        order = self.started(paid)
        self.assertEqual((order.layaway_state, order.layaway_amount_paid), ("active", 30.0))
        self.assertEqual(self.moves_of(paid.picking_ids), self.delivered(self.sofa, 1.0))
        # A retried sync records nothing twice.
        self.assertEqual(self.sync(dict(ui_order, lines=[], payment_ids=[], access_token=draft.access_token)), paid)
        self.assertEqual(len(order.layaway_payment_ids), 1)
        self.assertEqual(self.qty_at(self.lamp, self.layaway_location), 2.0)

    def test_mixed_cart_with_tax_on_advances(self):
        """With tax on advances, the deposit carries the laid-away sofa's VAT; the lamps bought now are a sale."""
        self.company.layaway_advance_tax = "goods"
        pos_order = self.sync(self.mixed_order(33.0, laid_away=[(self.sofa, 1.0)], bought_now=[(self.lamp, 2.0)]))
        order = self.started(pos_order)
        # Layaway 115 + fee 10 = 125, minimum deposit 10 + 20 % of 115 = 33, split as the order's
        # total: 115/125 of it at the sofa's 15 % (26.40 + 3.96 tax), 10/125 without tax (2.64).
        self.assertEqual(
            (order.layaway_amount_total, order.layaway_min_deposit, order.layaway_amount_paid), (125.0, 33.0, 33.0)
        )
        self.assertEqual(
            sorted((line.product_id.name, line.price_subtotal, line.price_subtotal_incl) for line in pos_order.lines),
            [("Lamp", 100.0, 100.0), ("Layaway Deposit", 2.64, 2.64), ("Layaway Deposit", 26.4, 30.36)],
        )
        self.assertEqual(pos_order.amount_total, 133.0)
        self.assertEqual(
            self.moves_of(pos_order.picking_ids),
            self.delivered(self.lamp, 2.0),
        )
        self.assertEqual(
            self.stock(),
            {("Sofa", "Stock"): 9.0, ("Sofa", "Layaway"): 1.0, ("Lamp", "Stock"): 8.0, ("Lamp", "Layaway"): 0.0},
        )
        move_lines = self.close_session()
        self.assertEqual(
            sorted((line.account_id.code, line.tax_line_id.id, line.balance) for line in move_lines),
            sorted(
                [
                    (self.revenue_account.code, False, -100.0),
                    (self.tax_15.invoice_repartition_line_ids.account_id.code, self.tax_15.id, -3.96),
                    (self.deposit_account.code, False, -26.4),
                    (self.deposit_account.code, False, -2.64),
                    (self.cash_method.receivable_account_id.code, False, 133.0),
                ]
            ),
        )

    def test_cashier_without_sales_rights_sells_and_lays_away(self):
        """A cashier ("Point of Sale: User" only) syncs a mixed cart: the sync runs under sudo once
        the register is checked, as for any layaway started at the register."""
        cashier = new_test_user(
            self.env,
            login="mixed_cashier",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=self.company.id,
        )
        ui_order = self.mixed_order() | {"user_id": cashier.id}
        data = self.env["pos.order"].with_user(cashier).sync_from_ui([ui_order])
        pos_order = self.env["pos.order"].browse(data["pos.order"][0]["id"])
        order = self.started(pos_order)
        self.assertEqual(
            (order.layaway_state, order.layaway_amount_paid, pos_order.amount_total), ("active", 30.0, 145.0)
        )
        self.assertEqual(self.moves_of(pos_order.picking_ids), self.delivered(self.sofa, 1.0))
        # The refusal holds for the cashier too.
        ui_order = self.mixed_order(bought_now=[(self.sofa, 1.0), (self.lamp, 1.0)]) | {"user_id": cashier.id}
        with self.assertRaisesRegex(UserError, "both lays away and sells now Lamp"), self.env.cr.savepoint():
            self.env["pos.order"].with_user(cashier).sync_from_ui([ui_order])

    def test_goods_bought_now_are_returned_as_any_sale(self):
        """The ticket screen refunds the sofa of a mixed cart as any sale; the deposit stays refused."""
        pos_order = self.sync(self.mixed_order())
        order = self.started(pos_order)
        sofa_line = pos_order.lines.filtered(lambda line: line.product_id == self.sofa)
        deposit_line = pos_order.lines - sofa_line
        refused = self.ui_order([self.ui_line(self.deposit_product, -1.0, 30.0, refunded_orderline_id=deposit_line.id)])
        self.assert_refused_writes_nothing(refused, "refunds a layaway operation .*cancel the layaway")
        ui_refund = self.ui_order([self.ui_line(self.sofa, -1.0, refunded_orderline_id=sofa_line.id)])
        # The sync sends the refunded order back too.
        refund = self.sync(ui_refund).filtered(lambda o: o.uuid == ui_refund["uuid"])
        self.assertRecordValues(refund, [{"state": "paid", "amount_total": -115.0, "layaway_kind": False}])
        self.assertEqual(
            self.moves_of(refund.picking_ids), [(self.sofa, 1.0, self.customer_location, self.stock_location, "done")]
        )
        self.assertEqual(self.qty_at(self.sofa, self.stock_location), 10.0)
        # The layaway is untouched.
        self.assertEqual((order.layaway_state, order.layaway_amount_paid), ("active", 30.0))
        self.assertEqual(self.qty_at(self.lamp, self.layaway_location), 2.0)

    def test_invoiced_mixed_cart(self):
        """The customer's invoice of a mixed cart: the goods bought now, and the deposit named after its layaway."""
        pos_order = self.sync(self.mixed_order() | {"to_invoice": True})
        order = self.started(pos_order)
        invoice = pos_order.account_move
        self.assertRecordValues(
            invoice, [{"state": "posted", "partner_id": self.customer.id, "amount_total": 145.0, "amount_tax": 15.0}]
        )
        self.assertEqual(
            sorted((line.product_id.name, line.name, line.price_subtotal) for line in invoice.invoice_line_ids),
            [("Layaway Deposit", f"Layaway deposit {order.name}", 30.0), ("Sofa", "Sofa", 100.0)],
        )
        self.assertEqual(self.balance_of(invoice.line_ids, self.deposit_account), -30.0)
        self.assertEqual(self.balance_of(invoice.line_ids, self.revenue_account), -100.0)

    def test_mixed_cart_refusals_write_nothing(self):
        """Each refusal of a mixed cart says what to do, and the sync writes nothing."""
        start = self.start_values
        ordinary = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "order_line": [(0, 0, {"product_id": self.sofa.id, "product_uom_qty": 1})]}
        )
        ordinary.action_confirm()
        settled = self.mixed_order()
        settled["lines"][-1][2].update(sale_order_origin_id=ordinary.id, sale_order_line_id=ordinary.order_line.id)
        refused = {
            r"both lays away and sells now Lamp\. Lay all of it away or sell all of it now": self.mixed_order(
                bought_now=[(self.sofa, 1.0), (self.lamp, 1.0)]
            ),
            r"starts a layaway and returns Sofa: take the return in an order of its own": self.mixed_order(
                bought_now=[(self.sofa, -1.0)]
            ),
            r"sells \[LAYAWAY-CXL\] Layaway Cancellation Fee with the goods bought now": self.mixed_order(
                bought_now=[(self.sofa, 1.0), (self.cancel_fee_product, 1.0)]
            ),
            "its lines cannot name another sale order": settled,
            r"deposit must be at least \$\s30\.00": self.ui_order(
                [self.ui_line(self.deposit_product, 1.0, 20.0), self.ui_line(self.sofa, 1.0)],
                kind="deposit",
                start=start([(self.lamp, 2.0)]),
            ),
            "cannot be laid away: Gift Card": self.mixed_order()
            | start(goods=self.cart([(self.lamp, 2.0), (self.gift_card, 1.0)])),
            "Not enough stock": self.mixed_order() | start(goods=self.cart([(self.lamp, 11.0)])),
            "Choose the customer first": self.mixed_order() | {"partner_id": False},
        }
        for message, ui_order in refused.items():
            with self.subTest(message):
                self.assert_refused_writes_nothing(ui_order, message)
        # Nothing was sold, laid away or moved.
        self.assertFalse(self.env["pos.order"].search([("session_id", "=", self.session.id)]))
        self.assertEqual(
            self.stock(),
            {("Sofa", "Stock"): 10.0, ("Sofa", "Layaway"): 0.0, ("Lamp", "Stock"): 10.0, ("Lamp", "Layaway"): 0.0},
        )
