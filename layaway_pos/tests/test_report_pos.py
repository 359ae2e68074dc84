from odoo.tests import tagged

from .test_pos_common import LayawayPosCommon


@tagged("post_install", "-at_install")
class TestReportPos(LayawayPosCommon):
    """Layaways taken at the register: POS and sales analysis count the goods once, at
    pick-up, and never a deposit or installment; the payments analysis shows the session."""

    def setUp(self):
        super().setUp()
        self.open_session()

    def pos_report(self, pos_orders):
        """The POS analysis rows of `pos_orders`."""
        return self.env["report.pos.order"].search([("order_id", "in", pos_orders.ids)])

    def test_pos_analysis_counts_goods_at_pickup_only(self):
        order, start = self.start_at_register(66.0)
        payment = self.pay_at_register(order, 100.0)
        self.env.flush_all()
        # Deposits and installments are not sales.
        self.assertFalse(self.pos_report(start | payment))
        pickup = self.sync(self.ui_order(self.pickup_lines(order), kind="pickup"))
        self.assertEqual(order.layaway_state, "done")
        self.assertEqual(order.layaway_closed_date, self.company._layaway_today())
        self.env.flush_all()
        rows = self.pos_report(start | payment | pickup)
        self.assertEqual(rows.order_id, pickup)
        self.assertEqual(
            sorted((r.product_id.name, r.product_qty, r.price_total) for r in rows),
            sorted([("Sofa", 2, 230.0), ("Lamp", 1, 50.0), (self.company._layaway_fee_product().name, 1, 10.0)]),
        )
        # Sales analysis: the order once, with its goods; no POS line of the layaway.
        sale_rows = self.env["sale.report"].search(
            [
                "|",
                ("order_reference", "=", f"sale.order,{order.id}"),
                ("order_reference", "in", [f"pos.order,{p.id}" for p in start | payment | pickup]),
            ]
        )
        self.assertEqual({r.order_reference for r in sale_rows}, {order})
        self.assertEqual(sum(sale_rows.mapped("price_total")), 290.0)
        self.assertEqual({r.date for r in sale_rows}, {pickup.date_order.replace(hour=0, minute=0, second=0)})

    def test_open_layaway_at_register_is_not_a_sale(self):
        order, start = self.start_at_register(66.0)
        self.env.flush_all()
        self.assertFalse(self.pos_report(start))
        self.assertFalse(
            self.env["sale.report"].search(
                [
                    "|",
                    ("order_reference", "=", f"sale.order,{order.id}"),
                    ("order_reference", "=", f"pos.order,{start.id}"),
                ]
            )
        )
        # An ordinary POS sale next to it is still counted.
        plain = self.sync(self.ui_order([self.ui_line(self.lamp, 1.0)]))
        self.env.flush_all()
        self.assertEqual(self.pos_report(plain).price_total, 50.0)

    def test_register_cancellation_fee_is_not_a_sale(self):
        order, start = self.start_at_register(66.0)
        cancel = self.sync(self.ui_order(self.cancel_lines(order, 29.0), kind="refund"))
        self.assertEqual((order.layaway_state, order.layaway_cancel_fee), ("cancelled", 29.0))
        self.assertEqual(order.layaway_closed_date, self.company._layaway_today())
        fee_line = cancel.lines.filtered(lambda line: line.product_id == self.cancel_fee_product)
        self.assertEqual((fee_line.price_subtotal_incl, cancel.amount_total), (29.0, -37.0))
        self.env.flush_all()
        # Neither POS analysis nor sales analysis counts the fee kept (nor the money returned).
        self.assertFalse(self.pos_report(start | cancel))
        self.assertFalse(
            self.env["sale.report"].search([("order_reference", "in", [f"pos.order,{p.id}" for p in start | cancel])])
        )
        # The cancellation-fee product sold on its own, for no layaway, is still a sale.
        plain = self.sync(self.ui_order([self.ui_line(self.cancel_fee_product, 1.0, 12.0)]))
        self.env.flush_all()
        self.assertEqual(self.pos_report(plain).price_total, 12.0)

    def test_payment_report_shows_register_session_and_method(self):
        order, _start = self.start_at_register(66.0)
        self.pay_at_register(order, 100.0)
        rows = self.env["layaway.payment.report"].search([("order_id", "=", order.id)], order="id")
        self.assertEqual(
            [(r.amount, r.channel, r.session_id, r.config_id, r.pos_payment_method_id, r.kind) for r in rows],
            [
                (66.0, "pos", self.session, self.config, self.cash_method, "deposit"),
                (100.0, "pos", self.session, self.config, self.cash_method, "installment"),
            ],
        )
        self.assertEqual(rows.journal_id, self.cash_method.journal_id)
        analysis = self.env["layaway.report"].search([("order_id", "=", order.id)])
        self.assertEqual((analysis.config_id, analysis.amount_paid), (self.config, 166.0))
