"""Older exports (other column names, Windows-1252) build the same marts."""

from __future__ import annotations

import psycopg2
import pytest

from carbon_atlas import pipeline
from tests.conftest import EXPORTS_DIR, SAMPLE_DIR, query
from tests.ingest.conftest import reset_raw_layer

MART_COLUMNS = """
    select table_name, column_name, data_type from information_schema.columns
    where table_schema = 'marts' order by table_name, ordinal_position
"""


@pytest.fixture(scope="module")
def both_builds(database_url):
    reset_raw_layer(database_url)
    pipeline.ingest(database_url, SAMPLE_DIR, quiet=True)
    pipeline.dbt(database_url, "seed", quiet=True)
    pipeline.dbt(database_url, "run", quiet=True)
    conn = psycopg2.connect(database_url)
    conn.autocommit = True
    current = query(conn, MART_COLUMNS)
    # The 2024 ACR retirements report and Verra's 2023 transactions replace the samples.
    for path in (
        EXPORTS_DIR / "american-carbon-registry" / "retirements-2024-10.csv",
        EXPORTS_DIR / "verra" / "transactions-australia-2023-12.csv",
    ):
        pipeline.ingest(database_url, path, quiet=True)
    pipeline.dbt(database_url, "build", quiet=True)
    older = query(conn, MART_COLUMNS)
    yield conn, current, older
    conn.close()


def test_older_exports_give_the_same_mart_columns(both_builds):
    _, current, older = both_builds
    assert older == current
    assert len(current) > 40


def test_older_acr_retirements_land_with_dates_and_beneficiaries(both_builds):
    conn, _, _ = both_builds
    ((rows, dated, with_beneficiary),) = query(
        conn,
        """select count(*), count(transaction_date), count(retirement_beneficiary)
           from marts.credits
           where registry = 'american-carbon-registry' and transaction_type = 'retirement'""",
    )
    assert rows == 6188 and dated == 6188
    assert with_beneficiary > 0
    first, last = query(
        conn,
        """select min(transaction_date), max(transaction_date) from marts.credits
           where registry = 'american-carbon-registry' and transaction_type = 'retirement'""",
    )[0]
    assert first.year == 2004 and last.year == 2024


def test_older_verra_transactions_give_issuances_and_retirements(both_builds):
    conn, _, _ = both_builds
    counts = dict(
        query(
            conn,
            """select transaction_type, count(distinct project_id) from marts.credits
               where registry = 'verra' group by 1""",
        )
    )
    assert counts == {"issuance": 5, "retirement": 5}
