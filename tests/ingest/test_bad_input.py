"""Bad input: a clear message naming the file, the row or column and the problem; nothing lost.

Each case first loads a good snapshot of the same kind, then offers a bad file made from a
real export, and checks that the message says what is wrong, the load is recorded as
failed in the manifest, and a reader still sees the previous snapshot, row for row.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_DIR, query
from tests.ingest.conftest import snapshot

GS_PROJECTS = SAMPLE_DIR / "gold-standard" / "projects-2026-06-04.csv"
VERRA_TRANSACTIONS = SAMPLE_DIR / "verra" / "transactions.csv"
ACR_ISSUANCES = SAMPLE_DIR / "american-carbon-registry" / "issuances.csv"


@dataclass
class Case:
    registry: str
    good: Path
    table: str
    name: str  # file name of the bad file
    make: callable  # bytes of the good file -> bytes of the bad file
    expect: tuple[str, ...]  # fragments the message must contain


def _truncate_inside_quoted_field(data: bytes) -> bytes:
    # Cut in the middle of a Gold Standard description that holds a line break.
    cut = data.index(b"\n", data.index(b'"The voluntary', 10_000)) - 5
    return data[:cut]


def _truncate_mid_row(data: bytes) -> bytes:
    # Cut after the third field of a Verra row: the row stops short of its columns.
    lines = data.split(b"\n")
    lines[120] = b",".join(lines[120].split(b",")[:3])
    return b"\n".join(lines[:121]) + b"\n"


def _extra_field(data: bytes) -> bytes:
    lines = data.split(b"\n")
    lines[42] = lines[42] + b",surplus"
    return b"\n".join(lines)


def _undecodable(data: bytes) -> bytes:
    # 0x81 is invalid as UTF-8 and undefined in Windows-1252.
    lines = data.split(b"\n")
    lines[7] = lines[7].replace(b",", b"\x81,", 1)
    return b"\n".join(lines)


def _utf16(data: bytes) -> bytes:
    return codecs.BOM_UTF16_LE + data.decode("utf-8").encode("utf-16-le")


def _rename_header(old: bytes, new: bytes):
    def make(data: bytes) -> bytes:
        header, rest = data.split(b"\n", 1)
        assert old in header
        return header.replace(old, new, 1) + b"\n" + rest

    return make


CASES = {
    "empty file": Case(
        "verra",
        VERRA_TRANSACTIONS,
        "raw_verra.transactions",
        "transactions.csv",
        lambda data: b"",
        ("transactions.csv", "file is empty (0 bytes)"),
    ),
    "blank lines only": Case(
        "verra",
        VERRA_TRANSACTIONS,
        "raw_verra.transactions",
        "transactions.csv",
        lambda data: b"\r\n\n\n",
        ("file is empty",),
    ),
    "header without rows": Case(
        "verra",
        VERRA_TRANSACTIONS,
        "raw_verra.transactions",
        "transactions.csv",
        lambda data: data.split(b"\n", 1)[0] + b"\n",
        ("no data rows after the header (17 columns)",),
    ),
    "truncated inside a quoted field": Case(
        "gold-standard",
        GS_PROJECTS,
        "raw_gold_standard.projects",
        "projects.csv",
        _truncate_inside_quoted_field,
        ("projects.csv: line 31", "the file ends inside a quoted field that is never closed"),
    ),
    "truncated row": Case(
        "verra",
        VERRA_TRANSACTIONS,
        "raw_verra.transactions",
        "transactions.csv",
        _truncate_mid_row,
        (
            "transactions.csv: line 121",
            "a row ends before column 'Vintage End'",
            "header's 17 columns",
        ),
    ),
    "row with an extra field": Case(
        "verra",
        VERRA_TRANSACTIONS,
        "raw_verra.transactions",
        "transactions.csv",
        _extra_field,
        ("transactions.csv: line 43", "more fields than the header's 17 columns"),
    ),
    "bytes in no supported encoding": Case(
        "american-carbon-registry",
        ACR_ISSUANCES,
        "raw_american_carbon_registry.issuances",
        "issuances.csv",
        _undecodable,
        (
            "issuances.csv: line 8",
            "decode in no supported encoding",
            "not UTF-8 (byte 0x81",
            "not Windows-1252 (byte 0x81",
        ),
    ),
    "UTF-16 file": Case(
        "american-carbon-registry",
        ACR_ISSUANCES,
        "raw_american_carbon_registry.issuances",
        "issuances.csv",
        _utf16,
        ("issuances.csv: line 1", "NUL byte", "UTF-16"),
    ),
    "missing required column": Case(
        "verra",
        VERRA_TRANSACTIONS,
        "raw_verra.transactions",
        "transactions.csv",
        _rename_header(b"Total Vintage Quantity", b"Vintage Quantity Total"),
        (
            "transactions.csv: line 1",
            "missing required column(s) for Verra (VCS) transactions",
            "'Total Vintage Quantity'",
            "Columns found: 'Issuance Date'",
            "'Vintage Quantity Total'",
        ),
    ),
    "missing required column of every alias": Case(
        "american-carbon-registry",
        ACR_ISSUANCES,
        "raw_american_carbon_registry.issuances",
        "issuances.csv",
        _rename_header(b"Date Issued (GMT)", b"Issued"),
        ("'Date Issued (GMT)' or 'Date Issued'",),
    ),
    "duplicate header names": Case(
        "verra",
        VERRA_TRANSACTIONS,
        "raw_verra.transactions",
        "transactions.csv",
        _rename_header(b"Retirement Reason", b"retirement  beneficiary"),
        (
            "duplicate column name in the header: 'Retirement Beneficiary' (column 15) "
            "and 'retirement  beneficiary' (column 16)",
        ),
    ),
    "file of unknown kind": Case(
        "verra",
        VERRA_TRANSACTIONS,
        "raw_verra.transactions",
        "export.csv",
        lambda data: ACR_ISSUANCES.read_bytes(),
        (
            "export.csv: cannot tell what kind of Verra (VCS) export this is",
            "projects, transactions",
            "header: Date Issued (GMT), Vintage",
        ),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_file_is_refused_and_previous_snapshot_stays(raw, db, tmp_path, case: Case):
    good = raw(case.good, case.registry)
    assert good.status == "loaded", good.message
    before = snapshot(db, case.table)

    bad_path = tmp_path / case.registry / case.name
    bad_path.parent.mkdir()
    bad_path.write_bytes(case.make(case.good.read_bytes()))
    result = raw(bad_path)

    assert result.status == "failed"
    for fragment in case.expect:
        assert fragment in result.message, result.message
    assert str(bad_path) in result.message
    assert snapshot(db, case.table) == before
    recorded = query(
        db,
        "select status, error, file_name from ingest.loads where load_id = %s",
        (result.load_id,),
    )
    assert recorded == [("failed", result.message, case.name)]
    current = query(
        db, "select load_id from ingest.current_loads where target_table = %s", (case.table,)
    )
    assert current == [(good.load_id,)]
    # No half-built table is left behind.
    leftovers = query(
        db,
        "select count(*) from information_schema.tables where table_name like '\\_incoming%%'",
    )
    assert leftovers == [(0,)]
