#!/usr/bin/env bash
# make test: a fresh test database with layaway_pos (and payment_demo), then every test with pytest:
# pure tests (tests_pure/), Odoo tests and browser tours (layaway_pos/tests/), in two processes on
# two copies of the database (LAYAWAY_TEST_JOBS=1: one). `scripts/test.sh FILES...` runs those only.
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
# pytest on DATABASE PORT FILES...: the tests roll back; tours talk to a server thread on PORT.
run_pytest() {
    local db="$1" port="$2"; shift 2
    local conf
    conf="$(mktemp)"
    printf '[options]\nhttp_port = %s\n' "$port" >"$conf"
    "$PY" -m pytest -p no:cacheprovider \
        --odoo-database="$db" --odoo-addons-path="$ADDONS_PATH" --odoo-http --odoo-config="$conf" \
        --odoo-log-level=warn "$@"
    local status=$?
    rm -f "$conf"
    return $status
}
PORT="${LAYAWAY_TEST_PORT:-8069}"

# Test files named on the command line: those, in one process; LAYAWAY_TEST_JOBS=1: all of them in one.
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
    echo "[test] pytest $*"
    run_pytest "$DB" "$PORT" "$@"
    exit $?
fi
if [ "${LAYAWAY_TEST_JOBS:-2}" = 1 ]; then
    echo "[test] pytest"
    run_pytest "$DB" "$PORT" tests_pure layaway_pos/tests "$@"
    exit $?
fi

# Two processes, one per core, each on its own copy of the database (its filestore too) and its
# own HTTP port: the browser tours (and the property tests) on one, the rest on the other, about
# the same time each (4.5 and 7 minutes before the property tests moved, 8 minutes in all).
DB2="${DB}_2"
"$PY" "$ODOO_SRC/odoo-bin" db --addons-path="$ADDONS_PATH" duplicate --force "$DB" "$DB2" >/dev/null 2>&1
BROWSER_FILES=(
    layaway_pos/tests/test_pos_layaway_tour.py
    layaway_pos/tests/test_layaway_online.py
    layaway_pos/tests/test_pos_layaway_unit_js.py
    layaway_pos/tests/test_portal_layaway.py
    layaway_pos/tests/test_pos_layaway_sync.py
    layaway_pos/tests/test_pos_layaway_partial_pickup.py
    layaway_pos/tests/test_pos_layaway_performance.py
    layaway_pos/tests/test_report_liability.py
    layaway_pos/tests/test_layaway_access.py
    layaway_pos/tests/test_layaway_properties.py
)
OTHER_FILES=()
for file in tests_pure layaway_pos/tests/test_*.py; do
    [[ " ${BROWSER_FILES[*]} " == *" $file "* ]] || OTHER_FILES+=("$file")
done
OUT1="$(mktemp)"
OUT2="$(mktemp)"
echo "[test] pytest in two processes: ${#BROWSER_FILES[@]} files with the browser tours on $DB2, ${#OTHER_FILES[@]} others on $DB"
run_pytest "$DB2" "$((PORT + 100))" "${BROWSER_FILES[@]}" "$@" >"$OUT1" 2>&1 &
FIRST=$!
set +e
run_pytest "$DB" "$PORT" "${OTHER_FILES[@]}" "$@" >"$OUT2" 2>&1
STATUS2=$?
wait "$FIRST"
STATUS1=$?
set -e
echo "[test] ---- browser tours and register ($DB2) ----"
cat "$OUT1"
echo "[test] ---- the others ($DB) ----"
cat "$OUT2"
rm -f "$OUT1" "$OUT2"
if [ "$STATUS1" -ne 0 ] || [ "$STATUS2" -ne 0 ]; then
    echo "[test] FAILED (tours and register: exit $STATUS1, others: exit $STATUS2)" >&2
    exit 1
fi
echo "[test] all passed"
