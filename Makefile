# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
FLASK := $(PY) -m flask --app jobfair
HOST ?= 127.0.0.1
PORT ?= 5000
# make run keeps a current matcher snapshot; `make run INDEX=--force` refits it
INDEX ?= --if-stale

.PHONY: run test install translations db lint bench clean

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

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: install
	$(PY) bench/speed.py
	$(PY) bench/evaluate.py

clean:
	rm -rf $(VENV) .pytest_cache
