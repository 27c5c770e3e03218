"""A file is a snapshot of its kind: same file again does nothing, a new one replaces it."""

from __future__ import annotations

import psycopg2

from tests.conftest import SAMPLE_DIR, query
from tests.ingest.conftest import registry_copy, snapshot

CAR_RETIREMENTS = SAMPLE_DIR / "climate-action-reserve" / "retirements.csv"


def test_loading_the_same_file_again_does_nothing(raw, db, tmp_path):
    first = raw(CAR_RETIREMENTS)
    assert first.status == "loaded"
    before = snapshot(db, "raw_climate_action_reserve.retirements")

    # The same bytes under another name and folder are still the same snapshot.
    copy = registry_copy(
        tmp_path, "climate-action-reserve", CAR_RETIREMENTS, "retirements-again.csv"
    )
    again = raw(copy)

    assert again.status == "unchanged"
    assert again.load_id == first.load_id
    assert f"same sha256 as load {first.load_id}" in again.message
    assert snapshot(db, "raw_climate_action_reserve.retirements") == before
    assert query(db, "select count(*) from ingest.loads") == [(1,)]


def test_loading_a_changed_file_replaces_the_snapshot(raw, db, tmp_path):
    first = raw(CAR_RETIREMENTS)
    changed = registry_copy(tmp_path, "climate-action-reserve", CAR_RETIREMENTS)
    lines = changed.read_bytes().split(b"\n")
    changed.write_bytes(b"\n".join(lines[:51]) + b"\n")  # the header and 50 records

    second = raw(changed)

    assert second.status == "loaded"
    assert second.rows == 50
    after = snapshot(db, "raw_climate_action_reserve.retirements")
    assert after["rows"] == 50
    assert after["load_ids"] == [(second.load_id,)]
    assert query(
        db,
        "select load_id, replaced_load_id from ingest.current_loads "
        "where registry = 'climate-action-reserve' and kind = 'retirements'",
    ) == [(second.load_id, first.load_id)]
    # Reloading the first file is a change again, not a no-op.
    third = raw(CAR_RETIREMENTS)
    assert third.status == "loaded" and third.rows == 100


def test_readers_see_the_old_rows_until_the_new_snapshot_commits(raw, db, database_url, tmp_path):
    raw(CAR_RETIREMENTS)
    changed = registry_copy(tmp_path, "climate-action-reserve", CAR_RETIREMENTS)
    changed.write_bytes(b"\n".join(changed.read_bytes().split(b"\n")[:11]) + b"\n")

    reader = psycopg2.connect(database_url)
    reader.autocommit = True
    seen_during_load: list[int] = []

    def look(_bytes_read: int) -> None:
        # Called while COPY streams the new file, inside the loading transaction.
        seen_during_load.append(
            query(reader, "select count(*) from raw_climate_action_reserve.retirements")[0][0]
        )

    try:
        result = raw(changed, on_read=look)
        assert result.status == "loaded"
        # One look during the checksum pass, at least one while COPY streams the file.
        assert len(seen_during_load) >= 2
        assert set(seen_during_load) == {100}
        assert query(reader, "select count(*) from raw_climate_action_reserve.retirements") == [
            (10,)
        ]
    finally:
        reader.close()


def test_replacing_a_snapshot_reports_the_views_it_drops(raw, db, tmp_path):
    raw(CAR_RETIREMENTS)
    with db.cursor() as cur:
        cur.execute(
            "create schema staging; create view staging.stg_probe as "
            'select "Project ID" from raw_climate_action_reserve.retirements'
        )
    changed = registry_copy(tmp_path, "climate-action-reserve", CAR_RETIREMENTS)
    changed.write_bytes(b"\n".join(changed.read_bytes().split(b"\n")[:21]) + b"\n")
    try:
        result = raw(changed)
        assert result.status == "loaded"
        assert result.notes == [
            "dropped dependent view(s) staging.stg_probe; `dbt build` recreates them"
        ]
        assert query(db, "select to_regclass('staging.stg_probe')") == [(None,)]
    finally:
        with db.cursor() as cur:
            cur.execute("drop schema staging cascade")
