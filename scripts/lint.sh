#!/usr/bin/env bash
# make lint: ruff (format check + lint) and pylint-odoo on the module.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
"$VENV/bin/ruff" format --check layaway_pos tests_pure
"$VENV/bin/ruff" check layaway_pos tests_pure
"$VENV/bin/pylint" --rcfile=.pylintrc --disable=missing-readme,attribute-string-redundant layaway_pos
