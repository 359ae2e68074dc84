"""A started layaway is a contract: its lines change only through Change items, and its
completion refuses a final invoice that is not zero."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import LayawayCommon

FROZEN = "has started: its goods and prices are a contract"


@tagged("post_install", "-at_install")
class TestLayawayContract(LayawayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A sales manager: Odoo lets them edit any confirmed order's lines.
        cls.manager = new_test_user(
            cls.env,
            login="contract_manager",
            groups="base.group_user,sales_team.group_sale_manager,layaway_pos.group_layaway_manager",
            company_id=cls.company.id,
        )

    def snapshot(self, order):
        """What a refused edit must leave as it was: lines, totals, schedule, payments."""
        order.invalidate_recordset()
        return (
            order.order_line.mapped(lambda line: (line.product_id.id, line.product_uom_qty, line.price_unit)),
            order.amount_total,
            order.layaway_amount_total,
            order.layaway_amount_residual,
            order.layaway_installment_ids.mapped("amount"),
            len(order.layaway_payment_ids),
        )

    def test_started_layaway_lines_are_frozen(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START).with_user(self.manager)
        before = self.snapshot(order)
        self.assertEqual(before[1:5], (290.0, 290.0, 200.0, [66.67, 66.67, 66.66]))
        sofa_line = order.order_line.filtered(lambda line: line.product_id == self.sofa)
        fee_line = order._layaway_fee_line()
        refusals = {
            "price": lambda: sofa_line.write({"price_unit": 60.0}),
            "quantity": lambda: sofa_line.write({"product_uom_qty": 1.0}),
            "discount": lambda: sofa_line.write({"discount": 50.0}),
            "product": lambda: sofa_line.write({"product_id": self.lamp.id}),
            "taxes": lambda: sofa_line.write({"tax_ids": [Command.clear()]}),
            "fee": lambda: fee_line.write({"price_unit": 0.0}),
            "add": lambda: order.write({"order_line": [Command.create({"product_id": self.lamp.id})]}),
            "add a line": lambda: (
                self.env["sale.order.line"]
                .with_user(self.manager)
                .create({"order_id": order.id, "product_id": self.lamp.id})
            ),
            "remove": sofa_line.unlink,
            "remove the fee": fee_line.unlink,
            "a down payment": lambda: (
                self.env["sale.order.line"]
                .with_user(self.manager)
                .create({"order_id": order.id, "product_id": self.lamp.id, "is_downpayment": True, "price_unit": 1.0})
            ),
        }
        for what, edit in refusals.items():
            with self.subTest(what), self.assertRaisesRegex(UserError, f"{FROZEN}.*Change items"):
                edit()
            self.assertEqual(self.snapshot(order), before, what)
        # The order's prices and taxes follow the pricelist and fiscal position: refused too.
        pricelist = self.env["product.pricelist"].create({"name": "Other", "currency_id": self.currency.id})
        fiscal_position = self.env["account.fiscal.position"].create({"name": "Export"})
        for what, edit in {
            "pricelist": lambda: order.write({"pricelist_id": pricelist.id}),
            "fiscal position": lambda: order.write({"fiscal_position_id": fiscal_position.id}),
            "update prices": order.action_update_prices,
            "update taxes": order.action_update_taxes,
        }.items():
            with self.subTest(what), self.assertRaisesRegex(UserError, "contract with the customer.*Change items"):
                edit()
            self.assertEqual(self.snapshot(order), before, what)
        # What is no contract stays editable: the description, the customer reference.
        sofa_line.name = "Sofa, blue"
        order.client_order_ref = "Phone 555"
        self.assertEqual((sofa_line.name, order.client_order_ref), ("Sofa, blue", "Phone 555"))
        # Payments still add their down-payment lines; completion still invoices.
        order.action_layaway_pay(200.0, journal_id=self.bank_journal.id)
        invoice = self.env["account.move"].browse(order.action_layaway_complete())
        self.assertEqual((invoice.amount_total, order.layaway_state), (0.0, "done"))
        with self.assertRaisesRegex(UserError, FROZEN):
            sofa_line.write({"price_unit": 1.0})

    def test_draft_layaway_lines_are_editable(self):
        order = self.make_layaway().with_user(self.manager)
        sofa_line = order.order_line.filtered(lambda line: line.product_id == self.sofa)
        sofa_line.write({"price_unit": 90.0, "product_uom_qty": 3.0})
        self.assertEqual(order.layaway_amount_total, 370.5)  # 3 x 90 x 1.15 + 50 + the 10 fee
        order.write({"order_line": [Command.create({"product_id": self.lamp.id})]})
        self.assertEqual(len(order._layaway_goods_lines()), 3)

    def test_completion_refuses_a_final_invoice_that_is_not_zero(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START, paid=200.0)
        self.assertEqual(order.layaway_state, "paid")
        # A change made behind the layaway's back (as an upgrade script or a bug could).
        sofa_line = order.order_line.filtered(lambda line: line.product_id == self.sofa)
        sofa_line.with_context(layaway_contract_change=True).price_unit = 110.0
        moves_before = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, r"final invoice of S\d+ would be \$\s23\.00 instead of zero"):
            order.action_layaway_complete()
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)
        self.assertEqual((order.layaway_state, order.state, order.invoice_status), ("paid", "sale", "to invoice"))
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 2.0)

    def test_closed_layaway_leaves_nothing_to_invoice(self):
        order = self.make_layaway(deposit=90.0, start_date=self.START, paid=200.0)
        order.action_layaway_complete()
        self.assertEqual(order.order_line.mapped("qty_to_invoice"), [0.0] * len(order.order_line))
        cancelled = self.make_layaway(deposit=90.0, start_date=self.START)
        cancelled.action_layaway_cancel("Changed their mind")
        self.assertEqual(cancelled.order_line.mapped("qty_to_invoice"), [0.0] * len(cancelled.order_line))
        # A mass Create Invoices over them makes nothing.
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=(order | cancelled).ids)
            .create({"advance_payment_method": "delivered"})
        )
        with self.assertRaisesRegex(UserError, "No items are available to invoice"):
            wizard.create_invoices()
        self.assertEqual(len(order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")), 3)

    def test_the_printed_contract_names_both_parties_and_the_schedule(self):
        self.company.partner_id.write({"street": "1 Market Street", "city": "Springfield"})
        order = self.make_layaway(deposit=90.0, start_date=self.START)
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "layaway_pos.action_report_layaway_contract", order.ids
        )
        text = " ".join(html.decode().split())
        # The store in the contract itself, whatever the PDF engine does with the layout's header.
        self.assertIn('name="informations_store"', text)
        for expected in (
            self.company.name,
            "1 Market Street",
            self.partner_a.name,
            f"Layaway Contract</span> <span>{order.name}",
        ):
            self.assertIn(expected, text)
        for installment in order.layaway_installment_ids:
            self.assertIn(f"{installment.amount:,.2f}", text)
