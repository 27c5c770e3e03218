"""Developer resolution on real proponent texts: precision first."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from api.db.developer_resolver import (
    _complete_linkage,
    developer_id,
    is_entity,
    normalize,
    resolve,
    same_organisation,
    split_proponents,
)
from tests.conftest import query
from tests.seed.conftest import RELEASE

ONE_DEVELOPER = [
    ("3Degrees Group, Inc", "3Degrees Group, Inc."),
    ("AgriCapture Inc", "AgriCapture, Inc."),
    # More pairs found in the sample's project lists:
    ("Clean Air Trade Inc.", "Clean Air Trade, Inc."),
    ("Grow Indigo Private Limited", "Grow Indigo Private Ltd"),
    ("ReNew Power Synergy Private Limited", "Renew Power Synergy Private Limited"),
    (
        "HighTrack International (Hong Kong) Technology Limited",
        "Hightrack International (Hong Kong) Technology Lim",
    ),
    ("Tany Meva Foundation", "Tany Meva Fundation"),
    ("d.light design", "d.lightdesign"),
    ("M/s Giriraj Enterprises", "Giriraj Enterprises"),
    (
        "KNOWLEDGE INTEGRATION SERVICES SINGAPORE PTE. LTD.",
        "Knowledge Integration Services Singapore Pte Ltd",
    ),
]
TWO_DEVELOPERS = [
    ("Keyrock Energy, LLC", "Keyrock Environment,LLC"),
    ("Anew Carbon Development, LLC", "Anew Environmental, LLC"),
    # Two wind farms, two edits apart: not a typo.
    (
        "Heilongjiang Huafu Mulan Wind Power Co., Ltd.",
        "Heilongjiang Huafu Muling Wind Power Co., Ltd.",
    ),
    ("Jiangsu Wind Farm 1 Co., Ltd.", "Jiangsu Wind Farm 2 Co., Ltd."),
    ("C-Quest Capital SG Stoves", "C-Quest Capital SGS Stoves"),
]


@pytest.mark.parametrize(("a", "b"), ONE_DEVELOPER)
def test_spellings_of_one_organisation_become_one_developer(a, b):
    resolution = resolve([("P1", a), ("P2", b)])
    assert len(resolution.developers) == 1
    assert sorted(resolution.developers[0].aliases) == sorted({a, b})


@pytest.mark.parametrize(("a", "b"), TWO_DEVELOPERS)
def test_different_organisations_stay_apart(a, b):
    assert len(resolve([("P1", a), ("P2", b)]).developers) == 2


def test_non_entities_name_no_developer():
    texts = ["Multiple Proponents", "multiple proponents ", "N/A", "", "   ", "12345", "-"]
    assert [is_entity(text) for text in texts] == [False] * len(texts)
    resolution = resolve([(f"P{index}", text) for index, text in enumerate(texts)] + [("P9", None)])
    assert resolution.developers == [] and resolution.links == []


def test_only_semicolons_split_organisations():
    assert split_proponents("Ministry of Environment and Water") == [
        "Ministry of Environment and Water"
    ]
    assert split_proponents("Zaveri & Company Gujarat LLP") == ["Zaveri & Company Gujarat LLP"]
    assert split_proponents("Acme Carbon Ltd; Multiple Proponents;Blue Forest Inc.") == [
        "Acme Carbon Ltd",
        "Multiple Proponents",
        "Blue Forest Inc.",
    ]
    resolution = resolve([("P1", "Acme Carbon Ltd; Blue Forest Inc."), ("P2", "Blue Forest, Inc")])
    names = {developer.name: developer.project_ids for developer in resolution.developers}
    assert names == {"Acme Carbon Ltd": ["P1"], "Blue Forest Inc.": ["P1", "P2"]}


def test_normalization_drops_legal_forms_accents_and_case():
    assert normalize("Statkraft Energias Renováveis S.A.") == "statkraft energias renovaveis"
    assert normalize("Qux A.Ş.") == "qux"
    assert normalize("Foo GmbH") == normalize("FOO") == "foo"
    assert normalize("Baz S.r.l.") == normalize("Baz B.V.") == "baz"


def test_links_never_chain_unrelated_names():
    # a~b and b~c are links, a~c is not: complete linkage keeps a and c apart.
    links = {
        frozenset(("alpha beta", "alpha beta x")),
        frozenset(("alpha beta x", "alpha beta xy")),
    }
    clusters = _complete_linkage(["alpha beta", "alpha beta x", "alpha beta xy"], links)
    assert sorted(map(len, clusters)) == [1, 2]
    assert not same_organisation("heilongjiang huafu mulan", "heilongjiang huafu muling")


def test_canonical_name_is_the_most_common_spelling_ties_alphabetical():
    resolution = resolve(
        [
            ("P1", "Acme Carbon Ltd"),
            ("P2", "ACME CARBON LTD"),
            ("P3", "ACME CARBON LTD"),
            ("P4", "Zeta Inc"),
            ("P5", "zeta inc"),
        ]
    )
    names = sorted(developer.name for developer in resolution.developers)
    assert names == ["ACME CARBON LTD", "Zeta Inc"]


def test_developer_ids_come_from_content_not_order():
    rows = pq.read_table(RELEASE / "projects.parquet", columns=["project_id", "proponent"])
    pairs = [(row["project_id"], row["proponent"]) for row in rows.to_pylist()]
    forward = resolve(pairs)
    backward = resolve(list(reversed(pairs)))
    assert [(d.id, d.name, d.aliases) for d in forward.developers] == [
        (d.id, d.name, d.aliases) for d in backward.developers
    ]
    # The same cluster keeps its id when unrelated projects come and go.
    subset = resolve([pair for pair in pairs if pair[0].startswith("ACR")])
    by_name = {d.name: d.id for d in forward.developers}
    assert all(by_name[d.name] == d.id for d in subset.developers if d.name in by_name)
    assert developer_id("3degrees") == developer_id("3degrees") > 0


def test_served_developers_match_the_pinned_cases(seeded):
    conn, _ = seeded
    three_degrees = query(
        conn,
        "select name, aliases, project_count from api.project_developers "
        "where '3Degrees Group, Inc' = any(aliases)",
    )
    assert len(three_degrees) == 1
    _, aliases, projects = three_degrees[0]
    assert set(aliases) == {"3Degrees Group, Inc", "3Degrees Group, Inc.", "3Degrees Group, Inc.."}
    assert projects == 20
    # The sample names Keyrock Energy (2 spellings) and Keyrock Environment (2 spellings):
    # two developers. Anew: Environmental (2 spellings), Carbon Development, Carbon Farming.
    keyrock = query(
        conn,
        "select name, aliases from api.project_developers where name ilike 'Keyrock%%' "
        "order by name",
    )
    assert [sorted(aliases) for _, aliases in keyrock] == [
        ["Keyrock Energy LLC", "Keyrock Energy, LLC"],
        ["Keyrock Environment LLC", "Keyrock Environment,LLC"],
    ]
    anew = query(
        conn,
        "select aliases from api.project_developers where name ilike 'Anew%%' order by name",
    )
    assert sorted(sorted(aliases) for (aliases,) in anew) == [
        ["ANEW ENVIRONMENTAL, LLC", "Anew Environmental, LLC"],
        ["Anew Carbon Development, LLC"],
        ["Anew Carbon Farming LLC"],
    ]
    multiple = query(
        conn, "select count(*) from api.project_developers where name ilike 'multiple proponents'"
    )
    assert multiple == [(0,)]
