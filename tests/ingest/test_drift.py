"""Exports of other dates and in other encodings and line endings land the same way."""

from __future__ import annotations

import codecs
import csv
import io

from ingest.loader import ensure_manifest
from tests.conftest import EXPORTS_DIR, SAMPLE_DIR, query
from tests.ingest.conftest import read_records, registry_copy


def _columns(db, schema: str, table: str) -> list[str]:
    return [
        row[0]
        for row in query(
            db,
            """select column_name from information_schema.columns
               where table_schema = %s and table_name = %s order by ordinal_position""",
            (schema, table),
        )
    ]


def test_acr_2024_and_2026_retirements_both_land(raw, db):
    old = EXPORTS_DIR / "american-carbon-registry" / "retirements-2024-10.csv"
    new = SAMPLE_DIR / "american-carbon-registry" / "retirements.csv"

    first = raw(old)
    assert first.status == "loaded", first.message
    assert first.rows == len(read_records(old)[1]) == 6188
    old_columns = _columns(db, "raw_american_carbon_registry", "retirements")
    assert "fiid" not in old_columns and "Unnamed: 29" in old_columns
    encoding = query(db, "select encoding from ingest.loads where load_id = %s", (first.load_id,))
    assert encoding == [("windows-1252",)]

    second = raw(new)
    assert second.status == "loaded", second.message
    assert second.rows == 100
    new_columns = _columns(db, "raw_american_carbon_registry", "retirements")
    assert "fiid" in new_columns and "Numberoffiles" in new_columns
    assert query(db, "select count(*) from raw_american_carbon_registry.retirements") == [(100,)]
    replaced = query(
        db, "select replaced_load_id from ingest.loads where load_id = %s", (second.load_id,)
    )
    assert replaced == [(first.load_id,)]


def test_verra_project_lists_with_and_without_thousands_separators_land(raw, db, tmp_path):
    with_separators = SAMPLE_DIR / "verra" / "projects-2024-10.csv"
    assert b'"16,573"' in with_separators.read_bytes()
    result = raw(with_separators)
    assert result.status == "loaded", result.message
    assert query(
        db,
        """select "Estimated Annual Emission Reductions" from raw_verra.projects
           where "ID" = '5286'""",
    ) == [("16,573",)]

    # The same list as other exports write it: plain numbers, LF line endings.
    header, records = read_records(with_separators)
    column = header.index("Estimated Annual Emission Reductions")
    target = tmp_path / "verra" / "projects.csv"
    target.parent.mkdir()
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for record in records:
            record = list(record)
            record[column] = record[column].replace(",", "")
            writer.writerow(record)
    result = raw(target)
    assert result.status == "loaded", result.message
    assert result.rows == len(records)
    assert query(
        db,
        """select "Estimated Annual Emission Reductions" from raw_verra.projects
           where "ID" = '5286'""",
    ) == [("16573",)]


def test_verra_transactions_of_2023_with_old_serial_formats_land(raw, db):
    path = EXPORTS_DIR / "verra" / "transactions-australia-2023-12.csv"
    result = raw(path)
    assert result.status == "loaded", result.message
    assert result.rows == 731
    assert query(db, 'select count(distinct "ID") from raw_verra.transactions') == [(5,)]


def test_utf8_bom_and_crlf_variant_lands_identically(raw, db, tmp_path):
    source = SAMPLE_DIR / "climate-action-reserve" / "projects.csv"
    plain = raw(source)
    assert plain.status == "loaded", plain.message
    expected = query(db, "select * from raw_climate_action_reserve.projects order by _row_number")

    variant = tmp_path / "climate-action-reserve" / "projects.csv"
    variant.parent.mkdir()
    data = source.read_bytes()
    assert b"\r\n" not in data
    # Quoted line breaks inside fields are data: only line ends change to CRLF here.
    header, records = read_records(source)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *records])
    variant.write_bytes(codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8"))

    result = raw(variant)
    assert result.status == "loaded", result.message
    landed = query(db, "select * from raw_climate_action_reserve.projects order by _row_number")
    # Same values in every source column; only the load id and time differ.
    assert [row[4:] for row in landed] == [row[4:] for row in expected]
    assert query(db, "select encoding from ingest.loads where load_id = %s", (result.load_id,)) == [
        ("utf-8",)
    ]


def test_kind_is_told_from_the_header_when_the_name_says_nothing(raw, db, tmp_path):
    path = registry_copy(
        tmp_path, "verra", SAMPLE_DIR / "verra" / "transactions.csv", "VCUs_export (3).csv"
    )
    path = path.rename(path.with_name("export (3).csv"))
    result = raw(path)
    assert result.status == "loaded", result.message
    assert result.kind == "transactions"
    assert query(db, "select count(*) from raw_verra.transactions") == [(200,)]


def test_trailing_blank_lines_are_not_rows(raw, db, tmp_path):
    path = registry_copy(tmp_path, "art-trees", SAMPLE_DIR / "art-trees" / "retirements.csv")
    path.write_bytes(path.read_bytes() + b"\n\n\r\n")
    result = raw(path)
    assert result.status == "loaded", result.message
    assert result.rows == 8


def test_manifest_is_created_once_and_kept(raw, database_url, db):
    ensure_manifest(database_url)
    ensure_manifest(database_url)
    assert query(db, "select count(*) from ingest.loads") == [(0,)]
