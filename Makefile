# Erasmus Desk — the two commands of the README (`make run`, `make test`) and a few helpers.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test e2e install install-test messages check-messages lint serve bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
	$(PY) -m erasmusdesk compile_translations

install-test: $(VENV)/.installed-test
	$(PY) -m erasmusdesk compile_translations

## make run: the site with demo data on SQLite at http://127.0.0.1:8000
# EWP on, offline: a demo HEI id and a local catalogue made from our own manifest.
DEMO_EWP := ERASMUSDESK_EWP_HEI_ID=$${ERASMUSDESK_EWP_HEI_ID-demo.atyrau-university.example} \
	ERASMUSDESK_EWP_REGISTRY=$${ERASMUSDESK_EWP_REGISTRY-data/ewp/catalogue-v1.xml}
# Mail links follow the address the site runs on, unless ERASMUSDESK_SITE_URL says otherwise.
run: export ERASMUSDESK_SITE_URL ?= http://$(HOST):$(PORT)
run: install
	DEBUG=1 $(PY) -m erasmusdesk migrate --no-input
	DEBUG=1 $(DEMO_EWP) $(PY) -m erasmusdesk demo
	DEBUG=1 $(DEMO_EWP) $(PY) -m erasmusdesk runserver $(HOST):$(PORT)

## make test: the whole pytest suite (browser tests skip when Chromium is missing)
test: install-test
	$(PY) -m pytest $(PYTEST_ARGS)

## make e2e: only the browser tests, which must run (Debian's /usr/bin/chromium)
e2e: install-test
	ERASMUSDESK_REQUIRE_BROWSER=1 $(PY) -m pytest -m e2e tests/e2e $(PYTEST_ARGS)

## make serve: a production server (gunicorn) on $(HOST):$(PORT)
serve: install
	$(PY) -m erasmusdesk migrate --no-input
	$(PY) -m erasmusdesk collectstatic --no-input --verbosity 0
	$(PY) -m erasmusdesk serve --bind $(HOST):$(PORT)

## make messages: refresh the .po catalogues from the code (needs GNU gettext)
messages: install
	cd src/erasmusdesk && ../../$(PY) -m erasmusdesk makemessages --no-obsolete --no-location -l ru -l kk

## make check-messages: fail when the code has strings the catalogues lack (needs GNU gettext)
check-messages: install
	$(PY) -m erasmusdesk check_translations --extract

lint: install-test
	$(PY) -m ruff check src tests bench
	$(PY) -m ruff format --check src tests bench

bench: install-test
	$(PY) bench/catalogue.py
	$(PY) bench/ewp.py

## make worker: the background worker, for ERASMUSDESK_TASK_BACKEND=database (make run keeps
## the tasks in-process and needs none)
.PHONY: worker
worker: install
	$(PY) -m erasmusdesk worker

## make bench-rush: the deadline rush on PostgreSQL at 127.0.0.1 (RUSH_ARGS="--applicants 100")
.PHONY: bench-rush
bench-rush: install-test
	$(PY) bench/deadline_rush.py $(RUSH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
