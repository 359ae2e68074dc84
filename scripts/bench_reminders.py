# Run inside `odoo-bin shell` on a scratch copy of the bench database (see bench.sh): the reminder
# job on LAYAWAY_BENCH_REMINDERS layaways (100,000 by default), committing its batches as in production,
# then Odoo's mass-mail composer on the first LAYAWAY_BENCH_COMPOSER (10,000) of the same records.
# `make test` keeps the small version in tests/test_reminder.py: the same query count for few and many.
# A script for the shell, not module code: `env` comes from the shell's namespace, print() is its
# report, and it commits its setup as the job commits its batches.
# pylint: disable=undefined-variable,print-used,invalid-commit,invalid-name
import os
import time
from datetime import timedelta

from odoo import fields

from odoo.addons.layaway_pos.tests.common import clone_layaways, memory_mb, record_bench_row

count = int(os.environ.get("LAYAWAY_BENCH_REMINDERS", "100000"))
# Core's composer takes twice the job's time: on all 100,000 it alone would take a quarter of an hour.
composer_count = min(count, int(os.environ.get("LAYAWAY_BENCH_COMPOSER", "10000")))
batch_size = 500
cr = env.cr  # noqa: F821 (provided by odoo shell)
Reminder = env["layaway.reminder"]  # noqa: F821
company = env.company  # noqa: F821
company.layaway_reminder_days = 3
today = fields.Date.context_today(Reminder)

# This copy is thrown away: the layaways other runs left in it must not get mails in this one.
cr.execute(
    "UPDATE res_partner SET email = NULL"
    " WHERE id IN (SELECT partner_id FROM sale_order WHERE layaway_plan_id IS NOT NULL)"
)

# One layaway started today (its start mail counted as sent), then `count` copies started a month
# ago with an installment due in two days: only their "due" reminder is left to send.
bank = env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)  # noqa: F821
product = env.ref("layaway_pos.product_bike")  # noqa: F821
env["stock.quant"]._update_available_quantity(product, env.ref("stock.stock_location_stock"), 10)  # noqa: F821
layaway = env["sale.order"].create(  # noqa: F821
    {
        "partner_id": env["res.partner"]  # noqa: F821
        .create({"name": "Bench Customer", "email": "bench@example.com"})
        .id,
        "layaway_plan_id": env.ref("layaway_pos.plan_monthly").id,  # noqa: F821
        "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
    }
)
layaway.action_layaway_start(200.0, journal_id=bank.id)
Reminder.create({"order_id": layaway.id, "kind": "started"})
clone_ids = clone_layaways(layaway, count, today - timedelta(days=30), today + timedelta(days=2))
# Rows just written have no statistics yet; a live database has.
cr.execute("ANALYZE sale_order, layaway_installment, layaway_reminder, res_partner")
cr.commit()

# The batches, as the job reports its progress to the scheduler (which commits each).
batches = []
Cron = type(env["ir.cron"])  # noqa: F821
commit_progress = Cron._commit_progress


def counted_commit_progress(cron, processed=0, **kwargs):
    """Ir.cron's _commit_progress, noting the size of each batch."""
    batches.append(processed)
    return commit_progress(cron, processed, **kwargs)


Cron._commit_progress = counted_commit_progress
rss, _peak = memory_mb()
queries, started = cr.sql_log_count, time.perf_counter()
Reminder._cron_send_reminders(batch_size=batch_size)
elapsed = time.perf_counter() - started
queries = cr.sql_log_count - queries
rss_after, peak = memory_mb()
memory = f"RSS {rss:.0f} -> {rss_after:.0f} MB (peak {peak:.0f})"
first_run = list(batches)
print(  # noqa: T201
    f"reminder job: {sum(first_run)} mails to {count} layaways in {len(first_run)} batches of {batch_size}: "
    f"{elapsed:.1f} s, {elapsed * 1000 / count:.2f} ms and {queries / count:.2f} queries a layaway, "
    f"{memory}"
)
batches.clear()
Reminder._cron_send_reminders(batch_size=batch_size)
second_run = list(batches)
Cron._commit_progress = commit_progress

logs = Reminder.search([("order_id", "in", clone_ids)])
mails = env["mail.mail"].search_count(  # noqa: F821
    [("model", "=", "layaway.installment"), ("res_id", "in", logs.installment_id.ids)]
)
problems = [
    f"{what}: {got}, expected {want}"
    for what, got, want in (
        ("batches", first_run, [batch_size] * (count // batch_size) + [count % batch_size] * bool(count % batch_size)),
        ("reminders logged", (len(logs), set(logs.mapped("kind"))), (count, {"due"})),
        ("mails queued", mails, count),
        ("batches of a second run the same day", second_run, []),
    )
    if got != want
]
if problems:
    raise SystemExit("reminder job: " + "; ".join(problems))
print("reminder job: each layaway reminded once, nothing left for a second run")  # noqa: T201
record_bench_row(
    "reminders: the job, 'due' mails queued",
    count,
    elapsed * 1000,
    queries,
    f"{count / elapsed:,.0f} mails/s, {len(first_run)} batches committed, {memory}",
)

# Odoo's own mass mailing of the same template to the same installments (the first
# `composer_count` of them): the mail composer in mass-mail mode (what "Send email" on a list
# selection does), its mails queued, not sent.
installment_ids = logs.installment_id.sorted("id").ids[:composer_count]
template = env.ref("layaway_pos.mail_template_layaway_installment_due")  # noqa: F821
composer = (
    env["mail.compose.message"]  # noqa: F821
    .with_context(active_model="layaway.installment", active_ids=logs.installment_id.ids)
    .create(
        {
            "composition_mode": "mass_mail",
            "model": "layaway.installment",
            "res_ids": installment_ids,
            "template_id": template.id,
        }
    )
)
queries, started = cr.sql_log_count, time.perf_counter()
composer._action_send_mail(auto_commit=False)
env.flush_all()  # noqa: F821
core_elapsed = time.perf_counter() - started
core_queries = cr.sql_log_count - queries
core_mails = (
    env["mail.mail"].search_count(  # noqa: F821
        [("model", "=", "layaway.installment"), ("res_id", "in", installment_ids)]
    )
    - composer_count
)
print(  # noqa: T201
    f"core mail composer (mass mail, same template and records): {core_mails} mails in {core_elapsed:.1f} s, "
    f"{core_queries / composer_count:.2f} queries a record"
)
record_bench_row(
    "core: mail composer, mass mail of the same template",
    composer_count,
    core_elapsed * 1000,
    core_queries,
    f"{core_mails / core_elapsed:,.0f} mails/s ({core_mails:,} mails, the job's first {composer_count:,}), "
    f"the job's rate: {(count / elapsed) / (core_mails / core_elapsed):.2f} x",
)
cr.rollback()
