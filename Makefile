# hotseat — `make run` and `make test` set up everything on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes for the suite outside the browser (pytest-xdist; `auto` = one per CPU core).
TEST_WORKERS ?= auto

# A Python >= 3.12: PATH first, then pyenv's versions.
PYTHON ?= $(shell for c in python3.13 python3.12 python3 python; do \
    p=$$(command -v $$c 2>/dev/null) && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit 0; }; done; \
  root=$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv); \
  for p in $$(ls -d $$root/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V); do \
    $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit 0; }; done)

.PHONY: help install run test lint typecheck bench messages clean

help:
	@echo "make run    set up (virtualenv, install, migrate, demo data) and serve on http://$(HOST):$(PORT)"
	@echo "make test   lint (ruff, import layers), type-check, migration check and the whole test suite"
	@echo "make bench  benchmarks (bench/)"

$(STAMP): pyproject.toml requirements.lock
	@if [ -z "$(PYTHON)" ]; then \
	  echo "hotseat needs Python 3.12 or newer, and none was found on PATH or in pyenv."; \
	  echo "Install one, e.g. 'pyenv install 3.12' or your system's python3.12 package, then run make again."; \
	  exit 1; fi
	@test -x $(PY) || { echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check 'uv==0.13.9'
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements.lock
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e .
	@touch $(STAMP)

# Node tools of the test suite (Stoplight Prism, the contract peer of tests/contracts/), from
# package-lock.json; without npm the contract tests are skipped with a notice (and fail under CI=true).
NODE_STAMP := node_modules/.installed

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else echo "npm not found: the Discourse contract tests (Prism) will be skipped"; fi

install: $(STAMP) $(NODE_STAMP)

run: $(STAMP)
	@mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo
	@echo "Serving on http://$(HOST):$(PORT)/ with the background worker beside it (Ctrl-C stops both)"
	@$(PY) manage.py worker & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker; trap - EXIT; exit 0' INT TERM EXIT; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

typecheck: $(STAMP)
	$(VENV)/bin/mypy

test: $(STAMP) $(NODE_STAMP) lint typecheck
	@mkdir -p var
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile --ignore=tests/e2e
	$(VENV)/bin/pytest tests/e2e

# The French catalog: gather every marked string (GNU gettext's xgettext), then compile it.
# The compiled catalog is in git, so `make run` speaks French where gettext is missing.
MAKEMESSAGES := $(PY) manage.py makemessages --locale fr --no-obsolete --add-location file \
  --ignore 'tests/*' --ignore 'bench/*' --ignore 'var/*' --ignore 'locale/*' --ignore 'docs/*'

messages: $(STAMP)
	$(MAKEMESSAGES)
	@sed -i '/^"POT-Creation-Date: /d' locale/fr/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages --locale fr --ignore '.venv'

bench: $(STAMP)
	@for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) var/hotseat.sqlite3*
