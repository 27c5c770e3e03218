"""Seed tests: the committed release seeded into the test database, served as the API reads it."""

from __future__ import annotations

import psycopg2
import pytest

from api.db.seed import seed
from tests.conftest import REPO_ROOT, query

RELEASE = REPO_ROOT / "data" / "processed"


@pytest.fixture(scope="module")
def seeded(database_url):
    result = seed(RELEASE, url=database_url)
    conn = psycopg2.connect(database_url)
    conn.autocommit = True
    yield conn, result
    conn.close()


def served(conn) -> dict:
    """What a reader of the api schema sees: row counts and a checksum of every table."""
    state = {}
    for table in ("projects", "credits", "project_developers", "project_developer_links"):
        state[table] = query(
            conn,
            f"select count(*), md5(string_agg(t::text, '|' order by t::text)) "
            f"from api.{table} as t",
        )[0]
    return state
