#!/usr/bin/env bash
# make stress: a scratch database with layaway_pos, a real server with 2 workers, and real concurrent
# clients against it (scripts/stress.py): simultaneous payments, two registers, retried syncs, the
# daily job killed mid-batch, a portal customer probing others' layaways. Prints a table; exits
# non-zero when anything did not hold. The server is stopped whatever happens; the database and
# the logs are dropped when everything held, kept for a look otherwise.
set -euo pipefail
source "$(dirname "$0")/common.sh"
DB="${LAYAWAY_STRESS_DB:-layaway_stress}"
PORT="${LAYAWAY_STRESS_PORT:-8090}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/layaway_stress.XXXXXX")"
SERVER_PID=""
started=$SECONDS

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        # The server runs in its own process group (job control): its workers and gevent process go too.
        kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
        kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
    fi
}
drop_db() { db_exists "$DB" && "$PY" "$ODOO_SRC/odoo-bin" db drop "$DB" >/dev/null 2>&1 || true; }  # with its filestore
trap stop_server EXIT
trap 'exit 130' INT TERM

for port in "$PORT" "$((PORT + 1))"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "[stress] Port $port is in use: set LAYAWAY_STRESS_PORT to a free port (it uses PORT and PORT+1)." >&2
        exit 1
    fi
done

# With --workers, Odoo runs its websocket process with gevent, whose plugins pkg_resources must resolve.
if ! "$PY" -c "import gevent.monkey; gevent.monkey.patch_all()" >"$WORK/gevent.log" 2>&1; then
    tail -3 "$WORK/gevent.log"
    echo "[stress] gevent cannot start in $VENV (see requirements-dev.txt): run make setup." >&2
    exit 1
fi

echo "[stress] Fresh database $DB (logs in $WORK)"
drop_db
if ! odoo "$DB" -i layaway_pos --stop-after-init --log-level=warn >"$WORK/install.log" 2>&1; then
    tail -50 "$WORK/install.log"
    echo "[stress] Installing layaway_pos failed; full log: $WORK/install.log" >&2
    exit 1
fi
echo "[stress] Installed in $((SECONDS - started)) s; setting up users, registers and layaways"

export LAYAWAY_STRESS_DB="$DB" LAYAWAY_STRESS_PORT="$PORT" LAYAWAY_STRESS_WORKDIR="$WORK"
export LAYAWAY_STRESS_STATE="$WORK/state.json" LAYAWAY_STRESS_PY="$PY" LAYAWAY_STRESS_ADDONS_PATH="$ADDONS_PATH"
export ODOO_SRC LAYAWAY_STRESS_PASSWORD="stress-$RANDOM$RANDOM$RANDOM" LAYAWAY_STRESS_SERVER_LOG="$WORK/server.log"
if ! "$PY" "$ODOO_SRC/odoo-bin" shell --addons-path="$ADDONS_PATH" -d "$DB" --log-level=warn --no-http \
    <"$ROOT/scripts/stress_setup.py" >"$WORK/setup.log" 2>&1; then
    tail -40 "$WORK/setup.log"
    echo "[stress] Setting up the scenarios failed; full log: $WORK/setup.log" >&2
    exit 1
fi
grep '^\[stress\]' "$WORK/setup.log"

echo "[stress] Starting the server: --workers=2 on port $PORT"
set -m  # a process group of its own, whose id is $!
"$PY" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS_PATH" -d "$DB" --db-filter="^$DB\$" \
    --workers=2 --max-cron-threads=0 --http-port="$PORT" --gevent-port="$((PORT + 1))" \
    --http-interface=127.0.0.1 --log-level=warn --log-handler=odoo.service.model:INFO \
    --logfile="$WORK/server.log" >"$WORK/server.out" 2>&1 &
SERVER_PID=$!
set +m
health() { "$PY" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$PORT/web/health', timeout=5)" 2>/dev/null; }
for _ in $(seq 120); do
    health && break
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        tail -40 "$WORK/server.log"
        echo "[stress] The server did not start; log: $WORK/server.log" >&2
        exit 1
    fi
    sleep 0.5
done
health || { echo "[stress] The server does not answer" >&2; exit 1; }

status=0
"$PY" "$ROOT/scripts/stress.py" || status=$?
stop_server
if [[ "$status" == 0 ]]; then
    drop_db
    rm -rf "$WORK"
    echo "[stress] Everything held; $((SECONDS - started)) s in all (database $DB dropped)"
else
    echo "[stress] Something did not hold; $((SECONDS - started)) s in all. Kept for a look: the database $DB" \
        "and the logs in $WORK (server.log, stress-job.log, stress-job.out)" >&2
fi
exit "$status"
