#!/usr/bin/env bash
# make test: a fresh test database with layaway_pos, then every test with pytest:
# pure tests (tests_pure/), Odoo tests and browser tours (layaway_pos/tests/).
set -euo pipefail
source "$(dirname "$0")/common.sh"
DB="${LAYAWAY_TEST_DB:-layaway_test}"
LOG="${TMPDIR:-/tmp}/layaway_pos-test-install.log"

echo "[test] Fresh database $DB"
dropdb --if-exists "$DB"
# payment_demo (Odoo's Demo provider: success, pending, failure, saved tokens) is installed for the
# online payment tests only; layaway_pos does not depend on it.
if ! odoo "$DB" -i layaway_pos,payment_demo --stop-after-init --log-level=warn >"$LOG" 2>&1; then
    tail -50 "$LOG"
    echo "[test] Installing layaway_pos failed; full log: $LOG" >&2
    exit 1
fi
if grep -qE "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL)" "$LOG"; then
    grep -E "(ERROR|CRITICAL)" -A15 "$LOG" | head -60
    echo "[test] Installing layaway_pos logged errors; full log: $LOG" >&2
    exit 1
fi

cd "$ROOT"
echo "[test] pytest"
"$PY" -m pytest -p no:cacheprovider \
    --odoo-database="$DB" --odoo-addons-path="$ADDONS_PATH" --odoo-http --odoo-log-level=warn \
    tests_pure layaway_pos/tests "$@"
