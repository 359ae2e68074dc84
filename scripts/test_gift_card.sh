#!/usr/bin/env bash
# make test-giftcard: the refund destination "gift card" with Odoo's Loyalty app installed, on a
# database of its own (installing loyalty also installs pos_loyalty and sale_loyalty, which would
# change the register that make test's tours and query counts run against).
set -euo pipefail
source "$(dirname "$0")/common.sh"
DB="${LAYAWAY_GIFT_CARD_DB:-layaway_test_giftcard}"
PORT="${LAYAWAY_GIFT_CARD_PORT:-8269}"
LOG="${TMPDIR:-/tmp}/layaway_pos-test-giftcard-install.log"

echo "[test-giftcard] Fresh database $DB with layaway_pos and loyalty"
dropdb --if-exists "$DB"
if ! odoo "$DB" -i layaway_pos,loyalty --stop-after-init --log-level=warn >"$LOG" 2>&1; then
    tail -50 "$LOG"
    echo "[test-giftcard] Installing failed; full log: $LOG" >&2
    exit 1
fi
cd "$ROOT"
conf="$(mktemp)"
printf '[options]\nhttp_port = %s\n' "$PORT" >"$conf"
set +e
"$PY" -m pytest -p no:cacheprovider --odoo-database="$DB" --odoo-addons-path="$ADDONS_PATH" \
    --odoo-config="$conf" --odoo-log-level=warn layaway_pos/tests/test_layaway_gift_card.py "$@"
status=$?
rm -f "$conf"
# (TestGiftCardWithoutLoyalty skips itself here: make test runs it.)
exit $status
