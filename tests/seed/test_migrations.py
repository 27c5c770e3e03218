"""Alembic owns the api schema: upgrade, downgrade, autogenerate sees nothing to do."""

from __future__ import annotations

import os
import subprocess
import sys

import psycopg2
import pytest

from carbon_atlas import database
from tests.conftest import REPO_ROOT, query


@pytest.fixture
def empty_database(database_url):
    name = "carbon_atlas_migrations_test"
    database.drop_database(database_url, name)
    database.ensure_database(database_url, name)
    url = database.with_database(database_url, name)
    yield url
    database.drop_database(database_url, name)


def alembic(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=REPO_ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_upgrade_downgrade_upgrade_and_nothing_left_to_autogenerate(empty_database):
    conn = psycopg2.connect(empty_database)
    conn.autocommit = True
    try:
        # dbt's schemas in the same database must stay invisible to autogenerate.
        query_sql = "create schema marts; create table marts.projects (project_id text)"
        conn.cursor().execute(query_sql)
        assert alembic(empty_database, "upgrade", "head").returncode == 0
        tables = query(conn, "select tablename from pg_tables where schemaname = 'api' order by 1")
        assert tables == [
            ("alembic_version",),
            ("credits",),
            ("project_developer_links",),
            ("project_developers",),
            ("projects",),
        ]
        check = alembic(empty_database, "check")
        assert check.returncode == 0, check.stdout + check.stderr
        assert "No new upgrade operations detected" in check.stdout + check.stderr

        assert alembic(empty_database, "downgrade", "base").returncode == 0
        assert query(conn, "select tablename from pg_tables where schemaname = 'api'") == [
            ("alembic_version",)
        ]
        assert query(conn, "select count(*) from marts.projects") == [(0,)]
        assert alembic(empty_database, "upgrade", "head").returncode == 0
    finally:
        conn.close()


def test_constraint_and_index_names_follow_the_convention(seeded):
    conn, _ = seeded
    names = [
        row[0]
        for row in query(
            conn,
            "select conname from pg_constraint where connamespace = 'api'::regnamespace "
            "union all select indexname from pg_indexes where schemaname = 'api'",
        )
    ]
    assert names
    assert all(name.split("_")[0] in {"pk", "fk", "uq", "ck", "ix", "alembic"} for name in names)
    trigram = query(conn, "select 1 from pg_available_extensions where name = 'pg_trgm'")
    trigram_indexes = {name for name in names if name.endswith("_trgm")}
    if trigram:
        assert trigram_indexes == {
            "ix_projects_search_trgm",
            "ix_project_developers_name_trgm",
            "ix_credits_beneficiary_trgm",
        }
    else:
        assert trigram_indexes == set()
