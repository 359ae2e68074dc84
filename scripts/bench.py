# Run inside `odoo-bin shell` (see bench.sh). The daily job commits its batches as in
# production, so the scratch bench database keeps the layaways made here.
# A script for the shell, not module code: `env` comes from the shell's namespace, print() is its
# report, and its functions read the module-level loop variables.
# pylint: disable=undefined-variable,print-used,redefined-outer-name
import os
import time
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.addons.layaway_pos.tests.common import record_bench_row

n_orders = int(os.environ.get("LAYAWAY_BENCH_N", "200"))
cr = env.cr  # noqa: F821 (provided by odoo shell)
company = env.company  # noqa: F821
bank = env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)  # noqa: F821
partner = env.ref("base.res_partner_12")  # noqa: F821
product = env.ref("layaway_pos.product_bike")  # noqa: F821
env["stock.quant"]._update_available_quantity(product, env.ref("stock.stock_location_stock"), 100000)  # noqa: F821
base_plan = env.ref("layaway_pos.plan_monthly")  # noqa: F821


def new_layaway(plan, count):
    """A started layaway on ``plan`` with ``count`` installments, its deposit paid."""
    order = env["sale.order"].create(  # noqa: F821
        {
            "partner_id": partner.id,
            "layaway_plan_id": plan.id,
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
        }
    )
    order.action_layaway_start(200.0, journal_id=bank.id, installment_count=count)
    return order


def measure(label, func):
    """Run ``func`` and print its query count and time under ``label``."""
    env.flush_all()  # noqa: F821
    env.invalidate_all()  # noqa: F821
    queries, started = cr.sql_log_count, time.perf_counter()
    func()
    env.flush_all()  # noqa: F821
    queries, ms = cr.sql_log_count - queries, 1000 * (time.perf_counter() - started)
    print(f"{label:<48} {queries:>6} queries {ms:>9.1f} ms")
    return queries, ms


def core_invoice(amount):
    """A posted customer invoice of `amount` (no tax) for the same customer."""
    invoice = env["account.move"].create(  # noqa: F821
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_line_ids": [(0, 0, {"name": "Bench", "quantity": 1, "price_unit": amount, "tax_ids": []})],
        }
    )
    invoice.action_post()
    return invoice


def core_register_payment(invoice):
    """Odoo's Register Payment of `invoice`, from the bank, as Invoicing's button does it."""
    wizard = (
        env["account.payment.register"]  # noqa: F821
        .with_context(active_model="account.move", active_ids=invoice.ids)
        .create({"journal_id": bank.id})
    )
    wizard.action_create_payments()


print(f"layaway_pos benchmark on {cr.dbname}")
plan36 = base_plan.copy({"code": str(int(time.time())), "installment_max": 36, "expiry_days": 0})
for count in (3, 12, 36):
    order = new_layaway(plan36, count)
    order.action_layaway_pay(1.0, journal_id=bank.id)  # warm-up
    queries, ms = measure(
        f"back-office payment, {count} installments", lambda o=order: o.action_layaway_pay(5.0, journal_id=bank.id)
    )
    record_bench_row(f"back-office payment of 5.00, {count} installments", 1, ms, queries)
# What the back-office payment does with Odoo's own tools: the down-payment invoice of the amount,
# posted and paid from the bank (core alone, on the same customer, amount and journal).
core_register_payment(core_invoice(1.0))  # warm-up
queries, ms = measure("core: invoice 5.00, post, Register Payment", lambda: core_register_payment(core_invoice(5.0)))
record_bench_row("core: invoice of 5.00 posted and paid (Register Payment)", 1, ms, queries)
posted = core_invoice(5.0)
queries, ms = measure("core: Register Payment of a posted invoice", lambda: core_register_payment(posted))
record_bench_row("core: Register Payment of a posted invoice of 5.00", 1, ms, queries)
if os.environ.get("LAYAWAY_BENCH_PROFILE"):
    import cProfile
    import pstats

    order = new_layaway(plan36, 36)
    order.action_layaway_pay(1.0, journal_id=bank.id)
    env.invalidate_all()  # noqa: F821
    profiler = cProfile.Profile()
    profiler.runcall(order.action_layaway_pay, 5.0, journal_id=bank.id)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
queries, ms = measure("start a layaway (reserve policy, 1 line)", lambda: new_layaway(base_plan, 3))
record_bench_row("back-office start with deposit (reserve policy, 1 line)", 1, ms, queries)

started = time.perf_counter()
orders = [new_layaway(base_plan, 3) for _ in range(n_orders)]
print(f"created {n_orders} active layaways in {time.perf_counter() - started:.1f} s")


def run_job_later():
    """The daily job, 400 days later, when every layaway made here is overdue and expired."""
    # freezegun also freezes the timer, so only the job runs inside it.
    with freeze_time(date.today() + timedelta(days=400)):
        env["sale.order"]._cron_layaway_daily()  # noqa: F821


queries, ms = measure(f"daily job: {n_orders} layaways overdue and expired", run_job_later)
record_bench_row("daily job, layaways made through the ORM, overdue and expired", n_orders, ms, queries)
print("expired:", sum(1 for o in orders if o.layaway_state == "expired"))
cr.rollback()
