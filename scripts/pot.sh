#!/usr/bin/env bash
# make pot: regenerate layaway_pos/i18n/layaway_pos.pot from a scratch database with the module.
set -euo pipefail
source "$(dirname "$0")/common.sh"
DB="${LAYAWAY_POT_DB:-layaway_pot}"
dropdb --if-exists "$DB"
odoo "$DB" -i layaway_pos --stop-after-init --log-level=warn
"$PY" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS_PATH" i18n export -d "$DB" -l pot -o "$ROOT/layaway_pos/i18n/layaway_pos.pot" layaway_pos
dropdb "$DB"
echo "[pot] layaway_pos/i18n/layaway_pos.pot regenerated"
