# The two commands a newcomer needs: `make run` and `make test`. Only Python 3.11 is required.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
REQS := requirements-build.txt requirements.txt requirements-dev.txt
STAMP := $(VENV)/.installed-$(shell cat $(REQS) | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint typecheck pytest worker beat messages clean

$(STAMP): $(REQS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-build.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-build-isolation -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install lint typecheck pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy apps portal
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=portal.settings.test

pytest: install
	$(BIN)/pytest $(PYTEST_ARGS)
ifneq ($(DATABASE_URL),)
	@echo "The suite ran on $(firstword $(subst :, ,$(DATABASE_URL))); retention through the worker also on SQLite:"
	env -u DATABASE_URL $(BIN)/pytest -q -p no:cacheprovider tests/integration/test_retention_worker.py
endif

# A Celery worker with the beat scheduler, against REDIS_URL.
worker: install
	$(BIN)/celery -A portal worker --beat --loglevel=info

# Load test: gunicorn on loopback with its own database, locust with LOAD_USERS (50) for
# LOAD_SECONDS (60); fails on any error response or lost write (load/run.py).
.PHONY: load
load: install
	$(BIN)/python load/run.py

# Browser tests (tests/e2e): Debian's chromium driven by Playwright against the portal on
# loopback, axe-core (pinned, from the npm registry) on every page. Installs chromium with
# apt-get when it is missing (needs root); `make test` leaves these tests out.
.PHONY: e2e
e2e: install
	@test -x /usr/bin/chromium || { \
		if [ "$$(id -u)" = 0 ]; then \
			DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
		else \
			echo "make e2e needs Debian's chromium at /usr/bin/chromium: run 'sudo apt-get install chromium', or make e2e as root." >&2; \
			exit 1; \
		fi; \
	}
	$(BIN)/python e2e/fetch_axe.py
	$(BIN)/pytest tests/e2e $(E2E_ARGS)

# Benchmark: seeds a large organisation once (seed_scale; BENCH_SCALE, default 1) into the
# bench database (DATABASE_URL, else var/bench.sqlite3), serves it with gunicorn on
# loopback, measures each role's pages against bare baselines and writes docs/benchmarks.md.
.PHONY: bench
bench: install
	$(BIN)/python -m bench.run

# Re-extract and compile the Dutch catalogue (needs GNU gettext; the compiled .mo is committed).
messages: install
	$(BIN)/python manage.py makemessages --locale=nl --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=var
	$(BIN)/python manage.py compilemessages --locale=nl --ignore=.venv --ignore=var

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache
