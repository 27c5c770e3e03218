"""python -m ingest as a user runs it: good files load, bad ones are reported, exit status."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO_ROOT, SAMPLE_DIR, query
from tests.ingest.conftest import registry_copy, snapshot


def run_ingest(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ingest", *args],
        cwd=REPO_ROOT,
        env={**os.environ, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_run_loads_the_good_files_and_reports_the_bad_one(raw, db, tmp_path):
    registry_copy(tmp_path, "art-trees", SAMPLE_DIR / "art-trees" / "issuances.csv")
    registry_copy(tmp_path, "art-trees", SAMPLE_DIR / "art-trees" / "retirements.csv")
    bad = tmp_path / "art-trees" / "cancellations.csv"
    bad.write_bytes(b"")
    (tmp_path / "isometric").mkdir()

    result = run_ingest(str(tmp_path))

    assert result.returncode == 1
    assert f"{bad}: file is empty (0 bytes)" in result.stderr
    assert "1 file(s) failed" in result.stderr
    assert "'isometric' is not a supported registry" in result.stderr
    for line in ("issuances.csv", "retirements.csv", "cancellations.csv"):
        assert line in result.stdout
    assert "ingest summary" in result.stdout
    assert query(db, "select count(*) from raw_art_trees.issuances") == [(11,)]
    assert query(db, "select count(*) from raw_art_trees.retirements") == [(8,)]
    assert query(db, "select to_regclass('raw_art_trees.cancellations')") == [(None,)]


def test_fail_fast_stops_at_the_first_bad_file(raw, db, tmp_path):
    (tmp_path / "art-trees").mkdir()
    (tmp_path / "art-trees" / "cancellations.csv").write_bytes(b"")
    registry_copy(tmp_path, "art-trees", SAMPLE_DIR / "art-trees" / "retirements.csv")

    result = run_ingest("--fail-fast", str(tmp_path))

    assert result.returncode == 1
    assert query(db, "select to_regclass('raw_art_trees.retirements')") == [(None,)]


def test_a_second_run_of_the_same_files_changes_nothing(raw, db):
    first = run_ingest(str(SAMPLE_DIR / "verra"))
    assert first.returncode == 0, first.stderr
    before = snapshot(db, "raw_verra.projects")

    second = run_ingest(str(SAMPLE_DIR / "verra"))

    assert second.returncode == 0, second.stderr
    assert second.stdout.count("unchanged") >= 2
    assert snapshot(db, "raw_verra.projects") == before


def test_two_files_of_one_kind_in_one_run_are_both_refused(raw, db, tmp_path):
    registry_copy(tmp_path, "verra", SAMPLE_DIR / "verra" / "projects-2024-10.csv")
    registry_copy(tmp_path, "verra", SAMPLE_DIR / "verra" / "projects-2024-10.csv", "projects.csv")

    result = run_ingest(str(tmp_path / "verra"))

    assert result.returncode == 1
    assert "2 files of kind projects for verra in one run" in result.stderr
    assert query(db, "select to_regclass('raw_verra.projects')") == [(None,)]


def test_registry_option_limits_the_run(raw, db):
    result = run_ingest("--registry", "art-trees", str(SAMPLE_DIR))
    assert result.returncode == 0, result.stderr
    assert query(db, "select distinct registry from ingest.loads") == [("art-trees",)]
