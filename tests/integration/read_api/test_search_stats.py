"""Full-text search (folding, prefixes, kinds, ranking) and every aggregation, checked against the seed files."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import pytest

from tests.integration.read_api import facts
from tests.integration.read_api.conftest import Api

pytestmark = pytest.mark.integration

SEARCH = """query($t: String!, $k: [EntityKind!], $n: Int! = 20) {
  search(text: $t, kinds: $k, first: $n) { score node { __typename id name ... on Country { iso2 } } } }"""


async def _search(api: Api, text: str, kinds: list[str] | None = None, first: int = 20) -> list[dict[str, Any]]:
    return list((await api.data(SEARCH, {"t": text, "k": kinds, "n": first}))["search"])


@pytest.mark.parametrize("text", ["Turkiye", "türkiye", "TURKIYE", "Türkiye"])
async def test_search_folds_case_and_diacritics(api: Api, text: str) -> None:
    hits = await _search(api, text, ["COUNTRY"])
    assert [h["node"]["id"] for h in hits] == ["Country:TR"]
    assert hits[0]["node"]["name"] == "Türkiye"


async def test_search_matches_prefixes_and_other_names(api: Api) -> None:
    kyrgyz = await _search(api, "kyrgyz", ["COUNTRY"])
    assert [h["node"]["iso2"] for h in kyrgyz] == ["KG"]
    bih = await _search(api, "BiH", ["COUNTRY"])  # an alternative name of Bosnia and Herzegovina
    assert "Country:BA" in [h["node"]["id"] for h in bih]
    folded_prefix = await _search(api, "Türk", ["COUNTRY"])  # a prefix of Türkiye and of Turkmenistan
    assert {h["node"]["id"] for h in folded_prefix} == {"Country:TR", "Country:TM"}


@pytest.mark.parametrize("text", ["People's Advocate Moldova", "Peoples Advocate", "people\u2019s advocate"])
async def test_search_handles_possessives(api: Api, text: str) -> None:
    hits = await _search(api, text, ["ORGANISATION"])
    assert "Organisation:md-peoples-advocate" in [h["node"]["id"] for h in hits]


async def test_search_ranks_and_mixes_kinds(api: Api) -> None:
    hits = await _search(api, "Turkiye", None, 50)
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    kinds = {h["node"]["__typename"] for h in hits}
    assert {"Country", "Project"} <= kinds
    assert any(t in kinds for t in ("NationalAuthority", "Nhri"))
    names = [h["node"]["name"] for h in hits]
    expected = [
        name
        for name in [
            *(p["title"] for p in facts.projects().values()),
            *(o["name"] for o in facts.organisations().values()),
        ]
        if "türkiye" in name.lower()
    ]
    assert set(expected) <= set(names)


async def test_search_kinds_first_and_words(api: Api) -> None:
    hits = await _search(api, "ministry justice", ["ORGANISATION"], 100)
    assert hits
    assert all(h["node"]["__typename"] == "NationalAuthority" for h in hits)
    assert all("ministry" in h["node"]["name"].lower() and "justice" in h["node"]["name"].lower() for h in hits)
    assert len(await _search(api, "ministry", ["ORGANISATION"], 3)) == 3


@pytest.mark.parametrize("text", ['AND OR ( "x', "prison) AND NOT:", "a*b?~[c]", "court\\"])
async def test_search_text_is_never_query_syntax(api: Api, text: str) -> None:
    result = await api.run(SEARCH, {"t": text})
    assert not result.errors


@pytest.mark.parametrize(
    ("variables", "code"),
    [({"t": "   "}, "BAD_USER_INPUT"), ({"t": "x", "n": 101}, "LIMIT_EXCEEDED"), ({"t": "x" * 201}, "LIMIT_EXCEEDED")],
)
async def test_search_errors(api: Api, variables: dict[str, Any], code: str) -> None:
    assert await api.error_codes(SEARCH, variables) == [code]


async def test_a_refused_search_text_does_not_stick_to_the_next_one(api: Api) -> None:
    """The stage caches a search's statement without its text (the text is a parameter it rebinds): a text
    refused at compile time must not leave its error in the cache for the next text."""
    query = SEARCH.replace("query(", "query SearchAfterRefusal(")
    assert not (await api.run(query, {"t": "prison", "n": 5})).errors  # the stage learns the text rebinds
    assert await api.error_codes(query, {"t": "x" * 201}) == ["LIMIT_EXCEEDED"]
    assert await api.error_codes(query, {"t": "   "}) == ["BAD_USER_INPUT"]
    result = await api.run(query, {"t": "prison"})
    assert not result.errors
    assert result.data is not None
    assert result.data["search"]


BUCKET = "{ key label count budgetEur }"
PROJECT_STATS = f"""query($w: ProjectWhere) {{ projectStats(where: $w) {{
  count budgetEur byStatus {BUCKET} byYear {BUCKET}
  byCountry {BUCKET} byRegion {BUCKET} byProgramme {BUCKET} byTheme {BUCKET} byRole {BUCKET} }} }}"""


def _buckets(groups: dict[str, list[dict[str, Any]]], label: dict[str, str], *, budget: bool) -> list[dict[str, Any]]:
    out = []
    for key, rows in groups.items():
        unique = {r["key"]: r for r in rows}.values()
        total = float(sum(r.get("budgetEur") or 0 for r in unique)) if budget else None
        out.append({"key": key, "label": label.get(key, key), "count": len(unique), "budgetEur": total})
    return sorted(out, key=lambda b: (-b["count"], b["key"]))


def _group(rows: Iterable[dict[str, Any]], keys_of: Any) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        for key in keys_of(row):
            groups[key].append(row)
    return groups


@pytest.mark.parametrize("where", [None, {"status": {"eq": "COMPLETED"}}, {"countriesSome": {"iso2": {"eq": "BA"}}}])
async def test_project_stats(api: Api, where: dict[str, Any] | None) -> None:
    stats = (await api.data(PROJECT_STATS, {"w": where}))["projectStats"]
    rows = list(facts.projects().values())
    if where and "status" in where:
        rows = [p for p in rows if p["status"] == "COMPLETED"]
    elif where:
        rows = [p for p in rows if "BA" in p["countries"]]
    countries = facts.countries()
    programmes = facts.programmes()
    themes = {t["id"]: t["name"] for t in facts.records("themes")}
    regions = {r["id"]: r["name"] for r in facts.records("regions")}
    assert stats["count"] == len(rows)
    assert stats["budgetEur"] == pytest.approx(float(sum(p["budgetEur"] or 0 for p in rows)))
    assert stats["byStatus"] == _buckets(_group(rows, lambda p: [p["status"]]), {}, budget=True)
    year = _group(rows, lambda p: [p["startDate"][:4] if p["startDate"] else "UNKNOWN"])
    assert stats["byYear"] == _buckets(year, {}, budget=True)
    by_country = _group(rows, lambda p: p["countries"])
    assert stats["byCountry"] == _buckets(by_country, {k: c["name"] for k, c in countries.items()}, budget=True)
    by_region = _group(rows, lambda p: {r for c in p["countries"] for r in countries[c]["regions"]})
    assert stats["byRegion"] == _buckets(by_region, regions, budget=True)
    by_programme = _group(rows, lambda p: p["programmes"])
    labels = {k: g["shortName"] or g["name"] for k, g in programmes.items()}
    assert stats["byProgramme"] == _buckets(by_programme, labels, budget=True)
    assert stats["byTheme"] == _buckets(_group(rows, lambda p: p["themes"]), themes, budget=True)
    by_role = _group(rows, lambda p: {x["role"] for x in facts.project_participants(p["key"])})
    assert stats["byRole"] == _buckets(by_role, {}, budget=False)


async def test_organisation_stats(api: Api) -> None:
    stats = (
        await api.data(
            f"{{ organisationStats {{ count byKind {BUCKET} byCountry {BUCKET} byRegion {BUCKET} byRole {BUCKET} }} }}"
        )
    )["organisationStats"]
    orgs = list(facts.organisations().values())
    countries = facts.countries()
    regions = {r["id"]: r["name"] for r in facts.records("regions")}
    assert stats["count"] == len(orgs)
    assert stats["byKind"] == _buckets(_group(orgs, lambda o: [o["kind"]]), {}, budget=False)
    located = [o for o in orgs if o["country"]]
    by_country = _group(located, lambda o: [o["country"]])
    assert stats["byCountry"] == _buckets(by_country, {k: c["name"] for k, c in countries.items()}, budget=False)
    assert stats["byRegion"] == _buckets(
        _group(located, lambda o: countries[o["country"]]["regions"]), regions, budget=False
    )
    roles: dict[str, set[str]] = defaultdict(set)
    for p in facts.participations():
        roles[p["org"]].add(p["role"])
    assert stats["byRole"] == _buckets(_group(orgs, lambda o: roles[o["key"]]), {}, budget=False)
    assert sum(b["count"] for b in stats["byKind"]) == len(orgs)
    assert Counter(o["kind"] for o in orgs)["NHRI"] == next(b["count"] for b in stats["byKind"] if b["key"] == "NHRI")
