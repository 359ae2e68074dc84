# Shared by the scripts: paths and an Odoo command line.
ODOO_SRC="${ODOO_SRC:-$HOME/.cache/layaway_pos/odoo-19.0}"
VENV="${LAYAWAY_VENV:-$HOME/.cache/layaway_pos/venv}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADDONS_PATH="$ODOO_SRC/addons,$ROOT"
PY="$VENV/bin/python"
export PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}"

# odoo DB [args...]: Odoo with this project's addons path.
odoo() {
    local db="$1"; shift
    "$PY" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS_PATH" -d "$db" --db-filter="^$db\$" "$@"
}

db_exists() { psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; }
