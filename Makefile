# Gongkai: the two commands of README "快速开始" (make run, make test) and their helpers.
# Everything the project needs is installed from here: a fresh machine of our kind needs nothing else.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
export HOST PORT

.PHONY: install install-dev run test test-sqlite test-postgres lint format messages bench browser clean

install: $(VENV)/.base-installed  ## create .venv and install the pinned runtime dependencies

$(VENV)/.base-installed: requirements/base.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/base.txt
	@touch $@

install-dev: $(VENV)/.dev-installed  ## runtime + test and lint dependencies

$(VENV)/.dev-installed: $(VENV)/.base-installed requirements/dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	@touch $@

run: install  ## migrate, load the demo region on first run, serve on http://$(HOST):$(PORT) with the task worker
	@scripts/run.sh

browser:  ## Debian's chromium for the browser tests (installed when missing and we are root)
	@scripts/ensure-chromium.sh

lint: install-dev  ## ruff (lint + format check) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy gongkai config

test: install-dev browser lint  ## the whole suite on SQLite, then on PostgreSQL when a server answers
	@scripts/test.sh

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install-dev  ## gongkai/locale: our Chinese messages, each its own translation (rerun after adding text)
	$(BIN)/python scripts/messages.py

bench: install-dev  ## benchmarks (not tests); results go to docs/performance.md by hand
	@scripts/bench.sh

clean:
	rm -rf $(VENV) var/static .mypy_cache .ruff_cache
