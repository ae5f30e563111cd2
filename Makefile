# Two commands: `make run` (demo app on http://127.0.0.1:5000) and `make test` (the whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
FLASK = $(BIN)/flask --app wsgi
SYSTEM_PACKAGES = chromium poppler-utils fonts-liberation2
PG_URL ?= postgresql://127.0.0.1:5432/test

.PHONY: run test install system-deps services demo-db bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

# System packages for browser tests and documents: installed with apt when we are root.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "Please install:$$missing (apt-get install -y$$missing)"; exit 1; fi

# PostgreSQL and Redis on 127.0.0.1, started when they are down and we can start them.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { command -v pg_ctlcluster >/dev/null && \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -1) main start; }
	@for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
	@pg_isready -h 127.0.0.1 -p 5432
	@(command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1) || { command -v redis-server >/dev/null && \
	  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
	    --dir /tmp --logfile /tmp/redis-criteria.log; } || echo "Redis is not available"

demo-db: install
	$(FLASK) db upgrade
	$(FLASK) demo

run: demo-db
	CRITERIA_APP_MODE=demo $(FLASK) run --host 127.0.0.1 --port 5000

test: install system-deps services
	TEST_POSTGRES_URL=$(PG_URL) $(BIN)/pytest -q -p no:cacheprovider

bench: install
	$(BIN)/python bench/autosave.py
	$(BIN)/python bench/reports.py 130 3321

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
