#!/usr/bin/env bash
# make bench: query counts and timings of the layaway server methods on a scratch database,
# then the reminder job on 10,000 layaways (LAYAWAY_BENCH_REMINDERS) on a throw-away copy of it.
set -euo pipefail
source "$(dirname "$0")/common.sh"
DB="${LAYAWAY_BENCH_DB:-layaway_bench}"
N="${LAYAWAY_BENCH_N:-200}"
if ! db_exists "$DB"; then
    echo "[bench] Creating $DB with layaway_pos and demo data"
    odoo "$DB" -i layaway_pos --with-demo --stop-after-init --log-level=warn
fi
LAYAWAY_BENCH_N="$N" "$PY" "$ODOO_SRC/odoo-bin" shell --addons-path="$ADDONS_PATH" -d "$DB" \
    --log-level=warn --no-http <"$ROOT/scripts/bench.py"

# The reminder job commits its batches: it runs on a copy, dropped afterwards (filestore included).
SCRATCH="${DB}_reminders"
odoo_db() { "$PY" "$ODOO_SRC/odoo-bin" db --addons-path="$ADDONS_PATH" "$@" >/dev/null 2>&1; }
odoo_db duplicate --force "$DB" "$SCRATCH"
trap 'odoo_db drop "$SCRATCH"' EXIT
"$PY" "$ODOO_SRC/odoo-bin" shell --addons-path="$ADDONS_PATH" -d "$SCRATCH" \
    --log-level=warn --no-http <"$ROOT/scripts/bench_reminders.py"
