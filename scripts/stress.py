"""make stress: real concurrent clients against a real server (see stress.sh), and a table of what held.

Clients are threads, each with its own connection, released together by a barrier; the server has
2 workers, so two requests at a time really run in parallel and the others queue, as in production.
The database is read directly (psycopg2) to check what was written, whatever the clients' rights.
"""

# A command-line tool: its print()s are its output. Each scenario gathers the counts of its one
# row of the table, hence many locals.
# pylint: disable=print-used,too-many-locals

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import uuid
import xmlrpc.client
from collections import Counter
from datetime import UTC, datetime

import psycopg2
import requests

DB = os.environ["LAYAWAY_STRESS_DB"]
URL = f"http://127.0.0.1:{os.environ['LAYAWAY_STRESS_PORT']}"
with open(os.environ["LAYAWAY_STRESS_STATE"], encoding="utf-8") as state_file:
    STATE = json.load(state_file)
PASSWORD = STATE["password"]
UIDS = STATE["users"]
BALANCE_MESSAGE = "is more than the balance"
PAID_MESSAGE = "it is paid. The balance is paid"
SERVER_LOG = os.environ["LAYAWAY_STRESS_SERVER_LOG"]
TIMEOUT = 300
results = []  # (scenario, tried, held, ok)


def record(scenario, tried, held, ok):
    """One row of the table, printed at once too."""
    results.append((scenario, tried, held, bool(ok)))
    print(f"[stress] {'PASS' if ok else 'FAIL'} {scenario}: {held}", flush=True)


def sql(query, args=()):
    """The rows of one query, in a transaction of its own (what is committed now)."""
    with psycopg2.connect(dbname=DB) as conn, conn.cursor() as cr:
        cr.execute(query, args)
        return cr.fetchall()


def at_once(count, call):
    """Run call(i) for i in range(count) in threads released together; [(result, error message)]."""
    barrier = threading.Barrier(count)
    answers = {}

    def run(i):
        barrier.wait()
        try:
            answers[i] = (call(i), None)
        # Every refusal is an answer to count. pylint: disable-next=broad-exception-caught
        except Exception as error:  # noqa: BLE001
            answers[i] = (None, error_message(error))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [answers[i] for i in range(count)]


def error_message(error):
    """The user-facing message of a refusal (the last line of an XML-RPC fault)."""
    if isinstance(error, xmlrpc.client.Fault):
        return error.faultString.strip().splitlines()[-1]
    return str(error)


def xmlrpc_call(login, model, method, *args):
    """execute_kw over XML-RPC, with a connection of its own (ServerProxy is not thread-safe)."""
    proxy = xmlrpc.client.ServerProxy(f"{URL}/xmlrpc/2/object", allow_none=True)
    return proxy.execute_kw(DB, UIDS[login], PASSWORD, model, method, list(args))


class RpcError(Exception):
    """A JSON-RPC error answer, with the server's message."""


def jsonrpc_call(login, model, method, *args):
    """execute_kw over JSON-RPC (the register's sync answers with what XML-RPC cannot marshal)."""
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {
            "service": "object",
            "method": "execute_kw",
            "args": [DB, UIDS[login], PASSWORD, model, method, list(args)],
        },
    }
    answer = requests.post(f"{URL}/jsonrpc", json=payload, timeout=TIMEOUT).json()
    if "error" in answer:
        raise RpcError(answer["error"]["data"]["message"])
    return answer["result"]


def layaway(order_id):
    """(state, total, paid, payment rows [(kind, amount)], installments paid)"""
    state, total, paid = sql(
        "SELECT layaway_state, layaway_amount_total, layaway_amount_paid FROM sale_order WHERE id = %s", (order_id,)
    )[0]
    payments = sql("SELECT kind, amount FROM layaway_payment WHERE order_id = %s ORDER BY id", (order_id,))
    installments_paid = sql(
        "SELECT COALESCE(SUM(amount_paid), 0) FROM layaway_installment WHERE order_id = %s", (order_id,)
    )[0][0]
    return state, float(total), float(paid), [(k, float(a)) for k, a in payments], float(installments_paid)


def server_retries():
    """Serialization failures the server retried so far (odoo.service.model logs them at INFO)."""
    with open(SERVER_LOG, encoding="utf-8", errors="replace") as log:
        return sum(1 for line in log if "tries left, try again" in line)


def money(amount):
    """An amount as the table shows it."""
    return f"{amount:.2f}"


# ----------------------------------------------------------------------
# a) 8 simultaneous back-office payments of the whole balance
# ----------------------------------------------------------------------


def scenario_pay_race(key, share):
    """8 payments at once of `share` of the balance: only one can fit."""
    order_id = STATE[key]
    _state, total, paid, _payments, _inst = layaway(order_id)
    balance = round(total - paid, 2)
    amount = round(balance * share, 2)
    retries = server_retries()
    answers = at_once(
        8,
        lambda i: xmlrpc_call(
            "stress_manager", "sale.order", "action_layaway_pay", [order_id], amount, STATE["bank_journal_id"]
        ),
    )
    retries = server_retries() - retries
    accepted = [result for result, error in answers if error is None]
    refusals = [error for _result, error in answers if error is not None]
    # Once the whole balance is paid the layaway is "paid", and its state refuses the others first.
    expected = BALANCE_MESSAGE if share < 1 else PAID_MESSAGE
    refused = [error for error in refusals if expected in error]
    state, total, paid_after, payments, installments_paid = layaway(order_id)
    exact = (
        state == ("paid" if share == 1 else "active")
        and abs(paid_after - paid - amount) < 0.005
        and sorted(kind for kind, _a in payments) == ["deposit", "installment"]
        and abs(sum(a for _k, a in payments) - paid_after) < 0.005
        and abs(installments_paid - amount) < 0.005
    )
    other = Counter(refusals) - Counter(refused)
    if share == 1:
        what = f"action_layaway_pay({money(amount)}), the whole balance"
    else:
        what = f"action_layaway_pay({money(amount)}), {share:.0%} of the balance"
    record(
        "a) 8 back-office payments at once" + ("" if share == 1 else ", each more than half the balance"),
        f"8 XML-RPC clients (a Layaway: Manager) call {what} of one layaway (total {money(total)}, "
        f"paid {money(paid)}) at once",
        f"{len(accepted)} accepted, {len(refused)} refused with '{expected}'"
        + (f", other answers: {dict(other)}" if other else "")
        + f" ({retries} serialization retries in the server); after: state {state}, paid {money(paid_after)} of "
        f"{money(total)}, {len(payments)} layaway.payment rows ({', '.join(f'{k} {money(a)}' for k, a in payments)})"
        f", installments paid {money(installments_paid)}",
        len(accepted) == 1 and len(refused) == 7 and exact,
    )


# ----------------------------------------------------------------------
# b), c) register syncs
# ----------------------------------------------------------------------


def ui_order(register, order_id, amount, order_uuid):
    """A register's installment order, as the POS front end syncs it (see tests/test_pos_common.py)."""
    partner_id = sql("SELECT partner_id FROM sale_order WHERE id = %s", (order_id,))[0][0]
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    line = {
        "product_id": STATE["deposit_product_id"],
        "qty": 1.0,
        "price_unit": amount,
        "price_subtotal": amount,
        "price_subtotal_incl": amount,
        "tax_ids": [[6, 0, []]],
        "discount": 0.0,
        "sale_order_origin_id": order_id,
    }
    return {
        "amount_paid": amount,
        "amount_return": 0,
        "amount_tax": 0.0,
        "amount_total": amount,
        "date_order": now,
        "fiscal_position_id": False,
        "pricelist_id": register["pricelist_id"],
        "name": f"Order {order_uuid}",
        "last_order_preparation_change": "{}",
        "lines": [[0, 0, line]],
        "partner_id": partner_id,
        "session_id": register["session_id"],
        "payment_ids": [[0, 0, {"amount": amount, "name": now, "payment_method_id": register["cash_method_id"]}]],
        "uuid": order_uuid,
        "user_id": UIDS["stress_cashier"],
        "to_invoice": False,
        "state": "paid",
        "layaway_kind": "installment",
    }


def sync(order):
    """The cashier's pos.order.sync_from_ui of one order."""
    return jsonrpc_call("stress_cashier", "pos.order", "sync_from_ui", [order])


def pos_orders(uuids):
    """[(uuid, id)] of the POS orders with these uuids."""
    return sql("SELECT uuid, id FROM pos_order WHERE uuid IN %s", (tuple(uuids),))


def scenario_two_registers(key, amount, both_fit):
    """Registers 1 and 2 sync an installment of `amount` for the same layaway at once."""
    order_id = STATE[key]
    _state, total, paid, payments_before, _inst = layaway(order_id)
    registers = STATE["registers"]
    uuids = [str(uuid.uuid4()) for _ in registers]
    orders = [ui_order(register, order_id, amount, uuids[i]) for i, register in enumerate(registers)]
    retries = server_retries()
    answers = at_once(2, lambda i: sync(orders[i]))
    retries = server_retries() - retries
    accepted = [i for i, (_r, error) in enumerate(answers) if error is None]
    refusals = [error for _r, error in answers if error is not None]
    _state, total, paid_after, payments, installments_paid = layaway(order_id)
    created = pos_orders(uuids)
    recorded = payments[len(payments_before) :]
    consistent = (
        paid_after <= total + 0.005
        and abs(sum(a for _k, a in payments) - paid_after) < 0.005
        and abs(paid_after - paid - amount * len(accepted)) < 0.005
        and abs(installments_paid + payments[0][1] - paid_after) < 0.005
        and len(created) == len(accepted) == len(recorded)
    )
    if both_fit:
        ok = len(accepted) == 2 and consistent
        what = f"two installments of {money(amount)} that fit the balance {money(total - paid)}"
    else:
        ok = len(accepted) == 1 and len(refusals) == 1 and BALANCE_MESSAGE in refusals[0] and consistent
        what = f"two installments of {money(amount)} that together exceed the balance {money(total - paid)}"
    record(
        "b) two registers at once" + ("" if both_fit else ", over the balance"),
        f"registers 1 and 2 (two open sessions) sync_from_ui {what} for one layaway",
        f"{len(accepted)} recorded"
        + (f", refused: '{refusals[0]}'" if refusals else "")
        + f" ({retries} serialization retries); after: paid {money(paid_after)} of {money(total)}, "
        f"{len(created)} POS orders, {len(recorded)} new layaway.payment rows, "
        f"installments paid {money(installments_paid)}",
        ok,
    )


def scenario_same_uuid():
    """The same register order (one uuid) synced by 3 clients at once: one POS order, one payment."""
    order_id = STATE["same_uuid"]
    _state, _total, paid, payments_before, _inst = layaway(order_id)
    order_uuid = str(uuid.uuid4())
    order = ui_order(STATE["registers"][0], order_id, 100.0, order_uuid)
    retries = server_retries()
    answers = at_once(3, lambda i: sync(order))
    retries = server_retries() - retries
    errors = [error for _r, error in answers if error is not None]
    returned = {result["pos.order"][0]["id"] for result, error in answers if error is None}
    created = pos_orders([order_uuid])
    _state, _total, paid_after, payments, _inst = layaway(order_id)
    recorded = sql(
        "SELECT count(*) FROM layaway_payment WHERE pos_order_id IN (SELECT id FROM pos_order WHERE uuid = %s)",
        (order_uuid,),
    )[0][0]
    record(
        "c) one POS order synced 3 times at once",
        "3 clients sync_from_ui the same register order (same uuid, an installment of 100.00)",
        f"{3 - len(errors)} answered with POS order {sorted(returned)}"
        + (f", errors: {errors}" if errors else "")
        + f" ({retries} serialization retries); {len(created)} pos.order, {recorded} layaway.payment, "
        f"paid {money(paid)} -> {money(paid_after)}",
        not errors
        and len(created) == 1
        and returned == {created[0][1]}
        and recorded == 1
        and len(payments) == len(payments_before) + 1
        and abs(paid_after - paid - 100.0) < 0.005,
    )


# ----------------------------------------------------------------------
# d) the daily job killed with SIGKILL in the middle of a batch, run again
# ----------------------------------------------------------------------


def daily_counts(ids):
    """(installments overdue, reminders logged) of these layaways, as committed now."""
    ids = tuple(ids)
    overdue = sql("SELECT count(*) FROM layaway_installment WHERE order_id IN %s AND state = 'overdue'", (ids,))[0][0]
    reminders = sql("SELECT count(*) FROM layaway_reminder WHERE order_id IN %s", (ids,))[0][0]
    return overdue, reminders


def start_job(log_path, output):
    """Start stress_job.py in an odoo-bin shell of its own."""
    env = {**os.environ, "LAYAWAY_STRESS_JOB_LOG": log_path}
    command = [
        os.environ["LAYAWAY_STRESS_PY"],
        os.path.join(os.environ["ODOO_SRC"], "odoo-bin"),
        "shell",
        f"--addons-path={os.environ['LAYAWAY_STRESS_ADDONS_PATH']}",
        "-d",
        DB,
        "--log-level=warn",
        "--no-http",
    ]
    with open(os.path.join(os.path.dirname(__file__), "stress_job.py"), encoding="utf-8") as script:
        return subprocess.Popen(command, stdin=script, stdout=output, stderr=subprocess.STDOUT, env=env)


def kill_after(process, log_path, progressed, what):
    """SIGKILL the job once `progressed()` says a batch is committed; say where the job was then."""
    deadline = time.monotonic() + TIMEOUT
    while not progressed():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"the job ended (or hung) before it committed a batch of {what}")
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    with open(log_path, encoding="utf-8") as log:
        lines = [line.split(": ", 1)[-1] for line in log.read().splitlines() if line.startswith(f"pid {process.pid} ")]
    phase = max(i for i, line in enumerate(lines) if line.endswith(" job"))  # batches of the job killed
    lines = lines[phase:]
    committed = lines.count("committed")
    if lines[-1].endswith("not committed"):
        where = f"batch {committed + 1} written, not committed"
    else:
        where = f"batch {committed + 1} in progress"
    return f"SIGKILL in {what} with {committed} batches committed and {where}"


def scenario_daily_job(workdir):
    """The daily job and the reminders in a shell, SIGKILLed mid-batch twice, then run to the end."""
    groups = STATE["daily"]
    ids = [order_id for group in groups.values() for order_id in group]
    expected_overdue = 3 * len(groups["expired"]) + len(groups["overdue"])
    batch = int(os.environ.setdefault("LAYAWAY_STRESS_BATCH", "4"))
    log_path = os.path.join(workdir, "stress-job.log")
    kills = []
    started = time.monotonic()
    with open(os.path.join(workdir, "stress-job.out"), "a", encoding="utf-8") as output:
        # Run 1: killed once the daily job committed its first batch of overdue installments.
        job = start_job(log_path, output)
        kills.append(kill_after(job, log_path, lambda: daily_counts(ids)[0] >= batch, "the daily job"))
        overdue_at_kill = daily_counts(ids)[0]
        # Run 2: the daily job again, then the reminders, killed after their first committed batch.
        job = start_job(log_path, output)
        kills.append(kill_after(job, log_path, lambda: daily_counts(ids)[1] >= batch, "the reminders job"))
        reminders_at_kill = daily_counts(ids)[1]
        # Run 3: to the end.
        job = start_job(log_path, output)
        code = job.wait(timeout=TIMEOUT)
    elapsed = time.monotonic() - started

    t_ids = tuple(ids)
    states = dict(Counter(row[0] for row in sql("SELECT layaway_state FROM sale_order WHERE id IN %s", (t_ids,))))
    overdue = daily_counts(ids)[0]
    expired_logs = sql(
        "SELECT res_id, count(*) FROM mail_message WHERE model = 'sale.order' AND res_id IN %s "
        "AND body::text LIKE %s GROUP BY res_id",
        (t_ids, "%Layaway expired%"),
    )
    logs_ok = {res_id for res_id, n in expired_logs if n == 1} == set(groups["expired"]) and all(
        n == 1 for _r, n in expired_logs
    )
    # Reminders: exactly the expected ones, once each, each with its own email.
    expected = {"expired": {"expired": 1}, "overdue": {"started": 1, "overdue": 1}}
    expected["due"] = {"started": 1, "due": 1, "expiring": 1}
    sent = sql("SELECT order_id, kind, count(*) FROM layaway_reminder WHERE order_id IN %s GROUP BY 1, 2", (t_ids,))
    by_order = {}
    for order_id, kind, n in sent:
        by_order.setdefault(order_id, {})[kind] = n
    wrong = [
        order_id
        for group, members in groups.items()
        for order_id in members
        if by_order.get(order_id) != expected[group]
    ]
    duplicates = sql(
        "SELECT count(*) FROM (SELECT 1 FROM layaway_reminder GROUP BY order_id, installment_id, kind "
        "HAVING count(*) > 1) d"
    )[0][0]
    n_reminders, n_with_mail, n_mails = sql(
        "SELECT count(*), count(mail_id), count(DISTINCT mail_id) FROM layaway_reminder WHERE order_id IN %s",
        (t_ids,),
    )[0]
    installment_ids = tuple(r[0] for r in sql("SELECT id FROM layaway_installment WHERE order_id IN %s", (t_ids,)))
    mails, mail_keys = sql(
        "SELECT count(*), count(DISTINCT (m.model, m.res_id, m.subject)) FROM mail_mail mm "
        "JOIN mail_message m ON m.id = mm.mail_message_id "
        "WHERE (m.model = 'sale.order' AND m.res_id IN %s) OR (m.model = 'layaway.installment' AND m.res_id IN %s)",
        (t_ids, installment_ids),
    )[0]
    n_expected = sum(len(members) * sum(expected[g].values()) for g, members in groups.items())
    ok = (
        code == 0
        and 0 < overdue_at_kill < expected_overdue
        and 0 < reminders_at_kill < n_expected
        and overdue == expected_overdue
        and states == {"expired": len(groups["expired"]), "active": len(groups["overdue"]) + len(groups["due"])}
        and logs_ok
        and not wrong
        and not duplicates
        and n_reminders == n_with_mail == n_mails == mails == mail_keys == n_expected
    )
    record(
        "d) daily job killed (SIGKILL) and run again",
        f"{len(ids)} late, expiring and expired layaways; sale.order._cron_layaway_daily then "
        f"layaway.reminder._cron_send_reminders in an odoo-bin shell, batches of {batch}; run 1 {kills[0]} "
        f"({overdue_at_kill}/{expected_overdue} installments marked); run 2 {kills[1]} "
        f"({reminders_at_kill}/{n_expected} reminders); run 3 to the end (exit {code}); {elapsed:.0f} s",
        f"installments overdue {overdue}/{expected_overdue}; layaways {states}; one 'expired' log on "
        f"{len(expired_logs)}/{len(groups['expired'])} expired"
        + ("" if logs_ok else " (NOT exactly once each)")
        + f"; reminders {n_reminders}/{n_expected} as expected per layaway"
        + (f" (wrong on {len(wrong)}: {wrong[:5]})" if wrong else "")
        + f", {duplicates} duplicate (kind, installment) in all; {mails} mail.mail, "
        f"{mail_keys} distinct (record, subject), {n_mails} distinct linked",
        ok,
    )


# ----------------------------------------------------------------------
# e) a portal customer probing others' layaways
# ----------------------------------------------------------------------


def scenario_portal():
    """A portal customer asks for layaways not theirs, every way it can: all 404; theirs: 200."""
    portal = STATE["portal"]
    session = requests.Session()
    login = session.post(
        f"{URL}/web/session/authenticate",
        json={"jsonrpc": "2.0", "params": {"db": DB, "login": "stress_portal", "password": PASSWORD}},
        timeout=TIMEOUT,
    ).json()
    if "error" in login:
        record("e) portal probing", "log in as the portal customer", f"login refused: {login['error']}", False)
        return
    anonymous = requests.Session()
    own_token = next(iter(portal["own"].values()))
    others = {**portal["others"], **portal["other_draft"], **portal["quotation"]}
    # Daily-job layaways of another customer, a sample, without their tokens (they have none).
    for order_id in STATE["daily"]["expired"][:3] + STATE["daily"]["due"][:3]:
        others[str(order_id)] = None
    others[str(max(int(i) for i in others) + 100000)] = None  # an id that does not exist
    foreign_tokens = [t for t in others.values() if t]
    probes = []  # (client, url, what is tried): each must answer 404
    for order_id, token in others.items():
        base = f"/my/layaways/{order_id}"
        third = next((t for t in foreign_tokens if t != token), own_token)
        probes += [
            (session, base, "no token"),
            (session, f"{base}?access_token={own_token}", "own token"),
            (session, f"{base}?access_token={third}", "another order's token"),
            (session, f"{base}?access_token={uuid.uuid4()}", "random token"),
            (session, f"{base}?access_token=", "empty token"),
            (session, f"{base}?report_type=pdf", "PDF, no token"),
            (anonymous, base, "anonymous, no token"),
            (anonymous, f"{base}?access_token={third}", "anonymous, another order's token"),
        ]
    # Drafts and quotations are never shown, even with their own token, even to their own customer.
    for order_id, token in {**portal["other_draft"], **portal["quotation"], **portal["own_draft"]}.items():
        probes.append((anonymous, f"/my/layaways/{order_id}?access_token={token}", "draft/quotation, its own token"))
        probes.append((session, f"/my/layaways/{order_id}", "draft/quotation, logged in"))
    own = []
    for order_id, token in portal["own"].items():
        own += [
            (session, f"/my/layaways/{order_id}"),
            (session, f"/my/layaways/{order_id}?access_token={token}"),
            (anonymous, f"/my/layaways/{order_id}?access_token={token}"),
        ]

    def status(client, path):
        return client.get(f"{URL}{path}", allow_redirects=False, timeout=TIMEOUT).status_code

    leaks = [(path, what, code) for client, path, what in probes if (code := status(client, path)) != 404]
    own_codes = [status(client, path) for client, path in own]
    listing = session.get(f"{URL}/my/layaways", timeout=TIMEOUT)
    listed_own = all(name in listing.text for name in portal["names"]["own"])
    listed_others = [name for name in portal["names"]["others"] if f">{name}<" in listing.text]
    record(
        "e) portal customer probing",
        f"the portal customer (logged in, and anonymously) asks /my/layaways/<id> for {len(others)} ids not "
        f"theirs (other customers' layaways, a draft, a quotation, an unknown id) with no, their own, another "
        f"order's, a random and an empty access_token, and as PDF ({len(probes)} probes, drafts included); "
        f"then their own {len(portal['own'])} layaways ({len(own)} requests) and /my/layaways",
        f"{len(probes) - len(leaks)}/{len(probes)} probes answered 404"
        + (f", NOT 404: {leaks[:5]}" if leaks else "")
        + f"; own: {dict(Counter(own_codes))}; list {listing.status_code}, own listed: {listed_own}, "
        f"others listed: {listed_others or 'none'}",
        not leaks and set(own_codes) == {200} and listing.status_code == 200 and listed_own and not listed_others,
    )


def print_table():
    """The table of every scenario, wrapped to fit a terminal, and the count that held."""
    width = {"scenario": 28, "tried": 60, "held": 60}
    header = (
        f"| {'scenario':<{width['scenario']}} | {'what was tried':<{width['tried']}} | "
        f"{'what held':<{width['held']}} | result |"
    )
    rule = f"|{'-' * (width['scenario'] + 2)}|{'-' * (width['tried'] + 2)}|{'-' * (width['held'] + 2)}|--------|"
    print("\n" + header + "\n" + rule)
    for scenario, tried, held, ok in results:
        cells = [textwrap.wrap(text, width[key]) for key, text in zip(width, (scenario, tried, held), strict=True)]
        for n in range(max(len(c) for c in cells)):
            parts = [(c[n] if n < len(c) else "").ljust(width[key]) for key, c in zip(width, cells, strict=True)]
            verdict = ("PASS" if ok else "FAIL") if n == 0 else ""
            print(f"| {' | '.join(parts)} | {verdict:<6} |")
    failed = sum(1 for *_x, ok in results if not ok)
    print(f"\n{len(results) - failed}/{len(results)} scenarios held.")


def main():
    """Run every scenario (a crash is a failed row); exit 1 unless all held."""
    workdir = os.environ.get("LAYAWAY_STRESS_WORKDIR", "/tmp")
    scenarios = [
        ("a) back-office payments", lambda: scenario_pay_race("pay_race", 1)),
        ("a) back-office payments, part", lambda: scenario_pay_race("pay_race_part", 0.6)),
        ("b) two registers", lambda: scenario_two_registers("registers_fit", 300.0, both_fit=True)),
        ("b) two registers, over", lambda: scenario_two_registers("registers_over", 500.0, both_fit=False)),
        ("c) same POS order", scenario_same_uuid),
        ("d) daily job", lambda: scenario_daily_job(workdir)),
        ("e) portal", scenario_portal),
    ]
    for name, scenario in scenarios:
        started = time.monotonic()
        try:
            scenario()
        # A scenario that crashes is a failed row. pylint: disable-next=broad-exception-caught
        except Exception as error:  # noqa: BLE001
            record(name, "(the scenario crashed)", f"{type(error).__name__}: {error}", False)
        print(f"[stress] {name}: {time.monotonic() - started:.0f} s", flush=True)
    print_table()
    return 0 if all(ok for *_x, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main())
