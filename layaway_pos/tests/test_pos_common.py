"""Shared set-up of the POS tests: a register that offers layaways, and UI order data."""

from itertools import count

from odoo import fields

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon

from .common import LayawayCommon, class_or_instance_method

_uuids = count(1)
# The reason a manager types when cancelling a layaway at the register.
CANCEL_REASON = "Changed her mind at the register"


class LayawayPosCommon(LayawayCommon, TestPointOfSaleHttpCommon):
    """A register with layaways on, and helpers that act as the POS front end does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config = cls.main_pos_config
        cls.plan_weekly = cls.plan.copy(
            {"code": "300", "name": "Weekly", "period": "weekly", "first_due_days": 7, "fee_type": "none"}
        )
        cls.config.write(
            {
                "layaway_enabled": True,
                "layaway_plan_ids": [(6, 0, (cls.plan | cls.plan_on_completion | cls.plan_weekly).ids)],
                "layaway_default_plan_id": cls.plan.id,
            }
        )
        (cls.sofa | cls.lamp | cls.gift_card).write({"available_in_pos": True})
        cls.customer = cls.env["res.partner"].create({"name": "Layla Away", "phone": "+1 555 0100"})
        cls.deposit_product = cls.company._layaway_deposit_product()
        cls.cancel_fee_product = cls.env.ref("layaway_pos.product_layaway_cancel_fee").product_variant_id
        cls.cash_method = cls.config.payment_method_ids.filtered("is_cash_count")[:1]

    @classmethod
    def euro_register(cls):
        """A register of the USD company that sells in euros: its journals, cash and pricelist in EUR."""
        Journal = cls.env["account.journal"]

        def journal(name, kind, code):
            return Journal.create(
                {"name": name, "type": kind, "code": code, "currency_id": cls.eur.id, "company_id": cls.company.id}
            )

        cash = cls.env["pos.payment.method"].create(
            {
                "name": "Cash EUR",
                "journal_id": journal("Cash EUR", "cash", "CEUR").id,
                "receivable_account_id": cls.company.account_default_pos_receivable_account_id.id,
                "company_id": cls.company.id,
            }
        )
        return cls.env["pos.config"].create(
            {
                "name": "Euro register",
                "journal_id": journal("Register EUR", "sale", "PEUR").id,
                "invoice_journal_id": journal("Invoices EUR", "sale", "IEUR").id,
                "use_pricelist": True,
                "pricelist_id": cls.eur_pricelist.id,
                "available_pricelist_ids": [(6, 0, cls.eur_pricelist.ids)],
                "payment_method_ids": [(6, 0, cash.ids)],
                "layaway_enabled": True,
                "layaway_plan_ids": [(6, 0, cls.plan.ids)],
                "layaway_default_plan_id": cls.plan.id,
            }
        )

    # ------------------------------------------------------------------
    # The register
    # ------------------------------------------------------------------

    def open_session(self):
        """Open the register's session and return it."""
        self.config.open_ui()
        # pylint: disable-next=attribute-defined-outside-init
        self.session = self.config.current_session_id
        return self.session

    def ui_line(self, product, qty=1.0, price_unit=None, taxes=None, **extra):
        """An order line as the register sends it, with its taxes computed (`taxes`: the
        product's by default)."""
        price_unit = product.lst_price if price_unit is None else price_unit
        if taxes is None:
            taxes = product.taxes_id._filter_taxes_by_company(self.company)
        discount = extra.get("discount", 0.0)
        totals = taxes.compute_all(price_unit * (1 - discount / 100.0), self.currency, qty, product=product)
        return (
            0,
            0,
            {
                "product_id": product.id,
                "qty": qty,
                "price_unit": price_unit,
                "price_subtotal": totals["total_excluded"],
                "price_subtotal_incl": totals["total_included"],
                "tax_ids": [(6, 0, taxes.ids)],
                "discount": discount,
                **extra,
            },
        )

    def money_lines(self, order, parts, sign=1):
        """The register's lines for `parts` ({price_unit, tax_ids}) of the layaway's money, as the
        register adds them with tax on advances (one deposit-product line per part, with the
        part's taxes and frozen tax amounts; `sign` -1 applies or returns them). The unit price
        is kept to the cent, as the register keeps it."""
        lines = []
        for part in parts:
            line = self.ui_line(
                self.deposit_product,
                1.0,
                self.currency.round(sign * part["price_unit"]),
                taxes=self.env["account.tax"].browse(part["tax_ids"]),
                # A start's money names no layaway: the sync creates it.
                **({"sale_order_origin_id": order.id} if order else {}),
            )
            extra = part.get("extra_tax_data")
            if extra and extra.get("manual_tax_amounts"):
                # The register's totals follow the frozen amounts, as Odoo's tax engine reads them.
                line[2].update(
                    extra_tax_data=extra,
                    price_subtotal=extra["manual_total_excluded_currency"],
                    price_subtotal_incl=extra["manual_total_excluded_currency"]
                    + sum(amounts["tax_amount_currency"] for amounts in extra["manual_tax_amounts"].values()),
                )
            lines.append(line)
        return lines

    def deposit_line(self, order, amount):
        """A line paying `amount` on the layaway `order`."""
        return self.ui_line(self.deposit_product, 1.0, amount, sale_order_origin_id=order.id)

    def ui_order(
        self, lines, payments=None, partner=None, uuid=None, state="paid", kind=False, cancel_reason=None, start=None
    ):
        """A synced register order; `kind` is what it does to its layaway, as the register says.

        A cancellation (`kind` "refund") carries the manager's `cancel_reason`, by default
        CANCEL_REASON; pass False to send none. A start (`kind` "deposit") carries `start`:
        the plan, count and goods of the layaway (``start_values``).
        """
        if cancel_reason is None:
            cancel_reason = CANCEL_REASON if kind == "refund" else False
        total = sum(line[2]["price_subtotal_incl"] for line in lines)
        untaxed = sum(line[2]["price_subtotal"] for line in lines)
        payments = payments if payments is not None else [(self.cash_method, total)]
        uuid = uuid or f"layaway-{next(_uuids):05d}"
        return {
            "amount_paid": sum(amount for _method, amount in payments),
            "amount_return": 0,
            "amount_tax": total - untaxed,
            "amount_total": total,
            "date_order": fields.Datetime.to_string(fields.Datetime.now()),
            "fiscal_position_id": False,
            "pricelist_id": self.config.pricelist_id.id,
            "name": f"Order {uuid}",
            "last_order_preparation_change": "{}",
            "lines": lines,
            "partner_id": (partner or self.customer).id,
            "session_id": self.session.id,
            "payment_ids": [
                (0, 0, {"amount": amount, "name": fields.Datetime.now(), "payment_method_id": method.id})
                for method, amount in payments
            ],
            "uuid": uuid,
            "user_id": self.env.uid,
            "to_invoice": False,
            "state": state,
            "layaway_kind": kind,
            "layaway_cancel_reason": cancel_reason,
            **(start or {}),
        }

    def close_session(self, session=None):
        """Count the cash as expected and close the session; return its closing entry's lines."""
        session = session or self.session
        session.post_closing_cash_details(session.get_closing_control_data()["default_cash_details"]["amount"])
        session.close_session_from_ui()
        return session.move_id.line_ids

    @staticmethod
    def balance_of(lines, account):
        """The balance of the `lines` on `account`."""
        return sum(lines.filtered(lambda line: line.account_id == account).mapped("balance"))

    def sync(self, *orders):
        """Sync register orders as the register does; returns the pos.order records."""
        data = self.env["pos.order"].sync_from_ui(list(orders))
        return self.env["pos.order"].browse([o["id"] for o in data["pos.order"]])

    # ------------------------------------------------------------------
    # Layaway steps as the POS front end does them
    # ------------------------------------------------------------------

    def cart(self, lines=None):
        """The register's cart of `layaway_cart(lines)` at list prices, with the taxes it applies."""
        return [
            {
                "product_id": p.id,
                "qty": q,
                "price_unit": p.lst_price,
                "discount": 0.0,
                "tax_ids": p.taxes_id._filter_taxes_by_company(self.company).ids,
            }
            for p, q in self.layaway_cart(lines)
        ]

    def preview(self, lines=None, plan=None, partner=None, installment_count=False, deposit=False):
        """The register's Layaway button on a cart of `layaway_cart(lines)`: the start dialog's preview."""
        return self.env["sale.order"].layaway_pos_preview(
            self.config.id,
            (partner or self.customer).id,
            self.cart(lines),
            (plan or self.plan).id,
            installment_count,
            deposit,
        )

    def start_values(self, lines=None, plan=None, installment_count=False, **values):
        """What a register order starting a layaway carries besides its customer and money
        (``pos.order.layaway_start``); `values` replace its plan_id, installment_count or goods."""
        start = {
            "plan_id": (plan or self.plan).id,
            "installment_count": installment_count or 0,
            "goods": self.cart(lines),
        }
        return {"layaway_start": {**start, **values}}

    def start_order(self, money, lines=None, plan=None, partner=None, installment_count=False, **kwargs):
        """The register order that starts a layaway of `layaway_cart(lines)` with its deposit:
        `money` is the deposit (its lines as the preview gives them) or the money lines."""
        if not isinstance(money, list):
            preview = self.preview(lines, plan, partner, installment_count, money)
            money = self.money_lines(False, preview["deposit_parts"])
        kwargs.setdefault("kind", "deposit")
        return self.ui_order(money, partner=partner, start=self.start_values(lines, plan, installment_count), **kwargs)

    @staticmethod
    def started(pos_order):
        """The layaway a synced register order started."""
        return pos_order.sudo().lines.sale_order_origin_id.sudo(False)

    @class_or_instance_method
    # As LayawayCommon.make_layaway, options passed on. pylint: disable-next=arguments-differ
    def make_layaway(self, plan=None, lines=None, partner=None, deposit=None, at_register=False, **options):
        """`LayawayCommon.make_layaway`, or with `at_register` the same layaway started at the
        register with `deposit` by a synced POS order of the open session."""
        if not at_register:
            return super().make_layaway(plan=plan, lines=lines, partner=partner, deposit=deposit, **options)
        return self.start_at_register(deposit, plan=plan, lines=lines, partner=partner, **options)[0]

    def start_at_register(self, deposit, **kwargs):
        """A layaway started at the register with `deposit`: (the order, the deposit's POS order)."""
        pos_order = self.sync(self.start_order(deposit, **kwargs))
        return self.started(pos_order), pos_order

    def pay_at_register(self, order, amount, **kwargs):
        """Pay `amount` on the layaway `order` at the register."""
        kwargs.setdefault("kind", "installment")
        return self.sync(self.ui_order([self.deposit_line(order, amount)], **kwargs))

    def pickup_lines(self, order):
        """The cart of a pick-up: the goods (and fee) lines, minus everything paid."""
        lines = [
            self.ui_line(
                so_line.product_id,
                so_line.product_uom_qty,
                so_line.price_unit,
                discount=so_line.discount,
                sale_order_origin_id=order.id,
                sale_order_line_id=so_line.id,
            )
            for so_line in order._layaway_goods_lines() | order._layaway_fee_line()
        ]
        lines.append(self.deposit_line(order, -order.layaway_amount_paid))
        return lines

    def cancel_lines(self, order, fee):
        """The cart of a cancellation: everything paid refunded, minus the `fee` kept."""
        lines = [self.deposit_line(order, -order.layaway_amount_paid)]
        if fee:
            lines.append(self.ui_line(self.cancel_fee_product, 1.0, fee, sale_order_origin_id=order.id))
        return lines
