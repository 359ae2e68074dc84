import json
import os
import time
from contextlib import contextmanager, nullcontext
from datetime import date
from types import MethodType
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tools import SQL

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from ..tools import batch


def record_bench_row(name, n, ms, queries, extra=""):
    """Add a row to `make bench`'s table (the JSON file LAYAWAY_BENCH_ROWS) when make bench runs:
    its scripts and the query-count tests it runs for the comparisons with core share one table."""
    path = os.environ.get("LAYAWAY_BENCH_ROWS")
    if not path:
        return
    data = {"rows": []}
    if os.path.exists(path) and os.path.getsize(path):
        with open(path, encoding="utf-8") as rows_file:
            data = json.load(rows_file)
    data["rows"].append({"name": name, "n": n, "ms": round(ms, 1), "queries": queries, "extra": extra})
    with open(path, "w", encoding="utf-8") as rows_file:
        json.dump(data, rows_file)


def memory_mb():
    """(resident, peak resident) memory of this process in MB, for make bench's rows."""
    with open("/proc/self/status", encoding="ascii") as status:
        sizes = dict(line.split(":", 1) for line in status if line.startswith(("VmRSS", "VmHWM")))
    return int(sizes["VmRSS"].split()[0]) / 1024, int(sizes["VmHWM"].split()[0]) / 1024


def clone_layaways(layaway, count, start_date=None, due_date=None):
    """Ids of `count` copies of `layaway`: started on `start_date`, with one installment of 10 due on `due_date`.

    Written in SQL, so that the register's opening and the reminder job can be measured on thousands
    of layaways made in seconds (the tests' query counts and `make bench`). The copies have no lines.
    """
    env = layaway.env
    env.flush_all()
    columns = [
        row[0]
        for row in env.execute_query(
            SQL(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'sale_order' "
                "AND column_name NOT IN ('id', 'name', 'access_token')"
            )
        )
    ]
    new_ids = [
        row[0]
        for row in env.execute_query(
            SQL(
                """
                INSERT INTO sale_order (name, %(columns)s)
                SELECT s.name || '-' || n, %(source)s
                  FROM sale_order s, generate_series(1, %(count)s) n
                 WHERE s.id = %(id)s
                RETURNING id
                """,
                columns=SQL(", ").join(SQL.identifier(c) for c in columns),
                source=SQL(", ").join(SQL.identifier("s", c) for c in columns),
                count=count,
                id=layaway.id,
            )
        )
    ]
    if start_date:
        env.execute_query(SQL("UPDATE sale_order SET layaway_start_date = %s WHERE id = ANY(%s)", start_date, new_ids))
    if due_date:
        env.execute_query(
            SQL(
                """
                INSERT INTO layaway_installment
                       (order_id, company_id, sequence, due_date, amount, amount_paid, amount_residual, state,
                        create_uid, write_uid, create_date, write_date)
                SELECT id, company_id, 1, %(due)s, 10.0, 0.0, 10.0, 'pending', 1, 1, now(), now()
                  FROM sale_order WHERE id = ANY(%(ids)s)
                """,
                due=due_date,
                ids=new_ids,
            )
        )
    env.invalidate_all()
    return new_ids


# Named as a decorator, as classmethod. pylint: disable-next=invalid-name
class class_or_instance_method:
    """A helper for setUpClass (`self` is then the class) and for a test (the test, with its own env and session)."""

    def __init__(self, func):
        self.func = func

    def __get__(self, instance, owner):
        return MethodType(self.func, owner if instance is None else instance)


class LayawayCommon(AccountTestInvoicingCommon):
    """A company with a chart of accounts, stock, layaway-able products and two plans."""

    START = date(2026, 1, 15)

    @classmethod
    def get_default_groups(cls):
        """The test user is also a layaway manager and a sales manager."""
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

    @classmethod
    def setup_euro_books(cls, rates):
        """EUR at `rates` (EUR per USD, from each day), a EUR pricelist, and two bank journals:
        `eur_journal` held in euros, `usd_journal` held in dollars (a journal without a currency
        would take payments in the invoice's)."""
        assert cls.currency.name == "USD"
        cls.eur = cls.setup_other_currency("EUR", rates=rates)
        cls.eur_pricelist = cls.env["product.pricelist"].create(
            {"name": "Euro", "currency_id": cls.eur.id, "company_id": cls.company.id}
        )
        Journal = cls.env["account.journal"]
        cls.eur_journal, cls.usd_journal = (
            Journal.create(
                {"name": name, "type": "bank", "code": code, "currency_id": currency.id, "company_id": cls.company.id}
            )
            for name, code, currency in (("Bank EUR", "BEUR", cls.eur), ("Bank USD", "BUSD", cls.currency))
        )

    @classmethod
    def euro_plan(cls):
        """The plan with fixed amounts in the company's currency: deposit 50 USD, service fee 10 USD,
        cancellation fee 5 USD."""
        return cls.plan.copy(
            {
                "code": "700",
                "deposit_type": "fixed",
                "deposit_value": 50.0,
                "cancel_fee_type": "fixed",
                "cancel_fee_value": 5.0,
            }
        )

    @classmethod
    def layaway_cart(cls, lines=None):
        """The goods of a test layaway: 2 sofas (2 x 115 with tax) and a lamp (50), goods total 280."""
        return lines or [(cls.sofa, 2.0), (cls.lamp, 1.0)]

    @classmethod
    def setup_company_b(cls):
        """A second company with its own chart, 10 sofas and lamps in its stock and a copy of the plan."""
        cls.company_b_data = cls.setup_other_company(name="Layaway Company B")
        cls.company_b = cls.company_b_data["company"]
        warehouse_b = cls.env["stock.warehouse"].search([("company_id", "=", cls.company_b.id)], limit=1)
        for product in cls.sofa | cls.lamp:
            cls.env["stock.quant"]._update_available_quantity(product, warehouse_b.lot_stock_id, 10.0)
        cls.plan_b = cls.plan.copy({"code": "100", "company_id": cls.company_b.id})

    @classmethod
    def register_of_company_b(cls):
        """Company B (``setup_company_b``) and a register of it offering its plan."""
        cls.setup_company_b()
        return (
            cls.env["pos.config"]
            .with_company(cls.company_b)
            .create(
                {
                    "name": "Shop B",
                    "layaway_enabled": True,
                    "layaway_plan_ids": [(6, 0, cls.plan_b.ids)],
                    "layaway_default_plan_id": cls.plan_b.id,
                }
            )
        )

    @class_or_instance_method
    # `case` is the class in setUpClass, the test in a test. pylint: disable-next=no-self-argument
    def make_layaway(
        self, plan=None, lines=None, partner=None, deposit=None, start_date=None, paid=0.0, installment_count=False
    ):
        """A layaway quotation of `layaway_cart(lines)` for `partner` (partner_a) on `plan` (the 3-month plan).

        Given a `deposit`, it is started in the back office (by bank), on `start_date` (frozen) or today,
        with `installment_count` installments (the plan's when False), and then `paid` is paid the same day.
        """
        order = self.env["sale.order"].create(
            {
                "partner_id": (partner or self.partner_a).id,
                "company_id": self.company.id,
                "layaway_plan_id": (plan or self.plan).id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in self.layaway_cart(lines)
                ],
            }
        )
        if deposit is not None:
            self.start_layaway(order, deposit, start_date=start_date, installment_count=installment_count, paid=paid)
        return order

    @classmethod
    def start_layaway(cls, order, deposit, start_date=None, installment_count=False, paid=0.0):
        """Start `order` in the back office with `deposit` (by bank) on `start_date` (frozen) or today; pay `paid`."""
        with freeze_time(start_date) if start_date else nullcontext():
            order.action_layaway_start(deposit, journal_id=cls.bank_journal.id, installment_count=installment_count)
            if paid:
                order.action_layaway_pay(paid, journal_id=cls.bank_journal.id)
        return order

    def count_queries(self, func):
        """How many queries `func` costs, from cold caches, its writes flushed."""
        self.env.flush_all()
        self.env.invalidate_all()
        before, started = self.cr.sql_log_count, time.perf_counter()
        func()
        self.env.flush_all()
        # For make bench's rows (record_bench_row): the time of the last count.
        self.last_count_ms = 1000 * (time.perf_counter() - started)  # pylint: disable=attribute-defined-outside-init
        return self.cr.sql_log_count - before

    @contextmanager
    def scheduler_out_of_time(self):
        """Run jobs as ir.cron does when the run's time is up: each batch goes to
        ``ir.cron._commit_progress`` (flushed here, not committed), which answers that no time
        is left. Yields the list of its calls, as (processed, remaining)."""
        calls = []

        def commit_progress(cron, processed=0, *, remaining=None, **_kwargs):
            calls.append((processed, remaining))
            cron.env.flush_all()
            return 0.0

        with (
            patch.object(batch, "_testing", return_value=False),
            patch.object(type(self.env["ir.cron"]), "_commit_progress", commit_progress),
        ):
            yield calls

    def qty_at(self, product, location):
        """On-hand quantity of `product` at `location`."""
        quants = self.env["stock.quant"].search([("product_id", "=", product.id), ("location_id", "=", location.id)])
        return sum(quants.mapped("quantity"))

    def balance(self, account, order=None):
        """Posted balance of `account`, for one layaway's entries when `order` is given."""
        domain = [("account_id", "=", account.id), ("parent_state", "=", "posted")]
        if order is not None:
            moves = order.invoice_ids | order.layaway_refund_move_id | order.layaway_exchange_move_id
            domain.append(("move_id", "in", moves.ids))
        return sum(self.env["account.move.line"].search(domain).mapped("balance"))

    def assert_schedule_holds_payments(self, order):
        """The layaway's paid amount is its payments' sum; the installments received exactly what
        was paid after the deposit, and add up to the total less the deposit. Returns the sum."""
        paid = sum(order.layaway_payment_ids.mapped("amount"))
        self.assertAlmostEqual(order.layaway_amount_paid, paid, places=2)
        installments = order.layaway_installment_ids
        self.assertAlmostEqual(sum(installments.mapped("amount_paid")), paid - order.layaway_deposit_amount, places=2)
        self.assertAlmostEqual(
            sum(installments.mapped("amount")), order.layaway_amount_total - order.layaway_deposit_amount, places=2
        )
        return paid

    @staticmethod
    def layaway_amounts(order):
        """(state, total, paid, deposit, balance) of the layaway `order`."""
        return (
            order.layaway_state,
            order.layaway_amount_total,
            order.layaway_amount_paid,
            order.layaway_deposit_amount,
            order.layaway_amount_residual,
        )

    def installments(self, order):
        """The layaway's installments as (sequence, due date, amount, paid, state) tuples."""
        return [
            (i.sequence, i.due_date, i.amount, i.amount_paid, i.state)
            for i in order.layaway_installment_ids.sorted("sequence")
        ]
