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
        # make_layaway takes the class here (class_or_instance_method). pylint: disable=no-value-for-parameter
        cls.order_a = cls.make_layaway(partner=cls.portal_a.partner_id, deposit=90.0, start_date=cls.START)
        cls.order_b = cls.make_layaway(partner=cls.portal_b.partner_id, deposit=90.0, start_date=cls.START)
        # pylint: enable=no-value-for-parameter

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
