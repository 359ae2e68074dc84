"""Run inside `odoo-bin shell` by stress.sh, on the scratch database: the users, registers and
layaways the stress scenarios need. Writes their ids as JSON to $LAYAWAY_STRESS_STATE and commits.
"""

# A command-line step: its one print() is its output. Its plan's values are those of the tests'
# plan on purpose (duplicate-code).
# pylint: disable=print-used,duplicate-code
import json
import os
import time
from datetime import timedelta

from odoo import Command, fields

env = globals()["env"]  # provided by odoo shell
password = os.environ["LAYAWAY_STRESS_PASSWORD"]
n_daily = int(os.environ.get("LAYAWAY_STRESS_DAILY_N", "10"))
started = time.perf_counter()
company = env.company
company.layaway_reminder_days = 3  # the "due" and "expiring" layaways below are 2 days away
today = fields.Date.context_today(env["sale.order"])
bank = env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)
stock = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1).lot_stock_id


def user(login, group_xmlids, partner=None):
    """A user with the scenarios' password."""
    values = {"name": login.replace("_", " ").title(), "login": login, "password": password, "email": f"{login}@e.test"}
    values["group_ids"] = [Command.set([env.ref(xmlid).id for xmlid in group_xmlids])]
    if partner:
        values["partner_id"] = partner.id
    return env["res.users"].create(values)


# A salesperson (all documents) who manages layaways, and a cashier as Odoo's own POS tests make
# one: core pos_sale reads the sale orders a synced order names as the cashier, which "Point of
# Sale: User" alone may not (Inventory: User may).
manager = user(
    "stress_manager",
    ["base.group_user", "sales_team.group_sale_salesman_all_leads", "layaway_pos.group_layaway_manager"],
)
cashier = user("stress_cashier", ["base.group_user", "point_of_sale.group_pos_user", "stock.group_stock_user"])
customers = env["res.partner"].create([{"name": f"Stress Customer {c}", "email": f"cust{c}@e.test"} for c in "ABC"])
portal = user("stress_portal", ["base.group_portal"], partner=customers[0])

product = env["product.product"].create(
    {
        "name": "Stress Sofa",
        "type": "consu",
        "is_storable": True,
        "layaway_ok": True,
        "available_in_pos": True,
        "list_price": 1000.0,
        "taxes_id": [Command.clear()],
        "invoice_policy": "order",
    }
)
env["stock.quant"]._update_available_quantity(product, stock, 100000)
plan = env["layaway.plan"].create(
    {
        "code": "900",
        "name": "Stress plan",
        "company_id": company.id,
        "installment_count": 3,
        "period": "monthly",
        "first_due_days": 30,
        "deposit_type": "percent",
        "deposit_value": 20.0,
        "expiry_days": 200,
        "grace_days": 5,
        # Nothing reserved: the stress is on payments and jobs, not on stock moves.
        "stock_policy": "on_completion",
    }
)
deposit_product = company._layaway_deposit_product()
assert not deposit_product.taxes_id, "the register payment lines below are built without taxes"


def register(name, code):
    """A register offering the plan, with a session opened by the cashier; its ids for the clients."""
    # One cash journal per register: Odoo refuses a cash journal on two cash payment methods.
    cash = env["account.journal"].create(
        {"name": f"{name} cash", "type": "cash", "code": code, "company_id": company.id}
    )
    config = env["pos.config"].create(
        {
            "name": name,
            "payment_method_ids": [Command.create({"name": f"{name} cash", "journal_id": cash.id})],
            "layaway_enabled": True,
            "layaway_plan_ids": [Command.set(plan.ids)],
            "layaway_default_plan_id": plan.id,
        }
    )
    config.with_user(cashier).open_ui()
    session = config.current_session_id
    session.with_user(cashier).set_opening_control(0, "")
    assert session.state == "opened", session.state
    return {
        "config_id": config.id,
        "session_id": session.id,
        "pricelist_id": config.pricelist_id.id,
        "cash_method_id": config.payment_method_ids.filtered("is_cash_count")[:1].id,
    }


def layaway(partner, start=True):
    """A layaway of one sofa (1,000.00), started with a deposit of 200.00 unless `start` is False."""
    order = env["sale.order"].create(
        {
            "partner_id": partner.id,
            "company_id": company.id,
            "layaway_plan_id": plan.id,
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})],
        }
    )
    if start:
        order.action_layaway_start(200.0, journal_id=bank.id)
    order._portal_ensure_token()
    return order


mine, theirs, third = customers
state = {
    "password": password,
    "bank_journal_id": bank.id,
    "deposit_product_id": deposit_product.id,
    "users": {u.login: u.id for u in manager | cashier | portal},
    "registers": [register("Stress Register 1", "SCA1"), register("Stress Register 2", "SCA2")],
    # a) 8 simultaneous back-office payments of its whole balance, then of 60% of it
    "pay_race": layaway(theirs).id,
    "pay_race_part": layaway(theirs).id,
    # b) two registers at once: two installments that fit, then two that do not
    "registers_fit": layaway(theirs).id,
    "registers_over": layaway(theirs).id,
    # c) one register order synced three times at once
    "same_uuid": layaway(third).id,
}
# e) the portal customer's own layaways, and others' (started, draft, or plain quotations)
own = layaway(mine) | layaway(mine)
own_draft = layaway(mine, start=False)
others = layaway(theirs) | layaway(third) | env["sale.order"].browse([state["pay_race"], state["same_uuid"]])
other_draft = layaway(theirs, start=False)
quotation = env["sale.order"].create(
    {"partner_id": theirs.id, "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})]}
)
quotation._portal_ensure_token()
state["portal"] = {
    "own": {o.id: o.access_token for o in own},
    "own_draft": {own_draft.id: own_draft.access_token},
    "others": {o.id: o.access_token for o in others},
    "other_draft": {other_draft.id: other_draft.access_token},
    "quotation": {quotation.id: quotation.access_token},
    "names": {"own": own.mapped("name"), "others": others.mapped("name")},
}

# d) layaways for the daily job: one started through the ORM, cloned by SQL (the ORM takes about a
#    second a layaway), then moved back in time (the dates are what the jobs read):
#    expired: all 3 installments late and the expiry date passed;
#    overdue: the first installment late; due: the first installment and the expiry within the reminder days.
source = layaway(theirs)
env.flush_all()


def columns(table):
    """The columns of `table` but its id."""
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id'", (table,)
    )
    return [row[0] for row in env.cr.fetchall()]


def clone(copy_number):
    """A copy of `source` with its lines and installments, by SQL; its id."""
    order_cols = columns("sale_order")
    cols = ", ".join(f'"{c}"' for c in order_cols)
    values = ", ".join({"name": "%s", "access_token": "NULL"}.get(c, f'"{c}"') for c in order_cols)
    env.cr.execute(
        f"INSERT INTO sale_order ({cols}) SELECT {values} FROM sale_order WHERE id = %s RETURNING id",
        (f"{source.name}-{copy_number:03d}", source.id),
    )
    new_id = env.cr.fetchone()[0]
    for table in ("sale_order_line", "layaway_installment"):
        child_cols = columns(table)
        cols = ", ".join(f'"{c}"' for c in child_cols)
        values = ", ".join("%s" if c == "order_id" else f'"{c}"' for c in child_cols)
        env.cr.execute(
            f"INSERT INTO {table} ({cols}) SELECT {values} FROM {table} WHERE order_id = %s", (new_id, source.id)
        )
    return new_id


groups = {}
number = 0
for group in ("expired", "overdue", "due"):
    groups[group] = []
    for _i in range(n_daily):
        number += 1
        groups[group].append(clone(number))
shifts = {"expired": (100, today - timedelta(days=1)), "overdue": (45, None), "due": (28, today + timedelta(days=2))}
for group, (days, expiry) in shifts.items():
    ids = tuple(groups[group])
    env.cr.execute(
        "UPDATE layaway_installment SET due_date = due_date - %s WHERE order_id IN %s", (timedelta(days=days), ids)
    )
    if expiry:
        env.cr.execute("UPDATE sale_order SET layaway_expiry_date = %s WHERE id IN %s", (expiry, ids))
env.invalidate_all()
state["daily"] = groups

env.cr.commit()
with open(os.environ["LAYAWAY_STRESS_STATE"], "w", encoding="utf-8") as state_file:
    json.dump(state, state_file, indent=1)
layaways = env["sale.order"].search_count([("layaway_plan_id", "=", plan.id)])
print(f"[stress] set up {layaways} layaways, 2 registers, 3 users in {time.perf_counter() - started:.0f} s")
