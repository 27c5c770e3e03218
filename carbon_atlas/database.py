"""Resolve the PostgreSQL database that every component uses.

One rule for ingest, dbt (through the environment variables profiles.yml reads),
Alembic, the seed and the API:

* ``DATABASE_URL`` when it is set;
* otherwise an embedded PostgreSQL 16 from the ``pgserver`` package, with its data in
  ``.pgdata/`` at the repository root (``CARBON_ATLAS_PGDATA`` overrides the folder).
  It is started on first use and left running, so later commands reuse it;
  ``python -m carbon_atlas.database stop`` stops it.

Command line::

    python -m carbon_atlas.database url        # print the resolved URL
    python -m carbon_atlas.database env        # print `export ...` lines for a shell (dbt, psql)
    python -m carbon_atlas.database run -- dbt build   # run a command with that environment
    python -m carbon_atlas.database stop       # stop the embedded server, if it runs
"""

from __future__ import annotations

import os
import shlex
import signal
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import psycopg2
from psycopg2 import sql

REPO_ROOT = Path(__file__).resolve().parent.parent
EMBEDDED_DATABASE = "carbon_atlas"


def embedded_data_dir() -> Path:
    return Path(os.environ.get("CARBON_ATLAS_PGDATA", REPO_ROOT / ".pgdata")).resolve()


def _pgserver():
    # Imported on demand: a deployment with DATABASE_URL never needs the embedded binaries.
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); harmless here.
        warnings.simplefilter("ignore")
        import pgserver
    return pgserver


def _embedded_server():
    """The embedded server over embedded_data_dir(), started if it is not running.

    cleanup_mode=None leaves it running when this process exits, for later commands.
    """
    data_dir = embedded_data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _pgserver().get_server(data_dir, cleanup_mode=None)


def embedded_url() -> str:
    """Start the embedded server if needed, make sure its database exists, return its URL."""
    server = _embedded_server()
    ensure_database(server.get_uri("postgres"), EMBEDDED_DATABASE)
    return server.get_uri(EMBEDDED_DATABASE)


def database_url() -> str:
    """The URL every component connects to (see the module docstring)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    return url or embedded_url()


def sqlalchemy_url(url: str | None = None) -> str:
    """The same database as a SQLAlchemy URL (psycopg2 driver)."""
    url = url or database_url()
    scheme, rest = url.split("://", 1)
    if scheme in ("postgres", "postgresql"):
        scheme = "postgresql+psycopg2"
    return f"{scheme}://{rest}"


def connection_parts(url: str) -> dict[str, str]:
    """Split a libpq URL into the PG* variables that dbt's profiles.yml and psql read.

    A Unix-socket URL (``postgresql://user@/db?host=/tmp/dir``) gives the socket folder as
    PGHOST, which libpq, psycopg2 and dbt-postgres all accept.
    """
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    host = query.get("host") or parts.hostname or "localhost"
    return {
        "PGHOST": unquote(host),
        "PGPORT": str(query.get("port") or parts.port or 5432),
        "PGUSER": unquote(query.get("user") or parts.username or "postgres"),
        "PGPASSWORD": unquote(query.get("password") or parts.password or ""),
        "PGDATABASE": unquote(parts.path.lstrip("/") or "postgres"),
    }


def environment(url: str | None = None) -> dict[str, str]:
    """Environment variables that point every tool at the resolved database."""
    url = url or database_url()
    env = {"DATABASE_URL": url, **connection_parts(url)}
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    return env


def ensure_database(admin_url: str, name: str) -> None:
    """Create database ``name`` on the server of ``admin_url`` unless it exists."""
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("select 1 from pg_database where datname = %s", (name,))
            if cur.fetchone() is None:
                cur.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    finally:
        conn.close()


def drop_database(admin_url: str, name: str) -> None:
    """Drop database ``name``, ending any session still connected to it."""
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(
                sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
            )
    finally:
        conn.close()


def with_database(url: str, name: str) -> str:
    """The same server and credentials as ``url``, database ``name``."""
    parts = urlsplit(url)
    return parts._replace(path="/" + name).geturl()


def _stop_embedded(timeout: float = 30.0) -> int:
    """Fast shutdown of the embedded server: SIGINT to the postmaster, as pg_ctl does.

    pgserver's own stop is skipped while other handles are on its books, and handles of
    killed processes stay there, so the signal is sent directly.
    """
    data_dir = embedded_data_dir()
    pid_file = data_dir / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().split()[0])
        os.kill(pid, signal.SIGINT)
    except (FileNotFoundError, IndexError, ValueError, ProcessLookupError):
        print(f"no embedded PostgreSQL is running in {data_dir}")
        return 0
    deadline = time.monotonic() + timeout
    while pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    if pid_file.exists():
        print(f"the embedded PostgreSQL (pid {pid}) did not stop within {timeout:.0f} s")
        return 1
    (data_dir / ".handle_pids.json").unlink(missing_ok=True)
    print(f"stopped the embedded PostgreSQL in {data_dir}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv.pop(0) if argv else "url"
    if command == "url":
        print(database_url())
    elif command == "env":
        for key, value in environment().items():
            print(f"export {key}={shlex.quote(value)}")
    elif command == "run":
        if argv and argv[0] == "--":
            argv = argv[1:]
        if not argv:
            print(
                "usage: python -m carbon_atlas.database run -- COMMAND [ARGS...]", file=sys.stderr
            )
            return 2
        os.environ.update(environment())
        os.execvp(argv[0], argv)
    elif command == "stop":
        return _stop_embedded()
    else:
        print(f"unknown command {command!r}; use url, env, run or stop", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
