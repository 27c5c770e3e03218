"""The Parquet release: explicit schema, and the committed one is what data/sample gives."""

from __future__ import annotations

import json

import psycopg2
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from carbon_atlas.database import with_database
from carbon_atlas.export import CREDITS, PROJECTS, export
from tests.conftest import REPO_ROOT

COMMITTED = REPO_ROOT / "data" / "processed"


@pytest.fixture(scope="module")
def rebuilt(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    manifest = export(out, url=built, batch_rows=200, row_group_rows=500)
    return out, manifest


@pytest.mark.parametrize("name", ["projects", "credits"])
def test_rebuilding_from_the_sample_gives_the_committed_rows(rebuilt, name):
    out, _ = rebuilt
    fresh = pq.read_table(out / f"{name}.parquet")
    committed = pq.read_table(COMMITTED / f"{name}.parquet")
    assert fresh.schema == committed.schema
    assert fresh.num_rows == committed.num_rows
    assert fresh.to_pylist() == committed.to_pylist()


def test_files_have_the_declared_arrow_schema_in_row_groups(rebuilt):
    out, manifest = rebuilt
    for table in (PROJECTS, CREDITS):
        parquet = pq.ParquetFile(out / f"{table.name}.parquet")
        assert parquet.schema_arrow == table.schema
        # 200-row fetches flushed as a row group once 500 rows wait: streamed, never
        # the whole table in memory. Every group but the last holds 500 to 699 rows.
        sizes = [
            parquet.metadata.row_group(index).num_rows
            for index in range(parquet.metadata.num_row_groups)
        ]
        assert sum(sizes) == manifest["tables"][table.name]["rows"]
        assert len(sizes) > 1
        assert all(500 <= size < 700 for size in sizes[:-1]), sizes
    assert PROJECTS.schema.field("protocol").type == pa.list_(pa.string())
    assert PROJECTS.schema.field("first_issuance_at").type == pa.date32()
    assert CREDITS.schema.field("quantity").type == pa.float64()


def test_manifest_names_row_counts_and_source_loads(rebuilt):
    out, _ = rebuilt
    written = json.loads((out / "manifest.json").read_text())
    for name in ("projects", "credits"):
        rows = pq.read_metadata(out / f"{name}.parquet").num_rows
        assert written["tables"][name]["rows"] == rows
    loads = {(load["registry"], load["kind"]): load for load in written["source_loads"]}
    assert len(loads) == 17
    assert loads[("verra", "transactions")]["file_name"] == "transactions.csv"
    assert len(loads[("verra", "transactions")]["sha256"]) == 64

    # The committed manifest names the same loads of the same files (times differ).
    def identity(manifest):
        keys = ("load_id", "registry", "kind", "file_name", "sha256", "bytes", "rows")
        return [tuple(load[key] for key in keys) for load in manifest["source_loads"]]

    committed = json.loads((COMMITTED / "manifest.json").read_text())
    assert identity(committed) == identity(written)


def test_a_failed_export_leaves_the_previous_release_whole(rebuilt, database_url, tmp_path):
    out, _ = rebuilt
    target = tmp_path / "release"
    target.mkdir()
    for name in ("projects.parquet", "credits.parquet", "manifest.json"):
        (target / name).write_bytes((out / name).read_bytes())
    before = {path.name: path.read_bytes() for path in target.iterdir()}
    # A database without the marts: the export fails before anything is replaced.
    with pytest.raises(psycopg2.errors.UndefinedTable, match=r"marts\.projects"):
        export(target, url=with_database(database_url, "postgres"))
    assert {path.name: path.read_bytes() for path in target.iterdir()} == before
