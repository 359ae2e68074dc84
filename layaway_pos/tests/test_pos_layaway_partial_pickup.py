"""Partial pick-up at the register: the preview, the sync (amounts, stock, journal items), refusals."""

from odoo.tests import RecordCapturer, tagged

from .test_pos_common import LayawayPosCommon
from .test_pos_layaway_sync import _Refused


@tagged("post_install", "-at_install")
class TestPosLayawayPartialPickup(LayawayPosCommon):
    def setUp(self):
        super().setUp()
        self.customer.email = "layla@example.com"
        self.open_session()
        # Total 290 (2 sofas 230, a lamp 50, fee 10): deposit 90, then 150 paid: 240 paid, 50 left.
        self.order, _pos_order = self.start_at_register(90.0)
        self.pay_at_register(self.order, 150.0)
        self.sofa_line, self.lamp_line = self.order._layaway_goods_lines().sorted("id")
        self.items = [{"line_id": self.sofa_line.id, "quantity": 1.0}, {"line_id": self.lamp_line.id, "quantity": 1.0}]

    def pickup_preview(self, items=None, order=None):
        """The partial pick-up dialog's preview of `items` (one sofa and the lamp)."""
        return self.env["sale.order"].layaway_pos_pickup_preview(
            (order or self.order).id, self.config.id, items or self.items
        )

    def partial_order(self, items=None, order=None, applied=None, **kwargs):
        """The register's order of a partial pick-up of `items`: the goods at the layaway's prices,
        then the preview's parts applied (or `applied`, the money lines)."""
        order = order or self.order
        items = items or self.items
        lines = []
        for item in items:
            so_line = self.env["sale.order.line"].browse(item["line_id"])
            lines.append(
                self.ui_line(
                    so_line.product_id,
                    item["quantity"],
                    so_line.price_unit,
                    discount=so_line.discount,
                    sale_order_origin_id=order.id,
                    sale_order_line_id=so_line.id,
                )
            )
        if applied is None:
            applied = self.money_lines(order, self.pickup_preview(items, order)["parts"], sign=-1)
        kwargs.setdefault("kind", "pickup_partial")
        return self.ui_order(lines + applied, payments=[], **kwargs)

    def stock(self, product):
        """(layaway location, stock, customers) quantities of `product`."""
        return tuple(
            self.qty_at(product, location)
            for location in (self.layaway_location, self.stock_location, self.customer_location)
        )

    def snapshot(self):
        """What a partial pick-up writes: amounts, stock, changes, payments, order lines."""
        order = self.order
        return (
            order.layaway_state,
            order.layaway_amount_paid,
            order.layaway_amount_taken,
            order.layaway_amount_residual,
            self.stock(self.sofa),
            self.stock(self.lamp),
            len(order.layaway_change_ids),
            len(order.layaway_payment_ids),
            len(order.order_line),
        )

    def test_preview_shows_the_value_and_whether_it_is_covered_and_writes_nothing(self):
        self.env.flush_all()
        before = self.snapshot()
        preview = self.pickup_preview()
        self.assertEqual(
            preview,
            {
                "value": 165.0,
                "reserve": 0.0,
                "needed": 165.0,
                "held": 240.0,
                "covered": True,
                "message": "",
                "parts": [{"price_unit": 165.0, "tax_ids": [], "extra_tax_data": False}],
            },
        )
        # The plan keeps 50 % of the goods left (115 with the fee... the goods only: the last sofa).
        self.plan.partial_pickup_reserve = 50.0
        preview = self.pickup_preview([{"line_id": self.sofa_line.id, "quantity": 2.0}])
        self.assertEqual(
            {k: preview[k] for k in ("value", "reserve", "needed", "held", "covered")},
            {"value": 230.0, "reserve": 25.0, "needed": 255.0, "held": 240.0, "covered": False},
        )
        self.assertIn("Take $\xa015.00 more first", preview["message"])
        preview = self.pickup_preview([{"line_id": self.sofa_line.id, "quantity": 2.0}, self.items[1]])
        self.assertEqual((preview["covered"], preview["value"]), (False, 0.0))
        self.assertIn("complete the layaway instead", preview["message"])
        self.env.flush_all()
        self.assertEqual(self.snapshot(), before)

    def test_partial_pickup_delivers_the_items_and_applies_exactly_their_value(self):
        with RecordCapturer(self.env["mail.mail"].sudo(), [("model", "=", "sale.order")]) as mails:
            pos_order = self.sync(self.partial_order())
        order = self.order
        self.assertRecordValues(
            pos_order, [{"amount_total": 0.0, "amount_paid": 0.0, "state": "paid", "layaway_kind": "pickup_partial"}]
        )
        # What is left to pay and the schedule do not change; 165 of the 240 paid is applied.
        self.assertEqual(
            (order.layaway_state, order.layaway_amount_paid, order.layaway_amount_taken, order.layaway_amount_residual),
            ("active", 240.0, 165.0, 50.0),
        )
        self.assertEqual(order._layaway_held(), 75.0)
        self.assertEqual([i.amount for i in order.layaway_installment_ids.sorted("sequence")], [66.67, 66.67, 66.66])
        # One sofa stays set aside; the other and the lamp went back to stock, and out with the POS picking.
        self.assertEqual(self.stock(self.sofa), (1.0, 8.0, 1.0))
        self.assertEqual(self.stock(self.lamp), (0.0, 9.0, 1.0))
        self.assertEqual(pos_order.picking_ids.state, "done")
        self.assertEqual(
            sorted((m.product_id.name, m.location_id, m.quantity) for m in pos_order.picking_ids.move_ids),
            [("Lamp", self.stock_location, 1.0), ("Sofa", self.stock_location, 1.0)],
        )
        # The layaway's pending delivery holds the sofa left, from the layaway location.
        delivery = order._layaway_delivery_pickings()
        self.assertEqual(delivery.location_id, self.layaway_location)
        self.assertEqual(
            sorted((m.product_id.name, m.product_uom_qty, m.quantity) for m in delivery.move_ids if m.product_uom_qty),
            [("Sofa", 1.0, 1.0)],
        )
        self.assertEqual((self.sofa_line.qty_delivered, self.lamp_line.qty_delivered), (1.0, 1.0))
        self.assertEqual((self.sofa_line.qty_invoiced, self.lamp_line.qty_invoiced), (1.0, 1.0))
        # The value applied: a negative down payment of the layaway, and an `applied` payment.
        money_out = order.order_line.filtered(lambda line: line.layaway_money_out)
        self.assertRecordValues(
            money_out, [{"layaway_money_out": "applied", "is_downpayment": True, "price_unit": -165.0}]
        )
        self.assertEqual(
            money_out.pos_order_line_ids, pos_order.lines.filtered(lambda line: line.product_id == self.deposit_product)
        )
        applied = order.layaway_payment_ids.filtered(lambda p: p.kind == "applied")
        self.assertRecordValues(
            applied,
            [
                {
                    "amount": 0.0,
                    "amount_untaxed_company": -165.0,
                    "channel": "pos",
                    "pos_order_id": pos_order.id,
                    "pos_session_id": self.session.id,
                    "sale_line_id": money_out.id,
                }
            ],
        )
        change = order.layaway_change_ids
        self.assertRecordValues(
            change,
            [
                {
                    "kind": "pickup",
                    "value_taken": 165.0,
                    "pos_order_id": pos_order.id,
                    "picking_id": pos_order.picking_ids.id,
                    "total_before": 290.0,
                    "total_after": 290.0,
                }
            ],
        )
        self.assertEqual(len(mails.records), 1)
        self.assertEqual(mails.records.subject, f"{self.company.name}: your layaway {order.name} has changed")
        # The Layaways screen: what is left of each line, what is held.
        detail = self.env["sale.order"].layaway_pos_detail(order.id, self.config.id)
        self.assertEqual(
            [(g["line_id"], g["qty_left"]) for g in detail["goods"]],
            [(self.sofa_line.id, 1.0), (self.lamp_line.id, 0.0)],
        )
        self.assertEqual((detail["amount_held"], detail["amount_paid"]), (75.0, 240.0))
        self.assertEqual(detail["advances"], [{"price_unit": 75.0, "tax_ids": [], "extra_tax_data": False}])

        # The session's closing: the items' revenue and tax, Customer Deposits debited by exactly their value.
        details = self.session.get_closing_control_data()["layaway_details"]
        self.assertEqual(details["payments"], {"count": 1, "amount": 150.0})
        move_lines = self.close_session()
        self.assertEqual(self.session.state, "closed")
        deposits = move_lines.filtered(lambda line: line.account_id == self.deposit_account)
        # Received 90 + 150 (credit), 165 applied to the goods taken (debit).
        self.assertEqual(sorted(deposits.mapped("balance")), [-240.0, 165.0])
        self.assertEqual(
            sorted(move_lines.filtered(lambda line: line.account_id == self.revenue_account).mapped("balance")),
            [-100.0, -50.0],
        )
        self.assertEqual(
            sum(move_lines.filtered(lambda line: line.tax_line_id == self.tax_15).mapped("balance")), -15.0
        )

        # The rest, paid and handed over at the register: the final amounts come to zero.
        self.open_session()
        self.pay_at_register(order, 50.0)
        self.assertEqual((order.layaway_state, order._layaway_held()), ("paid", 125.0))
        lines = [
            self.ui_line(
                so_line.product_id,
                so_line.product_uom_qty - so_line.qty_invoiced,
                so_line.price_unit,
                sale_order_origin_id=order.id,
                sale_order_line_id=so_line.id,
            )
            for so_line in (self.sofa_line, order._layaway_fee_line())
        ]
        lines.append(self.deposit_line(order, -125.0))
        pickup = self.sync(self.ui_order(lines, kind="pickup"))
        self.assertEqual(pickup.amount_total, 0.0)
        self.assertEqual((order.layaway_state, order.layaway_amount_residual), ("done", 0.0))
        self.assertEqual(self.stock(self.sofa), (0.0, 8.0, 2.0))
        self.assertEqual((self.sofa_line.qty_delivered, self.sofa_line.qty_invoiced), (2.0, 2.0))
        move_lines = self.close_session()
        deposits = move_lines.filtered(lambda line: line.account_id == self.deposit_account)
        self.assertEqual(sorted(deposits.mapped("balance")), [-50.0, 125.0])
        # Customer Deposits holds nothing more for the layaway: 90 + 150 + 50 received, 165 + 125 applied.
        all_deposits = self.env["account.move.line"].search(
            [("account_id", "=", self.deposit_account.id), ("parent_state", "=", "posted")]
        )
        self.assertEqual(sum(all_deposits.mapped("balance")), 0.0)

    def test_retried_sync_records_once(self):
        ui_order = self.partial_order()
        first = self.sync(dict(ui_order, lines=[(0, 0, dict(line[2])) for line in ui_order["lines"]]))
        after = self.snapshot()
        second = self.sync(dict(ui_order, lines=[(0, 0, dict(line[2])) for line in ui_order["lines"]]))
        self.assertEqual(first, second)
        self.assertEqual(self.snapshot(), after)
        self.assertEqual(self.order.layaway_amount_taken, 165.0)
        self.assertEqual(len(self.order.layaway_change_ids), 1)

    def assert_refused(self, ui_order, message):
        """Syncing `ui_order` is refused with `message`, and nothing is written."""
        self.env.flush_all()
        before = self.snapshot()
        with _Refused(self, message):
            self.sync(ui_order)
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", ui_order["uuid"])]))
        self.assertEqual(self.snapshot(), before)

    def test_refusals_write_nothing(self):
        self.assertEqual(self.stock(self.sofa), (2.0, 8.0, 0.0))
        # More than paid and not applied yet: the message says how much to take first.
        order, _ = self.start_at_register(90.0)
        sofa_line, lamp_line = order._layaway_goods_lines().sorted("id")
        items = [{"line_id": sofa_line.id, "quantity": 1.0}, {"line_id": lamp_line.id, "quantity": 1.0}]
        applied = [self.deposit_line(order, -165.0)]
        self.assert_refused(self.partial_order(items, order, applied), r"Take \$\xa075.00 more first")
        # More than is left of a line, every item left, an item of another layaway.
        too_many = [{"line_id": self.sofa_line.id, "quantity": 3.0}]
        self.assert_refused(
            self.partial_order(too_many, applied=[self.deposit_line(self.order, -345.0)]), r"Only 2.0 Sofa"
        )
        everything = [{"line_id": self.sofa_line.id, "quantity": 2.0}, self.items[1]]
        self.assert_refused(
            self.partial_order(everything, applied=[self.deposit_line(self.order, -280.0)]),
            "complete the layaway instead",
        )
        other = self.partial_order(items, applied=[self.deposit_line(self.order, -165.0)])
        for line in other["lines"]:
            line[2]["sale_order_origin_id"] = self.order.id
        self.assert_refused(other, "is not an item of")
        # Not exactly the items' value applied, or the items at other prices.
        self.assert_refused(self.partial_order(applied=[self.deposit_line(self.order, -150.0)]), r"exactly the value")
        cheaper = self.partial_order()
        cheaper["lines"][0][2].update(price_unit=90.0, price_subtotal=90.0, price_subtotal_incl=103.5)
        self.assert_refused(cheaper, "at the layaway's prices")
        # A fee line is no item of a partial pick-up.
        fee = self.partial_order()
        fee["lines"].append(self.ui_line(self.cancel_fee_product, 1.0, 5.0, sale_order_origin_id=self.order.id))
        self.assert_refused(fee, "but its lines are not")

    def test_on_completion_plan_delivers_from_stock(self):
        order, _ = self.start_at_register(56.0, plan=self.plan_on_completion)  # 20 % of 280, no fee
        self.pay_at_register(order, 100.0)
        lamp_line = order._layaway_goods_lines().filtered(lambda line: line.product_id == self.lamp)
        items = [{"line_id": lamp_line.id, "quantity": 1.0}]
        pos_order = self.sync(self.partial_order(items, order))
        self.assertEqual(pos_order.amount_total, 0.0)
        self.assertEqual((order.layaway_amount_taken, order._layaway_held()), (50.0, 106.0))
        # setUp's layaway holds one lamp aside; this one left from stock, nothing set aside.
        self.assertEqual(self.stock(self.lamp), (1.0, 8.0, 1.0))
        self.assertFalse(order._layaway_delivery_pickings())

    def test_tax_on_advances_comes_off_with_the_items(self):
        self.company.layaway_advance_tax = "goods"
        order, _ = self.start_at_register(200.0)
        sofa_line = order._layaway_goods_lines().filtered(lambda line: line.product_id == self.sofa)
        items = [{"line_id": sofa_line.id, "quantity": 1.0}]
        preview = self.pickup_preview(items, order)
        self.assertEqual(
            (preview["value"], preview["parts"]),
            (115.0, [{"price_unit": 100.0, "tax_ids": self.tax_15.ids, "extra_tax_data": False}]),
        )
        pos_order = self.sync(self.partial_order(items, order))
        self.assertEqual(pos_order.amount_total, 0.0)
        self.assertEqual(order.layaway_amount_taken, 115.0)
        applied = order.layaway_payment_ids.filtered(lambda p: p.kind == "applied")
        self.assertEqual(applied.amount_untaxed_company, -100.0)
        self.assertRecordValues(
            order.order_line.filtered("layaway_money_out"), [{"price_unit": -100.0, "tax_ids": self.tax_15.ids}]
        )


@tagged("post_install", "-at_install")
class TestPosLayawayPartialPickupTour(LayawayPosCommon):
    """The register's partial pick-up in a real browser, then the server's state."""

    browser_size = "1024x768"

    def test_partial_pickup_from_layaways_screen(self):
        order = self.make_layaway(partner=self.customer)
        order.action_layaway_start(66.0, journal_id=self.bank_journal.id)
        order.action_layaway_pay(100.0, journal_id=self.bank_journal.id)
        self.start_pos_tour("LayawayPartialPickupTour")
        self.assertEqual(
            (order.layaway_state, order.layaway_amount_paid, order.layaway_amount_taken, order.layaway_amount_residual),
            ("active", 166.0, 115.0, 124.0),
        )
        pos_order = self.env["pos.order"].search([("session_id", "=", self.config.current_session_id.id)])
        self.assertRecordValues(pos_order, [{"amount_total": 0.0, "layaway_kind": "pickup_partial", "state": "paid"}])
        self.assertEqual(
            {line.product_id: (line.qty, line.price_subtotal_incl) for line in pos_order.lines},
            {self.sofa: (1.0, 115.0), self.deposit_product: (1.0, -115.0)},
        )
        self.assertEqual(
            tuple(
                self.qty_at(self.sofa, loc)
                for loc in (self.layaway_location, self.stock_location, self.customer_location)
            ),
            (1.0, 8.0, 1.0),
        )
        self.assertEqual(order.layaway_change_ids.mapped("value_taken"), [115.0])
        lines = self.close_session(self.config.current_session_id)
        # The sofa's revenue and tax; exactly its value out of Customer Deposits.
        self.assertEqual(self.balance_of(lines, self.deposit_account), 115.0)
        self.assertEqual(self.balance_of(lines, self.revenue_account), -100.0)
        self.assertEqual(sum(lines.filtered(lambda line: line.tax_line_id == self.tax_15).mapped("balance")), -15.0)
