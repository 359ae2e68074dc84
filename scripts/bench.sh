#!/usr/bin/env bash
# make bench: query counts and timings of the layaway server methods on a scratch database,
# the reminder job on 100,000 layaways (LAYAWAY_BENCH_REMINDERS) and core's mass-mail composer on
# 10,000 of them (LAYAWAY_BENCH_COMPOSER) on a throw-away copy of it,
# then the scale bench on another copy: layaways seeded by SQL (LAYAWAY_BENCH_SIZES, default
# "10000 100000"), measured at each size, and the portal over HTTP; one table at the end.
# LAYAWAY_BENCH_ONLY=scale skips the first two.
set -euo pipefail
source "$(dirname "$0")/common.sh"
DB="${LAYAWAY_BENCH_DB:-layaway_bench}"
N="${LAYAWAY_BENCH_N:-200}"
PORT="${LAYAWAY_BENCH_PORT:-8091}"
if ! db_exists "$DB"; then
    echo "[bench] Creating $DB with layaway_pos and demo data"
    odoo "$DB" -i layaway_pos --with-demo --stop-after-init --log-level=warn
else
    # The module as it is now (its indexes and views), not as the database was made.
    echo "[bench] Updating layaway_pos in $DB"
    odoo "$DB" -u layaway_pos --stop-after-init --log-level=warn
fi
odoo_db() { "$PY" "$ODOO_SRC/odoo-bin" db --addons-path="$ADDONS_PATH" "$@" >/dev/null 2>&1; }
shell() { "$PY" "$ODOO_SRC/odoo-bin" shell --addons-path="$ADDONS_PATH" -d "$1" --log-level=warn --no-http; }

# The scratch copies (filestores included) are dropped whatever happens.
REMINDERS="${DB}_reminders"
SCALE="${DB}_scale"
SERVER=""
LOG="$(mktemp)"
ROWS="$(mktemp)"
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    odoo_db drop "$REMINDERS" || true
    odoo_db drop "$SCALE" || true
    rm -f "$LOG" "$ROWS"
}
trap cleanup EXIT

if [ "${LAYAWAY_BENCH_ONLY:-}" != scale ]; then
    LAYAWAY_BENCH_ROWS="$ROWS" LAYAWAY_BENCH_N="$N" shell "$DB" <"$ROOT/scripts/bench.py"
    # The reminder job commits its batches: it runs on a copy.
    odoo_db duplicate --force "$DB" "$REMINDERS"
    LAYAWAY_BENCH_ROWS="$ROWS" shell "$REMINDERS" <"$ROOT/scripts/bench_reminders.py"
    odoo_db drop "$REMINDERS"
    # The register against core's pos_sale, on the same goods in the same run: the query-count
    # tests of make test, their figures and times written as rows (they roll back).
    echo "[bench] Register payment and pick-up against pos_sale's down payment and settle"
    CONF="$(mktemp)"
    printf '[options]\nhttp_port = %s\n' "$PORT" >"$CONF"
    (cd "$ROOT" && LAYAWAY_BENCH_ROWS="$ROWS" "$PY" -m pytest -p no:cacheprovider -q \
        --odoo-database="$DB" --odoo-addons-path="$ADDONS_PATH" --odoo-http --odoo-config="$CONF" \
        --odoo-log-level=warn layaway_pos/tests/test_pos_layaway_performance.py \
        -k "payment_queries_do_not_grow or completion_costs_no_more") || true
    rm -f "$CONF"
fi

echo "[bench] Scale: seeding ${LAYAWAY_BENCH_SIZES:-10000 100000} layaways by SQL into $SCALE"
odoo_db duplicate --force "$DB" "$SCALE"
LAYAWAY_BENCH_ROWS="$ROWS" shell "$SCALE" <"$ROOT/scripts/bench_scale.py"
# Not through the odoo function: $! must be the server's own pid, for the cleanup to stop it.
"$PY" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS_PATH" -d "$SCALE" --db-filter="^$SCALE\$" --http-port="$PORT" \
    --workers=0 --max-cron-threads=0 --log-level=info --logfile="$LOG" &
SERVER=$!
for _ in $(seq 60); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/web/login" && break; sleep 1; done
kill -0 "$SERVER" || { echo "[bench] the server did not start (port $PORT in use?), see $LOG" >&2; exit 1; }
echo "[bench] nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)"
"$PY" "$ROOT/scripts/bench_portal.py" "$ROWS" "http://127.0.0.1:$PORT" "$LOG"
