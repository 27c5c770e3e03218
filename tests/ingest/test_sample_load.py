"""The committed sample lands whole: every registry, every file, every column, every value."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from psycopg2 import sql

from ingest.__main__ import main
from ingest.registries import REGISTRIES, column_key
from tests.conftest import SAMPLE_DIR, query
from tests.ingest.conftest import read_records, reset_raw_layer

SAMPLE_FILES = sorted(SAMPLE_DIR.glob("*/*.csv"))
EXPECTED_KINDS = {
    "verra": {"projects", "transactions"},
    "gold-standard": {"projects", "issuances", "retirements"},
    "american-carbon-registry": {"projects", "issuances", "retirements", "cancellations"},
    "climate-action-reserve": {"projects", "issuances", "retirements", "cancellations"},
    "art-trees": {"projects", "issuances", "retirements", "cancellations"},
}


@pytest.fixture(scope="module")
def sample_loaded(database_url):
    """Load data/sample once for this module, through the command line entry point."""
    # Start from an empty raw layer whatever ran before in this session.

    reset_raw_layer(database_url)
    assert main([str(SAMPLE_DIR)]) == 0
    return database_url


def test_sample_holds_every_kind_of_every_registry():
    found: dict[str, set[str]] = {}
    for path in SAMPLE_FILES:
        found.setdefault(path.parent.name, set()).add(path.stem.split("-")[0])
    assert found == EXPECTED_KINDS


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sample_file_lands_with_every_record_and_value(sample_loaded, db, path: Path):
    spec = REGISTRIES[path.parent.name]
    kind = path.stem.split("-")[0]
    header, records = read_records(path)
    columns = [name if name.strip() else f"Unnamed: {index}" for index, name in enumerate(header)]
    table = sql.Identifier(spec.schema, kind)
    with db.cursor() as cur:
        cur.execute(
            sql.SQL("select {} from {} order by _row_number").format(
                sql.SQL(", ").join(sql.Identifier(c) for c in columns), table
            )
        )
        landed = [["" if value is None else value for value in row] for row in cur.fetchall()]
    # Records, not lines: several files hold line breaks inside quoted fields.
    assert len(landed) == len(records)
    assert landed == records


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sample_file_is_recorded_in_the_manifest(sample_loaded, db, path: Path):
    spec = REGISTRIES[path.parent.name]
    kind = path.stem.split("-")[0]
    ((load_id, status, rows, sha256, size, target, columns),) = query(
        db,
        """
        select load_id, status, rows, sha256, bytes, target_table, columns
        from ingest.current_loads where registry = %s and kind = %s
        """,
        (spec.slug, kind),
    )
    header, records = read_records(path)
    assert status == "loaded"
    assert rows == len(records)
    assert sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert size == path.stat().st_size
    assert target == f"{spec.schema}.{kind}"
    assert [column["source"] for column in columns] == header
    provenance = query(
        db,
        f"select min(_row_number), max(_row_number), count(distinct _load_id), "
        f'min(_file_name), max(_file_name) from {spec.schema}."{kind}" where _load_id = %s',
        (load_id,),
    )
    assert provenance == [(1, len(records), 1, path.name, path.name)]


def test_row_number_points_at_the_record_in_the_file(sample_loaded, db):
    # Gold Standard descriptions hold line breaks: record 2,000 is far from line 2,001.
    path = SAMPLE_DIR / "gold-standard" / "projects-2026-06-04.csv"
    _, records = read_records(path)
    gsid, name = query(
        db,
        'select "GSID", "Project Name" from raw_gold_standard.projects where _row_number = 2000',
    )[0]
    assert [gsid, name] == records[1999][:2]
    physical_lines = path.read_bytes().count(b"\n")
    assert physical_lines > len(records) + 1


def test_windows_1252_export_is_converted_to_text(sample_loaded, db):
    # ACR's 2024 project report is Windows-1252: "Renováveis" is byte 0xE1 in the file.
    path = SAMPLE_DIR / "american-carbon-registry" / "projects-2024-10.csv"
    assert "Renováveis".encode("windows-1252") in path.read_bytes()
    names = query(
        db,
        """select "Project Developer" from raw_american_carbon_registry.projects
           where "Project Developer" like '%%Renováveis%%'""",
    )
    assert names
    encoding = query(
        db,
        "select encoding from ingest.current_loads "
        "where registry = 'american-carbon-registry' and kind = 'projects'",
    )
    assert encoding == [("windows-1252",)]


def test_trailing_empty_column_and_na_values_are_kept(sample_loaded, db):
    # Every line of the 2024 ACR report ends with a comma: an unnamed 22nd column.
    columns = [
        row[0]
        for row in query(
            db,
            """select column_name from information_schema.columns
               where table_schema = 'raw_american_carbon_registry' and table_name = 'projects'""",
        )
    ]
    assert "Unnamed: 21" in columns
    na_count = query(
        db,
        """select count(*) from raw_american_carbon_registry.projects
           where "Compliance Program ID (ARB or Ecology)" = 'N/A'""",
    )[0][0]
    assert na_count > 100


def test_required_columns_are_matched_by_name_through_aliases(sample_loaded, db):
    # The 2026 ACR cancellations write "Status Effective  (GMT)" with two spaces.
    required = query(
        db,
        "select required_columns from ingest.current_loads "
        "where registry = 'american-carbon-registry' and kind = 'cancellations'",
    )[0][0]
    assert required["Status Effective (GMT)"] == "Status Effective  (GMT)"
    assert column_key("Status Effective  (GMT)") == column_key("status effective (gmt)")
