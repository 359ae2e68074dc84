from odoo.tests import tagged

from .test_pos_common import LayawayPosCommon


@tagged("post_install", "-at_install")
class TestPosLayawayChangeTour(LayawayPosCommon):
    """Change items at the register, in a real browser; then the server state."""

    browser_size = "1024x768"

    def test_change_items_at_the_register(self):
        order = self.make_layaway(partner=self.customer)
        order.action_layaway_start(66.0, journal_id=self.bank_journal.id)
        lamp_line = order._layaway_goods_lines().filtered(lambda line: line.product_id == self.lamp)
        self.start_pos_tour("LayawayChangeItemsTour")
        self.assertEqual(
            (order.layaway_state, order.layaway_amount_total, order.layaway_amount_paid, order.layaway_amount_residual),
            ("active", 390.0, 86.0, 304.0),
        )
        self.assertEqual(
            [(i.amount, i.amount_paid) for i in order.layaway_installment_ids.sorted("sequence")],
            [(101.33, 0.0), (101.33, 0.0), (101.34, 0.0)],
        )
        self.assertEqual(lamp_line.product_uom_qty, 3.0)
        self.assertEqual(
            (self.qty_at(self.lamp, self.layaway_location), self.qty_at(self.lamp, self.stock_location)), (3.0, 7.0)
        )
        payment = order.layaway_payment_ids.filtered(lambda p: p.kind == "change")
        self.assertRecordValues(payment, [{"amount": 20.0, "channel": "pos"}])
        pos_order = payment.pos_order_id
        self.assertEqual((pos_order.layaway_kind, pos_order.amount_total), ("change", 20.0))
        self.assertEqual(pos_order.layaway_change, {"changes": [{"line_id": lamp_line.id, "quantity": 3}]})
        self.assertEqual(order.layaway_change_ids.pos_order_id, pos_order)
