import ast
from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import LayawayCommon


@tagged("post_install", "-at_install")
class TestReportExpiring(LayawayCommon):
    """Expiring and expired layaways: the manager extends or cancels them together."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.orders = cls.env["sale.order"]
        for _i in range(3):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": cls.partner_a.id,
                    "company_id": cls.company.id,
                    "layaway_plan_id": cls.plan.id,
                    "order_line": [(0, 0, {"product_id": cls.lamp.id, "product_uom_qty": 1.0})],
                }
            )
            with freeze_time(cls.START):
                order.action_layaway_start(30.0, journal_id=cls.bank_journal.id)
            cls.orders |= order
        # Expiry Aug 3: the first expires, the others (Aug 20) are about to.
        cls.orders[1:].sudo().write({"layaway_expiry_date": "2026-08-20"})  # only sudo writes it straight
        with freeze_time("2026-08-04"):
            cls.orders[0]._cron_layaway_daily()

    def wizard(self, action, orders, **values):
        """The bulk wizard for `action` on `orders`."""
        return (
            self.env["layaway.bulk.wizard"]
            .with_context(active_model="sale.order", active_ids=orders.ids, layaway_bulk_action=action)
            .create(values)
        )

    def test_expiring_action_lists_expiring_and_expired(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("layaway_pos.action_layaway_expiring")
        with freeze_time("2026-08-05"):
            found = self.env["sale.order"].search(ast.literal_eval(action["domain"]))
        self.assertEqual(found & self.orders, self.orders)
        self.assertEqual(self.orders.mapped("layaway_state"), ["expired", "active", "active"])

    def test_empty_expiring_list_explains_itself_without_sample_rows(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("layaway_pos.action_layaway_expiring")
        list_view_id = next(view_id for view_id, mode in action["views"] if mode == "list")
        arch = self.env["sale.order"].get_views([(list_view_id, "list")])["views"]["list"]["arch"]
        # No made-up Cancelled or Done rows under "No layaway expires soon".
        self.assertEqual(etree.fromstring(arch).get("sample"), "0")
        self.assertIn("No layaway expires soon", action["help"])
        self.assertIn("Active layaways whose expiry date is within 30 days", action["help"])
        # The Layaways list itself keeps Odoo's sample rows for a first visit.
        layaways = self.env.ref("layaway_pos.view_order_list_layaway")
        self.assertEqual(etree.fromstring(layaways.arch).get("sample"), "1")

    def test_bulk_extend(self):
        with freeze_time("2026-08-05"):
            self.wizard("extend", self.orders, extend_days=30).action_apply()
        self.assertEqual(self.orders.mapped("layaway_state"), ["active"] * 3)
        # From today for the expired one, from its own expiry for the others.
        self.assertEqual(
            self.orders.mapped("layaway_expiry_date"), [date(2026, 9, 4), date(2026, 9, 19), date(2026, 9, 19)]
        )

    def test_bulk_cancel(self):
        with freeze_time("2026-08-05"):
            wizard = self.wizard("cancel", self.orders, reason="Not collected")
            self.assertEqual(wizard.action, "cancel")
            wizard.action_apply()
        self.assertEqual(self.orders.mapped("layaway_state"), ["cancelled"] * 3)
        self.assertEqual(set(self.orders.mapped("layaway_cancel_reason")), {"Not collected"})
        self.assertAlmostEqual(self.balance(self.deposit_account), 0.0)

    def test_bulk_refusals(self):
        with self.assertRaisesRegex(UserError, "reason"):
            self.wizard("cancel", self.orders).action_apply()
        self.assertEqual(self.orders.mapped("layaway_state"), ["expired", "active", "active"])
        plain = self.env["sale.order"].create({"partner_id": self.partner_a.id})
        with self.assertRaisesRegex(UserError, "not layaways"):
            self.wizard("extend", self.orders | plain).action_apply()
        cashier = new_test_user(self.env, login="layaway_cashier", groups="layaway_pos.group_layaway_user")
        with self.assertRaises(AccessError):
            self.wizard("extend", self.orders).with_user(cashier).action_apply()
