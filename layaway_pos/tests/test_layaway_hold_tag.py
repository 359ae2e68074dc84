"""Hold tags: one printable label per goods line set aside for a running layaway."""

import base64
import io
from unittest.mock import patch

from lxml import html
from PIL import Image

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import LayawayCommon

REPORT = "layaway_pos.action_report_layaway_hold_tag"


@tagged("post_install", "-at_install")
class TestLayawayHoldTag(LayawayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_a.phone = "555-0101"

    def setUp(self):
        super().setUp()
        self.order = self.make_layaway(deposit=90.0, start_date=self.START)

    def tags(self, orders, user=None):
        """The tags of `orders` rendered (as `user`): per tag, its texts and its barcode (what it encodes,
        as what, and the image's size)."""
        Report = self.env["ir.actions.report"].with_user(user) if user else self.env["ir.actions.report"]
        barcodes = []
        barcode = type(Report).barcode

        def recorded_barcode(report, barcode_type, value, **kwargs):
            barcodes.append((barcode_type, value))
            return barcode(report, barcode_type, value, **kwargs)

        with patch.object(type(Report), "barcode", recorded_barcode):
            content, _type = Report._render_qweb_html(REPORT, orders.ids)
        tree = html.fromstring(content)
        tags = []
        for tag in tree.xpath("//div[contains(@class, 'o_layaway_hold_tag ')]"):

            def text(css_class, tag=tag):
                return " ".join(" ".join(tag.xpath(f".//*[contains(@class, '{css_class}')]//text()")).split())

            (image,) = tag.xpath(".//img")
            src = image.get("src").removeprefix("data:image/png;base64,")
            tags.append(
                {
                    "reference": text("o_layaway_hold_tag_reference"),
                    "customer": text("o_layaway_hold_tag_customer"),
                    "product": text("o_layaway_hold_tag_product"),
                    "expiry": text("o_layaway_hold_tag_expiry"),
                    "barcode": (
                        barcodes.pop(0),
                        image.get("alt"),
                        Image.open(io.BytesIO(base64.b64decode(src))).size,
                    ),
                }
            )
        return tags

    def barcode(self, value):
        """`value` as a Code128 barcode image, 600 x 120 pixels."""
        return (("Code128", value), f"Barcode {value}", (600, 120))

    def test_one_tag_per_goods_line_with_reference_barcode_customer_product_expiry(self):
        order = self.order
        self.assertEqual((order.layaway_state, str(order.layaway_expiry_date)), ("active", "2026-08-03"))
        customer = "partner_a 555-0101"
        self.assertEqual(
            self.tags(order),
            [
                {
                    "reference": order.name,
                    "customer": customer,
                    "product": "Sofa × 2.00 Units",
                    "expiry": "08/03/2026",
                    "barcode": self.barcode(order.name),
                },
                {
                    "reference": order.name,
                    "customer": customer,
                    "product": "Lamp × 1.00 Units",
                    "expiry": "08/03/2026",
                    "barcode": self.barcode(order.name),
                },
            ],
        )
        # The fee line and the deposit are not goods: no tag.
        self.assertTrue(order._layaway_fee_line())

    def test_tags_of_a_paid_layaway_without_expiry_and_of_several_layaways(self):
        plan = self.plan.copy({"code": "300", "name": "No expiry", "expiry_days": 0})
        paid = self.make_layaway(plan=plan, lines=[(self.lamp, 3.0)], deposit=50.0, start_date=self.START, paid=110.0)
        self.assertEqual((paid.layaway_state, paid.layaway_expiry_date), ("paid", False))
        tags = self.tags(self.order | paid)
        self.assertEqual(
            [(tag["reference"], tag["product"], tag["expiry"]) for tag in tags],
            [
                (self.order.name, "Sofa × 2.00 Units", "08/03/2026"),
                (self.order.name, "Lamp × 1.00 Units", "08/03/2026"),
                (paid.name, "Lamp × 3.00 Units", "No expiry"),
            ],
        )
        self.assertEqual(tags[2]["barcode"], self.barcode(paid.name))

    def test_refused_for_what_holds_no_goods(self):
        quotation = self.env["sale.order"].create(
            {"partner_id": self.partner_a.id, "order_line": [(0, 0, {"product_id": self.sofa.id})]}
        )
        draft = self.make_layaway()
        on_completion = self.make_layaway(plan=self.plan_on_completion, deposit=90.0, start_date=self.START)
        cancelled = self.make_layaway(deposit=90.0, start_date=self.START)
        cancelled.action_layaway_cancel("Changed their mind")
        done = self.make_layaway(deposit=90.0, start_date=self.START)
        done.action_layaway_complete(200.0, journal_id=self.bank_journal.id)
        expired = self.make_layaway(deposit=90.0, start_date=self.START)
        expired._layaway_expire()
        refusals = {
            quotation: f"{quotation.name} is not a layaway: choose a layaway plan first.",
            draft: f"Layaway {draft.name} has no goods on hold to tag: it is draft. Start it with a deposit first.",
            cancelled: f"Layaway {cancelled.name} has no goods on hold to tag: it is cancelled.",
            done: f"Layaway {done.name} has no goods on hold to tag: it is done.",
            expired: f"Layaway {expired.name} has no goods on hold to tag: it is expired. "
            "Extend it first (managers), or cancel it.",
            on_completion: f"Layaway {on_completion.name} has no goods on hold to tag: its plan Pay first sets "
            "them aside only when they are handed over.",
        }
        for order, message in refusals.items():
            with self.subTest(order.name), self.assertRaises(UserError) as refusal:
                self.tags(self.order | order)
            self.assertEqual(str(refusal.exception), message)

    def test_only_users_who_can_read_the_layaway_print_its_tags(self):
        salesman = new_test_user(
            self.env,
            login="hold_tag_salesman",
            groups="base.group_user,sales_team.group_sale_salesman",
            company_id=self.company.id,
        )
        # "Own documents only": another salesperson's layaway is not theirs to read, nor to tag.
        self.order.user_id = self.env.user
        with self.assertRaises(AccessError):
            self.tags(self.order, user=salesman)
        self.order.user_id = salesman
        self.assertEqual(len(self.tags(self.order, user=salesman)), 2)

        self.setup_company_b()
        other = new_test_user(
            self.env,
            login="hold_tag_company_b",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads",
            company_id=self.company_b.id,
        )
        with self.assertRaises(AccessError):
            self.tags(self.order, user=other)

    def test_cashiers_print_the_tags_of_their_companies_layaways(self):
        """At the register, without sales rights: as the register reads the layaway."""
        cashier = new_test_user(
            self.env, login="hold_tag_cashier", groups="point_of_sale.group_pos_user", company_id=self.company.id
        )
        self.assertFalse(self.order.with_user(cashier).has_access("read"))
        self.assertEqual(
            [(tag["reference"], tag["customer"], tag["product"]) for tag in self.tags(self.order, user=cashier)],
            [
                (self.order.name, "partner_a 555-0101", "Sofa × 2.00 Units"),
                (self.order.name, "partner_a 555-0101", "Lamp × 1.00 Units"),
            ],
        )
        self.setup_company_b()
        order_b = (
            self.env["sale.order"]
            .with_company(self.company_b)
            .create({"partner_id": self.partner_a.id, "layaway_plan_id": self.plan_b.id})
        )
        quotation = self.env["sale.order"].create({"partner_id": self.partner_a.id})
        for order in (order_b, quotation):
            with self.assertRaisesRegex(AccessError, f"^{order.id} is not a layaway of your companies.$"):
                self.tags(order, user=cashier)

    def test_tags_print_as_a_pdf(self):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, self.order.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
