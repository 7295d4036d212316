# Two commands for a new user: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test test-faults install lint messages worker bench-package clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## make run: install, migrate, load the demo, serve http://127.0.0.1:8000 (SQLite, tasks in-process)
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# pytest-xdist processes for `make test` (one per core); PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto

## make test: lint, format check, import layers, migrations check, the whole suite (but the fault tests),
## in random order (pytest-randomly) over one process per core (pytest-xdist)
## (the browser journeys in a run of their own: once Playwright's sync API has started, its event loop
## counts as running in the main thread, so Django keeps connections per context (asgiref) and an
## in-process task or a fixture may open a second connection to the in-memory SQLite database,
## which then meets the write lock of a module-wide test world's transaction)
test: install lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup -m "not fault and not browser" $(PYTEST_ARGS)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup -m "browser" $(PYTEST_ARGS) \
		|| [ $$? -eq 5 ]  # PYTEST_ARGS naming only other tests: no journey to run is fine here

## make test-faults: Redis down, a worker killed mid-compile, PostgreSQL restarted (tests/faults);
## the worker and restart scenarios need DATABASE_URL=postgres://… and REDIS_URL (else they skip)
test-faults: install
	$(BIN)/python -m pytest -m fault tests/faults $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

## make messages: collect strings into the .po files and compile them (needs GNU gettext)
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

## make worker: a Celery worker for the REDIS_URL in the environment, with beat (-B: the daily
## reminders of CELERY_BEAT_SCHEDULE); run exactly one worker with -B, any others without it
worker: install
	$(BIN)/celery -A config worker -B --loglevel=INFO --concurrency=2

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
