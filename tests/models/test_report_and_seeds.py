"""The data-quality report prints what the marts hold; the derived seeds are up to date."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT

REFERENCE = REPO_ROOT.parent / "shared" / "data" / "reference"


def test_report_prints_volumes_shares_and_unmapped_values(built):
    result = subprocess.run(
        [sys.executable, "-m", "carbon_atlas.report"],
        cwd=REPO_ROOT,
        env={**os.environ, "DATABASE_URL": built},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    out = result.stdout
    for registry in (
        "verra",
        "gold-standard",
        "american-carbon-registry",
        "climate-action-reserve",
        "art-trees",
    ):
        assert registry in out
    # ART TREES: 28 projects, 11 issuance rows, 58,753,403 issued (Credits Verified).
    art_line = next(line for line in out.splitlines() if "art-trees" in line)
    assert "28" in art_line and "58,753,403" in art_line
    assert "unmatched countries: 1" in out
    assert "'International' (21 projects)" in out


@pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"reference data not at {REFERENCE}")
def test_derived_seeds_are_what_the_seed_script_writes():
    result = subprocess.run(
        [
            sys.executable,
            "dbt_project/scripts/build_seeds.py",
            "--check",
            "--reference",
            str(REFERENCE),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
