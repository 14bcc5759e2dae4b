"""Every filter operator, AND/OR/NOT and the relationship filters, checked against the seed files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.integration.read_api import facts
from tests.integration.read_api.conftest import Api

pytestmark = pytest.mark.integration

P = facts.projects
O = facts.organisations  # noqa: E741 - the facts' organisations, as P is their projects


def _projects(pred: Callable[[dict[str, Any]], bool]) -> set[str]:
    return {k for k, p in P().items() if pred(p)}


def _orgs(pred: Callable[[dict[str, Any]], bool]) -> set[str]:
    return {k for k, o in O().items() if pred(o)}


def _participants(project: dict[str, Any]) -> list[dict[str, Any]]:
    return facts.project_participants(project["key"])


def _active(p: dict[str, Any], on: str) -> bool:
    return p["startDate"] is not None and p["startDate"] <= on and (p["endDate"] is None or p["endDate"] >= on)


PROJECT_CASES: list[tuple[str, dict[str, Any], Callable[[dict[str, Any]], bool]]] = [
    ("title eq", {"title": {"eq": P()["ba-hf2-detained"]["title"]}}, lambda p: p["key"] == "ba-hf2-detained"),
    (
        "key in",
        {"key": {"in": ["ba-hf1-detained", "ba-hf2-detained", "nope"]}},
        lambda p: p["key"] in ("ba-hf1-detained", "ba-hf2-detained"),
    ),
    ("title contains, any case", {"title": {"contains": "PRISON"}}, lambda p: "prison" in p["title"].lower()),
    (
        "title startsWith",
        {"title": {"startsWith": "strengthening"}},
        lambda p: p["title"].lower().startswith("strengthening"),
    ),
    ("id eq (global id)", {"id": {"eq": "Project:ba-hf2-detained"}}, lambda p: p["key"] == "ba-hf2-detained"),
    (
        "id in (global and plain)",
        {"id": {"in": ["Project:ba-hf2-detained", "ba-hf1-detained"]}},
        lambda p: p["key"] in ("ba-hf2-detained", "ba-hf1-detained"),
    ),
    ("status eq", {"status": {"eq": "ACTIVE"}}, lambda p: p["status"] == "ACTIVE"),
    ("status in", {"status": {"in": ["PLANNED", "UNKNOWN"]}}, lambda p: p["status"] in ("PLANNED", "UNKNOWN")),
    ("iatiStatus eq", {"iatiStatus": {"eq": 2}}, lambda p: p["iatiStatus"] == 2),
    ("iatiStatus in", {"iatiStatus": {"in": [3, 4]}}, lambda p: p["iatiStatus"] in (3, 4)),
    ("startDate gte", {"startDate": {"gte": "2020-01-01"}}, lambda p: (p["startDate"] or "") >= "2020-01-01"),
    ("startDate gt", {"startDate": {"gt": "2019-05-24"}}, lambda p: (p["startDate"] or "") > "2019-05-24"),
    (
        "startDate lt",
        {"startDate": {"lt": "2016-06-01"}},
        lambda p: p["startDate"] is not None and p["startDate"] < "2016-06-01",
    ),
    (
        "startDate lte",
        {"startDate": {"lte": "2019-05-24"}},
        lambda p: p["startDate"] is not None and p["startDate"] <= "2019-05-24",
    ),
    ("startDate eq", {"startDate": {"eq": "2019-05-24"}}, lambda p: p["startDate"] == "2019-05-24"),
    (
        "startDate in",
        {"startDate": {"in": ["2019-05-24", "2016-05-01"]}},
        lambda p: p["startDate"] in ("2019-05-24", "2016-05-01"),
    ),
    ("startDate isNull", {"startDate": {"isNull": True}}, lambda p: p["startDate"] is None),
    (
        "endDate range",
        {"endDate": {"gte": "2022-01-01", "lt": "2023-01-01"}},
        lambda p: p["endDate"] is not None and "2022-01-01" <= p["endDate"] < "2023-01-01",
    ),
    ("budgetEur gte", {"budgetEur": {"gte": 1000000}}, lambda p: (p["budgetEur"] or 0) >= 1000000),
    ("budgetEur lt", {"budgetEur": {"lt": 500000}}, lambda p: p["budgetEur"] is not None and p["budgetEur"] < 500000),
    (
        "budgetEur gt and lte",
        {"budgetEur": {"gt": 500000, "lte": 2000000}},
        lambda p: p["budgetEur"] is not None and 500000 < p["budgetEur"] <= 2000000,
    ),
    ("budgetEur eq", {"budgetEur": {"eq": 1000050}}, lambda p: p["budgetEur"] == 1000050),
    ("budgetEur in", {"budgetEur": {"in": [1000050, 3000000]}}, lambda p: p["budgetEur"] in (1000050, 3000000)),
    ("budgetEur isNull false", {"budgetEur": {"isNull": False}}, lambda p: p["budgetEur"] is not None),
    (
        "divisionAttribution isNull",
        {"divisionAttribution": {"isNull": True}},
        lambda p: p["divisionAttribution"] is None,
    ),
    (
        "divisionAttribution in",
        {"divisionAttribution": {"in": ["HIGH", "LOW"]}},
        lambda p: p["divisionAttribution"] in ("HIGH", "LOW"),
    ),
    ("confidence eq", {"confidence": {"eq": "MEDIUM"}}, lambda p: p["confidence"] == "MEDIUM"),
    ("jpCode isNull false", {"jpCode": {"isNull": False}}, lambda p: p["jpCode"] is not None),
    (
        "AND",
        {"AND": [{"status": {"eq": "COMPLETED"}}, {"budgetEur": {"gte": 2000000}}]},
        lambda p: p["status"] == "COMPLETED" and (p["budgetEur"] or 0) >= 2000000,
    ),
    (
        "OR",
        {"OR": [{"status": {"eq": "ACTIVE"}}, {"budgetEur": {"gte": 5000000}}]},
        lambda p: p["status"] == "ACTIVE" or (p["budgetEur"] or 0) >= 5000000,
    ),
    ("NOT", {"NOT": {"status": {"eq": "COMPLETED"}}}, lambda p: p["status"] != "COMPLETED"),
    (
        "nested NOT OR",
        {"NOT": {"OR": [{"status": {"eq": "COMPLETED"}}, {"startDate": {"isNull": True}}]}},
        lambda p: p["status"] != "COMPLETED" and p["startDate"] is not None,
    ),
    ("activeOn", {"activeOn": "2021-06-01"}, lambda p: _active(p, "2021-06-01")),
    (
        "participantsSome role in + NHRI with GANHRI A",
        {
            "participantsSome": {
                "role": {"in": ["PARTNER"]},
                "organisation": {"kind": {"eq": "NHRI"}, "ganhriStatus": {"eq": "A"}},
            }
        },
        lambda p: any(
            x["role"] == "PARTNER" and O()[x["org"]]["kind"] == "NHRI" and O()[x["org"]]["ganhriStatus"] == "A"
            for x in _participants(p)
        ),
    ),
    (
        "participantsSome roleClass + since",
        {"participantsSome": {"roleClass": {"eq": "STRUCTURAL"}, "since": {"gte": "2020-01-01"}}},
        lambda p: any(
            x["role"] in ("IMPLEMENTER", "IMPLEMENTING_UNIT", "FUNDER", "CO_FUNDER")
            and (x["since"] or "") >= "2020-01-01"
            for x in _participants(p)
        ),
    ),
    (
        "participantsNone FUNDER",
        {"participantsNone": {"role": {"eq": "FUNDER"}}},
        lambda p: not any(x["role"] == "FUNDER" for x in _participants(p)),
    ),
    (
        "participantsSome organisation located in BA",
        {"participantsSome": {"organisation": {"locatedIn": {"iso2": {"eq": "BA"}}}}},
        lambda p: any(O()[x["org"]]["country"] == "BA" for x in _participants(p)),
    ),
    (
        "countriesSome iso2",
        {"countriesSome": {"iso2": {"in": ["MD", "UA"]}}},
        lambda p: bool({"MD", "UA"} & set(p["countries"])),
    ),
    (
        "countriesSome regionsSome",
        {"countriesSome": {"regionsSome": {"key": {"eq": "central_asia"}}}},
        lambda p: any("central_asia" in facts.region_of(c) for c in p["countries"]),
    ),
    (
        "programmesSome shortName",
        {"programmesSome": {"shortName": {"eq": "HF II"}}},
        lambda p: any(facts.programmes()[g]["shortName"] == "HF II" for g in p["programmes"]),
    ),
    ("themesSome key", {"themesSome": {"key": {"eq": "prison-reform"}}}, lambda p: "prison-reform" in p["themes"]),
    ("coeBodiesSome", {"coeBodiesSome": {"shortName": {"eq": "CPT"}}}, lambda p: "cpt" in p["coe_bodies"]),
    (
        "actionPlansSome",
        {"actionPlansSome": {"startYear": {"gte": 2022}}},
        lambda p: any(
            (a["start_year"] or 0) >= 2022 for a in facts.records("action_plans") if a["id"] in p["action_plans"]
        ),
    ),
]


@pytest.mark.parametrize(("case", "where", "expected"), PROJECT_CASES, ids=[c[0] for c in PROJECT_CASES])
async def test_project_filters(
    api: Api, case: str, where: dict[str, Any], expected: Callable[[dict[str, Any]], bool]
) -> None:
    found = await api.walk(
        "projects", args=", where: $w", variables={"w": where}, var_decl=", $w: ProjectWhere", size=50
    )
    keys = {n["key"] for n in found}
    assert keys == _projects(expected), case
    assert len(keys) == len(found)


ORG_CASES: list[tuple[str, dict[str, Any], Callable[[dict[str, Any]], bool]]] = [
    (
        "name startsWith",
        {"name": {"startsWith": "ministry of justice"}},
        lambda o: o["name"].lower().startswith("ministry of justice"),
    ),
    ("shortName eq", {"shortName": {"eq": "MoJ"}}, lambda o: o["shortName"] == "MoJ"),
    ("shortName isNull", {"shortName": {"isNull": True}}, lambda o: o["shortName"] is None),
    ("kind in", {"kind": {"in": ["DONOR", "INTERNATIONAL"]}}, lambda o: o["kind"] in ("DONOR", "INTERNATIONAL")),
    ("authorityKind eq", {"authorityKind": {"eq": "COURT"}}, lambda o: o["authorityKind"] == "COURT"),
    ("ganhriStatus eq", {"ganhriStatus": {"eq": "A"}}, lambda o: o["ganhriStatus"] == "A"),
    ("npmMandate eq", {"npmMandate": {"eq": True}}, lambda o: o["npmMandate"] is True),
    (
        "npmMandate isNull on NHRIs",
        {"kind": {"eq": "NHRI"}, "npmMandate": {"isNull": True}},
        lambda o: o["kind"] == "NHRI" and o["npmMandate"] is None,
    ),
    ("category contains", {"category": {"contains": "court"}}, lambda o: "court" in (o["category"] or "").lower()),
    ("iatiOrgType gte", {"iatiOrgType": {"gte": 40}}, lambda o: (o["iatiOrgType"] or 0) >= 40),
    (
        "locatedIn regionsSome",
        {"locatedIn": {"regionsSome": {"key": {"eq": "western_balkans"}}}},
        lambda o: "western_balkans" in facts.region_of(o["country"]),
    ),
    (
        "locatedIn coeMember false",
        {"locatedIn": {"coeMember": {"eq": False}}},
        lambda o: o["country"] is not None and facts.countries()[o["country"]]["coeMember"] is False,
    ),
    ("parent", {"parent": {"key": {"eq": "coe"}}}, lambda o: o["parent"] == "coe"),
    (
        "participationsSome project ACTIVE",
        {"participationsSome": {"role": {"eq": "PARTNER"}, "project": {"status": {"eq": "ACTIVE"}}}},
        lambda o: any(
            x.get("project")
            and x["org"] == o["key"]
            and x["role"] == "PARTNER"
            and P()[x["project"]]["status"] == "ACTIVE"
            for x in facts.participations()
        ),
    ),
    (
        "participationsNone",
        {"kind": {"eq": "NHRI"}, "participationsNone": {}},
        lambda o: (
            o["kind"] == "NHRI" and not any(x.get("project") and x["org"] == o["key"] for x in facts.participations())
        ),
    ),
    (
        "programmeParticipationsSome",
        {"programmeParticipationsSome": {"programme": {"key": {"eq": "prog-hf2"}}}},
        lambda o: any(x.get("programme") == "prog-hf2" and x["org"] == o["key"] for x in facts.participations()),
    ),
    (
        "membershipsSome network",
        {"membershipsSome": {"membershipStatus": {"eq": "MEMBER"}, "network": {"shortName": {"eq": "ENNHRI"}}}},
        lambda o: any(
            m["org"] == o["key"] and m["status"] == "MEMBER" and m["network"] == "net-ennhri"
            for m in facts.memberships()
        ),
    ),
]


@pytest.mark.parametrize(("case", "where", "expected"), ORG_CASES, ids=[c[0] for c in ORG_CASES])
async def test_organisation_filters(
    api: Api, case: str, where: dict[str, Any], expected: Callable[[dict[str, Any]], bool]
) -> None:
    found = await api.walk(
        "organisations", args=", where: $w", variables={"w": where}, var_decl=", $w: OrganisationWhere", size=100
    )
    assert {n["key"] for n in found} == _orgs(expected), case


async def test_country_and_action_plan_filters(api: Api) -> None:
    data = await api.data(
        """{ members: countries(first: 100, where: {coeMember: {eq: true}, coeMemberSince: {lt: "2000-01-01"}}) {
               edges { node { key } } }
             iso3: countries(where: {iso3: {in: ["BIH", "MDA"]}}) { edges { node { key } } }
             plans: actionPlans(first: 100, where: {startYear: {gte: 2022}, country: {iso2: {eq: "MD"}}}) {
               edges { node { key } } }
             regions(where: {name: {contains: "balkans"}}) { edges { node { key } } } }"""
    )
    countries = facts.countries().values()
    assert {e["node"]["key"] for e in data["members"]["edges"]} == {
        c["key"] for c in countries if c["coeMember"] and c["coeMemberSince"] and c["coeMemberSince"] < "2000-01-01"
    }
    assert {e["node"]["key"] for e in data["iso3"]["edges"]} == {"BA", "MD"}
    assert {e["node"]["key"] for e in data["plans"]["edges"]} == {
        a["id"] for a in facts.records("action_plans") if (a["start_year"] or 0) >= 2022 and a["country"] == "MD"
    }
    assert {e["node"]["key"] for e in data["regions"]["edges"]} == {
        r["id"] for r in facts.records("regions") if "balkans" in r["name"].lower()
    }


async def test_network_member_filters(api: Api) -> None:
    data = await api.data(
        """{ some: networks(first: 100, where: {membersSome: {organisation: {locatedIn: {iso2: {eq: "MD"}}}}}) {
               edges { node { key } } }
             none: networks(first: 100, where: {membersNone: {membershipStatus: {eq: MEMBER}}}) {
               edges { node { key } } } }"""
    )
    orgs = facts.organisations()
    expected_some = {m["network"] for m in facts.memberships() if orgs[m["org"]]["country"] == "MD"}
    assert {e["node"]["key"] for e in data["some"]["edges"]} == expected_some
    with_member = {m["network"] for m in facts.memberships() if m["status"] == "MEMBER"}
    assert {e["node"]["key"] for e in data["none"]["edges"]} == {
        n["id"] for n in facts.records("networks")
    } - with_member


async def test_nested_connection_filters(api: Api) -> None:
    data = await api.data(
        """{ project(id: "ba-hf2-detained") { participants(first: 100,
               where: {role: {eq: PARTNER}, organisation: {kind: {eq: NATIONAL_AUTHORITY}}}) {
               totalCount edges { key role node { key } } } } }"""
    )
    conn = data["project"]["participants"]
    expected = {
        p["id"]
        for p in facts.project_participants("ba-hf2-detained")
        if p["role"] == "PARTNER" and facts.organisations()[p["org"]]["kind"] == "NATIONAL_AUTHORITY"
    }
    assert {e["key"] for e in conn["edges"]} == expected
    assert conn["totalCount"] == len(expected)
