from datetime import date

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class LayawayCommon(AccountTestInvoicingCommon):
    """A company with a chart of accounts, stock, layaway-able products and two plans."""

    START = date(2026, 1, 15)

    @classmethod
    def get_default_groups(cls):
        return (
            super().get_default_groups()
            | cls.quick_ref("layaway_pos.group_layaway_manager")
            | cls.quick_ref("sales_team.group_sale_manager")
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.currency = cls.company.currency_id
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.layaway_location = cls.warehouse._layaway_location()
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        cls.deposit_account = cls.company.layaway_deposit_account_id
        cls.forfeit_account = cls.company.layaway_forfeit_account_id
        cls.revenue_account = cls.company_data["default_account_revenue"]
        cls.receivable_account = cls.company_data["default_account_receivable"]
        cls.bank_journal = cls.company_data["default_journal_bank"]
        cls.tax_15 = cls.company_data["default_tax_sale"]
        assert cls.tax_15.amount == 15 and not cls.tax_15.price_include

        Product = cls.env["product.product"]
        cls.sofa = Product.create(
            {
                "name": "Sofa",
                "type": "consu",
                "is_storable": True,
                "layaway_ok": True,
                "list_price": 100.0,
                "taxes_id": [(6, 0, cls.tax_15.ids)],
                "invoice_policy": "order",
            }
        )
        cls.lamp = Product.create(
            {
                "name": "Lamp",
                "type": "consu",
                "is_storable": True,
                "layaway_ok": True,
                "list_price": 50.0,
                "taxes_id": [(5, 0, 0)],
                "invoice_policy": "order",
            }
        )
        cls.gift_card = Product.create(
            {"name": "Gift Card", "type": "service", "layaway_ok": False, "list_price": 25.0, "taxes_id": [(5, 0, 0)]}
        )
        for product in cls.sofa | cls.lamp:
            cls.env["stock.quant"]._update_available_quantity(product, cls.stock_location, 10.0)

        cls.plan = cls.env["layaway.plan"].create(
            {
                "code": "100",
                "name": "Three months",
                "company_id": cls.company.id,
                "installment_count": 3,
                "installment_min": 1,
                "installment_max": 6,
                "period": "monthly",
                "first_due_days": 30,
                "deposit_type": "percent",
                "deposit_value": 20.0,
                "expiry_days": 200,
                "grace_days": 5,
                "stock_policy": "reserve",
                "fee_type": "fixed",
                "fee_value": 10.0,
                "cancel_fee_type": "percent",
                "cancel_fee_value": 10.0,
            }
        )
        cls.plan_on_completion = cls.plan.copy(
            {"code": "200", "name": "Pay first", "stock_policy": "on_completion", "fee_type": "none"}
        )

    def make_layaway(self, plan=None, lines=None, partner=None):
        """A quotation for 2 sofas (2 x 115 with tax) and a lamp (50): goods total 280."""
        lines = lines or [(self.sofa, 2.0), (self.lamp, 1.0)]
        return self.env["sale.order"].create(
            {
                "partner_id": (partner or self.partner_a).id,
                "company_id": self.company.id,
                "layaway_plan_id": (plan or self.plan).id,
                "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": q}) for p, q in lines],
            }
        )

    def qty_at(self, product, location):
        quants = self.env["stock.quant"].search([("product_id", "=", product.id), ("location_id", "=", location.id)])
        return sum(quants.mapped("quantity"))

    def balance(self, account, order=None):
        """Posted balance of `account`, for one layaway's entries when `order` is given."""
        domain = [("account_id", "=", account.id), ("parent_state", "=", "posted")]
        if order is not None:
            moves = order.invoice_ids | order.layaway_refund_move_id
            domain.append(("move_id", "in", moves.ids))
        return sum(self.env["account.move.line"].search(domain).mapped("balance"))

    def installments(self, order):
        return [
            (i.sequence, i.due_date, i.amount, i.amount_paid, i.state)
            for i in order.layaway_installment_ids.sorted("sequence")
        ]
