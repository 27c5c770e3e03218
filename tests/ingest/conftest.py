"""Helpers for ingest tests: a clean raw layer, loading, reading files independently."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import psycopg2
import pytest
from psycopg2 import sql

from ingest.loader import LoadResult, ensure_manifest, load_file
from ingest.registries import REGISTRIES
from tests.conftest import query


def reset_raw_layer(database_url: str) -> None:
    """Drop every raw schema and the manifest, then create an empty manifest."""
    conn = psycopg2.connect(database_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        for spec in REGISTRIES.values():
            cur.execute(
                sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(spec.schema))
            )
        cur.execute("drop schema if exists ingest cascade")
    conn.close()
    ensure_manifest(database_url)


@pytest.fixture
def raw(database_url):
    """An empty raw layer and manifest; returns a loader bound to the test database."""
    reset_raw_layer(database_url)

    def load(path: Path, registry: str | None = None, **kwargs) -> LoadResult:
        spec = REGISTRIES[registry or Path(path).parent.name]
        return load_file(database_url, spec, Path(path), **kwargs)

    return load


def read_records(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and data records of a CSV, parsed by Python's csv module (not by our code)."""
    raw_bytes = path.read_bytes()
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw_bytes.decode("windows-1252")
    rows = list(csv.reader(text.splitlines(keepends=True)))
    rows = [row for row in rows if row]
    return rows[0], rows[1:]


def snapshot(conn, table: str) -> dict:
    """What a reader of a raw table sees: its load, row count and a checksum of every row."""
    load_ids = query(conn, f"select distinct _load_id from {table}")
    count, checksum = query(
        conn,
        f"select count(*), md5(string_agg(t::text, '|' order by _row_number)) from {table} as t",
    )[0]
    return {"load_ids": load_ids, "rows": count, "checksum": checksum}


def registry_copy(tmp_path: Path, registry: str, source: Path, name: str | None = None) -> Path:
    """Copy a real export into <tmp>/<registry>/<name>, the layout ingest reads."""
    folder = tmp_path / registry
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or source.name)
    shutil.copyfile(source, target)
    return target
