#!/usr/bin/env bash
# Idempotent set-up shared by `make run` and `make test`:
# Odoo 19.0 source, system packages, PostgreSQL, the virtualenv.
# Every step checks first and does nothing when already done.
set -euo pipefail

ODOO_SRC="${ODOO_SRC:-$HOME/.cache/layaway_pos/odoo-19.0}"
VENV="${LAYAWAY_VENV:-$HOME/.cache/layaway_pos/venv}"
ODOO_GIT="${ODOO_GIT:-https://github.com/odoo/odoo.git}"
PYTHON="${PYTHON:-python3.11}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"

say() { printf '[setup] %s\n' "$*"; }
die() { printf '\n[setup] ERROR: %s\n\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "'$*' needs root and sudo is not available. Run it as root once."
    fi
}

# 1. Odoo source ---------------------------------------------------------
if [ ! -f "$ODOO_SRC/odoo-bin" ]; then
    say "No Odoo 19.0 source at $ODOO_SRC; cloning $ODOO_GIT (branch 19.0)"
    tmp="$ODOO_SRC.partial"
    rm -rf "$tmp"
    mkdir -p "$(dirname "$ODOO_SRC")"
    if ! timeout 900 git clone --quiet --depth 1 --branch 19.0 "$ODOO_GIT" "$tmp" 2>/dev/null; then
        rm -rf "$tmp"
        die "Odoo 19.0 source is missing at $ODOO_SRC and $ODOO_GIT cannot be reached.
  Put an Odoo 19.0 source tree there (the folder that holds odoo-bin),
  or set ODOO_SRC=/path/to/odoo-19.0, then run the command again."
    fi
    mv "$tmp" "$ODOO_SRC"
fi
grep -q "version_info = (19, 0" "$ODOO_SRC/odoo/release.py" \
    || die "$ODOO_SRC is not an Odoo 19.0 source tree (odoo/release.py says otherwise)."

# 2. System packages -------------------------------------------------------
APT_PACKAGES="libpq-dev libldap2-dev libsasl2-dev build-essential chromium wkhtmltopdf fonts-dejavu-core"
missing=""
for p in $APT_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if ! command -v "$PYTHON" >/dev/null; then
    PYTHON=python3
    "$PYTHON" -c 'import sys; assert sys.version_info[:2] >= (3, 10)' 2>/dev/null \
        || die "Odoo 19.0 needs Python 3.10 or newer; install python3.11 (or set PYTHON=)."
    "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || missing="$missing python3-venv"
fi
if [ -n "$missing" ]; then
    say "Installing system packages:$missing"
    command -v apt-get >/dev/null || die "Missing system packages:$missing; this is not a Debian machine, install them by hand."
    as_root apt-get update -qq || die "apt-get update failed; install$missing by hand."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null \
        || die "Could not install$missing with apt-get; install them by hand."
fi

# 3. PostgreSQL ------------------------------------------------------------
pg_up() { psql -d postgres -tAc 'select 1' >/dev/null 2>&1; }
if ! pg_up; then
    if ! command -v pg_ctlcluster >/dev/null; then
        say "No PostgreSQL server; installing it with apt"
        as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
            || die "PostgreSQL is not running and could not be installed. Install and start it, then run again."
    fi
    ver="$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)"
    if [ -z "$ver" ]; then
        ver="$(ls /usr/lib/postgresql | sort -n | tail -1)"
        as_root pg_createcluster "$ver" main >/dev/null
    fi
    say "Starting PostgreSQL $ver"
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null \
        || as_root pg_ctlcluster "$ver" main start || true
    for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
    pg_isready -q || die "PostgreSQL did not start; see /var/log/postgresql/."
    # A fresh cluster only knows 'postgres': give the current user a superuser role.
    if ! pg_up; then
        as_root su postgres -c "createuser --superuser $(id -un)" 2>/dev/null || true
        as_root su postgres -c "createdb $(id -un)" 2>/dev/null || true
    fi
    pg_up || die "PostgreSQL runs but role '$(id -un)' cannot connect; create it: sudo -u postgres createuser -s $(id -un)"
fi

# 4. Virtualenv ------------------------------------------------------------
stamp="$VENV/.layaway_pos-stamp"
want="$(cat "$ODOO_SRC/requirements.txt" "$HERE/requirements-dev.txt" | sha1sum | cut -c1-16)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "Building the virtualenv at $VENV (a few minutes the first time)"
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install -q -U pip wheel
    constraint="$(mktemp)"
    echo 'setuptools<70' >"$constraint"
    # cbor2 and a few others import pkg_resources at build time.
    "$VENV/bin/pip" install -q --build-constraint "$constraint" -r "$ODOO_SRC/requirements.txt"
    "$VENV/bin/pip" install -q --build-constraint "$constraint" -r "$HERE/requirements-dev.txt"
    rm -f "$constraint"
    echo "$want" >"$stamp"
fi
say "ready: Odoo at $ODOO_SRC, venv at $VENV, PostgreSQL up"
