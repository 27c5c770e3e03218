"""API tests: the committed release seeded into the test database, queried over HTTP.

Expected answers are computed from the Parquet release with pyarrow, independently of
the API's SQL.
"""

from __future__ import annotations

import os

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from api.config import get_settings
from api.db.database import get_engine
from api.db.seed import seed
from tests.conftest import REPO_ROOT

RELEASE = REPO_ROOT / "data" / "processed"


def use_database(url: str) -> None:
    """Point the app's settings and engine at ``url`` (both are created once, cached)."""
    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    engine = get_engine()
    engine.dispose()
    get_engine.cache_clear()


@pytest.fixture(scope="session")
def api_database(database_url):
    seed(RELEASE, url=database_url)
    use_database(database_url)
    return database_url


@pytest.fixture(scope="session")
def client(api_database):
    from api.main import app

    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def release_projects() -> list[dict]:
    return pq.read_table(RELEASE / "projects.parquet").to_pylist()


@pytest.fixture(scope="session")
def release_credits() -> list[dict]:
    return pq.read_table(RELEASE / "credits.parquet").to_pylist()


def all_pages(client, url: str, per_page: int = 500) -> list[dict]:
    """Every row of a list endpoint, following the next links."""
    rows: list[dict] = []
    next_url = f"{url}{'&' if '?' in url else '?'}per_page={per_page}"
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, response.text
        body = response.json()
        rows.extend(body["data"])
        next_url = body["pagination"]["next"]
    return rows
