# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
FLASK := $(PY) -m flask --app jobfair
HOST ?= 127.0.0.1
PORT ?= 5000
# make test spreads the tests over two processes (pytest-xdist, one per core); XDIST= runs
# them in one
XDIST ?= -n 2 --dist worksteal
# make run keeps a current matcher snapshot; `make run INDEX=--force` refits it
INDEX ?= --if-stale

.PHONY: run test install translations db lint bench clean serve worker need-stack

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

install: $(STAMP) translations

translations: $(STAMP)
	$(PY) -m babel.messages.frontend compile -d jobfair/translations -f

db: install
	$(FLASK) db-upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) rebuild-index $(INDEX)

run: db
	$(FLASK) run --host $(HOST) --port $(PORT)

# Production: gunicorn (settings in gunicorn.conf.py) against PostgreSQL and Redis.
# Both URLs come from the environment, e.g.
#   DATABASE_URL=postgresql://jobfair@127.0.0.1/jobfair REDIS_URL=redis://127.0.0.1:6379/0 make serve
serve: need-stack install
	$(FLASK) db-upgrade
	$(FLASK) rebuild-index --if-stale
	JOBFAIR_ENV=$${JOBFAIR_ENV:-production} $(VENV)/bin/gunicorn -c gunicorn.conf.py wsgi:app

# The background-job worker (RQ on REDIS_URL) with the nightly index rebuild scheduled.
worker: need-stack install
	JOBFAIR_ENV=$${JOBFAIR_ENV:-production} $(FLASK) worker

need-stack:
	@test -n "$$DATABASE_URL" || { echo "make $(MAKECMDGOALS): DATABASE_URL is not set (e.g. postgresql://user@127.0.0.1:5432/jobfair); 'make run' is the development server on SQLite." >&2; exit 2; }
	@test -n "$$REDIS_URL" || { echo "make $(MAKECMDGOALS): REDIS_URL is not set (e.g. redis://127.0.0.1:6379/0)." >&2; exit 2; }

test: install
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: install
	$(PY) bench/speed.py
	$(PY) bench/evaluate.py

clean:
	rm -rf $(VENV) .pytest_cache
