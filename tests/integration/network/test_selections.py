"""Every way of selecting a network answer, through the one pipeline: aliases at every level, the same list twice
with different selections, fragments, @skip/@include, `__typename`, merged keys, errors beside data.

Each answer gets the checks of answers.py (keys in selection order, nodes and edges as the seed YAML says, fixed
errors, one statement per root field), and each case its own against networkx over the seed facts.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import networkx as nx
import pytest

from tests.integration.network.answers import NETWORK_ROOTS, Case, check_answer
from tests.integration.network.conftest import DEFAULT_ROLES, PARTNERSHIP, GqlRunner, SeedNetwork

pytestmark = pytest.mark.integration

NODE = "id key name shortName kind label countryCode countryCodes distance __typename"
EDGE = "id type source target role roleClass membershipStatus since until datesDerived evidence confidence sources"


def _paths_valid(g: nx.MultiGraph, path: Mapping[str, Any]) -> None:
    ids = [n["id"] for n in path["nodes"]]
    assert len(ids) == path["length"] + 1
    for a, b in itertools.pairwise(ids):
        assert g.has_edge(a, b), (a, b)


def _check_path(data: dict[str, Any], net: SeedNetwork) -> None:
    answer = data["path"]
    g = net.graph()
    shortest = nx.shortest_path_length(g, "Organisation:mk-ombudsman", "Organisation:rs-protector")
    assert answer["found"] is True
    assert answer["maxHops"] == 6
    assert answer["asOf"] is None
    assert answer["rolesUsed"] == list(DEFAULT_ROLES)
    assert answer["from"]["id"] == "Organisation:mk-ombudsman"
    assert answer["to"]["id"] == "Organisation:rs-protector"
    assert 1 <= len(answer["paths"]) <= 3
    assert answer["paths"][0]["length"] == shortest
    for path in answer["paths"]:
        _paths_valid(g, path)
        assert [e["id"] for e in path["edges"]] == [h["edge"]["id"] for h in path["hops"]]
        for i, hop in enumerate(path["hops"]):
            assert hop["from"]["id"] == path["nodes"][i]["id"]
            assert hop["to"]["key"] == path["nodes"][i + 1]["key"]
            assert hop["forward"] is (path["edges"][i]["source"] == hop["from"]["id"])


def _check_aliased_path(data: dict[str, Any], net: SeedNetwork, *, no: bool) -> None:
    g = net.graph(PARTNERSHIP)
    answer = data["p"]
    assert answer["ok"] is True
    assert data["kind"] == "Query"
    assert ("roles" in answer) is no
    assert answer.get("roles", list(PARTNERSHIP)) == list(PARTNERSHIP)
    assert answer["short"][0]["n"] == nx.shortest_path_length(g, "Organisation:ba-moj", "Organisation:me-moj")
    assert len(answer["long"]) == len(answer["short"]) <= 2
    for short, long in zip(answer["short"], answer["long"], strict=True):
        ids = [n["ident"] for n in short["ns"]]
        _paths_valid(g, {"nodes": [{"id": i} for i in ids], "length": short["n"]})
        for i, edge in enumerate(long["es"]):
            seed = net.edge_fields(edge["id"])
            assert {seed["source"], seed["target"]} == {ids[i], ids[i + 1]}
        assert all(("forward" in hop) is not no for hop in long["hops"])


def _check_neighbourhood(data: dict[str, Any], net: SeedNetwork) -> None:
    answer = data["neighbourhood"]
    ego = nx.single_source_shortest_path_length(nx.Graph(net.graph()), "Organisation:mk-ombudsman", cutoff=2)
    assert answer["totalNodes"] == len(ego)
    assert answer["truncated"] is (len(ego) - 1 > 15)
    assert answer["hops"] == 2
    assert answer["rolesUsed"] == list(DEFAULT_ROLES)
    assert answer["asOf"] is None
    assert answer["nodes"][0] == answer["center"]
    assert len(answer["nodes"]) == min(len(ego), 16)
    assert all(ego[n["id"]] == n["distance"] for n in answer["nodes"])
    kept = {n["id"] for n in answer["nodes"]}
    expected = {k for a, b, k in net.graph().edges(keys=True) if a in kept and b in kept}
    assert {e["id"] for e in answer["edges"]} == expected
    assert [e["id"] for e in answer["edges"]] == [
        e["id"] for e in sorted(answer["edges"], key=lambda e: (e["source"], e["target"], e["id"]))
    ]


def _check_two_neighbourhoods(data: dict[str, Any], net: SeedNetwork) -> None:
    a, b = data["a"], data["b"]
    assert [n["id"] for n in a["few"]] == [n["id"] for n in a["few"]]
    assert len(a["few"]) == len(a["many"])
    assert a["c"]["name"] == a["many"][0]["name"]
    assert {e["id"] for e in a["e2"]}
    assert len(a["e1"]) == len(a["e2"])
    orgs = {n["id"] for n in a["few"] if n["id"].startswith("Organisation:")}
    assert all(net.nodes[o]["kind"] == "NATIONAL_AUTHORITY" for o in orgs)
    g = nx.Graph(net.graph(("PARTNER", "MEMBER", "FUNDER")))
    assert b["totalNodes"] == len(g["Organisation:me-moj"]) + 1
    assert b["rolesUsed"] == ["PARTNER", "MEMBER", "FUNDER"]


def _check_shared(data: dict[str, Any], net: SeedNetwork) -> None:
    answer = data["sharedPartners"]
    assert answer["minShared"] == 2
    assert answer["rolesUsed"] == list(DEFAULT_ROLES)
    assert answer["asOf"] is None
    actors = ["Organisation:mk-ombudsman", "Organisation:mk-bar", "Organisation:mk-moj"]
    assert [a["id"] for a in answer["actors"]] == actors
    assert len(answer["partners"]) <= 5
    for p in answer["partners"]:
        assert p["actorCount"] == len(p["actors"]) >= 2
        assert set(p["actors"]) <= set(actors)
        assert bool(p["via"]) is not p["direct"]


def _check_matrix(data: dict[str, Any], net: SeedNetwork) -> None:
    answer = data["countryLinks"]
    assert answer["countries"] == sorted(net.regions["western_balkans"])
    assert answer["symmetric"] is True
    assert [(c["countryA"], c["countryB"]) for c in answer["cells"]] == sorted(
        (c["countryA"], c["countryB"]) for c in answer["cells"]
    )
    for cell in answer["cells"]:
        assert cell["countryA"] < cell["countryB"]
        assert 1 <= len(cell["examples"]) <= 3


def _check_crossed(data: dict[str, Any], net: SeedNetwork) -> None:
    for p in data["crossBorderPartners"]["p"]:
        assert [x["via"]["id"] for x in p["l2"]]
        assert len(p["l1"]) == len(p["l2"])


def _check_changes(data: dict[str, Any], net: SeedNetwork) -> None:
    answer = data["changes"]
    expected = sorted(
        [(link["since"], "BEGAN", link["id"]) for link in net.links
         if link["role"] in DEFAULT_ROLES and link["since"] and "2018-01-01" <= link["since"] <= "2021-06-30"]
        + [(link["until"], "ENDED", link["id"]) for link in net.links
           if link["role"] in DEFAULT_ROLES and link["until"] and "2018-01-01" <= link["until"] <= "2021-06-30"]
    )  # fmt: skip
    assert answer["total"] == len(expected)
    assert answer["truncated"] is (len(expected) > 7)
    assert [(c["date"], c["kind"], c["edge"]["id"]) for c in answer["changes"]] == expected[:7]
    for c in answer["changes"]:
        assert c["org"]["id"] == c["edge"]["source"]
        assert c["target"]["id"] == c["edge"]["target"]


def _check_gaps(data: dict[str, Any], net: SeedNetwork) -> None:
    answer = data["gaps"]
    assert answer["countryCode"] == "BA"
    assert answer["rolesUsed"] == list(DEFAULT_ROLES)
    for gap in answer["gaps"]:
        assert gap["x"] == gap["explanation"]
        assert gap["explanation"].startswith(gap["subject"]["name"])
        assert all(t["id"] == "Theme:" + t["key"] for t in gap["themes"])


def _check_suggestions(data: dict[str, Any], net: SeedNetwork) -> None:
    answer = data["suggestedPartners"]
    assert answer["org"]["id"] == "Organisation:md-peoples-advocate"
    scores = [s["score"] for s in answer["suggestions"]]
    assert scores == sorted(scores, reverse=True)
    for s in answer["suggestions"]:
        assert s["reason"].startswith(net.nodes[s["node"]["id"]]["name"])
        assert "PAO (MD)" in s["reason"]
        assert s["commonPartnerCount"] >= len(s["commonPartners"])


def _equal(got: Any, expected: Any) -> None:
    assert got == expected


def _error(path: str, code: str, field: str, message: str) -> tuple[tuple[str, str, str, str], ...]:
    return ((path, code, field, message),)


_ANY = "organisation, project, programme or network"
CASES: list[Case] = [
    # Every field of every type, k > 1, hops both ways.
    Case(
        f"""{{ path(from: "Organisation:mk-ombudsman", to: "rs-protector", k: 3) {{
              __typename found maxHops rolesUsed asOf
              from {{ {NODE} }} to {{ {NODE} }}
              paths {{ __typename length nodes {{ {NODE} }} edges {{ {EDGE} __typename }}
                       hops {{ __typename forward from {{ id name }} to {{ key countryCode }} edge {{ id role }} }} }}
           }} }}""",
        check=_check_path,
    ),
    # Aliases at every level, the same list twice with different selections, fragments and directives.
    Case(
        """query Q($from: ID!, $to: ID!, $no: Boolean!) {
             p: path(from: $from, to: $to, maxHops: 6, k: 2, via: [PARTICIPATES_IN]) {
               ok: found
               short: paths { n: length ns: nodes { ...N } }
               long: paths { es: edges { ...E } hops { forward @skip(if: $no) } }
               ... on PathResult { roles: rolesUsed @include(if: $no) }
             }
             kind: __typename
           }
           fragment N on NetworkNode { ident: id label k: kind }
           fragment E on NetworkEdge { id role ... on NetworkEdge { s: since } }""",
        {"from": "ba-moj", "to": "me-moj", "no": False},
        check=lambda d, net: _check_aliased_path(d, net, no=False),
    ),
    # No path within the bound: found false, paths empty.
    Case(
        '{ path(from: "ba-moj", to: "me-moj", maxHops: 1) { found paths { length } from { name } } }',
        check=lambda d, net: _equal(
            d["path"], {"found": False, "paths": [], "from": {"name": net.nodes["Organisation:ba-moj"]["name"]}}
        ),
    ),
    Case(
        f"""{{ neighbourhood(id: "mk-ombudsman", hops: 2, limit: 15) {{
              __typename truncated totalNodes hops rolesUsed asOf
              center {{ {NODE} }} nodes {{ {NODE} }} edges {{ {EDGE} __typename }}
           }} }}""",
        check=_check_neighbourhood,
    ),
    Case(
        """{ a: neighbourhood(id: "Organisation:ba-moj", kinds: [NATIONAL_AUTHORITY, PROJECT], asOf: "2020-01-01") {
               few: nodes { id distance } many: nodes { name countryCodes }
               e1: edges { source target } e2: edges { id }
               c: center { name }
             }
             b: neighbourhood(id: "me-moj", hops: 1, roles: [PARTNER, MEMBER, FUNDER]) { totalNodes rolesUsed }
           }""",
        check=_check_two_neighbourhoods,
    ),
    Case(
        f"""{{ sharedPartners(ids: ["mk-ombudsman", "mk-bar", "Organisation:mk-moj"], minShared: 2, limit: 5) {{
              __typename truncated minShared rolesUsed asOf actors {{ {NODE} }}
              partners {{ __typename actorCount direct actors node {{ {NODE} }} via {{ id name countryCode }} }}
           }} }}""",
        check=_check_shared,
    ),
    Case(
        """{ sharedPartners(ids: ["ba-moj", "me-moj"], kinds: [PROJECT, NETWORK]) {
               x: partners { n: node { id } direct } y: partners { actorCount } min: minShared } }""",
        check=lambda d, _: _equal({p["direct"] for p in d["sharedPartners"]["x"]}, {True}),
    ),
    # A plain id and a global id of the same organisation are two actors (the plain one may name any label).
    Case('{ sharedPartners(ids: ["ba-moj", "Organisation:ba-moj"]) { truncated } }'),
    Case(
        f"""{{ countryLinks(region: "western_balkans") {{
              __typename countries symmetric rolesUsed asOf
              cells {{ __typename countryA countryB links projects networks examples {{ {NODE} }} }}
           }} }}""",
        check=_check_matrix,
    ),
    Case(
        """{ countryLinks(kinds: [NHRI], partnerKinds: [NATIONAL_AUTHORITY], from: "2015-01-01", until: "2022-12-31") {
               symmetric a: cells { countryA countryB } b: cells { links examples { id } ex: examples { name } } } }""",
        check=lambda d, _: _equal(d["countryLinks"]["symmetric"], False),
    ),
    Case('{ countryLinks(region: "Region:western_balkans") { symmetric } }'),
    Case(
        f"""{{ crossBorderPartners(org: "ba-moj", limit: 7) {{
              __typename truncated rolesUsed asOf org {{ {NODE} }}
              partners {{ __typename countryCode node {{ {NODE} }}
                          links {{ __typename roles partnerRoles via {{ {NODE} }} }} }}
           }} }}""",
    ),
    Case(
        """{ crossBorderPartners(org: "Organisation:ba-moj", countries: ["ME", "Country:RS"], asOf: "2021-06-01") {
               p: partners { l1: links { roles } l2: links { via { id } } node { name } } } }""",
        check=_check_crossed,
    ),
    Case(
        f"""{{ brokers(region: "western_balkans", top: 5) {{
              __typename rolesUsed asOf
              brokers {{ __typename countryCode score countriesReached bridgingConnectors connectors
                        node {{ {NODE} }} }}
           }} }}""",
    ),
    Case(
        """{ b: brokers(countries: ["BA", "Country:ME", "RS"], kinds: [NHRI, CIVIL_SOCIETY], roles: [PARTNER, FUNDER]) {
               x: brokers { node { id } s: score } y: brokers { connectors } r: rolesUsed } }""",
        check=lambda d, _: _equal(d["b"]["r"], ["PARTNER", "FUNDER"]),
    ),
    Case("{ brokers(top: 3) { asOf } }", check=lambda d, _: _equal(d, {"brokers": {"asOf": None}})),
    Case(
        f"""{{ changes(from: "2018-01-01", to: "2021-06-30", limit: 7) {{
              __typename total truncated rolesUsed
              changes {{ __typename kind date edge {{ {EDGE} __typename }} org {{ {NODE} }} target {{ {NODE} }} }}
           }} }}""",
        check=_check_changes,
    ),
    Case(
        """{ changes(from: "2010-01-01", to: "2030-12-31", countries: ["MK"], roles: [MEMBER, IMPLEMENTER]) {
               n: total a: changes { kind o: org { id } } b: changes { date target { name } } } }""",
    ),
    Case(
        """{ gaps(country: "BA", limit: 1000) { countryCode truncated rolesUsed asOf gaps { __typename kind
             subject { id name } other { id } evidence { id countryCodes } themes { id key name } explanation
             x: explanation } } }""",
        check=_check_gaps,
    ),
    Case('{ gaps(country: "MK") { g1: gaps { explanation } g2: gaps { kind explanation subject { key } } } }'),
    Case(
        """{ suggestedPartners(org: "md-peoples-advocate", top: 20) { org { id } rolesUsed asOf suggestions {
             __typename node { id } countryCode score reason sameKind commonPartners { id name } commonPartnerCount
             sharedThemes { key name } } } }""",
        check=_check_suggestions,
    ),
    Case('{ suggestedPartners(org: "ba-moj") { a: suggestions { reason } b: suggestions { score r: reason } } }'),
    # Errors: arguments out of bounds, bad ids, endpoints not found.
    Case('{ path(from: "ba-moj", to: "me-moj", maxHops: 7) { found } }',
         errors=_error("path", "LIMIT_EXCEEDED", "maxHops", "`maxHops` is 7; the most allowed is 6")),
    Case('{ path(from: "ba-moj", to: "me-moj", k: 0) { found } }',
         errors=_error("path", "BAD_USER_INPUT", "k", "`k` is 0; it must be at least 1")),
    Case('{ path(from: "ba-moj", to: "ba-moj") { found } }',
         errors=_error("path", "BAD_USER_INPUT", "to", "`from` and `to` name the same entity")),
    Case('{ path(from: "no-such-org", to: "me-moj") { found } }',
         errors=_error("path", "NOT_FOUND", "from", f"`from`: no {_ANY} 'no-such-org'")),
    Case('{ path(from: "ba-moj", to: "Project:no-such") { paths { length } } }',
         errors=_error("path", "NOT_FOUND", "to", f"`to`: no {_ANY} 'Project:no-such'")),
    Case('{ path(from: "Country:BA", to: "me-moj") { found } }',
         errors=_error("path", "BAD_USER_INPUT", "from", "`from` must name one of Organisation, Project, Programme, "
                       "Network; got a Country id 'Country:BA'")),
    # Every entity type's global id is known as one (an action plan's was once read as a plain key, then not found).
    Case('{ path(from: "ActionPlan:ap-ba-2022-2025", to: "me-moj") { found } }',
         errors=_error("path", "BAD_USER_INPUT", "from", "`from` must name one of Organisation, Project, Programme, "
                       "Network; got an ActionPlan id 'ActionPlan:ap-ba-2022-2025'")),
    Case('{ path(from: "ba-moj", to: "me-moj", roles: []) { found } }',
         errors=_error("path", "BAD_USER_INPUT", "roles", "`roles` leaves no link to follow; name at least one role")),
    Case('{ path(from: "ba-moj", to: "me-moj", via: []) { found } }',
         errors=_error("path", "BAD_USER_INPUT", "via", "`via` must name at least one relationship type")),
    Case('{ neighbourhood(id: "ba-moj", hops: 4) { totalNodes } }',
         errors=_error("neighbourhood", "LIMIT_EXCEEDED", "hops", "`hops` is 4; the most allowed is 3")),
    Case('{ neighbourhood(id: "ba-moj", limit: 1001) { totalNodes } }',
         errors=_error("neighbourhood", "LIMIT_EXCEEDED", "limit", "`limit` is 1001; the most allowed is 1000")),
    Case('{ neighbourhood(id: "nobody") { totalNodes } }',
         errors=_error("neighbourhood", "NOT_FOUND", "id", f"`id`: no {_ANY} 'nobody'")),
    Case('{ sharedPartners(ids: ["ba-moj"]) { truncated } }',
         errors=_error("sharedPartners", "BAD_USER_INPUT", "ids", "`ids` is 1; it must be at least 2")),
    Case('{ sharedPartners(ids: ["ba-moj", "me-moj"], minShared: 3) { truncated } }',
         errors=_error("sharedPartners", "LIMIT_EXCEEDED", "minShared", "`minShared` is 3; the most allowed is 2")),
    Case('{ sharedPartners(ids: ["ba-moj", "nobody", "nothing"]) { truncated } }',
         errors=_error("sharedPartners", "NOT_FOUND", "ids", f"`ids`: no {_ANY} 'nobody', 'nothing'")),
    Case('{ countryLinks(region: "atlantis") { countries } }',
         errors=_error("countryLinks", "NOT_FOUND", "region", "`region`: no region 'atlantis'")),
    Case('{ countryLinks(programme: "no-programme") { countries } }',
         errors=_error("countryLinks", "NOT_FOUND", "programme", "`programme`: no programme 'no-programme'")),
    Case("{ countryLinks(kinds: [PROJECT]) { countries } }",
         errors=_error("countryLinks", "BAD_USER_INPUT", "kinds",
                       "`kinds` takes organisation kinds only; got PROJECT")),
    Case('{ countryLinks(from: "2022-01-01", until: "2015-12-31") { countries } }',
         errors=_error("countryLinks", "BAD_USER_INPUT", "from", "`from` (2022-01-01) is after `until` (2015-12-31)")),
    Case('{ crossBorderPartners(org: "nobody") { truncated } }',
         errors=_error("crossBorderPartners", "NOT_FOUND", "org", "`org`: no organisation 'nobody'")),
    Case('{ crossBorderPartners(org: "Project:x") { truncated } }',
         errors=_error("crossBorderPartners", "BAD_USER_INPUT", "org",
                       "`org` must name one of Organisation; got a Project id 'Project:x'")),
    Case('{ crossBorderPartners(org: "ba-moj", limit: 0) { truncated } }',
         errors=_error("crossBorderPartners", "BAD_USER_INPUT", "limit", "`limit` is 0; it must be at least 1")),
    Case("{ brokers(top: 101) { rolesUsed } }",
         errors=_error("brokers", "LIMIT_EXCEEDED", "top", "`top` is 101; the most allowed is 100")),
    Case('{ brokers(region: "atlantis") { brokers { score } } }',
         errors=_error("brokers", "NOT_FOUND", "region", "`region`: no region 'atlantis'")),
    Case("{ brokers(kinds: [PROJECT]) { brokers { score } } }",
         errors=_error("brokers", "BAD_USER_INPUT", "kinds", "`kinds` takes organisation kinds only; got PROJECT")),
    Case('{ changes(from: "2021-01-01", to: "2019-12-31") { total } }',
         errors=_error("changes", "BAD_USER_INPUT", "from", "`from` (2021-01-01) is after `to` (2019-12-31)")),
    Case('{ changes(from: "2019-01-01", to: "2022-12-31", limit: 1001) { total } }',
         errors=_error("changes", "LIMIT_EXCEEDED", "limit", "`limit` is 1001; the most allowed is 1000")),
    Case('{ gaps(country: "QQ") { truncated } }',
         errors=_error("gaps", "NOT_FOUND", "country", "`country`: no country 'QQ'")),
    Case('{ suggestedPartners(org: "nobody") { rolesUsed } }',
         errors=_error("suggestedPartners", "NOT_FOUND", "org", "`org`: no organisation 'nobody'")),
    # One response key selected twice: the selections merge (validation made sure the arguments agree).
    Case(
        """{ n: neighbourhood(id: "ba-moj", hops: 1) { totalNodes center { id } }
             n: neighbourhood(id: "ba-moj", hops: 1) { nodes { id } center { name } } }""",
        check=lambda d, _: _equal(d["n"]["center"]["id"], d["n"]["nodes"][0]["id"]),
    ),
    # Two root fields, one failing: the failing non-null field nulls `data`.
    Case('{ ok: crossBorderPartners(org: "ba-moj") { truncated } bad: neighbourhood(id: "nobody") { hops } }',
         errors=_error("bad", "NOT_FOUND", "id", f"`id`: no {_ANY} 'nobody'")),
]  # fmt: skip
# The same document with the other @skip/@include outcome: statements are cached per variables, so this would fail
# if the first outcome's were reused.
CASES.append(
    Case(
        CASES[1].document,
        {"from": "ba-moj", "to": "me-moj", "no": True},
        check=lambda d, net: _check_aliased_path(d, net, no=True),
    )
)


@pytest.mark.parametrize("role", [None, "editor"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: " ".join(c.document.split())[:60])
async def test_selection(gql: GqlRunner, seed_network: SeedNetwork, case: Case, role: str | None) -> None:
    res = await gql(case.document, dict(case.variables) if case.variables else None, role=role)
    check_answer(case, res, seed_network)


def test_every_field_of_every_answer_type_is_selected(network_schema: Any) -> None:
    """Every field of the network answer types is selected by some case above (so the checks cover it)."""
    text = " ".join(c.document for c in CASES)
    query = network_schema.pipeline.schema.query_type
    seen: set[str] = set()
    todo = [query.fields[name].type for name in NETWORK_ROOTS]
    while todo:
        named = todo.pop()
        while hasattr(named, "of_type"):
            named = named.of_type
        if named.name in seen or not hasattr(named, "fields") or named.name in ("Node", "Theme"):
            continue
        seen.add(named.name)
        for field_name, field in named.fields.items():
            if named.name != "NetworkNode" or field_name != "entity":  # test_paths.py selects it
                assert field_name in text, f"{named.name}.{field_name} is never selected"
            todo.append(field.type)
    assert len(seen) == 21
