# 机关党建工作管理平台 (dangjian). Two commands matter: `make demo` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup demo serve test test-pg lint format check-migrations bench clean

# Install everything (a .venv in the repository, pinned Python packages, front-end assets from
# the npm registry) without starting anything. Idempotent.
setup: $(BIN)/.installed node_modules/.installed staticfiles/.collected

$(BIN)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

staticfiles/.collected: $(BIN)/.installed node_modules/.installed $(shell find dangjian/static -type f 2>/dev/null)
	$(BIN)/dangjian collectstatic --noinput -v0
	touch $@

# Set up, build the 2023 demo province on SQLite and serve it on http://127.0.0.1:8000.
demo: setup
	$(BIN)/dangjian migrate -v0
	$(BIN)/dangjian demo --year 2023 --reset
	$(MAKE) serve

serve:
	@echo "服务地址: http://$(HOST):$(PORT)/"
	$(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 --timeout 300 --access-logfile -

# The whole suite (SQLite by default; DATABASE_URL=postgres://... for PostgreSQL).
test: setup
	$(BIN)/pytest -q

test-pg: setup
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/dangjian} $(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format .

check-migrations: setup
	$(BIN)/dangjian makemigrations --check --dry-run

bench: setup
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) node_modules staticfiles var
