"""Benchmark: ingest of a large synthetic export against a bare COPY of the same file.

    python bench/ingest.py [--rows 1000000] [--repeat 2]

Builds a Verra transactions export of N rows (bench/synthetic.py: the real rows of
data/sample/verra/transactions.csv with fresh project ids and serial numbers), then, in a
scratch database on the resolved server (DATABASE_URL or the embedded one):

* bare COPY: the file into a plain table of text columns (the floor: PostgreSQL parsing
  the CSV and nothing else);
* ingest: ``load_file`` as ``python -m ingest`` runs it (checksum and encoding pass,
  header checks, COPY into the incoming table with provenance, analyze, swap, manifest),
  in a child process whose peak resident memory is reported.

Prints rows per second for both, their ratio and the ingest's peak memory. The best of
--repeat runs is kept for each. Nothing here is a test: it prints figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg2
from psycopg2 import sql

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.synthetic import verra_transactions  # noqa: E402
from carbon_atlas import database  # noqa: E402

WORK = REPO_ROOT / "bench" / ".work"

CHILD = """
import json, resource, sys, time
from pathlib import Path
from ingest.loader import ensure_manifest, load_file
from ingest.registries import REGISTRIES
url, path = sys.argv[1], Path(sys.argv[2])
ensure_manifest(url)
started = time.perf_counter()
result = load_file(url, REGISTRIES["verra"], path)
seconds = time.perf_counter() - started
assert result.status == "loaded", result.message
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rows": result.rows, "seconds": seconds, "peak_mib": peak_kib / 1024}))
"""


def bare_copy(url: str, path: Path, columns: list[str]) -> tuple[int, float]:
    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("drop table if exists bench_bare_copy")
            cur.execute(
                sql.SQL("create table bench_bare_copy ({})").format(
                    sql.SQL(", ").join(
                        sql.SQL("{} text").format(sql.Identifier(c)) for c in columns
                    )
                )
            )
            conn.commit()
            started = time.perf_counter()
            with path.open("rb") as handle:
                cur.copy_expert(
                    "copy bench_bare_copy from stdin with (format csv, header true)",
                    handle,
                    size=1 << 20,
                )
            rows = cur.rowcount
            conn.commit()
            seconds = time.perf_counter() - started
            cur.execute("drop table bench_bare_copy")
            conn.commit()
    finally:
        conn.close()
    return rows, seconds


def run_ingest(url: str, path: Path) -> dict:
    output = subprocess.run(
        [sys.executable, "-c", CHILD, url, str(path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    server_url = database.database_url()
    name = f"carbon_atlas_bench_{uuid.uuid4().hex[:8]}"
    database.ensure_database(server_url, name)
    url = database.with_database(server_url, name)
    try:
        started = time.perf_counter()
        path = verra_transactions(args.rows, WORK / "verra" / f"transactions-{args.rows}.csv")
        size_mib = path.stat().st_size / 2**20
        print(
            f"synthetic export: {args.rows:,} rows, {size_mib:,.1f} MiB, "
            f"built in {time.perf_counter() - started:.1f} s ({path})"
        )
        with path.open(encoding="utf-8", newline="") as handle:
            columns = next(csv.reader(handle))

        bare = [bare_copy(url, path, columns) for _ in range(args.repeat)]
        ingests = []
        for _ in range(args.repeat):
            # Start each run from an empty raw layer: the same sha256 would be a no-op.
            conn = psycopg2.connect(url)
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute("drop schema if exists ingest cascade")
                cur.execute("drop schema if exists raw_verra cascade")
            conn.close()
            ingests.append(run_ingest(url, path))

        bare_rows, bare_seconds = min(bare, key=lambda item: item[1])
        best = min(ingests, key=lambda item: item["seconds"])
        assert bare_rows == best["rows"] == args.rows, (bare_rows, best["rows"])
        bare_rate = bare_rows / bare_seconds
        ingest_rate = best["rows"] / best["seconds"]
        print(f"{'step':<12}{'rows':>12}{'seconds':>10}{'rows/s':>12}{'MiB/s':>9}")
        print(
            f"{'bare COPY':<12}{bare_rows:>12,}{bare_seconds:>10.2f}{bare_rate:>12,.0f}"
            f"{size_mib / bare_seconds:>9.1f}"
        )
        print(
            f"{'ingest':<12}{best['rows']:>12,}{best['seconds']:>10.2f}{ingest_rate:>12,.0f}"
            f"{size_mib / best['seconds']:>9.1f}"
        )
        print(f"ingest / bare COPY rate: {ingest_rate / bare_rate:.0%} (aim: at least 50%)")
        print(
            f"ingest peak memory (Python process, max RSS): {best['peak_mib']:.0f} MiB "
            f"(aim: under 300 MiB); all runs: "
            + ", ".join(f"{run['seconds']:.2f} s" for run in ingests)
        )
    finally:
        database.drop_database(server_url, name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
