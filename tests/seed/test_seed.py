"""python -m api.db.seed: the committed release becomes the served api tables."""

from __future__ import annotations

import shutil
import threading
import time

import psycopg2
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from api.db.seed import ReleaseError, seed
from tests.conftest import query
from tests.seed.conftest import RELEASE, served


def test_seed_serves_every_row_of_the_release(seeded):
    conn, result = seeded
    assert query(conn, "select count(*) from api.projects") == [
        (pq.read_metadata(RELEASE / "projects.parquet").num_rows,)
    ]
    assert query(conn, "select count(*) from api.credits") == [
        (pq.read_metadata(RELEASE / "credits.parquet").num_rows,)
    ]
    assert (result.projects, result.credits) == (9569, 896)
    # Values survive the trip, arrays and dates included.
    release = {
        row["project_id"]: row for row in pq.read_table(RELEASE / "projects.parquet").to_pylist()
    }
    ((protocol, first_issuance, issued),) = query(
        conn,
        "select protocol, first_issuance_at, issued from api.projects where project_id = 'VCS513'",
    )
    assert protocol == release["VCS513"]["protocol"]
    assert first_issuance == release["VCS513"]["first_issuance_at"]
    assert issued == release["VCS513"]["issued"] == 417_941


def test_every_credit_joins_a_project(seeded):
    conn, _ = seeded
    assert query(
        conn,
        "select count(*) from api.credits left join api.projects using (project_id) "
        "where api.projects.project_id is null",
    ) == [(0,)]


def test_developer_totals_equal_the_sums_over_their_projects(seeded):
    conn, _ = seeded
    mismatches = query(
        conn,
        """
        select developers.id
        from api.project_developers as developers
        inner join api.project_developer_links as links on links.developer_id = developers.id
        inner join api.projects as projects on projects.project_id = links.project_id
        group by developers.id, developers.project_count, developers.total_issued,
                 developers.total_retired
        having count(*) <> developers.project_count
            or sum(projects.issued) <> developers.total_issued
            or sum(projects.retired) <> developers.total_retired
        """,
    )
    assert mismatches == []
    assert query(conn, "select count(*) from api.project_developers where project_count = 0") == [
        (0,)
    ]


def test_serving_marts_add_up_to_the_served_tables(seeded):
    conn, _ = seeded
    flows = dict(
        query(
            conn,
            "select transaction_type, sum(quantity) from serving.chart_credit_flows group by 1",
        )
    )
    credits = dict(
        query(conn, "select transaction_type, sum(quantity) from api.credits group by 1")
    )
    assert flows == credits
    assert query(
        conn,
        "select sum(issued), sum(retired), count(*) from serving.stats_projects",
    ) == query(conn, "select sum(issued), sum(retired), count(*) from api.projects")


def test_seeding_the_same_release_again_leaves_the_same_data_and_ids(seeded, database_url):
    conn, _ = seeded
    before = served(conn)
    seed(RELEASE, url=database_url)
    assert served(conn) == before
    names = query(
        conn,
        "select indexname from pg_indexes where schemaname = 'api' and indexname like '%%next%%'",
    )
    assert names == []


def _corrupt(tmp_path, name: str, change) -> object:
    release = tmp_path / "release"
    shutil.copytree(RELEASE, release)
    path = release / name
    change(path)
    return release


def _rewrite(path, transform):
    table = pq.read_table(path)
    pq.write_table(transform(table), path)


CORRUPTIONS = {
    "missing column": (
        "credits.parquet",
        lambda path: _rewrite(path, lambda t: t.drop_columns(["quantity"])),
        "credits.parquet: column quantity is missing (expected double)",
    ),
    "duplicate project_id": (
        "projects.parquet",
        lambda path: _rewrite(path, lambda t: pa.concat_tables([t, t.slice(0, 2)])),
        "projects.parquet: column project_id: 2 duplicate keys, e.g. row 1 "
        "(project_id='ACR1000'); row 2 (project_id='ACR1001'); row 9570 (project_id='ACR1000')",
    ),
    "orphan credit": (
        "projects.parquet",
        lambda path: _rewrite(
            path, lambda t: t.filter(pa.compute.not_equal(t["project_id"], "VCS513"))
        ),
        "credits.parquet: column project_id: 60 credits name a project that projects.parquet "
        "lacks, e.g. row",
    ),
    "negative quantity": (
        "credits.parquet",
        lambda path: _rewrite(
            path,
            lambda t: t.set_column(
                t.schema.get_field_index("quantity"),
                t.schema.field("quantity"),
                pa.chunked_array([[-5.0, *t["quantity"].to_pylist()[1:]]], type=pa.float64()),
            ),
        ),
        "credits.parquet: column quantity: 1 quantities are not positive, e.g. row 1 (",
    ),
    "not a Parquet file": (
        "projects.parquet",
        lambda path: path.write_text("project_id,name\nVCS1,not parquet\n"),
        "projects.parquet: not a Parquet file",
    ),
    "missing file": (
        "credits.parquet",
        lambda path: path.unlink(),
        "credits.parquet: missing",
    ),
}


@pytest.mark.parametrize("case", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_bad_release_is_refused_and_the_served_data_stays(seeded, database_url, tmp_path, case):
    conn, _ = seeded
    name, change, message = case
    before = served(conn)
    release = _corrupt(tmp_path, name, change)
    with pytest.raises(ReleaseError) as refused:
        seed(release, url=database_url)
    assert message in str(refused.value)
    assert str(release) in str(refused.value)
    assert served(conn) == before


def test_readers_never_see_an_empty_table_or_an_error_while_seeding(seeded, database_url):
    conn, _ = seeded
    expected = query(conn, "select count(*) from api.projects")[0][0]
    seen: list[int] = []
    errors: list[Exception] = []
    stop = threading.Event()

    def read() -> None:
        reader = psycopg2.connect(database_url)
        reader.autocommit = True
        try:
            with reader.cursor() as cur:
                while not stop.is_set():
                    try:
                        cur.execute("select count(*) from api.projects")
                        seen.append(cur.fetchone()[0])
                    except psycopg2.Error as error:  # recorded, then the test fails
                        errors.append(error)
                        return
                    time.sleep(0.002)
        finally:
            reader.close()

    thread = threading.Thread(target=read)
    thread.start()
    try:
        seed(RELEASE, url=database_url)
        time.sleep(0.1)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert errors == []
    assert len(seen) > 50
    assert set(seen) == {expected}
