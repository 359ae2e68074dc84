# Run inside `odoo-bin shell` on the scratch bench database (see bench.sh): seeds layaways by SQL
# (LAYAWAY_BENCH_SIZES, default "10000 100000": each size adds to the previous one), measures at each
# size and writes the rows to LAYAWAY_BENCH_ROWS (JSON) for bench_table.py to print with the portal's.
#
# The seed: a few real layaways made through the ORM on each plan (10 installments, 4 stages of
# payment), then copied by SQL (INSERT ... SELECT over generate_series) with their goods lines,
# installments and payments, each copy moved back 0-729 days, to SQL-made customers, both companies
# and the registers' sessions. The copies have no journal entries: the reconciliation sees their
# deposits as received but not booked (the work is the same).
# A script for the shell, not module code: `env` comes from the shell's namespace, print() is its
# report, and it commits its setup as the daily job commits its batches.
# pylint: disable=undefined-variable,print-used,invalid-commit,invalid-name,redefined-outer-name
import json
import os
import statistics
import time
from datetime import timedelta

from odoo import fields
from odoo.tools import SQL

from odoo.addons.layaway_pos.tests.common import memory_mb

sizes = [int(n) for n in os.environ.get("LAYAWAY_BENCH_SIZES", "10000 100000").split()]
rows_path = os.environ.get("LAYAWAY_BENCH_ROWS", "/tmp/layaway_bench_rows.json")
PORTAL_LAYAWAYS = 1000
# About as many customers as layaways (a customer's name, phone and email are searched at the register).
CUSTOMERS = int(os.environ.get("LAYAWAY_BENCH_CUSTOMERS", "100000"))
cr = globals()["env"].cr  # the shell's
env = globals()["env"](context=dict(globals()["env"].context, tracking_disable=True, mail_notrack=True))
today = fields.Date.context_today(env["sale.order"])
# The rows the earlier parts of make bench wrote (the comparisons with core), then this part's.
rows = []
if os.path.exists(rows_path) and os.path.getsize(rows_path):
    with open(rows_path, encoding="utf-8") as rows_file:
        rows = json.load(rows_file)["rows"]


def row(name, n, ms, queries, extra=""):
    """One line of the table, printed as it comes."""
    rows.append({"name": name, "n": n, "ms": round(ms, 1), "queries": queries, "extra": extra})
    print(f"{name:<44} {n:>8} {ms:>10.1f} ms {queries if queries is not None else '':>7}  {extra}", flush=True)


def measure(func, repeat=3):
    """(best time in ms, queries of one run, result): from cold ORM caches each time."""
    times, result, queries = [], None, 0
    for _ in range(repeat):
        env.flush_all()
        env.invalidate_all()
        before, started = cr.sql_log_count, time.perf_counter()
        result = func()
        env.flush_all()
        times.append(1000 * (time.perf_counter() - started))
        queries = cr.sql_log_count - before
    return min(times), queries, result


# ----------------------------------------------------------------------------- the real layaways
company_a = env.ref("base.main_company")
company_b = env["res.company"].search(
    [("id", "!=", company_a.id), ("layaway_deposit_account_id", "!=", False)], limit=1
)
env.user.company_ids |= company_a | company_b
if not env["stock.warehouse"].search([("company_id", "=", company_b.id)]):
    env["stock.warehouse"].create({"name": "Bench B", "code": "BENCB", "company_id": company_b.id})
products = env.ref("layaway_pos.product_bike") | env.ref("layaway_pos.product_sofa")
for product in products:
    env["stock.quant"]._update_available_quantity(product, env.ref("stock.stock_location_stock"), 1000)


def bench_plans():
    """Three plans of company A (each stock policy, 10 installments) and one of company B."""
    stamp = str(int(time.time()) % 100000)
    plans = env["layaway.plan"]
    # Expiry: room for 12 installments (the plans' check), then some weeks.
    for i, (xmlid, expiry) in enumerate((("plan_weekly", 120), ("plan_monthly", 400), ("plan_ten_days", 150))):
        plans |= env.ref(f"layaway_pos.{xmlid}").copy(
            {
                "code": f"9{stamp}{i}",
                "name": f"Bench {xmlid[5:]}",
                "installment_count": 10,
                "installment_max": 12,
                "expiry_days": expiry,
            }
        )
    plans |= env.ref("layaway_pos.plan_ten_days").copy(
        {
            "code": f"9{stamp}9",
            "name": "Bench company B",
            "company_id": company_b.id,
            "installment_count": 10,
            "installment_max": 12,
            "expiry_days": 150,
        }
    )
    return plans


def real_layaways(plans, partner):
    """For each plan: deposit only, 3 installments paid, 4.5 paid (one partly), all paid."""
    templates = env["sale.order"]
    for plan in plans:
        company = plan.company_id or company_a
        bank = env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)
        for stage in range(4):
            order = (
                env["sale.order"]
                .with_company(company)
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "layaway_plan_id": plan.id,
                        "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": 1}) for p in products],
                    }
                )
            )
            order.action_layaway_start(
                round(order.layaway_amount_total * 0.2, 2), journal_id=bank.id, installment_count=10
            )
            amounts = order.layaway_installment_ids.sorted("sequence").mapped("amount")
            paid = [0.0, sum(amounts[:3]), sum(amounts[:4]) + amounts[4] / 2, sum(amounts)][stage]
            if paid:
                order.action_layaway_pay(round(paid, 2), journal_id=bank.id)
            templates |= order
    return templates


def bench_sessions():
    """An open session on each register of company A (they take layaways), for the payments and the opening."""
    configs = env["pos.config"].search([("company_id", "=", company_a.id)])
    plans = env["layaway.plan"].search([("company_id", "in", (False, company_a.id)), ("recognition", "!=", "on_start")])
    configs.write(
        {"layaway_enabled": True, "layaway_plan_ids": [(6, 0, plans.ids)], "layaway_default_plan_id": plans[0].id}
    )
    for config in configs:
        if not config.current_session_id:
            env["pos.session"].create({"config_id": config.id, "user_id": env.uid})
    return configs.current_session_id


started = time.perf_counter()
plans = bench_plans()
portal_user = env["res.users"].create(
    {
        "name": "Bench Portal Customer",
        "login": f"bench_portal_{int(time.time())}",
        "password": "bench_portal",
        "email": "bench.portal@example.com",
        "group_ids": [(6, 0, [env.ref("base.group_portal").id])],
    }
)
templates = real_layaways(plans, portal_user.partner_id)
sessions = bench_sessions()
cr.commit()
row(
    "seed: real layaways through the ORM",
    len(templates),
    1000 * (time.perf_counter() - started),
    None,
    f"{len(plans)} plans x 4 stages, {len(sessions)} register sessions",
)

# ----------------------------------------------------------------------------- the SQL copies


def columns(table, *skip):
    """The table's columns but ``skip``."""
    return [
        name
        for (name,) in env.execute_query(
            SQL(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
                table,
            )
        )
        if name not in ("id", *skip)
    ]


def copy_sql(table, cols, overrides, source_from, where=None):
    """INSERT INTO table (cols + overrides) SELECT src.cols, overrides FROM source_from."""
    env.execute_query(
        SQL(
            "INSERT INTO %(table)s (%(cols)s) SELECT %(values)s FROM %(source)s %(where)s",
            table=SQL.identifier(table),
            cols=SQL(", ").join(SQL.identifier(c) for c in [*cols, *overrides]),
            values=SQL(", ").join([*(SQL.identifier("src", c) for c in cols), *overrides.values()]),
            source=source_from,
            where=where or SQL(),
        )
    )


def seed_customers(count):
    """``count`` customers copied from the portal customer's partner (ids in a temp table)."""
    skip = ("name", "complete_name", "email", "commercial_partner_id", "user_id")
    env.execute_query(SQL("CREATE TEMP TABLE IF NOT EXISTS bench_customer (n int, id int)"))
    env.execute_query(SQL("TRUNCATE bench_customer"))
    env.execute_query(
        SQL(
            "INSERT INTO bench_customer SELECT n, nextval('res_partner_id_seq') FROM generate_series(0, %s - 1) n",
            count,
        )
    )
    copy_sql(
        "res_partner",
        columns("res_partner", *skip),
        {
            "id": SQL("c.id"),
            "name": SQL("'Bench Customer ' || lpad(c.n::text, 5, '0')"),
            "complete_name": SQL("'Bench Customer ' || lpad(c.n::text, 5, '0')"),
            "email": SQL("'customer' || c.n || '@example.com'"),
            "commercial_partner_id": SQL("c.id"),
        },
        SQL("res_partner src, bench_customer c"),
        SQL("WHERE src.id = %s", portal_user.partner_id.id),
    )


def seed(first, count):
    """Copies number ``first`` .. ``first + count - 1`` of the real layaways (round robin)."""
    env.flush_all()
    a_ids = templates.filtered(lambda o: o.company_id == company_a).ids
    env.execute_query(SQL("DROP TABLE IF EXISTS bench_map"))
    # n: the copy's number; src: its real layaway; shift: days back (0-729); partner: the
    # portal customer for the first PORTAL_LAYAWAYS copies of company A, else one of CUSTOMERS.
    env.execute_query(
        SQL(
            """
            CREATE TEMP TABLE bench_map AS
            SELECT g.n, t.ids[1 + g.n %% array_length(t.ids, 1)] AS src, nextval('sale_order_id_seq')::int AS id,
                   ((g.n * 7919) %% 730)::int AS shift,
                   CASE WHEN g.n < %(portal)s * array_length(t.ids, 1) / %(a_count)s
                             AND t.ids[1 + g.n %% array_length(t.ids, 1)] = ANY(%(a_ids)s)
                        THEN %(portal_partner)s ELSE c.id END AS partner,
                   (%(sessions)s::int[])[1 + g.n %% 4] AS session
              FROM generate_series(%(first)s, %(last)s) g(n)
              CROSS JOIN (SELECT %(ids)s::int[] AS ids) t
              JOIN bench_customer c ON c.n = g.n %% %(customers)s
            """,
            portal=PORTAL_LAYAWAYS,
            a_count=len(a_ids),
            a_ids=a_ids,
            portal_partner=portal_user.partner_id.id,
            customers=CUSTOMERS,
            sessions=[*sessions.ids, None, None, None][:4],
            first=first,
            last=first + count - 1,
            ids=templates.ids,
        )
    )
    env.execute_query(SQL("CREATE INDEX ON bench_map (src)"))
    env.execute_query(SQL("ANALYZE bench_map"))
    # Every state: half the copies are as the daily job left them yesterday (late installments
    # overdue, layaways past their expiry expired); the other half is left for the job to catch up.
    as_left = SQL("m.n %% 2 = 0 AND src.layaway_state = 'active'")
    late = SQL("(src.due_date - m.shift) < %s", today - timedelta(days=7))
    shifted = ("layaway_start_date", "layaway_expiry_date", "layaway_next_due_date", "date_order")
    states = ("layaway_state", "layaway_is_overdue")
    so_skip = ("name", "access_token", "partner_id", "partner_invoice_id", "partner_shipping_id", *shifted, *states)
    copy_sql(
        "sale_order",
        columns("sale_order", *so_skip),
        {
            "id": SQL("m.id"),
            "name": SQL("'LW' || lpad(m.n::text, 7, '0')"),
            "partner_id": SQL("m.partner"),
            "partner_invoice_id": SQL("m.partner"),
            "partner_shipping_id": SQL("m.partner"),
            "layaway_start_date": SQL("src.layaway_start_date - m.shift"),
            "layaway_expiry_date": SQL("src.layaway_expiry_date - m.shift"),
            "layaway_next_due_date": SQL("src.layaway_next_due_date - m.shift"),
            "date_order": SQL("src.date_order - make_interval(days => m.shift)"),
            "layaway_state": SQL(
                "CASE WHEN %s AND src.layaway_expiry_date - m.shift < %s THEN 'expired' ELSE src.layaway_state END",
                as_left,
                today,
            ),
            "layaway_is_overdue": SQL(
                "%s AND EXISTS (SELECT 1 FROM layaway_installment src_i WHERE src_i.order_id = src.id"
                " AND src_i.state IN ('pending', 'partial') AND src_i.due_date - m.shift < %s)",
                as_left,
                today - timedelta(days=7),
            ),
        },
        SQL("sale_order src JOIN bench_map m ON m.src = src.id"),
    )
    copy_sql(
        "sale_order_line",
        columns("sale_order_line", "order_id", "order_partner_id"),
        {"order_id": SQL("m.id"), "order_partner_id": SQL("m.partner")},
        SQL("sale_order_line src JOIN bench_map m ON m.src = src.order_id"),
        SQL("WHERE src.is_downpayment IS NOT TRUE AND src.display_type IS NULL"),
    )
    copy_sql(
        "layaway_installment",
        columns("layaway_installment", "order_id", "due_date", "state"),
        {
            "order_id": SQL("m.id"),
            "due_date": SQL("src.due_date - m.shift"),
            "state": SQL(
                "CASE WHEN m.n %% 2 = 0 AND o.layaway_state = 'active' AND src.state IN ('pending', 'partial')"
                " AND %s THEN 'overdue' ELSE src.state END",
                late,
            ),
        },
        SQL(
            "layaway_installment src JOIN bench_map m ON m.src = src.order_id JOIN sale_order o ON o.id = src.order_id"
        ),
    )
    pay_skip = ("order_id", "partner_id", "date", "invoice_id", "account_payment_id", "pos_session_id", "channel")
    copy_sql(
        "layaway_payment",
        columns("layaway_payment", *pay_skip),
        {
            "order_id": SQL("m.id"),
            "partner_id": SQL("m.partner"),
            "date": SQL("src.date - make_interval(days => m.shift)"),
            "pos_session_id": SQL("CASE WHEN src.company_id = %s THEN m.session END", company_a.id),
            "channel": SQL(
                "CASE WHEN src.company_id = %s AND m.session IS NOT NULL THEN 'pos' ELSE src.channel END", company_a.id
            ),
        },
        SQL("layaway_payment src JOIN bench_map m ON m.src = src.order_id"),
    )
    cr.commit()
    # Rows just written have no statistics yet; a live database has.
    cr.execute("ANALYZE res_partner, sale_order, sale_order_line, layaway_installment, layaway_payment")
    cr.commit()
    env.invalidate_all()


# ----------------------------------------------------------------------------- the measures
config = sessions[:1].config_id
session = sessions[:1]


opening_at_zero = []


def register_opening(n):
    """The register's opening (pos.session.load_data of all its models), with its payload; at N,
    its ratios to the opening with no layaway."""
    ms, queries, data = measure(lambda: session.load_data([]))
    size = len(json.dumps(data, default=str))
    ratios = ""
    if opening_at_zero:
        zero_ms, zero_queries, zero_size = opening_at_zero
        ratios = (
            f", against 0 layaways: queries x{queries / zero_queries:.2f}, bytes x{size / zero_size:.2f},"
            f" time x{ms / zero_ms:.2f}"
        )
    else:
        opening_at_zero.extend((ms, queries, size))
    row("register opening (load_data)", n, ms, queries, f"{size:,} bytes{ratios}")


def searches(n):
    """The register's Layaways screen: first page, a customer's name, a reference, a part of a
    name many customers share, a deep page. With no layaway yet: a customer's and a reference
    that are not on any."""
    SaleOrder = env["sale.order"]
    some = SaleOrder.search(
        [
            ("name", "=like", "LW%"),
            ("company_id", "=", company_a.id),
            ("layaway_state", "in", ("active", "paid", "expired")),
        ],
        limit=1,
        order="id desc",
    )
    cases = [
        ("first page", "", 0),
        ("by customer name", some.partner_id.name or "Bench Customer 00123", 0),
        ("by reference", some.name or "LW0000123", 0),
        # 'Bench Customer 10000' to '19999': 10,000 of 100,000 customers.
        ("by a name part of 1,000+ customers", "Customer 1", 0),
        ("deep page, offset 5000", "", 5000),
    ]
    for label, query, offset in cases:
        ms, queries, result = measure(lambda q=query, o=offset: SaleOrder.layaway_pos_search(config.id, q, o, 20))
        row(f"register search: {label}", n, ms, queries, f"{len(result['orders'])} found")


def reports(n):
    """The analysis and the payments report by plan, the reconciliation as its list opens."""
    buckets = ["amount_late_1_30", "amount_late_31_60", "amount_late_61_90", "amount_late_over_90"]
    aggregates = [
        f"{f}:sum"
        for f in ("amount_total", "amount_paid", "amount_residual", "amount_current", "amount_late", *buckets)
    ]
    ms, queries, groups = measure(lambda: env["layaway.report"]._read_group([], ["plan_id"], ["__count", *aggregates]))
    row("analysis: 9 sums by plan", n, ms, queries, f"{sum(g[1] for g in groups):,} layaways")
    ms, queries, groups = measure(
        lambda: env["layaway.payment.report"]._read_group([], ["plan_id", "kind"], ["__count", "amount:sum"])
    )
    row("payments report: sum by plan and kind", n, ms, queries, f"{sum(g[2] for g in groups):,} payments")

    def reconcile():
        wizard = env["layaway.liability.wizard"].create({"date": today, "company_id": company_a.id})
        action = wizard.action_open_report()
        Report = env[action["res_model"]].with_context(**action["context"])
        domain = action.get("domain") or []
        first_page = Report.search(domain, limit=80)
        first_page.read(["name", "expected", "booked", "difference"])
        return Report._read_group(domain, [], ["__count", "expected:sum", "booked:sum", "difference:sum"])

    ms, queries, totals = measure(reconcile)
    row("reconciliation: first page + totals", n, ms, queries, f"{totals[0][0]:,} rows")


def daily_job(n):
    """The daily job as its cron runs it: batches committed, counted; peak memory (max RSS) growth."""
    batches = []
    Cron = type(env["ir.cron"])
    original = Cron._commit_progress
    # Ir.cron's _commit_progress, noting each batch's size.
    Cron._commit_progress = lambda cron, done=0, **kw: batches.append(done) or original(cron, done, **kw)
    try:
        for label in ("catch-up", "next run same day"):
            batches.clear()
            env.invalidate_all()
            rss, _peak = memory_mb()
            before, started = cr.sql_log_count, time.perf_counter()
            env["sale.order"]._cron_layaway_daily()
            ms = 1000 * (time.perf_counter() - started)
            rss_after, peak = memory_mb()
            row(
                f"daily job: {label}",
                n,
                ms,
                cr.sql_log_count - before,
                f"{len(batches)} batches, {sum(batches):,} records, "
                f"RSS {rss:.0f} -> {rss_after:.0f} MB (peak {peak:.0f})",
            )
    finally:
        Cron._commit_progress = original
        cr.commit()


started = time.perf_counter()
seed_customers(CUSTOMERS)
cr.commit()
# Rows just written have no statistics yet; a live database has.
cr.execute("ANALYZE res_partner")
cr.commit()
row("seed: customers by SQL", CUSTOMERS, 1000 * (time.perf_counter() - started), None)
session.load_data([])  # the process's own caches (registry, templates) warm, as a running server's
register_opening(0)
searches(0)
done = 0
for size in sizes:
    started = time.perf_counter()
    seed(done, size - done)
    done = size
    counts = env.execute_query(
        SQL(
            "SELECT (SELECT count(*) FROM sale_order WHERE layaway_plan_id IS NOT NULL),"
            " (SELECT count(*) FROM layaway_installment), (SELECT count(*) FROM layaway_payment)"
        )
    )[0]
    states = dict(env.execute_query(SQL("SELECT state, count(*) FROM layaway_installment GROUP BY 1")))
    row(
        "seed: layaways by SQL",
        size,
        1000 * (time.perf_counter() - started),
        None,
        f"{counts[0]:,} layaways, {counts[1]:,} installments "
        f"({', '.join(f'{k} {v:,}' for k, v in sorted(states.items()))}), "
        f"{counts[2]:,} payments",
    )
    register_opening(size)
    searches(size)
    reports(size)
    daily_job(size)

with open(rows_path, "w", encoding="utf-8") as rows_file:
    json.dump(
        {
            "rows": rows,
            "portal_login": portal_user.login,
            "portal_password": "bench_portal",
            "median": statistics.median([r["ms"] for r in rows]),
        },
        rows_file,
    )
cr.commit()
