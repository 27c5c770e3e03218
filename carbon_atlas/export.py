"""Write the Parquet release: marts.projects and marts.credits -> data/processed/.

    python -m carbon_atlas.export [--out data/processed] [--batch-rows 100000]

Each table is read through a server-side cursor in small batches and written as Parquet
row groups with an explicit Arrow schema (dates as date32, quantities as float64, protocol as
list<string>), so memory stays bounded whatever the table size. Files are written beside
the old ones and renamed into place at the end: a failed export leaves the previous
release whole. manifest.json records when it was built, the row counts and checksums of
the files, and the ingest loads (file names and sha256) the rows come from.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg2
import pyarrow as pa
import pyarrow.parquet as pq

from carbon_atlas.database import REPO_ROOT, database_url

DEFAULT_OUT = REPO_ROOT / "data" / "processed"
RELEASE_FORMAT = 1


@dataclass(frozen=True)
class Table:
    name: str
    source: str
    order_by: str
    schema: pa.Schema


PROJECTS = Table(
    name="projects",
    source="marts.projects",
    order_by="project_id",
    schema=pa.schema(
        [
            pa.field("project_id", pa.string(), nullable=False),
            pa.field("registry_project_id", pa.string()),
            pa.field("registry", pa.string(), nullable=False),
            pa.field("name", pa.string()),
            pa.field("proponent", pa.string()),
            pa.field("project_url", pa.string()),
            pa.field("status", pa.string(), nullable=False),
            pa.field("registry_status", pa.string()),
            pa.field("category", pa.string(), nullable=False),
            pa.field("project_type", pa.string()),
            pa.field("registry_project_type", pa.string()),
            pa.field("protocol", pa.list_(pa.string()), nullable=False),
            pa.field("protocol_raw", pa.string()),
            pa.field("country", pa.string()),
            pa.field("country_code", pa.string()),
            pa.field("country_raw", pa.string()),
            pa.field("region", pa.string()),
            pa.field("state", pa.string()),
            pa.field("issued", pa.float64(), nullable=False),
            pa.field("retired", pa.float64(), nullable=False),
            pa.field("cancelled", pa.float64(), nullable=False),
            pa.field("is_compliance", pa.bool_(), nullable=False),
            pa.field("listed_at", pa.date32()),
            pa.field("registered_at", pa.date32()),
            pa.field("crediting_period_start", pa.date32()),
            pa.field("crediting_period_end", pa.date32()),
            pa.field("first_issuance_at", pa.date32()),
            pa.field("first_retirement_at", pa.date32()),
            pa.field("source", pa.string(), nullable=False),
            pa.field("source_load_id", pa.int64(), nullable=False),
            pa.field("source_file", pa.string()),
            pa.field("source_row_number", pa.int64()),
        ]
    ),
)

CREDITS = Table(
    name="credits",
    source="marts.credits",
    order_by="project_id, transaction_date, credit_id",
    schema=pa.schema(
        [
            pa.field("credit_id", pa.string(), nullable=False),
            pa.field("project_id", pa.string(), nullable=False),
            pa.field("registry", pa.string(), nullable=False),
            pa.field("serial_number", pa.string()),
            pa.field("transaction_type", pa.string(), nullable=False),
            pa.field("retirement_account", pa.string()),
            pa.field("retirement_beneficiary", pa.string()),
            pa.field("retirement_reason", pa.string()),
            pa.field("retirement_note", pa.string()),
            pa.field("retirement_beneficiary_harmonized", pa.string()),
            pa.field("quantity", pa.float64(), nullable=False),
            pa.field("vintage", pa.int32()),
            pa.field("transaction_date", pa.date32()),
            pa.field("vintage_start", pa.date32()),
            pa.field("vintage_end", pa.date32()),
            pa.field("source_load_id", pa.int64(), nullable=False),
            pa.field("source_file", pa.string()),
            pa.field("source_row_numbers", pa.list_(pa.int64()), nullable=False),
        ]
    ),
)

TABLES = (PROJECTS, CREDITS)

# How each Arrow type is read from PostgreSQL, so psycopg2 hands over plain Python values.
_SQL_CASTS = {pa.float64(): "float8", pa.int32(): "int4", pa.int64(): "int8"}


def _select(table: Table) -> str:
    columns = []
    for field in table.schema:
        cast = _SQL_CASTS.get(field.type)
        columns.append(f'"{field.name}"::{cast} as "{field.name}"' if cast else f'"{field.name}"')
    return f"select {', '.join(columns)} from {table.source} order by {table.order_by}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def export_table(
    conn, table: Table, target: Path, batch_rows: int, row_group_rows: int | None = None
) -> int:
    """Stream one mart into a Parquet file; returns its row count.

    Rows arrive from a server-side cursor ``batch_rows`` at a time (Python objects are the
    costly part, so batches stay small) and are kept only as compact Arrow batches until
    a row group of ``row_group_rows`` is written.
    """
    row_group_rows = row_group_rows or max(batch_rows, 100_000)
    rows_written = 0
    pending: list[pa.RecordBatch] = []
    pending_rows = 0
    with conn.cursor(name=f"export_{table.name}") as cursor:
        cursor.itersize = batch_rows
        cursor.execute(_select(table))
        with pq.ParquetWriter(target, table.schema, compression="zstd") as writer:
            while rows := cursor.fetchmany(batch_rows):
                columns = list(zip(*rows, strict=True))
                del rows
                arrays = [
                    pa.array(values, type=field.type)
                    for field, values in zip(table.schema, columns, strict=True)
                ]
                batch = pa.RecordBatch.from_arrays(arrays, schema=table.schema)
                pending.append(batch)
                pending_rows += batch.num_rows
                if pending_rows >= row_group_rows:
                    writer.write_table(pa.Table.from_batches(pending), row_group_size=pending_rows)
                    rows_written += pending_rows
                    pending, pending_rows = [], 0
            if pending or rows_written == 0:
                writer.write_table(
                    pa.Table.from_batches(pending, schema=table.schema),
                    row_group_size=max(pending_rows, 1),
                )
                rows_written += pending_rows
    return rows_written


def _source_loads(conn) -> list[dict]:
    """The ingest loads the exported rows come from."""
    with conn.cursor() as cur:
        cur.execute(
            """
            with used as (
                select source_load_id from marts.projects
                union
                select source_load_id from marts.credits
            )
            select load_id, registry, kind, file_name, sha256, bytes, rows, finished_at
            from ingest.loads
            where load_id in (select source_load_id from used)
            order by registry, kind, load_id
            """
        )
        names = [column.name for column in cur.description]
        return [
            {
                name: value.isoformat() if isinstance(value, datetime) else value
                for name, value in zip(names, row, strict=True)
            }
            for row in cur.fetchall()
        ]


def export(
    out_dir: Path = DEFAULT_OUT,
    url: str | None = None,
    batch_rows: int = 20_000,
    row_group_rows: int = 100_000,
) -> dict:
    """Write projects.parquet, credits.parquet and manifest.json into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    conn = psycopg2.connect(url or database_url(), application_name="carbon-atlas export")
    staged: list[tuple[Path, Path]] = []
    try:
        # One snapshot for both files, so credits and projects agree.
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        manifest: dict = {
            "release_format": RELEASE_FORMAT,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "tables": {},
        }
        for table in TABLES:
            final = out_dir / f"{table.name}.parquet"
            partial = out_dir / f".{table.name}.parquet.partial"
            started = time.perf_counter()
            rows = export_table(conn, table, partial, batch_rows, row_group_rows)
            staged.append((partial, final))
            manifest["tables"][table.name] = {
                "file": final.name,
                "rows": rows,
                "bytes": partial.stat().st_size,
                "sha256": _sha256(partial),
                "columns": [field.name for field in table.schema],
                "seconds": round(time.perf_counter() - started, 3),
            }
        manifest["source_loads"] = _source_loads(conn)
        conn.rollback()
    except BaseException:
        for partial, _ in staged:
            partial.unlink(missing_ok=True)
        raise
    finally:
        conn.close()

    manifest_partial = out_dir / ".manifest.json.partial"
    manifest_partial.write_text(json.dumps(manifest, indent=2, default=str) + "\n")
    for partial, final in staged:
        os.replace(partial, final)
    os.replace(manifest_partial, out_dir / "manifest.json")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m carbon_atlas.export", description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--batch-rows", type=int, default=20_000, help="rows fetched from PostgreSQL at a time"
    )
    parser.add_argument(
        "--row-group-rows", type=int, default=100_000, help="rows per Parquet row group"
    )
    args = parser.parse_args(argv)
    try:
        manifest = export(args.out, batch_rows=args.batch_rows, row_group_rows=args.row_group_rows)
    except psycopg2.errors.UndefinedTable as error:
        print(
            f"cannot export: {error.diag.message_primary}; run `make dbt-build` first",
            file=sys.stderr,
        )
        return 1
    for facts in manifest["tables"].values():
        print(f"{args.out / facts['file']}: {facts['rows']:,} rows, {facts['bytes']:,} bytes")
    print(f"{args.out / 'manifest.json'}: {len(manifest['source_loads'])} source loads")
    return 0


if __name__ == "__main__":
    sys.exit(main())
