#!/usr/bin/env bash
# make run: a demo database with layaway_pos and its demo data, served on :8069.
set -euo pipefail
source "$(dirname "$0")/common.sh"
DB="${LAYAWAY_DB:-layaway_demo}"
PORT="${LAYAWAY_PORT:-8069}"

if ! db_exists "$DB"; then
    echo "[run] Creating database $DB with layaway_pos and demo data (about a minute)"
    # Odoo's Demo payment provider (installed enabled, in test mode): customers can try paying their
    # layaways online from the portal. A demo choice, not a dependency of layaway_pos.
    odoo "$DB" -i layaway_pos,payment_demo --with-demo --stop-after-init --log-level=warn
else
    echo "[run] Updating layaway_pos in $DB"
    odoo "$DB" -u layaway_pos -i payment_demo --stop-after-init --log-level=warn
fi
echo
echo "  Odoo is serving http://localhost:$PORT  (login: admin / password: admin)"
echo "  Layaways: Sales > Orders > Layaways; plans: Sales > Configuration > Layaway Plans"
echo
exec "$PY" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS_PATH" -d "$DB" --db-filter="^$DB\$" \
    --http-port="$PORT" --log-level=info
