"""Stats and charts add up to the projects and credits tables, with every bucket present."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

import pytest

from api.vocabulary import CATEGORIES, REGISTRIES


def test_stats_totals_equal_sums_over_projects(client, release_projects):
    body = client.get("/api/v1/stats").json()["data"]
    totals = body["totals"]
    assert totals["projects"] == len(release_projects)
    assert totals["issued"] == pytest.approx(sum(row["issued"] for row in release_projects))
    assert totals["retired"] == pytest.approx(sum(row["retired"] for row in release_projects))
    assert totals["cancelled"] == pytest.approx(sum(row["cancelled"] for row in release_projects))
    developers = client.get("/api/v1/developers?per_page=1").json()["pagination"]["total"]
    assert totals["developers"] == developers
    assert [group["key"] for group in body["by_registry"]] == list(REGISTRIES)
    assert [group["key"] for group in body["by_category"]] == list(CATEGORIES)
    for split in ("by_registry", "by_category", "by_country"):
        assert sum(group["projects"] for group in body[split]) == totals["projects"]
        assert sum(group["issued"] for group in body[split]) == pytest.approx(totals["issued"])


def test_stats_follow_the_project_filters_with_zero_filled_groups(client, release_projects):
    body = client.get("/api/v1/stats?registry=art-trees&country=Guyana").json()["data"]
    assert body["totals"]["projects"] == 1
    assert body["totals"]["issued"] == 58_433_813
    by_registry = {group["key"]: group["projects"] for group in body["by_registry"]}
    assert by_registry == {registry: int(registry == "art-trees") for registry in REGISTRIES}
    assert [group["key"] for group in body["by_country"]] == ["GY"]
    assert body["by_country"][0]["name"] == "Guyana"
    nothing = client.get("/api/v1/stats?search=no-such-project").json()["data"]
    assert nothing["totals"] == {
        "projects": 0,
        "issued": 0,
        "retired": 0,
        "cancelled": 0,
        "developers": 0,
    }
    assert len(nothing["by_registry"]) == 5 and nothing["by_country"] == []


def test_issuances_by_vintage_equal_credit_sums_with_every_vintage(client, release_credits):
    expected: dict = defaultdict(lambda: {"issued": 0.0, "retired": 0.0})
    for row in release_credits:
        if row["vintage"] is None or row["transaction_type"] == "cancellation":
            continue
        key = "issued" if row["transaction_type"] == "issuance" else "retired"
        expected[row["vintage"]][key] += row["quantity"]
    data = client.get("/api/v1/charts/issuances-by-vintage").json()["data"]
    vintages = [bucket["vintage"] for bucket in data]
    assert vintages == list(range(min(expected), max(expected) + 1))
    for bucket in data:
        want = expected.get(bucket["vintage"], {"issued": 0.0, "retired": 0.0})
        assert bucket["issued"] == pytest.approx(want["issued"])
        assert bucket["retired"] == pytest.approx(want["retired"])
    assert any(bucket["issued"] == 0 and bucket["retired"] == 0 for bucket in data)


def test_issuances_by_vintage_grouped_has_every_pair(client):
    data = client.get("/api/v1/charts/issuances-by-vintage?group_by=registry").json()["data"]
    vintages = sorted({bucket["vintage"] for bucket in data})
    groups = sorted({bucket["group"] for bucket in data})
    assert len(data) == len(vintages) * len(groups)
    assert vintages == list(range(vintages[0], vintages[-1] + 1))
    # Every issuance of the sample has a vintage, so the chart holds all of them.
    total = client.get("/api/v1/stats").json()["data"]["totals"]["issued"]
    assert sum(bucket["issued"] for bucket in data) == pytest.approx(total)


@pytest.mark.parametrize("freq", ["month", "quarter", "year"])
def test_credits_over_time_buckets_are_contiguous_and_add_up(client, release_credits, freq):
    data = client.get(f"/api/v1/charts/credits-over-time?freq={freq}").json()["data"]
    periods = [dt.date.fromisoformat(bucket["period"]) for bucket in data]
    step = {"month": 1, "quarter": 3, "year": 12}[freq]
    for earlier, later in itertools.pairwise(periods):
        months = (later.year - earlier.year) * 12 + later.month - earlier.month
        assert months == step
    for kind in ("issuance", "retirement", "cancellation"):
        dated = sum(
            row["quantity"]
            for row in release_credits
            if row["transaction_type"] == kind and row["transaction_date"] is not None
        )
        assert sum(bucket[kind] for bucket in data) == pytest.approx(dated)


def test_credits_over_time_with_a_date_range_and_type(client, release_credits):
    url = (
        "/api/v1/charts/credits-over-time?freq=month&transaction_type=retirement"
        "&transaction_date_from=2025-11-15&transaction_date_to=2026-02-10"
    )
    data = client.get(url).json()["data"]
    assert [bucket["period"] for bucket in data] == [
        "2025-11-01",
        "2025-12-01",
        "2026-01-01",
        "2026-02-01",
    ]
    assert all(bucket["issuance"] == 0 and bucket["cancellation"] == 0 for bucket in data)


def test_projects_by_country_equal_project_sums(client, release_projects):
    data = client.get("/api/v1/charts/projects-by-country?registry=verra").json()["data"]
    verra = [row for row in release_projects if row["registry"] == "verra"]
    assert sum(bucket["projects"] for bucket in data) == len(verra)
    india = next(bucket for bucket in data if bucket["country_code"] == "IN")
    assert india["projects"] == sum(1 for row in verra if row["country_code"] == "IN")
    assert india["issued"] == pytest.approx(
        sum(row["issued"] for row in verra if row["country_code"] == "IN")
    )
    names = [bucket["country"] for bucket in data if bucket["country"]]
    assert names == sorted(names)


def test_large_responses_are_gzip_compressed(client):
    response = client.get("/api/v1/projects?per_page=200", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    plain = client.get("/api/v1/projects?per_page=200", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert response.json() == plain.json()


def test_openapi_describes_every_endpoint_with_response_models(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/health",
        "/api/v1/projects",
        "/api/v1/projects/{project_id}",
        "/api/v1/credits",
        "/api/v1/stats",
        "/api/v1/charts/issuances-by-vintage",
        "/api/v1/charts/credits-over-time",
        "/api/v1/charts/projects-by-country",
        "/api/v1/developers",
        "/api/v1/developers/{developer_id}",
    ):
        response = paths[path]["get"]["responses"]["200"]["content"]["application/json"]
        assert "$ref" in response["schema"], path
    assert client.get("/docs").status_code == 200
