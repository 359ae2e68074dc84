from datetime import date

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

    def test_contract_downloads_under_its_own_name(self):
        """The portal's PDF has the name the back office and the emails give it, not the order's."""
        self.authenticate("layaway_portal_a", "layaway_portal_a")
        url = f"/my/layaways/{self.order_a.id}?report_type=pdf"
        name = f"Layaway%20Contract%20-%20{self.order_a.name}.pdf"
        download = self.url_open(f"{url}&download=true")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.headers["Content-Disposition"], f"attachment; filename*=UTF-8''{name}")
        self.assertEqual(self.url_open(url).headers["Content-Disposition"], f"inline; filename*=UTF-8''{name}")

    def test_closed_layaway_shows_its_pick_up_or_cancellation_day_not_its_expiry(self):
        done = self.make_layaway(partner=self.portal_a.partner_id, deposit=90.0, start_date=self.START)
        cancelled = self.make_layaway(partner=self.portal_a.partner_id, deposit=90.0, start_date=self.START)
        with freeze_time("2026-02-10"):
            done.action_layaway_complete(200.0, journal_id=self.bank_journal.id)
        with freeze_time("2026-03-04"):
            cancelled.action_layaway_cancel("Moved away")
        self.assertEqual((done.layaway_state, done.layaway_closed_date), ("done", date(2026, 2, 10)))
        self.assertEqual((cancelled.layaway_state, cancelled.layaway_closed_date), ("cancelled", date(2026, 3, 4)))
        self.assertEqual(done.layaway_expiry_date, date(2026, 8, 3))  # 200 days after the start

        self.authenticate("layaway_portal_a", "layaway_portal_a")
        page = self.url_open(f"/my/layaways/{done.id}").text
        self.assertIn("Picked Up", page)
        self.assertIn("02/10/2026", page)
        self.assertNotIn("Expires", page)
        self.assertNotIn("08/03/2026", page)

        page = self.url_open(f"/my/layaways/{cancelled.id}").text
        self.assertIn("03/04/2026", page)
        self.assertNotIn("Picked Up", page)
        self.assertNotIn("Expires", page)
        self.assertNotIn("08/03/2026", page)

        # An open layaway still shows when it expires.
        page = self.url_open(f"/my/layaways/{self.order_a.id}").text
        self.assertIn("Expires", page)
        self.assertIn("08/03/2026", page)

    def test_your_layaways_has_its_own_icon(self):
        self.authenticate("layaway_portal_a", "layaway_portal_a")
        home = self.url_open("/my/home").text
        self.assertIn('href="/my/layaways"', home)
        self.assertIn("/layaway_pos/static/src/img/layaway.svg", home)
        icon = self.url_open("/layaway_pos/static/src/img/layaway.svg")
        self.assertEqual(icon.status_code, 200)
        self.assertIn("<svg", icon.text)
