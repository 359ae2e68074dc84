#!/usr/bin/env bash
# make lint: every hook of .pre-commit-config.yaml on every file of the repository: ruff (check
# and format, settings in pyproject.toml), pylint with pylint-odoo (.pylintrc), prettier for JS
# and XML (.prettierrc.cjs), OCA's module checks and the usual whitespace checks.
# The formatters fix files in place and the run then fails, so the changes can be reviewed.
# Extra arguments go to `pre-commit run`: `bash scripts/lint.sh pylint_odoo` runs one hook.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

die() { printf '\n[lint] ERROR: %s\n\n' "$*" >&2; exit 1; }

[ -x "$VENV/bin/pre-commit" ] \
    || die "pre-commit is not in the virtualenv $VENV; run \`make setup\` (it installs requirements-dev.txt)."
git rev-parse --git-dir >/dev/null 2>&1 \
    || die "pre-commit lints the files git tracks; $ROOT is not a git checkout."
# pre-commit builds prettier's environment from npm on top of the system's Node.js.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    die "prettier (the JS and XML formatter) needs Node.js 14 or newer and npm, and they are not installed.
  On Debian or Ubuntu: sudo apt-get install nodejs npm   then run \`make lint\` again."
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 14 ] \
    || die "prettier 3 needs Node.js 14 or newer; this machine has $(node --version). Install a newer Node.js."

# The first run installs each hook's pinned packages from PyPI and npm into ~/.cache/pre-commit.
# Without common.sh's PYTHONPATH: with the Odoo source importable, pylint would follow Odoo's
# metaclass-built models and report fields as missing members (no-member by the hundred).
exec env -u PYTHONPATH "$VENV/bin/pre-commit" run --all-files "$@"
