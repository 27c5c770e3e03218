"""marts.projects and marts.credits against facts checked by hand in the sample files."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from decimal import Decimal

import psycopg2
import pytest

from tests.conftest import SAMPLE_DIR, query


@pytest.fixture(scope="module")
def marts(built):
    conn = psycopg2.connect(built)
    conn.autocommit = True
    yield conn
    conn.close()


def project(conn, project_id: str) -> dict:
    with conn.cursor() as cur:
        cur.execute("select * from marts.projects where project_id = %s", (project_id,))
        row = cur.fetchone()
        assert row is not None, f"{project_id} is not in marts.projects"
        return dict(zip([column.name for column in cur.description], row, strict=True))


def test_verra_project_totals_match_a_count_by_hand(marts):
    # VCS513 has 58 blocks in transactions.csv: vintages 2018 (TVQ 262,040) and 2021
    # (TVQ 155,901); the retired blocks hold 4,540 credits.
    vcs513 = project(marts, "VCS513")
    assert vcs513["issued"] == Decimal(262_040 + 155_901)
    assert vcs513["retired"] == Decimal(4_540)
    assert vcs513["cancelled"] == 0
    assert vcs513["first_issuance_at"] == dt.date(2026, 3, 12)
    issuances = query(
        marts,
        """select vintage, quantity, cardinality(source_row_numbers) from marts.credits
           where project_id = 'VCS513' and transaction_type = 'issuance' order by vintage""",
    )
    assert [(vintage, int(quantity)) for vintage, quantity, _ in issuances] == [
        (2018, 262_040),
        (2021, 155_901),
    ]
    assert sum(blocks for *_, blocks in issuances) == 58


def test_every_verra_project_matches_the_transactions_file(marts):
    # The same rules recomputed with Python's csv module, independent of the SQL.
    issued: dict[str, set] = defaultdict(set)
    retired: dict[str, int] = defaultdict(int)
    with (SAMPLE_DIR / "verra" / "transactions.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            project_id = "VCS" + row["ID"]
            tvq = int(row["Total Vintage Quantity"].replace(",", ""))
            issued[project_id].add((row["Vintage End"][:4], tvq))
            if row["Retirement/Cancellation Date"]:
                retired[project_id] += int(row["Quantity Issued"].replace(",", ""))
    expected = {
        project_id: (sum(tvq for _, tvq in vintages), retired[project_id])
        for project_id, vintages in issued.items()
    }
    landed = {
        project_id: (int(issued_total), int(retired_total))
        for project_id, issued_total, retired_total in query(
            marts,
            "select project_id, issued, retired from marts.projects where project_id = any(%s)",
            (list(expected),),
        )
    }
    assert landed == expected


def test_acr_project_known_only_from_cancellations_gets_a_full_row(marts):
    # ACR1123 is in neither the 2024 project report nor the issuance or retirement
    # samples: one cancellation of 75,540 credits names it.
    acr1123 = project(marts, "ACR1123")
    assert acr1123["source"] == "credits"
    assert acr1123["name"] == "Buchanan VAM II VS-18"
    assert acr1123["country"] == "United States" and acr1123["country_code"] == "US"
    assert acr1123["protocol"] == ["arb-mine-methane"]
    assert acr1123["category"] == "ghg-management"
    assert acr1123["is_compliance"] is True
    assert (acr1123["issued"], acr1123["retired"], acr1123["cancelled"]) == (0, 0, 75_540)
    assert acr1123["status"] == "unknown"
    assert acr1123["project_url"] == "https://acr2.apx.com/mymodule/reg/prjView.asp?id1=1123"


def test_gold_standard_canceled_rows_are_cancellations_not_retirements(marts):
    # GLD12875: three rows with Credit Status "Canceled" and no Retirement Date.
    rows = query(
        marts,
        """select transaction_type, vintage, quantity, transaction_date from marts.credits
           where project_id = 'GLD12875' order by vintage""",
    )
    assert rows == [
        ("cancellation", 2022, Decimal(128_964), None),
        ("cancellation", 2023, Decimal(250_382), None),
        ("cancellation", 2024, Decimal(41_158), None),
    ]
    gld12875 = project(marts, "GLD12875")
    assert gld12875["cancelled"] == 420_504 and gld12875["retired"] == 0


def test_art_issuance_is_credits_verified_net_of_the_buffer(marts):
    # ART102 (Guyana): eight vintages 2016-2023. "Credits Verified" excludes the credits
    # deposited in the buffer, which "Total Emission Reductions/Removals" includes.
    art102 = project(marts, "ART102")
    verified = [
        9_085_923,
        8_732_929,
        7_144_362,
        6_267_852,
        4_478_401,
        7_252_244,
        7_604_998,
        7_867_104,
    ]
    buffer = [535_461, 540_409, 446_714, 383_261, 273_841, 443_454, 465_024, 481_051]
    assert art102["issued"] == sum(verified) == 58_433_813
    assert art102["issued"] + sum(buffer) != art102["issued"]
    assert art102["country"] == "Guyana" and art102["country_raw"] == "GUYANA"
    assert art102["protocol"] == ["art-trees"]
    assert art102["category"] == "forest-and-land-use"


def test_acr_status_follows_the_compliance_column_when_eligible(marts):
    rows = query(
        marts,
        """select registry_status, status, is_compliance, count(*) from marts.projects
           where registry = 'american-carbon-registry' and source = 'projects'
           group by 1, 2, 3 order by 4 desc""",
    )
    statuses = {(raw, status): compliance for raw, status, compliance, _ in rows}
    assert statuses[("Listed - Active ARB Project", "registered")] is True
    assert statuses[("ARB Completed", "completed")] is True
    assert statuses[("Completed", "completed")] is False
    # "N/A" voluntary statuses never leak through as a status text.
    assert not any(raw == "N/A" for raw, _ in statuses)


def test_composite_methodologies_give_every_protocol(marts):
    rows = query(
        marts,
        """select protocol_raw, protocol from marts.projects
           where protocol_raw = 'AMS-I.C.; AMS-III.AO.; VM0042' limit 1""",
    )
    assert rows == [("AMS-I.C.; AMS-III.AO.; VM0042", ["ams-i-c", "ams-iii-ao", "vm0042"])]


def test_marts_hold_their_invariants(marts):
    assert query(
        marts,
        """select count(*) from marts.credits
           where project_id not in (select project_id from marts.projects)""",
    ) == [(0,)]
    assert query(
        marts,
        """select count(*) from marts.credits
           where quantity <= 0 or transaction_type not in ('issuance', 'retirement', 'cancellation')
           or transaction_date > current_date""",
    ) == [(0,)]
    totals = query(
        marts,
        """select
               (select sum(issued) from marts.projects),
               (select sum(quantity) from marts.credits where transaction_type = 'issuance'),
               (select sum(retired) from marts.projects),
               (select sum(quantity) from marts.credits where transaction_type = 'retirement')
        """,
    )[0]
    assert totals[0] == totals[1] and totals[2] == totals[3]


def test_every_project_row_traces_back_to_a_raw_row(marts):
    # Provenance: for a sample of projects and credits, the raw row they name exists and
    # holds their id.
    rows = query(
        marts,
        """select count(*) from marts.projects as projects
           inner join ingest.loads on projects.source_load_id = ingest.loads.load_id
           where projects.source_file = ingest.loads.file_name""",
    )
    assert rows == [(query(marts, "select count(*) from marts.projects")[0][0],)]
    traced = query(
        marts,
        """select count(*) from marts.credits as credits
           inner join raw_verra.transactions as raw
               on raw._load_id = credits.source_load_id
               and raw._row_number = any(credits.source_row_numbers)
               and 'VCS' || raw."ID" = credits.project_id
           where credits.registry = 'verra' and credits.transaction_type = 'retirement'""",
    )
    assert traced == query(
        marts,
        "select count(*) from marts.credits "
        "where registry = 'verra' and transaction_type = 'retirement'",
    )


def test_most_projects_have_a_name_country_and_category(marts):
    shares = query(
        marts,
        """select registry,
                  avg((name is not null)::int), avg((country_code is not null)::int),
                  avg((category <> 'unknown')::int)
           from marts.projects group by registry""",
    )
    assert len(shares) == 5
    for registry, name, country, category in shares:
        assert min(name, country, category) >= Decimal("0.95"), registry


def test_unmapped_values_are_listed_by_the_warning_tests(marts):
    # dbt stores the failing rows of the warn tests: one row per raw value.
    countries = query(marts, "select registry, country_raw from audit.warn_unmatched_countries")
    assert ("gold-standard", "International") in countries
    methodologies = query(marts, "select protocol_raw from audit.warn_unmapped_methodologies")
    assert ("FCPF - Carbon Fund Methodological Framework",) in methodologies
