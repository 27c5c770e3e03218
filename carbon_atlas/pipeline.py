"""Run the pipeline's steps as the Makefile does, from Python: ingest, dbt, export.

    python -m carbon_atlas.pipeline release [--data data/sample] [--out data/processed]

`release` rebuilds the committed Parquet release reproducibly: in a scratch database on
the resolved server (so load ids start at 1 whatever the main database holds), it
ingests the data folder, runs `dbt build` and exports; then drops the scratch database.
Tests and benchmarks use the same functions, so they run exactly what users run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from carbon_atlas import database
from carbon_atlas.export import DEFAULT_OUT, export

DEFAULT_DATA = database.REPO_ROOT / "data" / "sample"
BIN = Path(sys.executable).parent


def _run(command: list[str], url: str, *, quiet: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, **database.environment(url)}
    result = subprocess.run(
        command,
        cwd=database.REPO_ROOT,
        env=env,
        text=True,
        capture_output=quiet,
    )
    if result.returncode != 0:
        output = (result.stdout or "") + (result.stderr or "") if quiet else ""
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode})\n{output[-4000:]}")
    return result


def ingest(url: str, data: Path = DEFAULT_DATA, *, quiet: bool = False) -> None:
    _run([sys.executable, "-m", "ingest", str(data)], url, quiet=quiet)


def dbt(url: str, *args: str, quiet: bool = False) -> subprocess.CompletedProcess:
    return _run([str(BIN / "dbt"), *args], url, quiet=quiet)


@contextmanager
def scratch_database(prefix: str = "carbon_atlas_scratch") -> Iterator[str]:
    """A new empty database on the resolved server, dropped afterwards."""
    server_url = database.database_url()
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    database.ensure_database(server_url, name)
    try:
        yield database.with_database(server_url, name)
    finally:
        database.drop_database(server_url, name)


def build_release(data: Path = DEFAULT_DATA, out: Path = DEFAULT_OUT) -> dict:
    with scratch_database("carbon_atlas_release") as url:
        ingest(url, data)
        dbt(url, "build")
        return export(out, url=url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m carbon_atlas.pipeline")
    commands = parser.add_subparsers(dest="command", required=True)
    release = commands.add_parser("release", help="rebuild the Parquet release from scratch")
    release.add_argument("--data", type=Path, default=DEFAULT_DATA)
    release.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if args.command == "release":
        manifest = build_release(args.data, args.out)
        for facts in manifest["tables"].values():
            print(f"{args.out / facts['file']}: {facts['rows']:,} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
