from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .test_layaway_another_store import AnotherStoreCommon


@tagged("post_install", "-at_install")
class TestPosLayawayStoreTour(AnotherStoreCommon):
    """The register of another store, and a manager's reschedule, in a real browser."""

    browser_size = "1024x768"

    def test_transfer_here(self):
        self.warehouse.name = "Main Store"
        order = self.make_layaway(partner=self.customer, deposit=66.0, paid=100.0)
        self.start_pos_tour("LayawayTransferHereTour", pos_config=self.config_2)
        receipt = order.layaway_transfer_id
        shipment = receipt.move_ids.move_orig_ids.picking_id
        self.assertRecordValues(
            shipment | receipt,
            [
                {"location_id": self.layaway_location.id, "location_dest_id": self.transit.id, "state": "assigned"},
                {"location_id": self.transit.id, "location_dest_id": self.layaway_location_2.id, "state": "waiting"},
            ],
        )
        self.assertEqual((order.layaway_state, order.layaway_amount_paid), ("active", 166.0))
        self.assertEqual((self.stock(self.sofa), self.stock(self.lamp)), ((8, 2, 0, 0, 0), (9, 1, 0, 0, 0)))
        shipment.button_validate()
        receipt.button_validate()
        self.assertEqual(order.warehouse_id, self.warehouse_2)
        self.assertEqual((self.stock(self.sofa), self.stock(self.lamp)), ((8, 0, 0, 0, 2), (9, 0, 0, 0, 1)))

    def test_reschedule_at_the_register(self):
        order = self.make_layaway(partner=self.customer, deposit=66.0)
        first_due = order.layaway_installment_ids.sorted("sequence")[0].due_date
        self.start_pos_tour("LayawayRescheduleAtRegisterTour", login="pos_admin")
        self.assertEqual(
            self.installments(order),
            [(n + 1, first_due + relativedelta(months=n), 56.0, 0.0, "pending") for n in range(4)],
        )
        self.assertEqual((order.layaway_installment_count, order.layaway_amount_residual), (4, 224.0))
        self.assertEqual(len(order.message_ids.filtered(lambda m: "Layaway rescheduled: 4" in m.body)), 1)
