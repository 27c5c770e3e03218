"""The user's acceptance queries answer what a person checking the files expects."""

from __future__ import annotations

from tests.api.conftest import all_pages


def test_registered_verra_forest_projects(client, release_projects):
    expected = sorted(
        row["project_id"]
        for row in release_projects
        if row["registry"] == "verra"
        and row["status"] == "registered"
        and row["category"] == "forest-and-land-use"
    )
    rows = all_pages(
        client, "/api/v1/projects?registry=verra&status=registered&category=forest-and-land-use"
    )
    assert [row["project_id"] for row in rows] == expected
    assert len(expected) > 100
    assert {"VCS1340", "VCS1015"} <= set(expected)


def test_search_cookstove_matches_names_and_ids_case_insensitively(client, release_projects):
    def matches(row: dict) -> bool:
        text = " ".join(filter(None, (row["name"], row["project_id"], row["registry_project_id"])))
        return "cookstove" in text.lower()

    expected = sorted(row["project_id"] for row in release_projects if matches(row))
    rows = all_pages(client, "/api/v1/projects?search=CookStove")
    assert [row["project_id"] for row in rows] == expected
    assert any("Improved Cookstoves" in (row["name"] or "") for row in rows)
    # Ids match too, in any case.
    assert [row["project_id"] for row in all_pages(client, "/api/v1/projects?search=vcs1340")][
        :1
    ] == ["VCS1340"]


def test_project_detail_with_developers_and_credits_by_vintage(client, release_credits):
    response = client.get("/api/v1/projects/vcs513")
    assert response.status_code == 200
    body = response.json()
    assert body["project_id"] == "VCS513"
    assert body["issued"] == 417_941 and body["retired"] == 4_540
    by_vintage = {
        (row["vintage"], row["transaction_type"]): row["quantity"]
        for row in body["credits_by_vintage"]
    }
    expected: dict = {}
    for row in release_credits:
        if row["project_id"] == "VCS513":
            key = (row["vintage"], row["transaction_type"])
            expected[key] = expected.get(key, 0) + row["quantity"]
    assert by_vintage == expected
    assert by_vintage[(2018, "issuance")] == 262_040

    acr = client.get("/api/v1/projects/ACR234").json()
    assert [developer["name"] for developer in acr["developers"]] == ["3Degrees Group, Inc."]


def test_retirements_of_a_project_in_a_vintage_range(client, release_credits):
    # GLD12285 retired credits of vintages 2022 (two rows, 46,408 in all), 2023 and 2024.
    expected = {
        row["credit_id"]
        for row in release_credits
        if row["project_id"] == "GLD12285"
        and row["transaction_type"] == "retirement"
        and 2018 <= row["vintage"] <= 2022
    }
    rows = all_pages(
        client,
        "/api/v1/credits?project_id=GLD12285&transaction_type=retirement"
        "&vintage_min=2018&vintage_max=2022",
    )
    assert {row["credit_id"] for row in rows} == expected
    assert len(rows) == 2
    assert sum(row["quantity"] for row in rows) == 46_408
    assert {row["vintage"] for row in rows} == {2022}
    dates = [row["transaction_date"] for row in rows]
    assert dates == sorted(dates, reverse=True)  # default sort: newest first
