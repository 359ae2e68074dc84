from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user, tagged

from .common import LayawayCommon


@tagged("post_install", "-at_install")
class TestPortalLayaway(LayawayCommon, HttpCase):
    """My Layaways: a customer sees their own layaways, and only theirs, through the real controller."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a = new_test_user(
            cls.env, login="layaway_portal_a", password="layaway_portal_a", groups="base.group_portal"
        )
        cls.portal_b = new_test_user(
            cls.env, login="layaway_portal_b", password="layaway_portal_b", groups="base.group_portal"
        )
        cls.order_a = cls.make_started(cls.portal_a.partner_id)
        cls.order_b = cls.make_started(cls.portal_b.partner_id)

    @classmethod
    def make_started(cls, partner):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "company_id": cls.company.id,
                "layaway_plan_id": cls.plan.id,
                "order_line": [
                    (0, 0, {"product_id": cls.sofa.id, "product_uom_qty": 2.0}),
                    (0, 0, {"product_id": cls.lamp.id, "product_uom_qty": 1.0}),
                ],
            }
        )
        with freeze_time(cls.START):
            order.action_layaway_start(90.0, journal_id=cls.bank_journal.id)
        return order

    def test_customer_sees_own_layaway_schedule_payments_and_contract(self):
        self.authenticate("layaway_portal_a", "layaway_portal_a")
        response = self.url_open(f"/my/layaways/{self.order_a.id}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.order_a.name, page)
        self.assertIn("o_layaway_schedule", page)
        for amount in ("66.67", "66.66", "90.00", "200.00"):  # installments, deposit, balance
            self.assertIn(amount, page)
        self.assertIn(f"/my/layaways/{self.order_a.id}?report_type=pdf", page)

        contract = self.url_open(f"/my/layaways/{self.order_a.id}?report_type=pdf&download=true")
        self.assertEqual(contract.status_code, 200)

        listing = self.url_open("/my/layaways")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.order_a.name, listing.text)
        self.assertNotIn(self.order_b.name, listing.text)

    def test_customer_cannot_open_another_customers_layaway(self):
        self.authenticate("layaway_portal_b", "layaway_portal_b")
        for url in (
            f"/my/layaways/{self.order_a.id}",
            f"/my/layaways/{self.order_a.id}?report_type=pdf&download=true",
            f"/my/layaways/{self.order_a.id}?access_token=wrong-token",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn("66.67", response.text)
        self.assertEqual(self.url_open(f"/my/layaways/{self.order_b.id}").status_code, 200)

    def test_access_token_from_the_emails(self):
        token = self.order_a._portal_ensure_token()
        self.assertEqual(self.url_open(f"/my/layaways/{self.order_a.id}?access_token={token}").status_code, 200)
        self.assertEqual(self.url_open(f"/my/layaways/{self.order_a.id}", allow_redirects=False).status_code, 404)
