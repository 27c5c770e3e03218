"""Database resolution: DATABASE_URL when set, else the embedded PostgreSQL 16."""

from __future__ import annotations

import os
import subprocess
import sys

import psycopg2
import pytest

from carbon_atlas.database import connection_parts, environment, sqlalchemy_url, with_database
from tests.conftest import REPO_ROOT


def test_tcp_url_becomes_pg_variables_for_dbt():
    parts = connection_parts("postgresql://atlas:p%40ss@db.local:5433/carbon")
    assert parts == {
        "PGHOST": "db.local",
        "PGPORT": "5433",
        "PGUSER": "atlas",
        "PGPASSWORD": "p@ss",
        "PGDATABASE": "carbon",
    }


def test_socket_url_gives_the_socket_folder_as_host():
    parts = connection_parts("postgresql://postgres:@/carbon_atlas?host=/srv/atlas/.pgdata")
    assert parts["PGHOST"] == "/srv/atlas/.pgdata"
    assert parts["PGDATABASE"] == "carbon_atlas"
    assert parts["PGUSER"] == "postgres"


def test_environment_and_sqlalchemy_url_follow_database_url():
    url = "postgresql://u@h:5432/d"
    env = environment(url)
    assert env["DATABASE_URL"] == url
    assert env["DBT_SEND_ANONYMOUS_USAGE_STATS"] == "false"
    assert sqlalchemy_url(url) == "postgresql+psycopg2://u@h:5432/d"
    assert with_database(url, "other") == "postgresql://u@h:5432/other"


@pytest.mark.embedded
def test_embedded_postgres_starts_when_database_url_is_unset(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["CARBON_ATLAS_PGDATA"] = str(tmp_path / "pgdata")
    command = [sys.executable, "-m", "carbon_atlas.database"]
    try:
        url = subprocess.run(
            [*command, "url"],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=True,
        ).stdout.strip()
        assert url.endswith(f"/carbon_atlas?host={tmp_path / 'pgdata'}")
        conn = psycopg2.connect(url)
        with conn.cursor() as cur:
            cur.execute("show server_version")
            assert cur.fetchone()[0].startswith("16.")
        conn.close()
        # A second command reuses the running server.
        again = subprocess.run(
            [*command, "url"],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout.strip()
        assert again == url
    finally:
        stopped = subprocess.run(
            [*command, "stop"],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert stopped.returncode == 0, stopped.stdout + stopped.stderr
    assert "stopped the embedded PostgreSQL" in stopped.stdout
    assert not (tmp_path / "pgdata" / "postmaster.pid").exists()
    with pytest.raises(psycopg2.OperationalError):
        psycopg2.connect(url, connect_timeout=3)
