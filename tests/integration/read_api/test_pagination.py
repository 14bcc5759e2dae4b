"""Every sort of every root connection, keyset pages walked both ways, nested pages, and paging errors."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.read_api import facts
from tests.integration.read_api.conftest import Api

pytestmark = pytest.mark.integration


def _named(rows: list[dict[str, Any]], **fields: str) -> list[dict[str, Any]]:
    return [r | {"key": r["id"]} | {k: r.get(v) for k, v in fields.items()} for r in rows]


def _rows(field: str) -> list[dict[str, Any]]:
    if field == "projects":
        return list(facts.projects().values())
    if field == "programmes":
        return list(facts.programmes().values())
    if field == "organisations":
        return list(facts.organisations().values())
    if field == "countries":
        return list(facts.countries().values())
    if field == "actionPlans":
        rows = _named(list(facts.records("action_plans")), startYear="start_year", budgetEur="budget_eur")
        return [r | {"adopted": facts.day(r["adopted"], end=False)} for r in rows]
    source = {"regions": "regions", "themes": "themes", "networks": "networks", "coeBodies": "coe_bodies"}[field]
    return _named(list(facts.records(source)), shortName="short_name")


# Root field -> order enum value -> the fact field it sorts by.
SORTS: dict[str, dict[str, str]] = {
    "projects": {
        "KEY": "key", "NAME": "name", "TITLE": "title", "START_DATE": "startDate", "END_DATE": "endDate",
        "BUDGET_EUR": "budgetEur", "STATUS": "status",
    },
    "programmes": {
        "KEY": "key", "NAME": "name", "SHORT_NAME": "shortName", "START_DATE": "startDate", "END_DATE": "endDate",
        "BUDGET_EUR": "budgetEur", "STATUS": "status",
    },
    "organisations": {"KEY": "key", "NAME": "name", "SHORT_NAME": "shortName", "KIND": "kind"},
    "countries": {"KEY": "key", "NAME": "name", "ISO2": "iso2", "COE_MEMBER_SINCE": "coeMemberSince"},
    "regions": {"KEY": "key", "NAME": "name"},
    "themes": {"KEY": "key", "NAME": "name"},
    "networks": {"KEY": "key", "NAME": "name", "SHORT_NAME": "shortName"},
    "coeBodies": {"KEY": "key", "NAME": "name", "SHORT_NAME": "shortName"},
    "actionPlans": {
        "KEY": "key", "NAME": "name", "ADOPTED": "adopted", "START_YEAR": "startYear", "BUDGET_EUR": "budgetEur",
    },
}  # fmt: skip
CASES = [(f, s, d) for f, sorts in SORTS.items() for s in sorts for d in ("ASC", "DESC")]


async def _walk_both(api: Api, field: str, order: list[dict[str, str]], size: int) -> tuple[list[str], list[str]]:
    args = {"args": ", orderBy: $o", "variables": {"o": order}, "var_decl": ", $o: [" + _order_type(field) + "!]"}
    forward = await api.walk(field, size=size, **args)  # type: ignore[arg-type]
    backward = await api.walk(field, size=size, backward=True, **args)  # type: ignore[arg-type]
    return [n["key"] for n in forward], [n["key"] for n in backward]


def _order_type(field: str) -> str:
    return {
        "projects": "ProjectOrder",
        "programmes": "ProgrammeOrder",
        "organisations": "OrganisationOrder",
        "countries": "CountryOrder",
        "regions": "RegionOrder",
        "themes": "ThemeOrder",
        "networks": "NetworkOrder",
        "coeBodies": "CoeBodyOrder",
        "actionPlans": "ActionPlanOrder",
    }[field]


@pytest.mark.parametrize(("field", "sort", "direction"), CASES, ids=[f"{f}-{s}-{d}" for f, s, d in CASES])
async def test_every_sort_both_ways(api: Api, field: str, sort: str, direction: str) -> None:
    rows = _rows(field)
    expected = facts.ordered(rows, [(SORTS[field][sort], direction == "ASC")])
    size = max(7, len(rows) // 5)
    forward, backward = await _walk_both(api, field, [{"field": sort, "direction": direction}], size)
    assert forward == expected
    assert backward == expected


async def test_multi_key_sort(api: Api) -> None:
    order = [{"field": "STATUS", "direction": "ASC"}, {"field": "BUDGET_EUR", "direction": "DESC"}]
    expected = facts.ordered(list(facts.projects().values()), [("status", True), ("budgetEur", False)])
    forward, backward = await _walk_both(api, "projects", order, 6)
    assert forward == expected
    assert backward == expected


async def test_default_page_size_order_and_total(api: Api) -> None:
    data = await api.data("{ projects { totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { key } } } }")
    page = data["projects"]
    assert [e["node"]["key"] for e in page["edges"]] == sorted(facts.projects())[:20]
    assert page["totalCount"] == len(facts.projects())
    assert page["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": False}


async def test_empty_page_and_first_zero(api: Api) -> None:
    data = await api.data(
        """{ none: projects(where: {key: {eq: "nope"}}) {
               totalCount pageInfo { hasNextPage startCursor endCursor } edges { cursor } }
             zero: projects(first: 0) { pageInfo { hasNextPage } edges { cursor } } }"""
    )
    assert data["none"] == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "startCursor": None, "endCursor": None},
        "edges": [],
    }
    assert data["zero"] == {"pageInfo": {"hasNextPage": True}, "edges": []}


async def _walk_participants(api: Api, key: str, order: list[dict[str, str]], *, backward: bool) -> list[str]:
    direction = "last: 4, before: $c" if backward else "first: 4, after: $c"
    document = (
        "query($c: String, $o: [ParticipationOrder!]) "
        f'{{ project(id: "{key}") {{ participants({direction}, orderBy: $o) '
        "{ totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { key } } } }"
    )
    out: list[str] = []
    cursor = None
    while True:
        conn = (await api.data(document, {"c": cursor, "o": order}))["project"]["participants"]
        page = [e["key"] for e in conn["edges"]]
        if backward:
            out = page + out
            if not conn["pageInfo"]["hasPreviousPage"]:
                return out
            cursor = conn["pageInfo"]["startCursor"]
        else:
            out += page
            if not conn["pageInfo"]["hasNextPage"]:
                return out
            cursor = conn["pageInfo"]["endCursor"]


@pytest.mark.parametrize(
    "order",
    [
        [],
        [{"field": "ROLE", "direction": "ASC"}],
        [{"field": "NAME", "direction": "DESC"}],
        [{"field": "SINCE", "direction": "DESC"}, {"field": "ROLE", "direction": "ASC"}],
    ],
)
async def test_nested_connection_pages_both_ways(api: Api, order: list[dict[str, str]]) -> None:
    key = "ba-legal-certainty-1"
    orgs = facts.organisations()
    rows = [p | {"name": orgs[p["org"]]["name"]} for p in facts.project_participants(key)]
    fields = {"ROLE": "role", "NAME": "name", "SINCE": "since"}
    expected = facts.ordered(rows, [(fields[o["field"]], o["direction"] == "ASC") for o in order])
    assert len(expected) > 8  # several pages
    assert await _walk_participants(api, key, order, backward=False) == expected
    assert await _walk_participants(api, key, order, backward=True) == expected


@pytest.mark.parametrize(
    ("document", "code"),
    [
        ('{ projects(after: "not-a-cursor") { totalCount } }', "BAD_USER_INPUT"),
        ('{ projects(first: 2, after: "c1|KEY.ASC|s~x") { edges { cursor } } }', "BAD_USER_INPUT"),
        ('{ projects(first: 2, after: "c1|KEY.ASC|n12") { edges { cursor } } }', "BAD_USER_INPUT"),
        ('{ projects(after: "c1|KEY.ASC|sba-hf1", orderBy: [{field: TITLE}]) { edges { cursor } } }', "BAD_USER_INPUT"),
        ("{ projects(first: 101) { totalCount } }", "LIMIT_EXCEEDED"),
        ("{ projects(last: 500) { totalCount } }", "LIMIT_EXCEEDED"),
        ('{ project(id: "ba-hf2-detained") { participants(first: 101) { totalCount } } }', "LIMIT_EXCEEDED"),
        ("{ projects(first: 2, last: 2) { totalCount } }", "BAD_USER_INPUT"),
        ("{ projects(first: -1) { totalCount } }", "BAD_USER_INPUT"),
        ('{ projects(last: 2, after: "c1|KEY.ASC|sba-hf1") { totalCount } }', "BAD_USER_INPUT"),
    ],
)
async def test_paging_errors(api: Api, document: str, code: str) -> None:
    assert await api.error_codes(document) == [code]


async def test_cursor_survives_awkward_values(api: Api) -> None:
    # Titles hold spaces, brackets, commas and non-ASCII letters: cursors must carry them exactly.
    walked = await api.walk("organisations", "key name", args=", orderBy: [{field: NAME, direction: DESC}]", size=9)
    names = [n["name"] for n in walked]
    assert [n["key"] for n in walked] == facts.ordered(list(facts.organisations().values()), [("name", False)])
    assert any(not n.isascii() for n in names)
