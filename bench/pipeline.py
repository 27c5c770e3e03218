"""Benchmark: the whole pipeline on 25k projects and 1M credit rows.

    python bench/pipeline.py [--projects 25000] [--credit-rows 1000000]

Builds a data folder: the sample exports of every registry, with Verra's project list and
transactions replaced by synthetic ones (bench/synthetic.py: real rows with fresh ids,
about 40 blocks per project). Then, in a scratch database on the resolved server, times
each step as a user runs it (`python -m ingest`, `dbt build`, `python -m
carbon_atlas.export`, `python -m api.db.seed`) and reports the peak resident memory of
the step's processes (sampled every 50 ms; PostgreSQL's own memory is the server's and not
counted). Then prints EXPLAIN ANALYZE of queries like the API's filters and sorts on the
seeded api tables: execution time and the access path of each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import psycopg2

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.synthetic import data_folder  # noqa: E402
from carbon_atlas import database  # noqa: E402
from carbon_atlas.pipeline import BIN, scratch_database  # noqa: E402


def timed(command: list[str], env: dict) -> tuple[float, float]:
    """Run a command; return (seconds, peak RSS in MiB of it and its children)."""
    started = time.perf_counter()
    process = psutil.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with {process.returncode}")
    return time.perf_counter() - started, peak / 2**20


# Queries shaped like the API's typical filters and sorts (shared/spec/api.md).
QUERIES = [
    (
        "projects: registry+status+category, by id",
        "select * from api.projects where registry = 'verra' and status = 'registered' "
        "and category = 'forest-and-land-use' order by project_id limit 50",
    ),
    (
        "projects: sort -issued",
        "select * from api.projects order by issued desc, project_id desc limit 50",
    ),
    (
        "projects: search 'cookstove'",
        "select * from api.projects where lower(coalesce(name, '') || ' ' || project_id || ' ' "
        "|| coalesce(registry_project_id, '')) like '%cookstove%' order by project_id limit 50",
    ),
    (
        "projects: protocol vm0007",
        "select * from api.projects where protocol @> array['vm0007'] order by project_id limit 50",
    ),
    (
        "projects: count for a filter",
        "select count(*) from api.projects where registry = 'verra' and country_code = 'IN'",
    ),
    (
        "credits: project+type+vintage range, -date",
        "select * from api.credits where project_id = 'VCS100500' and transaction_type = "
        "'retirement' and vintage between 2018 and 2022 order by transaction_date desc, id desc "
        "limit 50",
    ),
    (
        "credits: default sort -transaction_date",
        "select * from api.credits order by transaction_date desc nulls last, id desc limit 50",
    ),
    (
        "credits: beneficiary substring",
        "select * from api.credits where lower(coalesce(retirement_beneficiary, '') || ' ' || "
        "coalesce(retirement_account, '') || ' ' || coalesce(retirement_reason, '') || ' ' || "
        "coalesce(retirement_note, '')) like '%microsoft%' order by transaction_date desc, id desc "
        "limit 50",
    ),
    (
        "developers: sort -total_issued",
        "select * from api.project_developers order by total_issued desc, id desc limit 50",
    ),
    (
        "chart: issuances by vintage, registry=verra",
        "select flows.vintage, sum(flows.quantity) filter (where flows.transaction_type = "
        "'issuance'), sum(flows.quantity) filter (where flows.transaction_type = 'retirement') "
        "from serving.chart_credit_flows as flows inner join api.projects as projects "
        "using (project_id) where projects.registry = 'verra' group by flows.vintage",
    ),
    (
        "chart: credits over time by year, unfiltered",
        "select date_trunc('year', transaction_month), transaction_type, sum(quantity) "
        "from serving.chart_credit_flows group by 1, 2",
    ),
    (
        "stats: totals for category",
        "select count(*), sum(issued), sum(retired), count(distinct developer_id) "
        "from serving.stats_projects left join lateral unnest(developer_ids) as developer_id "
        "on true where category = 'energy-efficiency'",
    ),
]


def explain(cur, statement: str) -> tuple[float, str]:
    """Execution time (ms) and the scans of a query's plan."""
    cur.execute("explain (analyze, format json) " + statement)
    plan = cur.fetchone()[0][0]
    scans: list[str] = []

    def walk(node: dict) -> None:
        kind = node["Node Type"]
        if "Scan" in kind:
            where = node.get("Index Name") or node.get("Relation Name", "")
            scans.append(f"{kind} {where}".strip())
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    return plan["Execution Time"], ", ".join(dict.fromkeys(scans))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=25_000)
    parser.add_argument("--credit-rows", type=int, default=1_000_000)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="carbon-atlas-bench-"))
    try:
        started = time.perf_counter()
        data = data_folder(work / "data", args.projects, args.credit_rows)
        print(
            f"synthetic data: {args.projects:,} Verra projects, {args.credit_rows:,} "
            f"Verra transaction rows, plus the other registries' samples "
            f"(built in {time.perf_counter() - started:.1f} s)"
        )

        with scratch_database("carbon_atlas_bench") as url:
            env = {**os.environ, **database.environment(url)}
            steps = [
                ("ingest", [sys.executable, "-m", "ingest", str(data)]),
                ("dbt build", [str(BIN / "dbt"), "build", "--quiet"]),
                (
                    "export",
                    [sys.executable, "-m", "carbon_atlas.export", "--out", str(work / "processed")],
                ),
                ("seed", [sys.executable, "-m", "api.db.seed", str(work / "processed")]),
            ]
            results = [(name, *timed(command, env)) for name, command in steps]
            conn = psycopg2.connect(url)
            with conn.cursor() as cur:
                cur.execute(
                    "select (select count(*) from marts.projects), "
                    "(select count(*) from marts.credits)"
                )
                projects, credits = cur.fetchone()
                plans = [(label, *explain(cur, statement)) for label, statement in QUERIES]
            conn.close()

        print(f"{'step':<12}{'seconds':>10}{'peak MiB':>10}")
        for name, seconds, peak in results:
            print(f"{name:<12}{seconds:>10.1f}{peak:>10.0f}")
        total = sum(seconds for _, seconds, _ in results)
        print(f"{'total':<12}{total:>10.1f}   (aim: under 300 s)")
        print(f"marts: {projects:,} projects, {credits:,} credits")
        print(f"\n{'query (EXPLAIN ANALYZE on the seeded api tables)':<52}{'ms':>8}  access path")
        for label, milliseconds, path in plans:
            print(f"{label:<52}{milliseconds:>8.2f}  {path}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
