# carbon-atlas: `make run` runs the pipeline, `make test` runs every check. `make help` lists all.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DATA ?= data/sample
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: help install db db-stop run pipeline serve ingest dbt-build docs docs-serve export report release seed developers \
	seeds test lint lint-sql format bench-ingest bench-pipeline bench-api clean

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

DBENV := $(PY) -m carbon_atlas.database run --
DBT := $(DBENV) $(VENV)/bin/dbt

API_HOST ?= 0.0.0.0
API_PORT ?= 8000

run: install db pipeline serve ## The main job: install, database, the pipeline, then the API on :8000

pipeline: ingest dbt-build export seed ## ingest data/sample, dbt build, Parquet release, seed the api tables

ingest: install ## Load the exports in $(DATA) into raw_<registry> tables
	$(PY) -m ingest $(DATA)

dbt-build: install ## dbt build: seeds, staging, intermediate, marts and every test
	$(DBT) build

docs: install ## Generate the dbt docs site (lineage) into target/
	$(DBT) docs generate

docs-serve: docs ## Serve the dbt docs on http://localhost:8080 (DOCS_HOST to bind elsewhere)
	$(DBT) docs serve --port 8080 --host $${DOCS_HOST:-127.0.0.1} --no-browser

export: install ## Write data/processed/{projects,credits}.parquet and manifest.json from the marts
	$(PY) -m carbon_atlas.export

report: install ## Print the data-quality report of the marts
	$(PY) -m carbon_atlas.report

serve: install ## Serve the REST API (uvicorn; WEB_CONCURRENCY workers) on $(API_HOST):$(API_PORT)
	$(PY) -m uvicorn api.main:app --host $(API_HOST) --port $(API_PORT) \
		--workers $${WEB_CONCURRENCY:-1} --proxy-headers --no-access-log

seed: install ## Migrate (alembic upgrade head) and load data/processed into the api tables
	$(PY) -m api.db.seed

developers: install ## Print the developer merges of the release, for review
	$(PY) -m api.db.developer_resolver

release: install ## Rebuild the committed release from data/sample in a scratch database
	$(PY) -m carbon_atlas.pipeline release

seeds: install ## Rebuild the derived dbt seeds from ../shared/data/reference and pycountry
	$(PY) dbt_project/scripts/build_seeds.py

test: install lint lint-sql ## Install and run every check: ruff, sqlfluff, pytest on real PostgreSQL
	$(PY) -m pytest

lint: install ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

lint-sql: install ## sqlfluff (dbt templater) on every model and test
	$(DBENV) $(VENV)/bin/sqlfluff lint dbt_project/models dbt_project/tests --processes 2

format: install ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench-ingest: install ## Benchmark ingest against a bare COPY (ROWS=1000000 by default)
	$(PY) bench/ingest.py --rows $${ROWS:-1000000}

bench-pipeline: install ## Time ingest, dbt build, export and seed on 25k projects and 1M credit rows
	$(PY) bench/pipeline.py

bench-api: install ## Load-test every endpoint at several concurrencies (seeds 1M rows first)
	$(PY) bench/api.py

clean: ## Remove the virtualenv, caches and the embedded database (stops it first)
	-@[ -x $(PY) ] && $(PY) -m carbon_atlas.database stop
	rm -rf $(VENV) .pgdata .pytest_cache .ruff_cache target logs
