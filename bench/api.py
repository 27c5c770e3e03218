"""Benchmark: every endpoint of the API on 25k projects and 1M credit rows.

    python bench/api.py [--projects 25000] [--credit-rows 1000000] [--workers 2]
                        [--concurrency 1,4,16] [--requests 200]

In a scratch database on the resolved server: the synthetic data of bench/pipeline.py is
ingested, built, exported and seeded; uvicorn serves the API on a free loopback port; a
separate process (bench/load.py) sends the requests. For each endpoint with a typical
filter set it prints throughput and p50/p99 latency at each concurrency, and the
execution time of the endpoint's main SQL run directly (EXPLAIN ANALYZE), so the API's
own overhead shows as a ratio (API p50 / SQL time).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg2

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from api.db.seed import seed  # noqa: E402
from bench.synthetic import FIRST_PROJECT, data_folder  # noqa: E402
from carbon_atlas import pipeline  # noqa: E402
from carbon_atlas.export import export  # noqa: E402

PROJECT = f"VCS{FIRST_PROJECT + 500}"

# (label, path, the endpoint's main SQL for the direct timing)
ENDPOINTS = [
    (
        "projects: registry+status+category",
        "/api/v1/projects?registry=verra&status=registered&category=forest-and-land-use",
        "select * from api.projects where registry = 'verra' and status = 'registered' and "
        "category = 'forest-and-land-use' order by project_id limit 50",
    ),
    (
        "projects: search=cookstove",
        "/api/v1/projects?search=cookstove",
        "select * from api.projects where lower(coalesce(name, '') || ' ' || project_id || ' ' || "
        "coalesce(registry_project_id, '')) like '%cookstove%' order by project_id limit 50",
    ),
    (
        "projects: sort=-issued",
        "/api/v1/projects?sort=-issued",
        "select * from api.projects order by issued desc nulls last, project_id desc limit 50",
    ),
    (
        "project detail",
        f"/api/v1/projects/{PROJECT}",
        f"select * from api.projects where upper(project_id) = '{PROJECT}'",
    ),
    (
        "credits: project+type+vintages",
        f"/api/v1/credits?project_id={PROJECT}&transaction_type=retirement&vintage_min=2018"
        "&vintage_max=2025",
        "select * from api.credits where project_id in (select project_id from api.projects "
        f"where upper(project_id) = '{PROJECT}') and transaction_type = 'retirement' "
        "and vintage between 2018 and 2025 order by transaction_date desc nulls last, id desc "
        "limit 50",
    ),
    (
        "credits: default sort",
        "/api/v1/credits",
        "select * from api.credits order by transaction_date desc nulls last, id desc limit 50",
    ),
    (
        "stats",
        "/api/v1/stats",
        "select registry, count(*), sum(issued), sum(retired) from serving.stats_projects "
        "group by registry",
    ),
    (
        "stats: registry=verra",
        "/api/v1/stats?registry=verra",
        "select category, count(*), sum(issued) from serving.stats_projects where project_id in "
        "(select project_id from api.projects where registry = 'verra') group by category",
    ),
    (
        "chart: issuances-by-vintage",
        "/api/v1/charts/issuances-by-vintage?registry=verra",
        "select vintage, sum(quantity) from serving.chart_credit_flows as flows inner join "
        "api.projects using (project_id) where registry = 'verra' group by vintage",
    ),
    (
        "chart: credits-over-time month",
        "/api/v1/charts/credits-over-time?freq=month",
        "select date_trunc('month', transaction_month), transaction_type, sum(quantity) from "
        "serving.chart_credit_flows inner join api.projects using (project_id) "
        "where transaction_month is not null group by 1, 2",
    ),
    (
        "chart: projects-by-country",
        "/api/v1/charts/projects-by-country",
        "select country, country_code, count(*), sum(issued), sum(retired) from "
        "serving.stats_projects group by 1, 2",
    ),
    (
        "developers: sort=-total_issued",
        "/api/v1/developers?sort=-total_issued",
        "select * from api.project_developers order by total_issued desc nulls last, id desc "
        "limit 50",
    ),
    ("health", "/health", "select count(*) from api.projects"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sql_milliseconds(url: str, statement: str) -> float:
    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cur:
            times = []
            for _ in range(3):
                cur.execute("explain (analyze, format json) " + statement)
                times.append(cur.fetchone()[0][0]["Execution Time"])
            return min(times)
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=25_000)
    parser.add_argument("--credit-rows", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", default="1,4,16")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    levels = [int(level) for level in args.concurrency.split(",")]

    with (
        tempfile.TemporaryDirectory(prefix="carbon-atlas-bench-api-") as work,
        pipeline.scratch_database("carbon_atlas_bench_api") as url,
    ):
        started = time.perf_counter()
        data = data_folder(Path(work) / "data", args.projects, args.credit_rows)
        pipeline.ingest(url, data, quiet=True)
        pipeline.dbt(url, "build", "--quiet", quiet=True)
        export(Path(work) / "processed", url=url)
        seeded = seed(Path(work) / "processed", url=url)
        print(
            f"seeded {seeded.projects:,} projects and {seeded.credits:,} credits "
            f"in {time.perf_counter() - started:.0f} s; {args.workers} uvicorn workers"
        )

        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "api.main:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            cwd=REPO_ROOT,
            env={**os.environ, "DATABASE_URL": url},
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    if urllib.request.urlopen(base + "/health", timeout=2).status == 200:
                        break
                except OSError:
                    time.sleep(0.2)
            results: dict[tuple[str, int], dict] = {}
            for level in levels:
                output = subprocess.run(
                    [
                        sys.executable,
                        str(REPO_ROOT / "bench" / "load.py"),
                        base,
                        str(level),
                        str(args.requests),
                        *(path for _, path, _ in ENDPOINTS),
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                for line in output.splitlines():
                    result = json.loads(line)
                    results[(result["path"], level)] = result
        finally:
            server.terminate()
            server.wait(timeout=30)

        header = f"{'endpoint':<34}{'SQL ms':>8}"
        for level in levels:
            header += f" | c={level:<2} {'rps':>6} {'p50':>6} {'p99':>6}"
        print(header + f" | {'p50/SQL':>7}")
        for label, path, statement in ENDPOINTS:
            sql_ms = sql_milliseconds(url, statement)
            line = f"{label:<34}{sql_ms:>8.2f}"
            for level in levels:
                result = results[(path, level)]
                bad = {code: n for code, n in result["statuses"].items() if code != "200"}
                flag = f" !{bad}" if bad else ""
                line += (
                    f" |      {result['rps']:>6.0f} {result['p50_ms']:>6.1f} "
                    f"{result['p99_ms']:>6.1f}{flag}"
                )
            ratio = results[(path, levels[0])]["p50_ms"] / max(sql_ms, 0.01)
            print(line + f" | {ratio:>7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
