"""Another store: a layaway is paid at any register of its company; its goods set aside travel to
the store where it is picked up (a delivery to transit, a receipt there); a plan that reserves
nothing hands them over from the stock of the register's store."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .test_pos_common import LayawayPosCommon


class AnotherStoreCommon(LayawayPosCommon):
    """A second store of the company (warehouse "Uptown Store") with its own register."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "layla@example.com"
        cls.warehouse_2 = cls.env["stock.warehouse"].create(
            {"name": "Uptown Store", "code": "UPT", "company_id": cls.company.id}
        )
        cls.stock_2 = cls.warehouse_2.lot_stock_id
        cls.layaway_location_2 = cls.warehouse_2._layaway_location()
        cls.transit = cls.company.internal_transit_location_id
        journal = cls.env["account.journal"].create(
            {"name": "Cash Uptown", "type": "cash", "code": "CUPT", "company_id": cls.company.id}
        )
        cls.cash_2 = cls.env["pos.payment.method"].create(
            {
                "name": "Cash Uptown",
                "journal_id": journal.id,
                "receivable_account_id": cls.company.account_default_pos_receivable_account_id.id,
                "company_id": cls.company.id,
            }
        )
        cls.config_2 = cls.env["pos.config"].create(
            {
                "name": "Uptown register",
                "picking_type_id": cls.warehouse_2.pos_type_id.id,
                "payment_method_ids": [(6, 0, cls.cash_2.ids)],
                "layaway_enabled": True,
                "layaway_plan_ids": [(6, 0, (cls.plan | cls.plan_on_completion).ids)],
                "layaway_default_plan_id": cls.plan.id,
            }
        )

    def at_uptown(self):
        """The register orders that follow are synced at the Uptown register's open session."""
        self.config_2.open_ui()
        # The helpers of LayawayPosCommon read these. pylint: disable=attribute-defined-outside-init
        self.config, self.cash_method = self.config_2, self.cash_2
        self.session = self.config_2.current_session_id
        return self.session

    def stock(self, product):
        """`product` on hand: (main stock, main layaway location, transit, Uptown stock, Uptown layaway location)."""
        return tuple(
            self.qty_at(product, location)
            for location in (
                self.stock_location,
                self.layaway_location,
                self.transit,
                self.stock_2,
                self.layaway_location_2,
            )
        )

    def pickup(self, order):
        """The register's pick-up of `order`, collecting the balance."""
        return self.sync(self.ui_order(self.pickup_lines(order), kind="pickup"))

    @staticmethod
    def open_delivery(order):
        """The layaway's delivery to the customer (not cancelled)."""
        return order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing" and p.state != "cancel")


@tagged("post_install", "-at_install")
class TestLayawayAnotherStore(AnotherStoreCommon):
    def test_transfer_here_then_pick_up_at_the_other_store(self):
        order = self.make_layaway(partner=self.customer, deposit=66.0, paid=100.0)
        SaleOrder = self.env["sale.order"]
        old_delivery = self.open_delivery(order)
        self.assertRecordValues(old_delivery, [{"location_id": self.layaway_location.id, "state": "assigned"}])
        self.assertEqual((self.stock(self.sofa), self.stock(self.lamp)), ((8, 2, 0, 0, 0), (9, 1, 0, 0, 0)))
        session = self.at_uptown()
        detail = SaleOrder.layaway_pos_detail(order.id, self.config_2.id)
        self.assertEqual(
            (detail["goods_here"], detail["can_transfer_here"], detail["goods_in_transit"]), (False, True, False)
        )
        self.assertEqual(detail["goods_where"], f"at {self.warehouse.name} ({self.layaway_location.display_name})")

        # A pick-up here before the goods are: refused, with what to do; nothing is written.
        with self.assertRaisesRegex(UserError, "send them here first \\(Transfer here"):
            self.pickup(order)
        self.assertEqual((order.layaway_state, order.layaway_amount_paid), ("active", 166.0))

        detail = SaleOrder.layaway_pos_transfer(order.id, self.config_2.id)
        receipt = order.layaway_transfer_id
        shipment = order.layaway_reserve_picking_ids.filtered(lambda p: p.location_dest_id == self.transit)
        self.assertRecordValues(
            shipment | receipt,
            [
                {
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "location_id": self.layaway_location.id,
                    "location_dest_id": self.transit.id,
                    "state": "assigned",
                    "partner_id": self.warehouse_2.partner_id.id,
                },
                {
                    "picking_type_id": self.warehouse_2.in_type_id.id,
                    "location_id": self.transit.id,
                    "location_dest_id": self.layaway_location_2.id,
                    "state": "waiting",
                    "partner_id": self.warehouse.partner_id.id,
                },
            ],
        )
        self.assertEqual(
            sorted((m.product_id.name, m.product_uom_qty) for m in shipment.move_ids),
            [("Lamp", 1.0), ("Sofa", 2.0)],
        )
        self.assertEqual(shipment.move_ids.move_dest_ids, receipt.move_ids)
        # The layaway's delivery no longer holds the goods: the shipment does.
        self.assertEqual(old_delivery.state, "confirmed")
        self.assertEqual((self.stock(self.sofa), self.stock(self.lamp)), ((8, 2, 0, 0, 0), (9, 1, 0, 0, 0)))
        self.assertEqual(
            (detail["goods_here"], detail["can_transfer_here"], detail["goods_in_transit"]), (False, False, True)
        )
        self.assertEqual(
            detail["goods_where"],
            f"in transit to Uptown Store, to be sent from {self.warehouse.name} ({shipment.name}, {receipt.name})",
        )
        self.assertEqual(order.warehouse_id, self.warehouse)
        self.assertEqual(
            len(order.message_ids.filtered(lambda m: f"received there with {receipt.name}" in m.preview)), 1
        )

        # Sent again, picked up, cancelled while on the way: refused, naming the transfer.
        with self.assertRaisesRegex(UserError, f"in transit to Uptown Store.*{receipt.name}"):
            SaleOrder.layaway_pos_transfer(order.id, self.config_2.id)
        with self.assertRaisesRegex(UserError, f"{receipt.name}.*wait until that transfer is received"):
            self.pickup(order)
        with self.assertRaisesRegex(UserError, f"{receipt.name}.*wait until that transfer is received"):
            order.action_layaway_cancel("Changed her mind")
        self.assertEqual((order.layaway_state, order.layaway_amount_paid), ("active", 166.0))
        self.assertFalse(self.env["pos.order"].search([("session_id", "=", session.id)]))

        shipment.button_validate()
        self.assertEqual((self.stock(self.sofa), self.stock(self.lamp)), ((8, 0, 2, 0, 0), (9, 0, 1, 0, 0)))
        self.assertEqual(receipt.state, "assigned")
        detail = SaleOrder.layaway_pos_detail(order.id, self.config_2.id)
        self.assertEqual(detail["goods_where"], f"in transit to Uptown Store ({receipt.name})")
        with self.assertRaisesRegex(UserError, f"in transit to Uptown Store \\({receipt.name}\\)"):
            self.pickup(order)

        receipt.button_validate()
        self.assertEqual((self.stock(self.sofa), self.stock(self.lamp)), ((8, 0, 0, 0, 2), (9, 0, 0, 0, 1)))
        self.assertEqual(order.warehouse_id, self.warehouse_2)
        self.assertEqual(old_delivery.state, "cancel")
        self.assertRecordValues(
            self.open_delivery(order),
            [
                {
                    "picking_type_id": self.warehouse_2.out_type_id.id,
                    "location_id": self.layaway_location_2.id,
                    "state": "assigned",
                }
            ],
        )
        detail = SaleOrder.layaway_pos_detail(order.id, self.config_2.id)
        self.assertEqual(
            (detail["goods_here"], detail["can_transfer_here"], detail["goods_in_transit"], detail["goods_where"]),
            (True, False, False, f"at Uptown Store ({self.layaway_location_2.display_name})"),
        )
        # At the first store now, the goods are elsewhere.
        self.assertFalse(SaleOrder.layaway_pos_detail(order.id, self.main_pos_config.id)["goods_here"])

        pos_order = self.pickup(order)
        self.assertEqual((order.layaway_state, order.layaway_amount_residual), ("done", 0.0))
        self.assertEqual(pos_order.amount_total, 124.0)
        self.assertRecordValues(pos_order.picking_ids, [{"location_id": self.stock_2.id, "state": "done"}])
        self.assertEqual((self.stock(self.sofa), self.stock(self.lamp)), ((8, 0, 0, 0, 0), (9, 0, 0, 0, 0)))
        self.assertFalse(self.open_delivery(order).filtered(lambda p: p.state != "done"))

    def test_back_office_transfer_then_complete_in_the_back_office(self):
        order = self.make_layaway(partner=self.customer, deposit=66.0, paid=224.0)
        self.assertEqual((order.layaway_state, order.layaway_amount_residual), ("paid", 0.0))
        wizard = Form(self.env["layaway.transfer.wizard"].with_context(active_model="sale.order", active_id=order.id))
        wizard.warehouse_id = self.warehouse_2
        wizard.save().action_transfer()
        receipt = order.layaway_transfer_id
        shipment = receipt.move_ids.move_orig_ids.picking_id
        self.assertEqual((shipment.state, receipt.state), ("assigned", "waiting"))
        with self.assertRaisesRegex(UserError, f"{receipt.name}.*wait until that transfer is received"):
            order.action_layaway_complete()
        self.assertEqual(order.layaway_state, "paid")
        shipment.button_validate()
        receipt.button_validate()
        self.assertEqual(order.warehouse_id, self.warehouse_2)
        order.action_layaway_complete()
        self.assertEqual(order.layaway_state, "done")
        self.assertEqual((self.stock(self.sofa), self.stock(self.lamp)), ((8, 0, 0, 0, 0), (9, 0, 0, 0, 0)))
        delivery = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing" and p.state == "done")
        self.assertRecordValues(
            delivery, [{"picking_type_id": self.warehouse_2.out_type_id.id, "location_id": self.layaway_location_2.id}]
        )
        self.assertEqual(self.qty_at(self.sofa, self.customer_location), 2.0)

    def test_transfer_refusals_write_nothing(self):
        SaleOrder = self.env["sale.order"]
        pickings = self.env["stock.picking"].search_count([])
        # A plan that sets nothing aside: nothing to send.
        nothing_held = self.make_layaway(partner=self.customer, plan=self.plan_on_completion, deposit=56.0)
        with self.assertRaisesRegex(UserError, "sets no goods aside.*picked up at any store"):
            SaleOrder.layaway_pos_transfer(nothing_held.id, self.config_2.id)
        # Not started: nothing is set aside yet.
        draft = self.make_layaway(partner=self.customer)
        with self.assertRaisesRegex(UserError, "no goods on hold to send to another store: it is draft"):
            draft.action_layaway_transfer(self.warehouse_2.id)
        order = self.make_layaway(partner=self.customer, deposit=66.0)
        pickings = self.env["stock.picking"].search_count([])
        # Already here.
        with self.assertRaisesRegex(UserError, f"at {self.warehouse.name} already"):
            SaleOrder.layaway_pos_transfer(order.id, self.main_pos_config.id)
        # A store of another company, a register of another company.
        config_b = self.register_of_company_b()
        warehouse_b = self.env["stock.warehouse"].search([("company_id", "=", self.company_b.id)], limit=1)
        with self.assertRaisesRegex(UserError, "store of another company"):
            order.action_layaway_transfer(warehouse_b.id)
        with self.assertRaisesRegex(AccessError, f"is not a layaway of {self.company_b.name}"):
            SaleOrder.layaway_pos_transfer(order.id, config_b.id)
        # A cashier may send the goods to their store, but not as someone without layaway rights.
        with self.assertRaises(AccessError):
            order.with_user(self.employee_without_layaways()).action_layaway_transfer(self.warehouse_2.id)
        self.assertEqual(self.env["stock.picking"].search_count([]), pickings)
        self.assertFalse(order.layaway_transfer_id)
        self.assertEqual(self.open_delivery(order).state, "assigned")

    def employee_without_layaways(self):
        """An employee with no layaway, sales or register rights."""
        return self.env["res.users"].create(
            {
                "name": "No layaways",
                "login": "no_layaways",
                "group_ids": [(6, 0, self.env.ref("base.group_user").ids)],
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
            }
        )

    def test_payment_at_a_register_of_another_store(self):
        self.open_session()
        order, deposit_order = self.start_at_register(66.0)
        self.at_uptown()
        self.assertTrue(self.env["sale.order"].layaway_pos_load(order.id, self.config_2.id))
        pos_order = self.pay_at_register(order, 74.67)
        self.assertEqual((order.layaway_amount_paid, order.layaway_amount_residual), (140.67, 149.33))
        self.assertRecordValues(
            order.layaway_payment_ids.sorted("id"),
            [
                {"amount": 66.0, "kind": "deposit", "channel": "pos", "pos_order_id": deposit_order.id},
                {"amount": 74.67, "kind": "installment", "channel": "pos", "pos_order_id": pos_order.id},
            ],
        )
        self.assertEqual(pos_order.config_id, self.config_2)
        self.assertEqual(order.layaway_installment_ids.sorted("sequence")[0].state, "paid")
        # The goods stay where they were set aside.
        self.assertEqual(order.warehouse_id, self.warehouse)
        self.assertEqual(self.stock(self.sofa), (8, 2, 0, 0, 0))

    def test_payment_at_a_register_of_another_company_is_refused(self):
        order = self.make_layaway(partner=self.customer, deposit=66.0)
        config_b = self.register_of_company_b()
        with self.assertRaisesRegex(AccessError, f"is not a layaway of {self.company_b.name}"):
            self.env["sale.order"].layaway_pos_load(order.id, config_b.id)
        with self.assertRaisesRegex(AccessError, f"is not a layaway of {self.company_b.name}"):
            self.env["sale.order"].layaway_pos_detail(order.id, config_b.id)
        self.assertEqual((order.layaway_amount_paid, len(order.layaway_payment_ids)), (66.0, 1))

    def test_nothing_reserved_is_handed_over_from_the_register_store(self):
        order = self.make_layaway(partner=self.customer, plan=self.plan_on_completion, deposit=56.0, paid=100.0)
        self.assertEqual((self.stock(self.sofa), self.stock(self.lamp)), ((10, 0, 0, 0, 0), (10, 0, 0, 0, 0)))
        self.env["stock.quant"]._update_available_quantity(self.sofa, self.stock_2, 5.0)
        self.at_uptown()
        detail = self.env["sale.order"].layaway_pos_detail(order.id, self.config_2.id)
        self.assertEqual((detail["goods_here"], detail["can_transfer_here"], detail["goods_where"]), (True, False, ""))
        # Uptown has no lamp: the pick-up says what is missing there.
        with self.assertRaisesRegex(UserError, "(?s)Not enough stock in UPT/Stock.*Lamp: 1.0 needed, 0.0 available"):
            self.pickup(order)
        self.assertEqual(order.layaway_state, "active")
        self.env["stock.quant"]._update_available_quantity(self.lamp, self.stock_2, 1.0)
        pos_order = self.pickup(order)
        self.assertEqual(order.layaway_state, "done")
        self.assertEqual(pos_order.amount_total, 124.0)
        self.assertEqual((self.stock(self.sofa), self.stock(self.lamp)), ((10, 0, 0, 3, 0), (10, 0, 0, 0, 0)))
