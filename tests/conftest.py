"""Shared fixtures: a fresh PostgreSQL database for the test session, real files.

The database lives on the server DATABASE_URL names, or on the embedded server (pgserver)
when DATABASE_URL is unset; it is created for the session and dropped after it. Tests that
run commands in subprocesses get its URL through DATABASE_URL.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import psycopg2
import pytest

from carbon_atlas import database

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO_ROOT / "data" / "sample"
EXPORTS_DIR = REPO_ROOT / "tests" / "data" / "registry-exports"


@pytest.fixture(scope="session")
def database_url() -> str:
    server_url = os.environ.get("DATABASE_URL", "").strip() or database.embedded_url()
    name = f"carbon_atlas_test_{uuid.uuid4().hex[:10]}"
    database.ensure_database(server_url, name)
    url = database.with_database(server_url, name)
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    yield url
    if previous is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = previous
    database.drop_database(server_url, name)


@pytest.fixture
def db(database_url):
    """A connection to the test database (autocommit), closed after the test."""
    conn = psycopg2.connect(database_url)
    conn.autocommit = True
    yield conn
    conn.close()


def query(conn, statement: str, params=None) -> list[tuple]:
    with conn.cursor() as cur:
        cur.execute(statement, params)
        return cur.fetchall()
