# carbon-atlas: `make run` runs the pipeline, `make test` runs every check. `make help` lists all.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DATA ?= data/sample
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: help install db db-url db-stop run ingest test lint format bench-ingest clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "carbon-atlas needs Python 3.11+, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install requirements.txt (again only when it changes)

db: install ## Start the database if it is embedded (DATABASE_URL unset) and print its URL
	@$(PY) -m carbon_atlas.database url

db-stop: install ## Stop the embedded PostgreSQL
	@$(PY) -m carbon_atlas.database stop

run: install db ingest ## The main job: install, database, ingest data/sample

ingest: install ## Load the exports in $(DATA) into raw_<registry> tables
	$(PY) -m ingest $(DATA)

test: install lint ## Install and run every check: ruff, then pytest against real PostgreSQL
	$(PY) -m pytest

lint: install ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench-ingest: install ## Benchmark ingest against a bare COPY (ROWS=1000000 by default)
	$(PY) bench/ingest.py --rows $${ROWS:-1000000}

clean: ## Remove the virtualenv, caches and the embedded database (stops it first)
	-@[ -x $(PY) ] && $(PY) -m carbon_atlas.database stop
	rm -rf $(VENV) .pgdata .pytest_cache .ruff_cache target logs
