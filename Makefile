# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := feeds/sample/samhsa_sample.json
PORT ?= 8000

.PHONY: install run test lint format worker beat messages compilemessages

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_feed samhsa $(SAMPLE) --if-empty
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Spanish: `make messages` adds new strings to locale/es/LC_MESSAGES/django.po; translate them (no empty or
# fuzzy entries: tests/test_i18n.py checks), then `make compilemessages` and commit both .po and .mo.
messages: install
	$(BIN)/python manage.py makemessages -l es --no-obsolete --ignore=.venv --ignore=bench --ignore=tests --ignore=docs

compilemessages: install
	$(BIN)/python manage.py compilemessages -l es --ignore=.venv

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: install
	$(BIN)/celery -A iopfinder worker --loglevel=INFO

beat: install
	$(BIN)/celery -A iopfinder beat --loglevel=INFO
