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

# Re-extract and compile the Dutch catalogue (needs GNU gettext; the compiled .mo is committed).
messages: install
	$(BIN)/python manage.py makemessages --locale=nl --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=var
	$(BIN)/python manage.py compilemessages --locale=nl --ignore=.venv --ignore=var

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache
