from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon

from .common import LayawayCommon


@tagged("post_install", "-at_install")
class TestLayawayXmlRpc(LayawayCommon, AccountTestInvoicingHttpCommon):
    """A back-office user who takes payments drives a layaway end to end over XML-RPC; a plain
    salesperson prepares it but is told who takes the money."""

    def test_start_pay_complete_and_refusal_over_xmlrpc(self):
        user = new_test_user(
            self.env,
            login="layaway_rpc",
            password="layaway_rpc",
            groups="sales_team.group_sale_salesman_all_leads,stock.group_stock_user,layaway_pos.group_layaway_payment",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        order = self.make_layaway()
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "layaway_rpc", "layaway_rpc", {})
        self.assertEqual(uid, user.id)

        def call(method, *args, **kwargs):
            return self.xmlrpc_object.execute_kw(
                db, uid, "layaway_rpc", "sale.order", method, [[order.id], *args], kwargs
            )

        salesperson = new_test_user(
            self.env,
            login="layaway_sales",
            password="layaway_sales",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        sales_uid = self.xmlrpc_common.authenticate(db, "layaway_sales", "layaway_sales", {})
        self.assertEqual(sales_uid, salesperson.id)
        with self.assertRaisesRegex(Exception, "taking their money needs the group 'Layaway: Take Payments'"):
            self.xmlrpc_object.execute_kw(
                db, sales_uid, "layaway_sales", "sale.order", "action_layaway_start", [[order.id], 90.0], {}
            )
        order.invalidate_recordset()
        self.assertEqual((order.layaway_state, order.layaway_amount_paid), ("draft", 0.0))
        self.assertTrue(call("action_layaway_start", 90.0, journal_id=self.bank_journal.id))
        with self.assertRaisesRegex(Exception, "more than the balance"):
            call("action_layaway_pay", 500.0)
        call("action_layaway_pay", 150.0, journal_id=self.bank_journal.id)
        invoice_id = call("action_layaway_complete", 50.0, journal_id=self.bank_journal.id)
        fields = ["layaway_state", "layaway_amount_paid", "layaway_amount_residual"]
        values = self.xmlrpc_object.execute_kw(db, uid, "layaway_rpc", "sale.order", "read", [[order.id], fields])[0]
        self.assertEqual(
            (values["layaway_state"], values["layaway_amount_paid"], values["layaway_amount_residual"]),
            ("done", 290.0, 0.0),
        )
        self.assertEqual(self.env["account.move"].browse(invoice_id).amount_total, 0.0)
        # Every payment was taken by the user who called over XML-RPC.
        order.invalidate_recordset()
        self.assertEqual(len(order.layaway_payment_ids), 3)
        self.assertEqual(order.layaway_payment_ids.user_id, user)
