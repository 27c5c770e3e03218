"""python -m api.db.seed [RELEASE_DIR]: turn a Parquet release into the served api tables.

1. `alembic upgrade head`, so a fresh database needs only this command.
2. Validate the release (default data/processed) before touching anything served: both
   files exist and are Parquet with the release schema (carbon_atlas/export.py), keys are
   unique and not null, every credit's project exists, quantities are positive. A bad
   release stops here with the file, the column and example rows.
3. Load with COPY into shadow tables (api.<table>__next, built LIKE the served ones),
   resolve developers (api/db/developer_resolver.py) and fill their totals in SQL, build
   the serving marts (dbt models in dbt_project/models/serving) from the shadow tables.
4. Swap: in one short transaction, drop the served tables and rename the shadow ones into
   their place (indexes and constraints take back their conventional names). A reader
   sees the old data or the new, never an empty or half-loaded table: its query waits
   for the swap's lock, then reads the new table.

Running it twice on the same release leaves the same data: credit ids follow the release
order, developer ids are derived from the developers' content.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from psycopg2 import sql
from psycopg2.extras import execute_values

from api.db.developer_resolver import resolve
from carbon_atlas import database
from carbon_atlas.export import CREDITS, DEFAULT_OUT, PROJECTS, Table

SCHEMA = "api"
SHADOW = "__next"
SERVED_TABLES = ("projects", "credits", "project_developers", "project_developer_links")
SERVING_SCHEMA = "serving"
SERVING_MARTS = ("stats_projects", "chart_credit_flows")
SWAP_LOCK_TIMEOUT = "30s"
EXAMPLES = 3


class ReleaseError(Exception):
    """A release that cannot be served: names the file, the column and example rows."""


@dataclass
class SeedResult:
    projects: int
    credits: int
    developers: int
    links: int
    seconds: float


# --- 1. migrations -----------------------------------------------------------------------


def upgrade_schema(url: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config(str(database.REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(database.REPO_ROOT / "alembic"))
    config.set_main_option("sqlalchemy.url", database.sqlalchemy_url(url).replace("%", "%%"))
    command.upgrade(config, "head")


# --- 2. validation -----------------------------------------------------------------------


def _examples(table: pa.Table, mask: pa.ChunkedArray, columns: list[str]) -> str:
    rows = pc.indices_nonzero(mask.combine_chunks() if mask.num_chunks else mask)
    shown = []
    for index in rows.to_pylist()[:EXAMPLES]:
        values = ", ".join(f"{column}={table[column][index].as_py()!r}" for column in columns)
        shown.append(f"row {index + 1} ({values})")
    return "; ".join(shown)


def _read(path: Path, spec: Table, columns: list[str]) -> pa.Table:
    if not path.is_file():
        raise ReleaseError(
            f"{path}: missing (a release holds projects.parquet and credits.parquet)"
        )
    try:
        schema = pq.read_schema(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise ReleaseError(f"{path}: not a Parquet file ({error})") from error
    for field in spec.schema:
        if field.name not in schema.names:
            raise ReleaseError(
                f"{path}: column {field.name} is missing (expected {field.type}); "
                f"columns found: {', '.join(schema.names)}"
            )
        found = schema.field(field.name).type
        if found != field.type:
            raise ReleaseError(f"{path}: column {field.name} is {found}, expected {field.type}")
    return pq.read_table(path, columns=columns)


def _check_key(path: Path, table: pa.Table, key: str) -> None:
    nulls = pc.is_null(table[key])
    if pc.any(nulls).as_py():
        count = pc.sum(nulls).as_py()
        raise ReleaseError(
            f"{path}: column {key}: {count} null keys, e.g. {_examples(table, nulls, [key])}"
        )
    counts = pc.value_counts(table[key])
    repeated = counts.filter(pc.greater(counts.field("counts"), 1))
    if len(repeated):
        values = [item["values"] for item in repeated.to_pylist()[:EXAMPLES]]
        mask = pc.is_in(table[key], value_set=pa.array(values))
        raise ReleaseError(
            f"{path}: column {key}: {len(repeated)} duplicate keys, "
            f"e.g. {_examples(table, mask, [key])}"
        )


def validate_release(release: Path) -> tuple[int, int]:
    """Check the release (see the module docstring); return its (projects, credits) rows."""
    projects_path = release / "projects.parquet"
    credits_path = release / "credits.parquet"
    projects = _read(projects_path, PROJECTS, ["project_id"])
    credits = _read(credits_path, CREDITS, ["credit_id", "project_id", "quantity"])
    _check_key(projects_path, projects, "project_id")
    _check_key(credits_path, credits, "credit_id")

    orphans = pc.invert(pc.is_in(credits["project_id"], value_set=projects["project_id"]))
    orphans = pc.fill_null(orphans, True)
    if pc.any(orphans).as_py():
        raise ReleaseError(
            f"{credits_path}: column project_id: {pc.sum(orphans).as_py()} credits name a project "
            f"that {projects_path.name} lacks, e.g. "
            f"{_examples(credits, orphans, ['credit_id', 'project_id'])}"
        )
    not_positive = pc.fill_null(pc.less_equal(credits["quantity"], 0), True)
    if pc.any(not_positive).as_py():
        raise ReleaseError(
            f"{credits_path}: column quantity: {pc.sum(not_positive).as_py()} quantities are not "
            f"positive, e.g. {_examples(credits, not_positive, ['credit_id', 'quantity'])}"
        )
    return projects.num_rows, credits.num_rows


# --- 3. loading into shadow tables -------------------------------------------------------


def _array_literal(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """list<...> -> PostgreSQL array literal text ('{"a","b"}'), element quotes escaped."""
    chunks = []
    for chunk in values.chunks:
        flat = pc.cast(chunk.flatten(), pa.string())
        escaped = pc.replace_substring(pc.replace_substring(flat, "\\", "\\\\"), '"', '\\"')
        quoted = pc.binary_join_element_wise('"', escaped, '"', "")
        rebuilt = pa.ListArray.from_arrays(chunk.offsets, quoted)
        joined = pc.binary_join(rebuilt, ",")
        chunks.append(pc.binary_join_element_wise("{", joined, "}", ""))
    return pa.chunked_array(chunks, type=pa.string())


def _copy_parquet(cur, path: Path, table: str, extra_id: bool = False) -> int:
    """COPY a Parquet file into api.<table>, one row group at a time."""
    parquet = pq.ParquetFile(path)
    columns = list(parquet.schema_arrow.names)
    target_columns = (["id"] if extra_id else []) + columns
    statement = sql.SQL("copy {} ({}) from stdin with (format csv, header false)").format(
        sql.Identifier(SCHEMA, table),
        sql.SQL(", ").join(sql.Identifier(column) for column in target_columns),
    )
    rows = 0
    for group in range(parquet.num_row_groups):
        batch = parquet.read_row_group(group)
        for index, field in enumerate(batch.schema):
            if pa.types.is_list(field.type):
                batch = batch.set_column(index, field.name, _array_literal(batch[field.name]))
        if extra_id:
            ids = pa.array(range(rows + 1, rows + batch.num_rows + 1), type=pa.int64())
            batch = batch.add_column(0, "id", ids)
        buffer = io.BytesIO()
        pacsv.write_csv(batch, buffer, pacsv.WriteOptions(include_header=False))
        buffer.seek(0)
        cur.copy_expert(statement.as_string(cur), buffer)
        rows += batch.num_rows
    return rows


def _create_shadows(cur) -> None:
    """Bare copies of the served tables (columns, defaults, checks): no index to maintain
    while COPY runs; _index_shadows builds them in bulk afterwards."""
    for table in reversed(SERVED_TABLES):
        cur.execute(
            sql.SQL("drop table if exists {} cascade").format(
                sql.Identifier(SCHEMA, table + SHADOW)
            )
        )
    for table in SERVED_TABLES:
        cur.execute(
            sql.SQL(
                "create table {} (like {} including defaults including constraints "
                "including generated)"
            ).format(sql.Identifier(SCHEMA, table + SHADOW), sql.Identifier(SCHEMA, table))
        )


def _index_shadows(cur) -> None:
    """The served tables' indexes, keys and foreign keys, rebuilt on the shadow tables.

    Index-backed names (indexes, primary and unique keys) are unique in the schema, so
    shadows get them with a "__next" suffix, dropped at the swap. Foreign keys are
    named per table: they get their final names, and point at the shadow tables.
    """
    for table in SERVED_TABLES:
        cur.execute(
            """
            select index.relname, pg_get_indexdef(index.oid), constraints.contype
            from pg_index
            inner join pg_class as index on index.oid = pg_index.indexrelid
            left join pg_constraint as constraints
                on constraints.conindid = index.oid
                and constraints.conrelid = pg_index.indrelid
                and constraints.contype in ('p', 'u')
            where pg_index.indrelid = %s::regclass
            order by constraints.contype nulls last, index.relname
            """,
            (f"{SCHEMA}.{table}",),
        )
        for name, definition, constraint_type in cur.fetchall():
            shadow_name = name + SHADOW
            shadow_definition = definition.replace(
                f"INDEX {name} ON {SCHEMA}.{table} ",
                f"INDEX {shadow_name} ON {SCHEMA}.{table}{SHADOW} ",
                1,
            )
            cur.execute(shadow_definition)
            if constraint_type in ("p", "u"):
                kind = "primary key" if constraint_type == "p" else "unique"
                cur.execute(
                    sql.SQL("alter table {} add constraint {} " + kind + " using index {}").format(
                        sql.Identifier(SCHEMA, table + SHADOW),
                        sql.Identifier(shadow_name),
                        sql.Identifier(shadow_name),
                    )
                )
    cur.execute(
        """
        select conrelid::regclass::text, conname, pg_get_constraintdef(oid)
        from pg_constraint
        where contype = 'f' and connamespace = %s::regnamespace
            and conrelid::regclass::text not like %s
        order by 1, 2
        """,
        (SCHEMA, f"%{SHADOW}"),
    )
    for relation, name, definition in cur.fetchall():
        table = relation.split(".")[-1]
        for referenced in SERVED_TABLES:
            definition = definition.replace(
                f"{SCHEMA}.{referenced}(", f"{SCHEMA}.{referenced}{SHADOW}("
            )
        cur.execute(
            sql.SQL("alter table {} add constraint {} " + definition).format(
                sql.Identifier(SCHEMA, table + SHADOW), sql.Identifier(name)
            )
        )


def _load_developers(cur) -> tuple[int, int]:
    cur.execute(f"select project_id, proponent from api.projects{SHADOW} order by project_id")
    resolution = resolve(cur.fetchall())
    execute_values(
        cur,
        f"insert into api.project_developers{SHADOW} "
        "(id, name, aliases, project_count, total_issued, total_retired) values %s",
        [
            (developer.id, developer.name, developer.aliases, 0, 0, 0)
            for developer in resolution.developers
        ],
        page_size=1000,
    )
    execute_values(
        cur,
        f"insert into api.project_developer_links{SHADOW} (project_id, developer_id) values %s",
        resolution.links,
        page_size=5000,
    )
    return len(resolution.developers), len(resolution.links)


def _fill_developer_totals(cur) -> None:
    """Developer totals in SQL, over the projects each developer is linked to."""
    cur.execute(
        f"""
        with linked as (
            select links.developer_id, projects.*
            from api.project_developer_links{SHADOW} as links
            inner join api.projects{SHADOW} as projects on links.project_id = projects.project_id
        ),
        totals as (
            select
                developer_id,
                count(*) as project_count,
                sum(issued) as total_issued,
                sum(retired) as total_retired,
                array_remove(array_agg(distinct country order by country), null) as countries,
                array_agg(distinct registry order by registry) as registries,
                array_agg(distinct category order by category) as categories
            from linked
            group by developer_id
        ),
        methodologies as (
            select developer_id, array_agg(distinct protocol_id order by protocol_id) as ids
            from linked
            cross join lateral unnest(linked.protocol) as protocol_id
            group by developer_id
        )
        update api.project_developers{SHADOW} as developers
        set project_count = totals.project_count,
            total_issued = totals.total_issued,
            total_retired = totals.total_retired,
            countries = totals.countries,
            registries = totals.registries,
            categories = totals.categories,
            methodologies = coalesce(methodologies.ids, '{{}}')
        from totals
        left join methodologies on totals.developer_id = methodologies.developer_id
        where developers.id = totals.developer_id
        """
    )


def _build_serving_marts(url: str) -> None:
    from carbon_atlas.pipeline import dbt

    dbt(
        url,
        "build",
        "--select",
        "serving",
        "--vars",
        json.dumps({"api_suffix": SHADOW}),
        quiet=True,
    )


# --- 4. swap -----------------------------------------------------------------------------


def _swap(cur) -> None:
    cur.execute(f"set local lock_timeout = '{SWAP_LOCK_TIMEOUT}'")
    cur.execute(
        sql.SQL("lock table {} in access exclusive mode").format(
            sql.SQL(", ").join(sql.Identifier(SCHEMA, table) for table in SERVED_TABLES)
        )
    )
    for table in reversed(SERVED_TABLES):
        cur.execute(sql.SQL("drop table {}").format(sql.Identifier(SCHEMA, table)))
    for table in SERVED_TABLES:
        cur.execute(
            sql.SQL("alter table {} rename to {}").format(
                sql.Identifier(SCHEMA, table + SHADOW), sql.Identifier(table)
            )
        )
        cur.execute(
            "select indexname from pg_indexes where schemaname = %s and tablename = %s",
            (SCHEMA, table),
        )
        for (name,) in cur.fetchall():
            if name.endswith(SHADOW):
                # Renaming the index of a primary key or unique constraint renames it too.
                cur.execute(
                    sql.SQL("alter index {} rename to {}").format(
                        sql.Identifier(SCHEMA, name), sql.Identifier(name.removesuffix(SHADOW))
                    )
                )
    for mart in SERVING_MARTS:
        cur.execute(sql.SQL("drop table if exists {}").format(sql.Identifier(SERVING_SCHEMA, mart)))
        cur.execute(
            sql.SQL("alter table {} rename to {}").format(
                sql.Identifier(SERVING_SCHEMA, mart + SHADOW), sql.Identifier(mart)
            )
        )


# --- the command -------------------------------------------------------------------------


def seed(release: Path = DEFAULT_OUT, url: str | None = None) -> SeedResult:
    started = time.perf_counter()
    url = url or database.database_url()
    upgrade_schema(url)
    projects, credits = validate_release(release)

    conn = psycopg2.connect(url, application_name="carbon-atlas seed")
    try:
        with conn.cursor() as cur:
            cur.execute("select pg_advisory_lock(hashtext('carbon-atlas seed'))")
        conn.commit()
        with conn.cursor() as cur:
            _create_shadows(cur)
            loaded_projects = _copy_parquet(cur, release / "projects.parquet", f"projects{SHADOW}")
            loaded_credits = _copy_parquet(
                cur, release / "credits.parquet", f"credits{SHADOW}", extra_id=True
            )
            if (loaded_projects, loaded_credits) != (projects, credits):
                raise ReleaseError(
                    f"{release}: loaded {loaded_projects} projects and {loaded_credits} credits, "
                    f"but the files hold {projects} and {credits}"
                )
            developers, links = _load_developers(cur)
            _index_shadows(cur)
            _fill_developer_totals(cur)
            cur.execute(f"analyze api.projects{SHADOW}, api.credits{SHADOW}")
        conn.commit()
        # dbt reads the committed shadow tables from its own connections.
        _build_serving_marts(url)
        with conn.cursor() as cur:
            _swap(cur)
        conn.commit()
        # Outside the swap: sets the visibility map (index-only counts for list totals)
        # and the statistics of the renamed tables.
        conn.autocommit = True
        with conn.cursor() as cur:
            for relation in (
                *(f"{SCHEMA}.{table}" for table in SERVED_TABLES),
                *(f"{SERVING_SCHEMA}.{mart}" for mart in SERVING_MARTS),
            ):
                cur.execute(f"vacuum (analyze) {relation}")
    except BaseException:
        conn.rollback()
        _drop_shadows(conn)
        raise
    finally:
        conn.close()
    return SeedResult(projects, credits, developers, links, time.perf_counter() - started)


def _drop_shadows(conn) -> None:
    with conn.cursor() as cur:
        for table in SERVED_TABLES:
            cur.execute(
                sql.SQL("drop table if exists {} cascade").format(
                    sql.Identifier(SCHEMA, table + SHADOW)
                )
            )
        for mart in SERVING_MARTS:
            cur.execute(
                sql.SQL("drop table if exists {}").format(
                    sql.Identifier(SERVING_SCHEMA, mart + SHADOW)
                )
            )
    conn.commit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.db.seed", description=__doc__)
    parser.add_argument(
        "release",
        nargs="?",
        type=Path,
        default=DEFAULT_OUT,
        help="folder of the Parquet release (default: data/processed)",
    )
    args = parser.parse_args(argv)
    try:
        result = seed(args.release)
    except ReleaseError as error:
        print(f"release refused: {error}\nthe data served before is unchanged", file=sys.stderr)
        return 1
    print(
        f"seeded {result.projects:,} projects, {result.credits:,} credits, "
        f"{result.developers:,} developers ({result.links:,} project links) "
        f"in {result.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
