"""python -m ingest [PATH ...]: land registry exports in PostgreSQL.

PATH is a data folder laid out as <registry>/<files> (default: data/sample), a registry
folder, or a single CSV inside a registry folder. Every good file is loaded and every bad
one reported (with --fail-fast the run stops at the first bad file); the exit status is 1
when any file failed, 0 otherwise. See ingest/loader.py for what a load does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from carbon_atlas.database import REPO_ROOT, database_url
from ingest.loader import LoadResult, duplicate_kinds, ensure_manifest, load_file, plan
from ingest.registries import REGISTRIES

DEFAULT_DATA = REPO_ROOT / "data" / "sample"


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m ingest",
        description="Load registry CSV exports into raw_<registry> tables (see README).",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[DEFAULT_DATA],
        help="data folders (<registry>/<files>), registry folders or CSV files "
        "(default: data/sample)",
    )
    parser.add_argument(
        "--registry",
        action="append",
        choices=sorted(REGISTRIES),
        help="load only this registry (repeatable)",
    )
    parser.add_argument(
        "--fail-fast", action="store_true", help="stop at the first file that fails"
    )
    return parser.parse_args(argv)


def _summary(results: list[LoadResult]) -> Table:
    table = Table(title="ingest summary", title_justify="left")
    for name, justify in (
        ("registry", "left"),
        ("kind", "left"),
        ("file", "left"),
        ("rows", "right"),
        ("status", "left"),
        ("seconds", "right"),
    ):
        table.add_column(name, justify=justify)
    styles = {"loaded": "green", "unchanged": "cyan", "failed": "bold red", "skipped": "yellow"}
    for result in results:
        table.add_row(
            result.registry,
            result.kind or "?",
            result.path.name,
            f"{result.rows:,}" if result.rows is not None else "",
            f"[{styles[result.status]}]{result.status}[/]",
            f"{result.seconds:.2f}",
        )
    return table


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    console = Console()
    if not console.is_terminal:
        # Logs and pipes: a width that fits every column instead of the default 80.
        console = Console(width=160)
    errors = Console(stderr=True, width=None if console.is_terminal else 160)
    registries = set(args.registry) if args.registry else None
    planned = plan(args.paths, registries)
    if not planned:
        errors.print(
            "[bold red]nothing to load[/]: no registry folders or CSV files found in "
            + ", ".join(str(path) for path in args.paths)
        )
        return 1
    clashes = duplicate_kinds(planned)

    url = database_url()
    ensure_manifest(url)
    results: list[LoadResult] = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        for item in planned:
            registry_slug = item.registry.slug if item.registry else item.path.name
            if item.problem or item.path in clashes:
                status = (
                    "skipped" if item.problem and item.problem.startswith("skipped") else "failed"
                )
                results.append(
                    LoadResult(
                        registry_slug,
                        None,
                        item.path,
                        status,
                        message=item.problem or clashes[item.path],
                    )
                )
            else:
                task = progress.add_task(
                    f"{registry_slug}/{item.path.name}", total=2 * item.path.stat().st_size
                )
                result = load_file(
                    url,
                    item.registry,
                    item.path,
                    on_read=lambda n, task=task: progress.advance(task, n),
                )
                progress.remove_task(task)
                results.append(result)
            last = results[-1]
            if last.status == "failed":
                errors.print(f"[bold red]error[/] {last.message}", highlight=False)
                if args.fail_fast:
                    break
            elif last.status == "skipped":
                errors.print(f"[yellow]note[/] {last.path}: {last.message}", highlight=False)
            for note in last.notes:
                errors.print(f"[yellow]note[/] {last.path}: {note}", highlight=False)
            if last.status == "unchanged":
                console.print(f"{last.path}: unchanged ({last.message})", highlight=False)

    console.print(_summary(results))
    failed = [result for result in results if result.status == "failed"]
    if failed:
        errors.print(
            f"[bold red]{len(failed)} file(s) failed[/]; "
            "the snapshots they would have replaced are untouched"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
