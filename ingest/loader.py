"""Land export files in PostgreSQL: one raw table per (registry, kind), one manifest of loads.

A file is a snapshot of its kind. Loading one:

1. ``inspect_file`` checks it without touching the database (encoding, header, data).
2. Its kind comes from its name, else from its header; its required columns are checked
   by name.
3. If the current snapshot of that kind has the same sha256, nothing happens.
4. Otherwise, in one transaction: COPY into a new table ``raw_<registry>._incoming_...``
   (PostgreSQL parses the CSV and converts the encoding), then drop the old snapshot,
   rename the new table into its place and mark the load done in the manifest. Readers
   see the old rows until the commit; a failure rolls all of it back.

Every attempt that gets as far as a file is recorded in ``ingest.loads``, failed ones with
their error (written on a separate autocommit connection, so the record survives the
rollback).

Raw tables hold every source column as text under its original name, plus provenance:
``_load_id`` (-> ingest.loads), ``_row_number`` (1-based data record in the file, header
excluded; a record may span several lines), ``_file_name`` and ``_loaded_at``.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
import psycopg2.extensions
from psycopg2 import sql

from ingest.csvfile import DataStream, FileFacts, IngestError, inspect_file
from ingest.registries import (
    REGISTRIES,
    RegistrySpec,
    kind_from_file_name,
    kind_from_header,
    registry_for_folder,
)

MANIFEST_SCHEMA = "ingest"
# How long the snapshot swap waits for readers holding the old table before giving up.
SWAP_LOCK_TIMEOUT = "60s"

MANIFEST_DDL = """
create schema if not exists ingest;

create table if not exists ingest.loads (
    load_id bigint generated always as identity primary key,
    registry text not null,
    kind text,
    file_name text not null,
    file_path text not null,
    sha256 text,
    bytes bigint,
    rows bigint,
    encoding text,
    columns jsonb,
    required_columns jsonb,
    target_table text,
    status text not null default 'running'
        check (status in ('running', 'loaded', 'failed')),
    error text,
    replaced_load_id bigint references ingest.loads (load_id),
    started_at timestamptz not null default clock_timestamp(),
    finished_at timestamptz
);

comment on table ingest.loads is
    'One row per attempt to load an export file. The current snapshot of a (registry, kind) '
    'is its latest loaded row; see ingest.current_loads.';
comment on column ingest.loads.columns is
    'Header fields in file order: [{"source": name in the file, "column": raw table column}].';
comment on column ingest.loads.required_columns is
    'Required column -> the header name that satisfied it (aliases differ between exports).';

create or replace view ingest.current_loads as
select distinct on (registry, kind) *
from ingest.loads
where status = 'loaded'
order by registry, kind, load_id desc;

comment on view ingest.current_loads is
    'The load behind each raw table now: the latest successful load per (registry, kind).';
"""


@dataclass
class LoadResult:
    """What happened to one file."""

    registry: str
    kind: str | None
    path: Path
    status: str  # loaded | unchanged | failed | skipped
    rows: int | None = None
    seconds: float = 0.0
    load_id: int | None = None
    message: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("loaded", "unchanged", "skipped")


def connect(url: str) -> psycopg2.extensions.connection:
    conn = psycopg2.connect(url, application_name="carbon-atlas ingest")
    return conn


def ensure_manifest(url: str) -> None:
    """Create the manifest schema, table and view if they are missing."""
    conn = connect(url)
    try:
        with conn, conn.cursor() as cur:
            # Serialize first-time creation between concurrent ingests.
            cur.execute("select pg_advisory_xact_lock(hashtext('carbon-atlas ingest manifest'))")
            cur.execute(MANIFEST_DDL)
    finally:
        conn.close()


def _current_load(cur, registry: str, kind: str) -> tuple[int, str] | None:
    cur.execute(
        "select load_id, sha256 from ingest.current_loads where registry = %s and kind = %s",
        (registry, kind),
    )
    row = cur.fetchone()
    return (row[0], row[1]) if row else None


def _table_exists(cur, schema: str, table: str) -> bool:
    cur.execute("select to_regclass(%s) is not null", (f'"{schema}"."{table}"',))
    return cur.fetchone()[0]


def _dependent_views(cur, schema: str, table: str) -> list[str]:
    """Views (dbt staging models) that read the table and go with it when it is replaced."""
    cur.execute(
        """
        select distinct dependent.oid::regclass::text
        from pg_depend as dep
        inner join pg_rewrite as rule on rule.oid = dep.objid
        inner join pg_class as dependent on dependent.oid = rule.ev_class
        where dep.refobjid = to_regclass(%s) and dependent.oid <> dep.refobjid
        order by 1
        """,
        (f'"{schema}"."{table}"',),
    )
    return [row[0] for row in cur.fetchall()]


_COPY_LINE = re.compile(r"COPY [^,]+, line (\d+)")


def _copy_error(facts: FileFacts, error: psycopg2.Error) -> IngestError:
    """Turn a COPY failure into a message about the file, not about our staging table."""
    diag = error.diag
    primary = diag.message_primary or str(error).strip().splitlines()[0]
    match = _COPY_LINE.search(diag.context or "")
    line = int(match.group(1)) if match else None
    if "extra data after last expected column" in primary:
        primary = f"a row has more fields than the header's {len(facts.columns)} columns"
    elif primary.startswith("missing data for column"):
        column = primary.removeprefix("missing data for column").strip().strip('"')
        primary = (
            f"a row ends before column {column!r}: fewer fields than the header's "
            f"{len(facts.columns)} columns (a truncated file or a broken line?)"
        )
    elif "unterminated CSV quoted field" in primary:
        primary = (
            "the file ends inside a quoted field that is never closed "
            "(a truncated file or a stray quote)"
        )
    return IngestError(facts.path, primary, line=line)


def _record_start(url: str, registry: str, kind: str | None, path: Path) -> int:
    conn = connect(url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(
                """
                insert into ingest.loads (registry, kind, file_name, file_path)
                values (%s, %s, %s, %s)
                returning load_id
                """,
                (registry, kind, path.name, str(path)),
            )
            return cur.fetchone()[0]
    finally:
        conn.close()


def _record_failure(url: str, load_id: int, error: Exception, facts: FileFacts | None) -> None:
    conn = connect(url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(
                """
                update ingest.loads
                set status = 'failed', error = %s, finished_at = clock_timestamp(),
                    sha256 = coalesce(%s, sha256), bytes = coalesce(%s, bytes),
                    encoding = coalesce(%s, encoding)
                where load_id = %s
                """,
                (
                    str(error),
                    facts.sha256 if facts else None,
                    facts.size if facts else None,
                    facts.encoding if facts else None,
                    load_id,
                ),
            )
    finally:
        conn.close()


def resolve_kind(registry: RegistrySpec, facts: FileFacts) -> str:
    kind = kind_from_file_name(registry, facts.path.name) or kind_from_header(
        registry, facts.header
    )
    if kind is None:
        raise IngestError(
            facts.path,
            f"cannot tell what kind of {registry.name} export this is: its name names none of "
            f"{', '.join(registry.kinds)} and its header matches none of their column sets "
            f"(header: {', '.join(facts.header[:12])}{' ...' if len(facts.header) > 12 else ''})",
        )
    return kind


def required_columns(registry: RegistrySpec, kind: str, facts: FileFacts) -> dict[str, str]:
    """Map each required column to the header name that satisfies it, or raise naming the gaps."""
    spec = registry.kinds[kind]
    found: dict[str, str] = {}
    missing: list[str] = []
    for column in spec.required:
        name = column.find(facts.header)
        if name is None:
            missing.append(" or ".join(repr(spelling) for spelling in column.spellings))
        else:
            found[column.name] = name
    if missing:
        raise IngestError(
            facts.path,
            f"missing required column(s) for {registry.name} {kind}: {'; '.join(missing)}. "
            f"Columns found: {', '.join(repr(name) for name in facts.header)}",
            line=1,
        )
    return found


def _create_incoming_table(cur, schema: str, table: str, facts: FileFacts, load_id: int) -> None:
    source_columns = [
        sql.SQL("{} text").format(sql.Identifier(column.column)) for column in facts.columns
    ]
    cur.execute(
        sql.SQL(
            """
            create table {table} (
                _load_id bigint not null default {load_id},
                _row_number bigint generated always as identity (cache 10000),
                _file_name text not null default {file_name},
                _loaded_at timestamptz not null default transaction_timestamp(),
                {columns}
            )
            """
        ).format(
            table=sql.Identifier(schema, table),
            load_id=sql.Literal(load_id),
            file_name=sql.Literal(facts.path.name),
            columns=sql.SQL(",\n").join(source_columns),
        )
    )


def _copy(cur, schema: str, table: str, facts: FileFacts, on_read) -> int:
    statement = sql.SQL(
        "copy {table} ({columns}) from stdin with (format csv, header true, encoding {encoding})"
    ).format(
        table=sql.Identifier(schema, table),
        columns=sql.SQL(", ").join(sql.Identifier(column.column) for column in facts.columns),
        encoding=sql.Literal(facts.postgres_encoding),
    )
    stream = DataStream(facts, on_read)
    try:
        cur.copy_expert(statement.as_string(cur), stream, size=1 << 20)
    finally:
        stream.close()
    return cur.rowcount


def _failed(
    url: str,
    registry: RegistrySpec,
    kind: str | None,
    path: Path,
    error: IngestError,
    facts: FileFacts | None,
    load_id: int | None,
    started: float,
) -> LoadResult:
    """Record a failed attempt in the manifest (a new row unless one was started)."""
    if load_id is None:
        load_id = _record_start(url, registry.slug, kind, path)
    _record_failure(url, load_id, error, facts)
    return LoadResult(
        registry.slug,
        kind,
        path,
        "failed",
        load_id=load_id,
        message=str(error),
        seconds=time.perf_counter() - started,
    )


def load_file(
    url: str,
    registry: RegistrySpec,
    path: Path,
    *,
    on_read: Callable[[int], None] | None = None,
    expected_kind: str | None = None,
) -> LoadResult:
    """Load one export file as the new snapshot of its kind (see the module docstring).

    ``on_read`` is told the bytes of each chunk read: the file is read twice (checksum
    pass, then COPY), so a progress total is twice the file size.
    """
    started = time.perf_counter()
    path = Path(path)
    facts: FileFacts | None = None
    kind: str | None = expected_kind
    load_id: int | None = None
    try:
        facts = inspect_file(path, on_read)
        kind = kind or resolve_kind(registry, facts)
        found_required = required_columns(registry, kind, facts)
    except IngestError as error:
        return _failed(url, registry, kind, path, error, facts, None, started)

    schema, table = registry.schema, kind
    conn = connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("select pg_advisory_xact_lock(hashtext(%s))", (f"{schema}.{table}",))
            current = _current_load(cur, registry.slug, kind)
            if (
                current is not None
                and current[1] == facts.sha256
                and _table_exists(cur, schema, table)
            ):
                conn.rollback()
                return LoadResult(
                    registry.slug,
                    kind,
                    path,
                    "unchanged",
                    load_id=current[0],
                    message=f"same sha256 as load {current[0]}, the current snapshot: "
                    "nothing to do",
                    seconds=time.perf_counter() - started,
                )
        conn.rollback()

        load_id = _record_start(url, registry.slug, kind, path)
        incoming = f"_incoming_{kind}_{load_id}"
        notes: list[str] = []
        with conn.cursor() as cur:
            cur.execute("select pg_advisory_xact_lock(hashtext(%s))", (f"{schema}.{table}",))
            cur.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
            _create_incoming_table(cur, schema, incoming, facts, load_id)
            try:
                rows = _copy(cur, schema, incoming, facts, on_read)
            except (psycopg2.DataError, psycopg2.IntegrityError) as error:
                raise _copy_error(facts, error) from error
            cur.execute(sql.SQL("analyze {}").format(sql.Identifier(schema, incoming)))

            # The swap: from here to the commit the old table is locked; keep it short.
            cur.execute(f"set local lock_timeout = '{SWAP_LOCK_TIMEOUT}'")
            if _table_exists(cur, schema, table):
                dropped = _dependent_views(cur, schema, table)
                if dropped:
                    notes.append(
                        f"dropped dependent view(s) {', '.join(dropped)}; "
                        "`dbt build` recreates them"
                    )
                cur.execute(sql.SQL("drop table {} cascade").format(sql.Identifier(schema, table)))
            cur.execute(
                sql.SQL("alter table {} rename to {}").format(
                    sql.Identifier(schema, incoming), sql.Identifier(table)
                )
            )
            cur.execute(
                sql.SQL("comment on table {} is {}").format(
                    sql.Identifier(schema, table),
                    sql.Literal(
                        f"{registry.name} {kind} export {facts.path.name} "
                        f"(sha256 {facts.sha256}), load {load_id}; see ingest.loads"
                    ),
                )
            )
            cur.execute(
                """
                update ingest.loads
                set status = 'loaded', rows = %s, sha256 = %s, bytes = %s, encoding = %s,
                    columns = %s, required_columns = %s, target_table = %s,
                    replaced_load_id = %s, finished_at = clock_timestamp()
                where load_id = %s
                """,
                (
                    rows,
                    facts.sha256,
                    facts.size,
                    facts.encoding,
                    json.dumps([{"source": c.source, "column": c.column} for c in facts.columns]),
                    json.dumps(found_required),
                    f"{schema}.{table}",
                    current[0] if current else None,
                    load_id,
                ),
            )
        conn.commit()
        return LoadResult(
            registry.slug,
            kind,
            path,
            "loaded",
            rows=rows,
            load_id=load_id,
            seconds=time.perf_counter() - started,
            notes=notes,
            message=f"replaced load {current[0]}" if current else "first snapshot",
        )
    except (IngestError, psycopg2.Error) as error:
        conn.rollback()
        if isinstance(error, psycopg2.Error):
            error = IngestError(path, f"database error: {str(error).strip()}")
        return _failed(url, registry, kind, path, error, facts, load_id, started)
    finally:
        conn.close()


@dataclass
class PlannedFile:
    registry: RegistrySpec | None
    path: Path
    problem: str | None = None


def plan(paths: list[Path], registries: set[str] | None = None) -> list[PlannedFile]:
    """The files to load, from data folders, registry folders or single files.

    A data folder holds one folder per registry (``verra/``, ``gold-standard/``, ...); a
    registry folder holds that registry's CSV exports; a file's registry is its folder's.
    Folders that name no known registry are reported and skipped.
    """
    planned: list[PlannedFile] = []

    def add_registry_folder(folder: Path, spec: RegistrySpec) -> None:
        if registries and spec.slug not in registries:
            return
        files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
        if not files:
            planned.append(PlannedFile(spec, folder, "no .csv files in this registry folder"))
        planned.extend(PlannedFile(spec, file) for file in files)

    for path in paths:
        path = Path(path)
        if path.is_file():
            spec = registry_for_folder(path.parent.name)
            problem = (
                None
                if spec
                else (
                    f"the folder {path.parent.name!r} names no known registry "
                    f"({', '.join(REGISTRIES)})"
                )
            )
            planned.append(PlannedFile(spec, path, problem))
        elif path.is_dir() and (spec := registry_for_folder(path.name)):
            add_registry_folder(path, spec)
        elif path.is_dir():
            for child in sorted(p for p in path.iterdir() if p.is_dir()):
                if spec := registry_for_folder(child.name):
                    add_registry_folder(child, spec)
                elif not child.name.startswith("."):
                    planned.append(
                        PlannedFile(
                            None,
                            child,
                            f"skipped: {child.name!r} is not a supported registry "
                            f"({', '.join(REGISTRIES)})",
                        )
                    )
        else:
            planned.append(PlannedFile(None, path, "no such file or folder"))
    return planned


def duplicate_kinds(files: list[PlannedFile]) -> dict[Path, str]:
    """Files that name the same (registry, kind) as another file of the same run.

    A snapshot is one file; with two candidates the run cannot know which one is meant,
    so both are refused. Kinds are told from file names here; a file whose kind only its
    header tells is checked when it loads.
    """
    by_kind: dict[tuple[str, str], list[Path]] = {}
    for item in files:
        if item.registry is None or item.problem or not item.path.is_file():
            continue
        kind = kind_from_file_name(item.registry, item.path.name)
        if kind:
            by_kind.setdefault((item.registry.slug, kind), []).append(item.path)
    clashes: dict[Path, str] = {}
    for (registry, kind), paths in by_kind.items():
        if len(paths) > 1:
            names = ", ".join(path.name for path in paths)
            for path in paths:
                clashes[path] = (
                    f"{len(paths)} files of kind {kind} for {registry} in one run ({names}); "
                    "a snapshot is one file: load them one at a time"
                )
    return clashes
