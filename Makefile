# Two commands: `make run` (demo app on http://127.0.0.1:5000) and `make test` (the whole suite).
# `make serve` runs the production stack on this machine; `make bench` measures it.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
FLASK = $(BIN)/flask --app wsgi
# Every indirect dependency is locked in constraints.txt; `make constraints` rewrites it from the venv.
PIP_INSTALL = $(BIN)/pip install -q -c constraints.txt
TEST_ENGINES ?= sqlite,postgresql
PG_URL ?= postgresql://criteria:criteria@127.0.0.1:5432/criteria_test
export TEST_ENGINES PG_URL PYTHON

.PHONY: run serve test install system-deps services demo-db bench constraints clean

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(PIP_INSTALL) -e '.[test]'
	touch $@

install: $(VENV)/.installed

# After changing a dependency in pyproject.toml: resolve everything afresh in a scratch venv and
# lock what it installed; then `make test` (which reinstalls with the new locks) and commit both files.
constraints:
	rm -rf $(VENV).lock
	$(PYTHON) -m venv $(VENV).lock
	$(VENV).lock/bin/pip install -q --upgrade pip
	$(VENV).lock/bin/pip install -q '.[test]'
	@{ echo "# Every distribution the app and its tests run with, direct or indirect (pip install -c)."; \
	  echo "# Written by \`make constraints\`; do not edit by hand."; \
	  $(VENV).lock/bin/pip freeze --exclude criteria-app; } > constraints.txt
	rm -rf $(VENV).lock
	@echo "constraints.txt: $$(grep -c '==' constraints.txt) distributions"

# System packages (apt when root, otherwise the exact command to run), then PostgreSQL and Redis on
# 127.0.0.1 with the test role and database. TEST_ENGINES=sqlite leaves PostgreSQL out.
system-deps:
	@.ci/machine packages

services:
	@.ci/machine services

demo-db: install
	$(FLASK) db upgrade
	$(FLASK) demo

run: demo-db
	CRITERIA_APP_MODE=demo $(FLASK) run --host 127.0.0.1 --port 5000

# The production stack: migrations first, an RQ worker for reports when REDIS_URL is set, gunicorn
# (criteria_app/gunicorn_conf.py) on GUNICORN_BIND (127.0.0.1:8000). DATABASE_URL chooses the
# database (PostgreSQL in production; the SQLite file in instance/ when unset). Without SECRET_KEY
# one is made once and kept in instance/secret_key.
serve: install
	@set -e; export CRITERIA_APP_MODE=$${CRITERIA_APP_MODE:-production}; \
	if [ -z "$${SECRET_KEY:-}" ]; then \
	  mkdir -p instance; \
	  [ -s instance/secret_key ] || (umask 077; $(BIN)/python -c 'import secrets; print(secrets.token_hex(32))' > instance/secret_key); \
	  SECRET_KEY=$$(cat instance/secret_key); export SECRET_KEY; echo "SECRET_KEY: kept in instance/secret_key"; \
	fi; \
	$(FLASK) db upgrade; \
	if [ -n "$${REDIS_URL:-}" ]; then \
	  $(BIN)/rq worker --url "$$REDIS_URL" reports & worker=$$!; trap 'kill $$worker 2>/dev/null || true' EXIT; \
	fi; \
	$(BIN)/gunicorn -c python:criteria_app.gunicorn_conf criteria_app.wsgi:app

# The layers' contracts (pyproject.toml [tool.importlinter]) first, then the suite on both cores.
test: system-deps install services
	$(BIN)/lint-imports --no-cache
	TEST_POSTGRES_URL=$(PG_URL) $(BIN)/pytest -q -p no:cacheprovider -n auto

# Not part of `make test`: loopback only, about 15 minutes (BENCH_QUICK=1: a few minutes); see README.
bench: system-deps install services
	TEST_POSTGRES_URL=$(PG_URL) $(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) instance .pytest_cache

# The English catalogue (Vietnamese is the msgid, so Vietnamese needs none): extract the marked
# texts, merge them into the .po, then translate what is new or fuzzy there and run this again to
# compile the .mo. Both the .po and the .mo are committed, so a fresh clone needs no compile step.
TRANSLATIONS = criteria_app/translations
.PHONY: translations
translations: install
	$(BIN)/pybabel extract -F babel.cfg --add-location=file --sort-output --project criteria-app \
	  --copyright-holder criteria-app -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -l en --ignore-obsolete
	$(BIN)/pybabel compile -d $(TRANSLATIONS) -l en --statistics
