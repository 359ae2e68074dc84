from odoo.tests import tagged

from .test_pos_common import LayawayPosCommon


@tagged("post_install", "-at_install")
class TestPosLayawayTour(LayawayPosCommon):
    """The register in a real browser; after each tour the server state is asserted."""

    # A tablet's width: the layaway buttons must fit in the product screen's bar there.
    browser_size = "1024x768"

    def started_in_back_office(self, deposit=66.0, paid=0.0):
        """A layaway of the customer started in the back office, with `paid` paid after the deposit."""
        order = self.make_layaway(partner=self.customer)
        order.action_layaway_start(deposit, journal_id=self.bank_journal.id)
        if paid:
            order.action_layaway_pay(paid, journal_id=self.bank_journal.id)
        return order

    def layaways(self):
        """The customer's layaways."""
        return self.env["sale.order"].search([("partner_id", "=", self.customer.id), ("layaway_plan_id", "!=", False)])

    def test_start_with_minimum_deposit(self):
        self.start_pos_tour("LayawayStartMinimumTour")
        order = self.layaways()
        self.assertEqual(len(order), 1)
        self.assertEqual(
            (order.layaway_state, order.layaway_amount_paid, order.layaway_amount_residual), ("active", 66.0, 224.0)
        )
        self.assertEqual([i.amount for i in order.layaway_installment_ids.sorted("sequence")], [74.67, 74.67, 74.66])
        payment = order.layaway_payment_ids
        self.assertRecordValues(payment, [{"amount": 66.0, "kind": "deposit", "channel": "pos"}])
        self.assertEqual(payment.pos_order_id.amount_total, 66.0)
        self.assertEqual(payment.pos_order_id.lines.product_id, self.deposit_product)
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 2.0)
        # The register says what the order does: the server does not guess it from its lines.
        self.assertEqual(payment.pos_order_id.layaway_kind, "deposit")

    def test_start_with_more_than_minimum(self):
        self.start_pos_tour("LayawayStartMoreTour")
        order = self.layaways()
        self.assertEqual((order.layaway_state, order.layaway_deposit_amount), ("active", 110.0))
        self.assertEqual([i.amount for i in order.layaway_installment_ids.sorted("sequence")], [90.0, 90.0])

    def test_layaways_screen_opens_on_all_open_layaways(self):
        other = self.env["res.partner"].create({"name": "Bob Other"})
        layla = self.started_in_back_office()
        bob = self.make_layaway(partner=other)
        bob.action_layaway_start(66.0, journal_id=self.bank_journal.id)
        self.assertEqual((layla.layaway_state, bob.layaway_state), ("active", "active"))
        # The tour sets Layla on the order: the screen still lists Bob's layaway, until filtered.
        self.start_pos_tour("LayawayListAllTour")
        self.assertEqual((layla.layaway_amount_paid, bob.layaway_amount_paid), (66.0, 66.0))

    def test_refusals(self):
        self.start_pos_tour("LayawayRefusalsTour")
        # The dialogs previewed, refused, were discarded: the last deposit is not paid, nothing exists.
        self.assertFalse(self.layaways())
        self.assertFalse(self.env["sale.order"].search([("layaway_pos_config_id", "=", self.config.id)]))

    def test_reload_with_the_start_dialog_open_leaves_nothing(self):
        orders_before = self.env["sale.order"].search_count([])
        lines_before = self.env["sale.order.line"].search_count([])
        self.start_pos_tour("LayawayStartReloadTour")
        self.assertFalse(self.layaways())
        self.assertEqual(
            (self.env["sale.order"].search_count([]), self.env["sale.order.line"].search_count([])),
            (orders_before, lines_before),
        )
        self.assertFalse(self.env["layaway.installment"].search([]))
        self.assertFalse(self.env["pos.order"].search([("layaway_kind", "!=", False)]))

    def test_pay_installment_from_layaways_screen(self):
        order = self.started_in_back_office()
        self.start_pos_tour("LayawayPayTour")
        self.assertEqual((order.layaway_amount_paid, order.layaway_amount_residual), (140.67, 149.33))
        pos_payment = order.layaway_payment_ids.filtered(lambda p: p.channel == "pos")
        self.assertRecordValues(pos_payment, [{"amount": 74.67, "kind": "installment"}])
        self.assertEqual(order.layaway_installment_ids.sorted("sequence")[0].state, "paid")
        self.assertEqual(pos_payment.pos_order_id.layaway_kind, "installment")

    def test_complete_with_final_payment(self):
        order = self.started_in_back_office(paid=100.0)
        self.start_pos_tour("LayawayCompleteTour")
        self.assertEqual((order.layaway_state, order.layaway_amount_residual), ("done", 0.0))
        pos_order = order.layaway_payment_ids.filtered(lambda p: p.channel == "pos").pos_order_id
        self.assertEqual(pos_order.amount_total, 124.0)
        self.assertEqual(pos_order.layaway_kind, "pickup")
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 0.0)
        self.assertEqual(self.qty_at(self.sofa, self.stock_location), 8.0)
        lines = self.close_session(self.config.current_session_id)
        # The deposits applied at the pick-up leave Customer Deposits; revenue and tax now.
        self.assertEqual(self.balance_of(lines, self.deposit_account), 166.0)
        self.assertEqual(self.balance_of(lines, self.revenue_account), -260.0)

    def test_cancel_with_fee_and_refund(self):
        order = self.started_in_back_office()
        self.start_pos_tour("LayawayCancelTour", login="pos_admin")
        self.assertEqual(
            (order.layaway_state, order.layaway_cancel_fee, order.layaway_refund_amount), ("cancelled", 29.0, 37.0)
        )
        self.assertEqual(self.qty_at(self.sofa, self.stock_location), 10.0)
        refund = self.env["pos.order"].search([("session_id", "=", self.config.current_session_id.id)])
        self.assertRecordValues(
            refund, [{"amount_total": -37.0, "layaway_kind": "refund", "layaway_cancel_reason": "Changed her mind"}]
        )
        # Paid back where the manager chose in the dialog: Cash.
        self.assertEqual((refund.payment_ids.payment_method_id, refund.payment_ids.amount), (self.cash_method, -37.0))
        # The reason the manager typed, kept as the back office keeps it.
        self.assertEqual(order.layaway_cancel_reason, "Changed her mind")
        self.assertEqual(
            len(order.message_ids.filtered(lambda m: m.preview.startswith("Layaway cancelled: Changed her mind."))), 1
        )
        lines = self.close_session(self.config.current_session_id)
        self.assertEqual(self.balance_of(lines, self.deposit_account), 66.0)
        self.assertEqual(self.balance_of(lines, self.forfeit_account), -29.0)

    def test_offline_layaways_say_so_and_sales_keep_working(self):
        opened = self.started_in_back_office()
        self.start_pos_tour("LayawayOfflineTour")
        # Nothing was laid away or paid: offline, not even a draft reached the server.
        self.assertEqual(self.env["sale.order"].search([("partner_id", "=", self.customer.id)]), opened)
        self.assertEqual(
            (opened.layaway_state, opened.layaway_amount_paid, opened.layaway_amount_residual), ("active", 66.0, 224.0)
        )
        self.assertEqual(opened.layaway_payment_ids.mapped("channel"), ["backoffice"])
        # The sale made offline reached the server once the register was back online.
        pos_order = self.env["pos.order"].search([("session_id", "=", self.config.current_session_id.id)])
        self.assertRecordValues(
            pos_order,
            [{"state": "paid", "amount_total": 50.0, "partner_id": self.customer.id, "layaway_kind": False}],
        )
        self.assertRecordValues(
            pos_order.lines, [{"product_id": self.lamp.id, "qty": 1.0, "price_subtotal_incl": 50.0}]
        )
        self.assertRecordValues(pos_order.payment_ids, [{"payment_method_id": self.cash_method.id, "amount": 50.0}])
        self.assertFalse(pos_order.lines.sale_order_origin_id)

    def test_pos_sale_quotation_list_leaves_out_layaways(self):
        layaway = self.started_in_back_office()
        ordinary = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "order_line": [(0, 0, {"product_id": self.lamp.id, "product_uom_qty": 1})]}
        )
        ordinary.action_confirm()
        self.assertEqual((layaway.amount_total, ordinary.amount_total), (290.0, 50.0))
        # Without the module's domain, pos_sale's own list would offer the layaway too.
        pos_sale_domain = [
            ("state", "!=", "cancel"),
            ("invoice_status", "!=", "invoiced"),
            ("currency_id", "=", self.config.currency_id.id),
            ("amount_unpaid", ">", 0),
        ]
        self.assertEqual(self.env["sale.order"].search(pos_sale_domain), layaway | ordinary)
        self.start_pos_tour("LayawayQuotationListTour")
        # The ordinary order is settled by a paid POS order of 50.00.
        pos_lines = ordinary.order_line.pos_order_line_ids
        self.assertRecordValues(pos_lines, [{"product_id": self.lamp.id, "qty": 1.0, "price_subtotal_incl": 50.0}])
        self.assertRecordValues(pos_lines.order_id, [{"state": "paid", "amount_total": 50.0, "amount_paid": 50.0}])
        self.assertEqual(ordinary.order_line.qty_delivered, 1.0)
        # The layaway is untouched.
        self.assertEqual(
            (layaway.layaway_state, layaway.layaway_amount_paid, layaway.layaway_amount_residual),
            ("active", 66.0, 224.0),
        )
        self.assertEqual(layaway.layaway_payment_ids.mapped("channel"), ["backoffice"])
        self.assertFalse(layaway.order_line.pos_order_line_ids)

    def test_mixed_cart_sells_now_and_lays_away(self):
        self.start_pos_tour("LayawayMixedCartTour")
        order = self.layaways()
        self.assertEqual(len(order), 1)
        self.assertEqual(
            (order.layaway_state, order.layaway_amount_total, order.layaway_amount_paid, order.layaway_amount_residual),
            ("active", 110.0, 30.0, 80.0),
        )
        self.assertEqual([i.amount for i in order.layaway_installment_ids.sorted("sequence")], [26.67, 26.67, 26.66])
        self.assertEqual(
            [(line.product_id, line.product_uom_qty) for line in order._layaway_goods_lines()], [(self.lamp, 2.0)]
        )
        pos_order = order.layaway_payment_ids.pos_order_id
        self.assertRecordValues(pos_order, [{"amount_total": 145.0, "layaway_kind": "deposit", "state": "paid"}])
        self.assertEqual(
            sorted((line.product_id.name, line.qty, line.price_subtotal_incl) for line in pos_order.lines),
            [("Layaway Deposit", 1.0, 30.0), ("Sofa", 1.0, 115.0)],
        )
        self.assertEqual(pos_order.layaway_start["goods"], self.cart([(self.lamp, 2.0)]))
        # The sofa leaves with the order's picking; the lamps are set aside.
        self.assertEqual(
            [(move.product_id, move.quantity, move.location_dest_id) for move in pos_order.picking_ids.move_ids],
            [(self.sofa, 1.0, self.customer_location)],
        )
        self.assertEqual(
            [
                self.qty_at(product, location)
                for product in (self.sofa, self.lamp)
                for location in (self.stock_location, self.layaway_location)
            ],
            [9.0, 0.0, 8.0, 2.0],
        )
        lines = self.close_session(self.config.current_session_id)
        self.assertEqual(self.balance_of(lines, self.deposit_account), -30.0)
        self.assertEqual(self.balance_of(lines, self.revenue_account), -100.0)
        self.assertEqual(sum(lines.filtered(lambda line: line.tax_line_id == self.tax_15).mapped("balance")), -15.0)
