"""No input a client can send produces a server error (hypothesis, bounded examples)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ENDPOINTS = {
    "/api/v1/projects": [
        "registry",
        "status",
        "category",
        "country",
        "project_type",
        "protocol",
        "is_compliance",
        "developer_id",
        "search",
        "issued_min",
        "issued_max",
        "retired_min",
        "retired_max",
        "listed_from",
        "listed_to",
        "sort",
        "page",
        "per_page",
    ],
    "/api/v1/credits": [
        "project_id",
        "transaction_type",
        "vintage_min",
        "vintage_max",
        "transaction_date_from",
        "transaction_date_to",
        "registry",
        "category",
        "country",
        "beneficiary",
        "sort",
        "page",
        "per_page",
    ],
    "/api/v1/developers": ["search", "registry", "category", "country", "sort", "page", "per_page"],
    "/api/v1/stats": ["registry", "country", "search", "issued_min", "protocol"],
    "/api/v1/charts/issuances-by-vintage": ["group_by", "registry", "category", "search"],
    "/api/v1/charts/credits-over-time": [
        "freq",
        "transaction_type",
        "transaction_date_from",
        "transaction_date_to",
        "registry",
    ],
    "/api/v1/charts/projects-by-country": ["registry", "status", "country", "search"],
}

nasty_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            " ",
            "%",
            "_",
            "%_%",
            "' or 1=1 --",
            "'; drop table api.projects; --",
            "\\",
            "\x00",
            "verra",
            "VERRA",
            "-issued",
            "issued,-name",
            "-",
            ",",
            "2024-02-30",
            "9" * 40,
            "-1",
            "1e309",
            "nan",
            "inf",
            "true",
            "☃",
            "ü" * 300,
            "x" * 5000,
            "vcs1340",
            "GY",
            "Kenya",
            "month",
            "quarter",
            "registry",
            "country",
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(str),
)


@st.composite
def requests(draw):
    path = draw(st.sampled_from(sorted(ENDPOINTS)))
    keys = draw(st.lists(st.sampled_from(ENDPOINTS[path]), max_size=5))
    params = [(key, draw(nasty_text)) for key in keys]
    return f"{path}?{urlencode(params)}" if params else path


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(url=requests())
def test_no_query_string_causes_a_server_error(client, url):
    response = client.get(url)
    assert response.status_code in (200, 422), (url, response.status_code, response.text[:300])
    assert "detail" in response.json() or "data" in response.json()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(identifier=nasty_text)
def test_no_path_id_causes_a_server_error(client, identifier):
    for prefix in ("/api/v1/projects/", "/api/v1/developers/"):
        response = client.get(prefix + quote(identifier, safe=""))
        assert response.status_code in (200, 404, 405, 422), (identifier, response.text[:200])
