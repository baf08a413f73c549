# Two commands on a fresh machine: `make run` (installs, then starts the bot or the offline chat)
# and `make test` (installs, then runs every check CI runs).
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install run test lint bench

$(PY):
	python3 -m venv $(VENV)

install: $(PY)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"

run: install
	@if [ -n "$$BOT_TOKEN" ] || grep -qs '^BOT_TOKEN=.' .env; then $(PY) -m bot run; else \
		echo "No BOT_TOKEN: starting the offline chat console (python -m bot chat)"; $(PY) -m bot chat; fi

test: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy bot
	$(PY) -m bot check
	$(PY) -m pytest -q -n 2

bench: install
	$(PY) -m bot bench
	$(PY) tests/bench/load.py
