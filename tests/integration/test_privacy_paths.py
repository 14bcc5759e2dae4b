"""Privacy on every output path: an organisation marked sensitive is invisible to anonymous callers and viewers in
lists, counts, statistics, search, lookups, nested relationships, network answers, free text, exports and the change
log, and visible to editors and admins.

The fixture marks a real seed organisation sensitive: Moldova's People's Advocate (NHRI), a partner of four projects,
a member of ENNHRI and GANHRI, and the parent of the National Council for the Prevention of Torture, whose notes
name it ("part_of (seeded as parent): md-peoples-advocate"). Free text that names a hidden organisation is shown with
its key and name replaced by "[withheld]".
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import orjson
import pytest
from neo4j import AsyncDriver

from service.auth.repository import create_token
from service.core.settings import Settings
from service.engine.privacy import mirror_labels  # raw writes keep the Sensitive label in sync
from service.model.enums import TokenRole
from tests.asgi import Client, running
from tests.conftest import make_test_settings

pytestmark = pytest.mark.integration

HIDDEN = "md-peoples-advocate"
HIDDEN_NAME = "Office of the People's Advocate (Ombudsperson) of the Republic of Moldova"
SUBUNIT = "md-npm-council"
PROJECT = "md-cjr"  # a project the hidden organisation is a partner of
ROLES = ("anonymous", "viewer", "editor", "admin")


@dataclass
class World:
    client: Client
    tokens: dict[str, str | None]

    async def ask(self, role: str, document: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        token = self.tokens[role]
        headers = {"authorization": f"Bearer {token}"} if token else {}
        answer = await self.client.post(document, headers=headers, variables=variables)
        body: dict[str, Any] = answer.json
        assert not body.get("errors"), body["errors"]
        return body["data"]  # type: ignore[no-any-return]

    async def export(self, role: str, fmt: str) -> str:
        token = self.tokens[role]
        headers = {"authorization": f"Bearer {token}"} if token else {}
        answer = await self.client.request("GET", "/export", headers=headers, query={"format": fmt})
        assert answer.status == 200, answer.raw[:300]
        return answer.raw.decode("utf-8")


@pytest.fixture
async def world(writable_seeded_graph: AsyncDriver, settings: Settings) -> AsyncIterator[World]:
    await writable_seeded_graph.execute_query(
        "MATCH (o:Organisation {id: $id}) SET o.sensitive = true " + mirror_labels("o"),
        id=HIDDEN,
        database_=settings.neo4j_database,
    )
    tokens: dict[str, str | None] = {"anonymous": None}
    for role in ("viewer", "editor", "admin"):
        issued = await create_token(writable_seeded_graph, settings=settings, name=f"p-{role}", role=TokenRole(role))
        tokens[role] = issued.secret
    async with running(make_test_settings(rate_limit_per_minute=0)) as client:
        yield World(client, tokens)


def sees(role: str) -> bool:
    return role in ("editor", "admin")


@pytest.mark.parametrize("role", ROLES)
async def test_lists_counts_lookups_and_search(world: World, role: str) -> None:
    data = await world.ask(role, """query($id: ID!) {
      country(code: "MD") { organisations(first: 100) { totalCount edges { node { key } } } }
      stats: organisationStats(where: {locatedIn: {iso2: {eq: "MD"}}}) { count byKind { key count } }
      one: organisation(id: $id) { key sensitive }
      node(id: "Organisation:md-peoples-advocate") { id }
      nodes(ids: ["Organisation:md-peoples-advocate", "Organisation:md-moj"]) { id }
      search(text: "People's Advocate Moldova", first: 20) { node { id } }
      acronym: organisation(acronym: "PAO") { key }
    }""", {"id": HIDDEN})  # fmt: skip
    keys = [e["node"]["key"] for e in data["country"]["organisations"]["edges"]]
    assert (HIDDEN in keys) is sees(role)
    assert data["country"]["organisations"]["totalCount"] == len(keys)
    assert data["stats"]["count"] == len(keys)
    assert sum(b["count"] for b in data["stats"]["byKind"]) == len(keys)
    assert (data["one"] == {"key": HIDDEN, "sensitive": True}) is sees(role)
    assert data["one"] is None or sees(role)
    assert (data["node"] is not None) is sees(role)
    assert data["nodes"][0] is None or sees(role)
    assert data["nodes"][1] == {"id": "Organisation:md-moj"}
    hits = [h["node"]["id"] for h in data["search"]]
    assert (f"Organisation:{HIDDEN}" in hits) is sees(role)


@pytest.mark.parametrize("role", ROLES)
async def test_nested_relationships_and_records(world: World, role: str) -> None:
    data = await world.ask(role, """query($p: ID!, $s: ID!) {
      project(id: $p) { participants(first: 100) { totalCount edges { node { key } } } }
      subunit: organisation(id: $s) { parent { key } notes }
      network(id: "net-ennhri") { members(first: 100) { totalCount edges { node { key } } } }
      projectStats(where: {key: {eq: "md-cjr"}}) { byRole { key count } }
    }""", {"p": PROJECT, "s": SUBUNIT})  # fmt: skip
    participants = [e["node"]["key"] for e in data["project"]["participants"]["edges"]]
    assert (HIDDEN in participants) is sees(role)
    assert data["project"]["participants"]["totalCount"] == len(participants)
    members = [e["node"]["key"] for e in data["network"]["members"]["edges"]]
    assert (HIDDEN in members) is sees(role)
    assert (data["subunit"]["parent"] == {"key": HIDDEN}) is sees(role)
    notes = " ".join(data["subunit"]["notes"])
    assert (HIDDEN in notes) is sees(role)
    assert ("[withheld]" in notes) is not sees(role)


@pytest.mark.parametrize("role", ROLES)
async def test_network_answers(world: World, role: str) -> None:
    data = await world.ask(role, """{
      neighbourhood(id: "Organisation:md-npm-council", hops: 2, limit: 1000) { nodes { key } }
      crossBorderPartners(org: "Organisation:md-moj", limit: 1000) { partners { node { key } } }
      sharedPartners(ids: ["Organisation:md-moj", "Organisation:md-npm-council"], minShared: 2) {
        partners { node { key } via { key } } }
      brokers(countries: ["MD", "UA", "GE"], top: 100) { brokers { node { key } } }
      changes(from: "2010-01-01", to: "2030-12-31", countries: ["MD"], limit: 1000) { changes { org { key } } }
    }""")  # fmt: skip
    seen = orjson.dumps(data).decode()
    assert (HIDDEN in seen) is sees(role), role
    answer = await world.client.post(
        '{ path(from: "Organisation:md-peoples-advocate", to: "Organisation:md-moj") { found } }',
        headers={"authorization": f"Bearer {world.tokens[role]}"} if world.tokens[role] else {},
    )
    if sees(role):
        assert answer.json["data"]["path"]["found"] is True
    else:
        assert answer.json["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv-nodes"])
@pytest.mark.parametrize("role", ROLES)
async def test_exports_in_every_format(world: World, role: str, fmt: str) -> None:
    text = await world.export(role, fmt)
    assert SUBUNIT in text  # the export holds the visible subunit ...
    assert (HIDDEN_NAME in text) is sees(role)  # ... the hidden organisation only for editors and admins,
    # ... and free text naming it (the subunit's note) with the key withheld.
    assert (HIDDEN in text) is sees(role)


@pytest.mark.parametrize("role", ROLES)
async def test_the_change_log(world: World, role: str) -> None:
    version = (await world.ask("admin", '{ organisation(id: "md-peoples-advocate") { version } }'))["organisation"]
    changed = await world.ask("admin", """mutation($v: Int!) {
      updateOrganisation(input: {id: "md-peoples-advocate", expectedVersion: $v, shortName: "PAO MD"}) {
        changeSeq userErrors { code } } }""", {"v": version["version"]})  # fmt: skip
    assert changed["updateOrganisation"]["userErrors"] == []
    moj_version = (await world.ask("admin", '{ organisation(id: "md-moj") { version } }'))["organisation"]["version"]
    await world.ask("admin", """mutation($v: Int!) {
      updateOrganisation(input: {id: "md-moj", expectedVersion: $v, shortName: "MoJ MD"}) { changeSeq } }""",
                    {"v": moj_version})  # fmt: skip
    log = await world.ask(role, "{ auditLog(first: 20) { entityId actor } }")
    moj = [e for e in log["auditLog"] if e["entityId"].endswith(":md-moj")]
    assert len(moj) == 1  # a visible change reaches everyone; its actor only callers with a token
    assert (moj[0]["actor"] is None) is (role == "anonymous")
    about_hidden = [e for e in log["auditLog"] if HIDDEN in e["entityId"]]
    assert bool(about_hidden) is sees(role)
    if about_hidden:
        assert about_hidden[0]["actor"] == "p-admin"
