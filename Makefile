# Zone Atlas developer commands. Everything runs inside .venv, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-test run serve migrate load collectstatic test lint check ci bench clean messages check-translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(STAMP)

install-test: $(TEST_STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

load: migrate
	$(BIN)/python manage.py load_atlas

# The task worker (admin imports and rollbacks) runs beside the server and stops with it.
run: load
	@echo "Zone Atlas is at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

collectstatic: install
	$(BIN)/python manage.py collectstatic --noinput

# The production server: gunicorn with DEBUG off (settings from the environment, see README "Deployment").
# The production server with its task worker (admin imports and rollbacks) beside it; both stop together.
serve: migrate collectstatic
	@echo "Zone Atlas (gunicorn) is at http://$${GUNICORN_BIND:-$(HOST):$(PORT)}/"
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	GUNICORN_BIND=$${GUNICORN_BIND:-$(HOST):$(PORT)} $(BIN)/gunicorn -c config/gunicorn.py config.wsgi

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: install-test
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/import.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache

# Translation catalogues (locale/): extract every msgid, then compile the .mo files that ship in git.
# Needs GNU gettext (apt-get install gettext). After running it, translate the new msgids in
# locale/zh_Hans/LC_MESSAGES/django.po (empty msgstr, or "#, fuzzy" entries), then run it again.
MAKEMESSAGES_IGNORE := --ignore=.venv/* --ignore=staticfiles/* --ignore=bench/* --ignore=tests/* --ignore=bin/*
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --no-location $(MAKEMESSAGES_IGNORE)
	$(BIN)/python manage.py compilemessages -l zh_Hans

# Fails on template text outside a translate tag, a stale catalogue, a missing translation or a stale .mo.
check-translations: install-test
	$(BIN)/python bin/check_translations.py --require-gettext
