# The two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
export ODOO_SRC ?= $(HOME)/.cache/layaway_pos/odoo-19.0
export LAYAWAY_VENV ?= $(HOME)/.cache/layaway_pos/venv

.PHONY: setup run test test-giftcard lint bench pot stress

setup:
	@bash scripts/setup.sh

run: setup
	@bash scripts/run.sh

test: setup
	@bash scripts/test.sh

test-giftcard: setup
	@bash scripts/test_gift_card.sh

lint: setup
	@bash scripts/lint.sh

bench: setup
	@bash scripts/bench.sh

pot: setup
	@bash scripts/pot.sh

stress: setup
	@bash scripts/stress.sh
