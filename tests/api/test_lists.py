"""List endpoints: each filter alone and combined, every sort both ways, pagination, errors."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.api.conftest import all_pages

PROJECT_FILTERS = {
    "registry=gold-standard": lambda r: r["registry"] == "gold-standard",
    "registry=ART-TREES&registry=verra": lambda r: r["registry"] in ("art-trees", "verra"),
    "status=completed": lambda r: r["status"] == "completed",
    "category=carbon-removal": lambda r: r["category"] == "carbon-removal",
    "country=Kenya": lambda r: r["country"] == "Kenya",
    "country=ke&country=GY": lambda r: r["country_code"] in ("KE", "GY"),
    "project_type=REDD%2B": lambda r: (r["project_type"] or "").lower() == "redd+",
    "protocol=vm0007": lambda r: "vm0007" in r["protocol"],
    "protocol=ACM0002&protocol=ams-i-d": lambda r: bool(
        {"acm0002", "ams-i-d"} & set(r["protocol"])
    ),
    "is_compliance=true": lambda r: r["is_compliance"],
    "issued_min=1000000": lambda r: r["issued"] >= 1_000_000,
    "issued_max=0": lambda r: r["issued"] <= 0,
    "retired_min=1&retired_max=500": lambda r: 1 <= r["retired"] <= 500,
    "listed_from=2010-01-01&listed_to=2015-12-31": lambda r: (
        r["listed_at"] is not None
        and dt.date(2010, 1, 1) <= r["listed_at"] <= dt.date(2015, 12, 31)
    ),
    "search=100%25": lambda r: (
        "100%"
        in " ".join(filter(None, (r["name"], r["project_id"], r["registry_project_id"]))).lower()
    ),
    "search=_": lambda r: (
        "_" in " ".join(filter(None, (r["name"], r["project_id"], r["registry_project_id"])))
    ),
    # Combined filters all apply.
    "registry=verra&category=energy-efficiency&status=registered&country=IN": lambda r: (
        r["registry"] == "verra"
        and r["category"] == "energy-efficiency"
        and r["status"] == "registered"
        and r["country_code"] == "IN"
    ),
}


@pytest.mark.parametrize("query", PROJECT_FILTERS, ids=PROJECT_FILTERS)
def test_project_filters_alone_and_combined(client, release_projects, query):
    keep = PROJECT_FILTERS[query]
    expected = sorted(row["project_id"] for row in release_projects if keep(row))
    rows = all_pages(client, f"/api/v1/projects?{query}")
    assert [row["project_id"] for row in rows] == expected


def test_developer_filter_lists_the_developers_projects(client, release_projects):
    developer = client.get("/api/v1/developers?search=3Degrees").json()["data"][0]
    expected = sorted(
        row["project_id"]
        for row in release_projects
        if row["proponent"] and "3degrees" in row["proponent"].lower()
    )
    rows = all_pages(client, f"/api/v1/projects?developer_id={developer['id']}")
    assert [row["project_id"] for row in rows] == expected
    assert developer["project_count"] == len(expected) == 20


SORT_KEYS = [
    "project_id",
    "name",
    "registry",
    "status",
    "category",
    "country",
    "issued",
    "retired",
    "listed_at",
    "first_issuance_at",
]


@pytest.mark.parametrize("field", SORT_KEYS)
@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
def test_project_sorts_both_ways_nulls_last_ties_by_id(client, release_projects, field, descending):
    rows = [row for row in release_projects if row["registry"] == "art-trees"]
    present = sorted(
        (row for row in rows if row[field] is not None),
        key=lambda row: (row[field], row["project_id"]),
        reverse=descending,
    )
    if descending:
        # Ties broken by project_id descending too (the tie-breaker follows the first key).
        present = sorted(present, key=lambda row: (row[field], row["project_id"]), reverse=True)
    missing = sorted(
        (row for row in rows if row[field] is None),
        key=lambda row: row["project_id"],
        reverse=descending,
    )
    expected = [row["project_id"] for row in present + missing]
    sort = f"-{field}" if descending else field
    got = all_pages(client, f"/api/v1/projects?registry=art-trees&sort={sort}")
    assert [row["project_id"] for row in got] == expected


def test_multi_field_sort(client, release_projects):
    got = all_pages(client, "/api/v1/projects?registry=art-trees&sort=status,-name")
    statuses = [row["status"] for row in got]
    assert statuses == sorted(statuses)


@pytest.mark.parametrize("field", ["transaction_date", "quantity", "vintage", "project_id"])
@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
def test_credit_sorts_both_ways(client, field, descending):
    sort = f"-{field}" if descending else field
    rows = all_pages(client, f"/api/v1/credits?registry=art-trees&sort={sort}")
    values = [row[field] for row in rows if row[field] is not None]
    assert values == sorted(values, reverse=descending)
    assert len(rows) == 22


def test_credit_filters(client, release_credits):
    cases = {
        "transaction_type=cancellation": lambda r: r["transaction_type"] == "cancellation",
        "registry=verra&transaction_type=issuance": lambda r: (
            r["registry"] == "verra" and r["transaction_type"] == "issuance"
        ),
        "transaction_date_from=2026-04-01&transaction_date_to=2026-04-05": lambda r: (
            r["transaction_date"] is not None
            and dt.date(2026, 4, 1) <= r["transaction_date"] <= dt.date(2026, 4, 5)
        ),
        "vintage_min=2024": lambda r: r["vintage"] is not None and r["vintage"] >= 2024,
        "beneficiary=planetair": lambda r: (
            "planetair"
            in " ".join(
                filter(
                    None,
                    (
                        r["retirement_beneficiary"],
                        r["retirement_account"],
                        r["retirement_reason"],
                        r["retirement_note"],
                    ),
                )
            ).lower()
        ),
    }
    for query, keep in cases.items():
        expected = {row["credit_id"] for row in release_credits if keep(row)}
        rows = all_pages(client, f"/api/v1/credits?{query}")
        assert {row["credit_id"] for row in rows} == expected, query


def test_credit_filters_on_project_attributes(client, release_projects, release_credits):
    kenyan = {row["project_id"] for row in release_projects if row["country_code"] == "KE"}
    forest = {
        row["project_id"] for row in release_projects if row["category"] == "forest-and-land-use"
    }
    for query, projects in (("country=Kenya", kenyan), ("category=forest-and-land-use", forest)):
        expected = {row["credit_id"] for row in release_credits if row["project_id"] in projects}
        rows = all_pages(client, f"/api/v1/credits?{query}")
        assert {row["credit_id"] for row in rows} == expected and expected


def page_of(link: str) -> int:
    return int(parse_qs(urlsplit(link).query)["page"][0])


def test_pagination_edges_and_links(client):
    first = client.get("/api/v1/projects?registry=art-trees&per_page=10&sort=-name").json()
    pagination = first["pagination"]
    assert {key: pagination[key] for key in ("page", "per_page", "total", "pages", "prev")} == {
        "page": 1,
        "per_page": 10,
        "total": 28,
        "pages": 3,
        "prev": None,
    }
    next_link = urlsplit(pagination["next"])
    assert next_link.path == "/api/v1/projects"
    assert parse_qs(next_link.query) == {
        "registry": ["art-trees"],
        "per_page": ["10"],
        "sort": ["-name"],
        "page": ["2"],
    }
    second = client.get(pagination["next"]).json()
    assert not {row["project_id"] for row in second["data"]} & {
        row["project_id"] for row in first["data"]
    }
    last = client.get(pagination["next"].replace("page=2", "page=3")).json()
    assert len(last["data"]) == 8 and last["pagination"]["next"] is None
    assert page_of(last["pagination"]["prev"]) == 2
    beyond = client.get("/api/v1/projects?registry=art-trees&per_page=10&page=99").json()
    assert beyond["data"] == [] and beyond["pagination"]["total"] == 28
    assert beyond["pagination"]["next"] is None and page_of(beyond["pagination"]["prev"]) == 3
    assert len(client.get("/api/v1/projects?per_page=500").json()["data"]) == 500
    empty = client.get("/api/v1/projects?search=no-such-project-anywhere").json()
    assert empty["pagination"] == {
        "page": 1,
        "per_page": 50,
        "total": 0,
        "pages": 0,
        "next": None,
        "prev": None,
    }


ERRORS = {
    "/api/v1/projects?per_page=501": "less than or equal to 500",
    "/api/v1/projects?per_page=0": "greater than or equal to 1",
    "/api/v1/projects?page=0": "greater than or equal to 1",
    "/api/v1/projects?page=99999999999999999999": "less than or equal to 1000000",
    "/api/v1/projects?sort=-nope": "sort: unknown field 'nope'; allowed: project_id, name",
    "/api/v1/projects?status=Approved": "status: unknown value 'Approved'; allowed: listed,",
    "/api/v1/projects?category=forest": "category: unknown value 'forest'",
    "/api/v1/projects?issued_min=lots": "valid number",
    "/api/v1/projects?issued_min=nan": "finite number",
    "/api/v1/projects?listed_from=2024-13-01": "valid date",
    "/api/v1/projects?is_compliance=maybe": "valid boolean",
    "/api/v1/credits?transaction_type=sale": "transaction_type: unknown value 'sale'",
    "/api/v1/credits?vintage_min=2022&vintage_max=2018": "vintage_min: greater than vintage_max",
    "/api/v1/credits?sort=name": "sort: unknown field 'name'; allowed: transaction_date",
    "/api/v1/developers?sort=country": "sort: unknown field 'country'",
    "/api/v1/developers/abc": "valid integer",
    "/api/v1/charts/credits-over-time?freq=week": "'month', 'quarter' or 'year'",
    "/api/v1/charts/issuances-by-vintage?group_by=status": "'registry', 'category' or 'country'",
    "/api/v1/projects?search=" + "x" * 201: "search: at most 200 characters",
}


@pytest.mark.parametrize("url", ERRORS, ids=range(len(ERRORS)))
def test_invalid_parameters_are_a_422_that_says_what_is_wrong(client, url):
    response = client.get(url)
    assert response.status_code == 422
    assert ERRORS[url] in response.text


def test_unknown_ids_are_a_404_with_a_detail(client):
    assert client.get("/api/v1/projects/VCS0").json() == {"detail": "no project with id 'VCS0'"}
    assert client.get("/api/v1/projects/VCS0").status_code == 404
    response = client.get("/api/v1/developers/1")
    assert response.status_code == 404
    assert response.json() == {"detail": "no developer with id 1"}


def test_developer_list_and_detail(client):
    page = client.get("/api/v1/developers?search=3degrees").json()
    assert [row["name"] for row in page["data"]] == ["3Degrees Group, Inc."]
    detail = client.get(f"/api/v1/developers/{page['data'][0]['id']}").json()
    assert set(detail["aliases"]) == {
        "3Degrees Group, Inc",
        "3Degrees Group, Inc.",
        "3Degrees Group, Inc..",
    }
    assert len(detail["projects"]) == detail["project_count"] == 20
    by_alias = client.get("/api/v1/developers?search=Inc..").json()["data"]
    assert "3Degrees Group, Inc." in [row["name"] for row in by_alias]
    counts = [
        row["project_count"]
        for row in all_pages(client, "/api/v1/developers?sort=-project_count&registry=art-trees")
    ]
    assert counts == sorted(counts, reverse=True) and counts
