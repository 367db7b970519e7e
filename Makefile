# The two commands of the README: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
export COMPTOIR_DATA_DIR ?= $(CURDIR)/data
# PostgreSQL and Redis used by the second half of the test suite. The tests create and
# drop the database test_<name>; Redis tests use only this database number and empty it.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/comptoir
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# apt-get needs root: use sudo when it is there and we are not root.
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)

.PHONY: run test install install-test lint peers screenshots messages

# Debian's python3 needs python3-venv to create a virtual environment.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
		rm -rf $(VENV) && \
		$(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq python3-venv >/dev/null && \
		$(PYTHON) -m venv $(VENV); }
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
		($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium gettext fonts-noto-color-emoji >/dev/null)

# Start PostgreSQL and Redis if they are installed here but stopped, and install the local
# Bluesky network (Node.js packages). Where a peer cannot be had, the tests that need it say
# so (and fail in CI).
peers:
	@if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432 && \
		command -v pg_ctlcluster >/dev/null; then \
		echo "Starting PostgreSQL"; \
		$(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -1) main start; \
	fi
	@if command -v redis-server >/dev/null && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then \
		echo "Starting Redis"; \
		$(SUDO) mkdir -p /var/lib/redis /var/log/redis; \
		$(SUDO) redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
			--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log; \
	fi
	@[ ! -f tests/peers/bluesky/install.sh ] || bash tests/peers/bluesky/install.sh

lint: install-test
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

## Run the whole test suite: lint, SQLite + database queue, then PostgreSQL + Redis queue.
# Each half gets a fresh temporary data folder, removed afterwards, never ./data. Both
# halves always run; the target fails if either did.
test: install-test lint peers
	@data=$$(mktemp -d -t comptoir-test.XXXXXX) && trap 'rm -rf "$$data"' EXIT && status=0 && \
	echo "== SQLite, database task queue" && \
	{ env -u DATABASE_URL -u DATABASE_URL_FILE -u REDIS_URL -u REDIS_URL_FILE \
		COMPTOIR_DATA_DIR="$$data/sqlite" COMPTOIR_TASKS=db \
		COMPTOIR_TEST_REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest -rs || status=1; } && \
	echo "== PostgreSQL, RQ task queue on Redis" && \
	{ COMPTOIR_DATA_DIR="$$data/postgres" DATABASE_URL=$(TEST_DATABASE_URL) COMPTOIR_TASKS=rq \
		REDIS_URL=$(TEST_REDIS_URL) COMPTOIR_TEST_REDIS_URL=$(TEST_REDIS_URL) \
		$(BIN)/pytest -rs -m "not browser and not integration" || status=1; } && \
	exit $$status

## Regenerate the screenshots in docs/screenshots/.
screenshots: install-test
	$(BIN)/comptoir screenshots --out docs/screenshots

## Refresh the French catalogue of every app after changing user-visible strings.
messages: install-test
	@for app in src/comptoir/*/apps.py; do \
		dir=$$(dirname $$app); mkdir -p $$dir/locale; \
		(cd $$dir && $(CURDIR)/$(BIN)/comptoir makemessages -l fr --no-obsolete -v 0 && \
			$(CURDIR)/$(BIN)/comptoir compilemessages -v 0) || exit 1; \
		find $$dir/locale -depth -type d -empty -delete; \
	done
