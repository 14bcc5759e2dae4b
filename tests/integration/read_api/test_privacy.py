"""The privacy rule of issue 7 in every compiled statement: sensitive organisations hidden from anonymous callers."""

from __future__ import annotations

import pytest
import strawberry
from neo4j import AsyncDriver

from service.core.context import Principal
from service.core.settings import Settings
from service.engine.privacy import mirror_labels  # raw writes keep the Sensitive label in sync
from tests.integration.read_api import facts
from tests.integration.read_api.conftest import Api

pytestmark = pytest.mark.integration

HIDDEN = "ba-hro"
DOCUMENT = """{
  all: organisations(first: 100, where: {kind: {eq: NHRI}}) { totalCount edges { node { key } } }
  one: organisation(id: "ba-hro") { key }
  byAcronym: organisation(acronym: "HRO BiH") { key }
  node(id: "Organisation:ba-hro") { id }
  nodes(ids: ["Organisation:ba-hro", "Organisation:coe"]) { id }
  search(text: "Ombudsman Bosnia", kinds: [ORGANISATION]) { node { id } }
  project(id: "ba-hf3-detained") { participants(first: 100) { totalCount edges { node { key } } } }
  network(id: "net-ennhri") { members(first: 100) { totalCount edges { node { key } } } }
  withPartner: projects(where: {participantsSome: {organisation: {key: {eq: "ba-hro"}}}}) { totalCount }
  stats: organisationStats { count byKind { key count } }
  country(code: "BA") { organisations(first: 100) { totalCount } }
}"""


@pytest.fixture
async def hidden_graph(writable_seeded_graph: AsyncDriver, database: str) -> AsyncDriver:
    """The seed graph with one NHRI marked sensitive (the next reader of the seed graph reloads it)."""
    await writable_seeded_graph.execute_query(
        "MATCH (o:Organisation {id: $id}) SET o.sensitive = true " + mirror_labels("o"),
        {"id": HIDDEN},
        database_=database,
    )
    return writable_seeded_graph


async def test_sensitive_organisation_hidden_everywhere_from_anonymous(
    hidden_graph: AsyncDriver, read_schema: strawberry.Schema, settings: Settings
) -> None:
    api = Api(read_schema, hidden_graph, settings)
    anonymous = await api.data(DOCUMENT)
    editor = await api.data(DOCUMENT, principal=Principal(subject="t", role="editor"))
    viewer = await api.data(DOCUMENT, principal=Principal(subject="t", role="viewer"))
    assert viewer == anonymous

    def org_keys(conn: dict) -> set[str]:
        return {e["node"]["key"] for e in conn["edges"]}

    nhris = {k for k, o in facts.organisations().items() if o["kind"] == "NHRI"}
    assert org_keys(editor["all"]) == nhris
    assert org_keys(anonymous["all"]) == nhris - {HIDDEN}
    assert anonymous["all"]["totalCount"] == editor["all"]["totalCount"] - 1
    assert editor["one"] == {"key": HIDDEN}
    assert anonymous["one"] is None
    assert editor["byAcronym"] == {"key": HIDDEN}
    assert anonymous["byAcronym"] is None
    assert editor["node"] == {"id": "Organisation:ba-hro"}
    assert anonymous["node"] is None
    assert editor["nodes"][0] == {"id": "Organisation:ba-hro"}
    assert anonymous["nodes"] == [
        None,
        {"id": "Organisation:coe"},
    ]
    assert {"id": "Organisation:ba-hro"} in [h["node"] for h in editor["search"]]
    assert {"id": "Organisation:ba-hro"} not in [h["node"] for h in anonymous["search"]]
    for path in ("project", "network"):
        field = "participants" if path == "project" else "members"
        seen, all_ = anonymous[path][field], editor[path][field]
        assert HIDDEN in org_keys(all_)
        assert HIDDEN not in org_keys(seen)
        assert seen["totalCount"] == all_["totalCount"] - 1
    assert editor["withPartner"]["totalCount"] == 3
    assert anonymous["withPartner"]["totalCount"] == 0
    assert anonymous["stats"]["count"] == editor["stats"]["count"] - 1
    nhri_count = {b["key"]: b["count"] for b in anonymous["stats"]["byKind"]}["NHRI"]
    assert nhri_count == len(nhris) - 1
    assert anonymous["country"]["organisations"]["totalCount"] == editor["country"]["organisations"]["totalCount"] - 1
