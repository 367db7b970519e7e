# The two commands of the README: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
export COMPTOIR_DATA_DIR ?= $(CURDIR)/data
# PostgreSQL and Redis used by the second half of the test suite.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/comptoir
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test install install-test lint screenshots messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

## Run Comptoir on http://127.0.0.1:8000 (SQLite, worker included, demo workspace).
run: install
	$(BIN)/comptoir run

# Debian's Chromium for the browser tests, and gettext for the translation checks.
install-test: $(VENV)/.installed-test
	@command -v chromium >/dev/null && command -v msgfmt >/dev/null || \
		(apt-get update -qq && apt-get install -y -qq chromium gettext >/dev/null)

lint: install-test
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

## Run the whole test suite: lint, SQLite + database queue, then PostgreSQL + Redis queue.
test: lint
	$(BIN)/pytest -rs
	DATABASE_URL=$(TEST_DATABASE_URL) COMPTOIR_TASKS=rq REDIS_URL=$(TEST_REDIS_URL) \
		$(BIN)/pytest -rs -m "not browser"

## Regenerate the screenshots in docs/screenshots/.
screenshots: install-test
	$(BIN)/comptoir screenshots --out docs/screenshots

## Refresh the French message catalogues after changing user-visible strings.
messages: install-test
	cd src/comptoir && ../../$(BIN)/comptoir makemessages -l fr --no-obsolete && ../../$(BIN)/comptoir compilemessages
