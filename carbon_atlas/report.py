"""Data-quality report of the marts: python -m carbon_atlas.report

Per registry: projects (and how many are known only from credit files), credit rows by
type, issued / retired / cancelled, and the share of projects with a known name, country,
category, status and developer text. Then the raw values the harmonization could not map
(statuses, methodologies, countries), from the audit tables that `dbt build` stores for
its warning tests. Everything is computed in SQL from marts.projects and marts.credits.
"""

from __future__ import annotations

import sys

import psycopg2
from rich.console import Console
from rich.table import Table

from carbon_atlas.database import database_url

REGISTRY_FACTS = """
with

project_facts as (

    select
        registry,
        count(*) as projects,
        count(*) filter (where source = 'credits') as credits_only,
        avg((name is not null)::int) as with_name,
        avg((country_code is not null)::int) as with_country,
        avg((category <> 'unknown')::int) as with_category,
        avg((status <> 'unknown')::int) as with_status,
        avg((proponent is not null)::int) as with_developer,
        sum(issued) as issued,
        sum(retired) as retired,
        sum(cancelled) as cancelled
    from marts.projects
    group by registry

),

credit_facts as (

    select
        registry,
        count(*) filter (where transaction_type = 'issuance') as issuances,
        count(*) filter (where transaction_type = 'retirement') as retirements,
        count(*) filter (where transaction_type = 'cancellation') as cancellations
    from marts.credits
    group by registry

)

select
    project_facts.*,
    coalesce(credit_facts.issuances, 0) as issuances,
    coalesce(credit_facts.retirements, 0) as retirements,
    coalesce(credit_facts.cancellations, 0) as cancellations
from project_facts
left join credit_facts on project_facts.registry = credit_facts.registry
order by project_facts.registry
"""

# dbt stores the failing rows of its warning tests here (store_failures, schema audit).
UNMAPPED = {
    "unknown statuses": ("warn_unknown_statuses", "registry_status"),
    "unmapped methodologies": ("warn_unmapped_methodologies", "protocol_raw"),
    "unmatched countries": ("warn_unmatched_countries", "country_raw"),
}


def _rows(cur, statement: str) -> tuple[list[str], list[tuple]]:
    cur.execute(statement)
    return [column.name for column in cur.description], cur.fetchall()


def _percent(value) -> str:
    return f"{float(value):.1%}"


def report(console: Console, url: str | None = None) -> None:
    conn = psycopg2.connect(url or database_url(), application_name="carbon-atlas report")
    try:
        with conn.cursor() as cur:
            names, rows = _rows(cur, REGISTRY_FACTS)
            records = [dict(zip(names, row, strict=True)) for row in rows]

            volumes = Table(title="projects and credits by registry", title_justify="left")
            for column in (
                "registry",
                "projects",
                "credits only",
                "issuance rows",
                "retirement rows",
                "cancellation rows",
                "issued",
                "retired",
                "cancelled",
            ):
                volumes.add_column(column, justify="left" if column == "registry" else "right")
            for record in records:
                volumes.add_row(
                    record["registry"],
                    f"{record['projects']:,}",
                    f"{record['credits_only']:,}",
                    f"{record['issuances']:,}",
                    f"{record['retirements']:,}",
                    f"{record['cancellations']:,}",
                    f"{record['issued']:,.0f}",
                    f"{record['retired']:,.0f}",
                    f"{record['cancelled']:,.0f}",
                )
            console.print(volumes)

            shares = Table(title="share of projects with a known ...", title_justify="left")
            for column in ("registry", "name", "country", "category", "status", "developer"):
                shares.add_column(column, justify="left" if column == "registry" else "right")
            for record in records:
                shares.add_row(
                    record["registry"],
                    *(
                        _percent(record[key])
                        for key in (
                            "with_name",
                            "with_country",
                            "with_category",
                            "with_status",
                            "with_developer",
                        )
                    ),
                )
            console.print(shares)

            for title, (table, column) in UNMAPPED.items():
                cur.execute("select to_regclass(%s)", (f"audit.{table}",))
                if cur.fetchone()[0] is None:
                    console.print(f"{title}: no audit table yet (run `make dbt-build`)")
                    continue
                _, found = _rows(
                    cur,
                    f"select registry, {column}, projects from audit.{table} "
                    "order by projects desc, registry, 2",
                )
                console.print(f"{title}: {len(found)}")
                for registry, value, projects in found:
                    console.print(f"  {registry}: {value!r} ({projects} projects)", highlight=False)
    finally:
        conn.close()


def main() -> int:
    console = Console() if sys.stdout.isatty() else Console(width=160)
    report(console)
    return 0


if __name__ == "__main__":
    sys.exit(main())
