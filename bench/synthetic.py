"""Synthetic registry exports for the benchmarks, built from real sample rows.

Rows of data/sample are replicated with fresh ids, so the files have the real column
sets, value shapes and quirks (quoted fields, thousands separators) at any size. Every
writer streams: memory stays flat whatever the row count.
"""

from __future__ import annotations

import csv
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
FIRST_PROJECT = 100_000
BLOCKS_PER_PROJECT = 40


def _templates(path: Path, encoding: str = "utf-8") -> tuple[list[str], list[list[str]]]:
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, list(reader)


def verra_transactions(rows: int, target: Path) -> Path:
    """``rows`` VCU blocks, about 40 per synthetic project (ids from 100000)."""
    header, templates = _templates(SAMPLE / "verra" / "transactions.csv")
    id_at, serial_at = header.index("ID"), header.index("Serial Number")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for number in range(rows):
            row = list(templates[number % len(templates)])
            project = FIRST_PROJECT + number // BLOCKS_PER_PROJECT
            row[id_at] = str(project)
            row[serial_at] = f"{number}-{project}-{row[serial_at][-24:]}"
            writer.writerow(row)
    return target


def verra_projects(projects: int, target: Path) -> Path:
    """``projects`` project-list rows with the ids verra_transactions uses."""
    header, templates = _templates(SAMPLE / "verra" / "projects-2024-10.csv")
    id_at, name_at = header.index("ID"), header.index("Name")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        for number in range(projects):
            row = list(templates[number % len(templates)])
            row[id_at] = str(FIRST_PROJECT + number)
            row[name_at] = f"{row[name_at]} #{number}"
            writer.writerow(row)
    return target


def data_folder(target: Path, projects: int, credit_rows: int) -> Path:
    """The sample exports of every registry, Verra's replaced by synthetic ones."""
    import shutil

    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md"))
    for old in (target / "verra").iterdir():
        old.unlink()
    verra_projects(projects, target / "verra" / "projects.csv")
    verra_transactions(credit_rows, target / "verra" / "transactions.csv")
    return target
