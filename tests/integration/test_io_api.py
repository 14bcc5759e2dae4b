"""The import mutation (admin only), GraphQL-answer exports and the /export HTTP endpoint."""

from __future__ import annotations

import asyncio
import base64
import io
import json
from typing import Any

import networkx as nx
import openpyxl
import pytest
from neo4j import AsyncDriver
from starlette.applications import Starlette
from starlette.routing import Route

from service.auth.repository import create_token, revoke_token
from service.cli.query import run_document
from service.core.context import Context, Principal
from service.core.settings import Settings
from service.engine.privacy import mirror_labels  # raw writes keep the Sensitive label in sync
from service.gql.schema import build_schema
from service.http.export import export_endpoint
from service.io.export_formats import ExportFormat
from service.io.export_source import export_memory
from service.io.query_export import extract_graph
from service.io.template import xlsx_template
from service.model.enums import TokenRole
from tests.integration.test_io_roundtrip import snapshot

pytestmark = pytest.mark.integration

IMPORT = """
mutation Import($files: [ImportFileInput!]!, $dry: Boolean!, $format: ImportFormat! = CSV) {
  importData(format: $format, files: $files, dryRun: $dry) {
    ok dryRun created changed unchanged
    kinds { kind created changed unchanged }
    records { kind key outcome fields }
    problems { file where field message }
  }
}
"""
REVIEW = """
mutation Review($files: [ImportFileInput!]!, $format: ImportFormat!) {
  importData(format: $format, files: $files, dryRun: true) {
    ok dryRun created changed unchanged
    records { kind key name outcome fields changes { field old new } }
    notices { file where field message }
    problems { file where field message }
  }
}
"""
ORGS = "id,name,kind,country\nx-api-cso,API test CSO,CIVIL_SOCIETY,BA\n"


async def run(settings: Settings, driver: AsyncDriver, doc: str, variables: dict[str, Any], role: str | None) -> Any:
    principal = Principal(subject="tester", role=role) if role else None  # type: ignore[arg-type]  # test roles
    ctx = Context(driver=driver, settings=settings, principal=principal)
    return await build_schema(settings).execute(doc, variable_values=variables, context_value=ctx)


async def test_import_mutation_is_admin_only_and_reaches_the_importer(
    writable_seeded_graph: AsyncDriver, database: str, settings: Settings
) -> None:
    driver = writable_seeded_graph
    files = [{"name": "organisations.csv", "content": ORGS}]
    before = await snapshot(driver, database)
    for role, code in ((None, "UNAUTHENTICATED"), ("editor", "FORBIDDEN")):
        result = await run(settings, driver, IMPORT, {"files": files, "dry": False}, role)
        assert result.errors[0].extensions["code"] == code
    dry = await run(settings, driver, IMPORT, {"files": files, "dry": True}, "admin")
    assert dry.errors is None
    assert dry.data["importData"]["ok"] is True
    assert dry.data["importData"]["dryRun"] is True
    assert dry.data["importData"]["records"] == [
        {"kind": "Organisation", "key": "x-api-cso", "outcome": "CREATED", "fields": []},
        {"kind": "LOCATED_IN", "key": "Organisation:x-api-cso-LOCATED_IN->Country:BA", "outcome": "CREATED",
         "fields": []},
    ]  # fmt: skip
    assert await snapshot(driver, database) == before

    done = await run(settings, driver, IMPORT, {"files": files, "dry": False}, "admin")
    assert done.data["importData"]["created"] == 2
    records, _, _ = await driver.execute_query(
        "MATCH (o:Organisation {id: 'x-api-cso'}) RETURN o.updatedBy AS by, o.importSource AS src", database_=database
    )
    assert dict(records[0]) == {"by": "tester", "src": "organisations.csv"}

    bad = [{"name": "organisations.csv", "content": "id,name,kind\nx,Bad,NOPE\n"}]
    refused = await run(settings, driver, IMPORT, {"files": bad, "dry": False}, "admin")
    payload = refused.data["importData"]
    assert payload["ok"] is False
    assert payload["problems"][0]["where"] == "line 2"
    assert payload["problems"][0]["field"] == "kind"


NEIGHBOURHOOD = """
query { neighbourhood(id: "Organisation:ba-hro", hops: 2) {
  nodes { id key name kind label countryCodes distance }
  edges { id type source target role since until confidence sources }
} }
"""


async def test_a_network_answer_exports_to_graphml(seeded_graph: AsyncDriver, settings: Settings) -> None:
    data = await run_document(seeded_graph, settings, NEIGHBOURHOOD, None)
    nodes, edges = extract_graph(data)
    answer = data["neighbourhood"]
    assert {n.key for n in nodes} == {n["id"] for n in answer["nodes"]}
    assert len(edges) == len(answer["edges"])
    text = "".join([c async for c in export_memory(nodes, edges, fmt=ExportFormat.GRAPHML)])
    graph = nx.read_graphml(io.BytesIO(text.encode()))
    assert graph.number_of_nodes() == len(answer["nodes"])
    assert graph.number_of_edges() == len(answer["edges"])
    hro = graph.nodes["Organisation:ba-hro"]
    assert hro["labels"] == "Nhri:Organisation"
    assert hro["countries"] == "BA"
    assert hro["distance"] == 0
    edge = answer["edges"][0]
    ends = (edge["source"], edge["target"])
    got = graph.edges[(*ends, edge["id"])] if graph.is_multigraph() else graph.edges[ends]
    assert got["role"] == edge["role"]
    assert got["type"] == edge["type"]


async def asgi(app: Starlette, method: str, path: str, query: str = "", body: bytes = b"",
               headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:  # fmt: skip
    """One request through the ASGI app in this event loop (the session's driver stays on its loop)."""
    scope = {
        "type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": query.encode(),
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()], "http_version": "1.1",
        "scheme": "http", "server": ("test", 80), "client": ("127.0.0.1", 1), "root_path": "", "app": app,
    }  # fmt: skip
    sent = False
    out: dict[str, Any] = {"body": b""}

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # the client stays connected until the response is complete
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
            out["headers"] = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            out["body"] += message.get("body", b"")

    await app(scope, receive, send)
    return out["status"], out["headers"], out["body"]


async def test_export_endpoint_streams_files(seeded_graph: AsyncDriver, settings: Settings) -> None:
    app = Starlette(routes=[Route("/export", export_endpoint, methods=["GET", "POST"])])
    app.state.driver, app.state.settings, app.state.schema = seeded_graph, settings, build_schema(settings)

    status, headers, body = await asgi(app, "GET", "/export", "format=gexf&label=Nhri&label=Project")
    assert status == 200
    assert headers["content-type"].startswith("application/gexf+xml")
    assert 'filename="partnernet.gexf"' in headers["content-disposition"]
    graph = nx.read_gexf(io.BytesIO(body))
    assert "Organisation:ba-hro" in graph
    assert "Project:ba-hf2-detained" in graph
    assert all(not d.get("sensitive") for _, d in graph.nodes(data=True))  # anonymous: no sensitive organisations

    status, _, body = await asgi(app, "GET", "/export", "format=pdf")
    assert status == 400
    assert json.loads(body)["code"] == "BAD_USER_INPUT"
    status, _, body = await asgi(app, "GET", "/export", "label=ApiToken")
    assert status == 400
    status, _, body = await asgi(app, "GET", "/export", headers={"Authorization": "Bearer nonsense"})
    assert status == 401

    status, headers, body = await asgi(
        app, "POST", "/export", "format=json", json.dumps({"query": NEIGHBOURHOOD}).encode()
    )
    assert status == 200
    doc = json.loads(body)
    assert any(n["id"] == "Organisation:ba-hro" for n in doc["nodes"])
    assert doc["edges"]


async def test_export_endpoint_keeps_sensitive_organisations_for_editors(
    writable_seeded_graph: AsyncDriver, database: str, settings: Settings
) -> None:
    driver = writable_seeded_graph
    mark = "MATCH (o:Organisation {id: 'ba-hro'}) SET o.sensitive = true " + mirror_labels("o")
    await driver.execute_query(mark, database_=database)
    app = Starlette(routes=[Route("/export", export_endpoint, methods=["GET", "POST"])])
    app.state.driver, app.state.settings, app.state.schema = driver, settings, build_schema(settings)
    tokens = {
        role: (await create_token(driver, settings=settings, name=f"export-{role.value}", role=role)).secret
        for role in (TokenRole.VIEWER, TokenRole.EDITOR)
    }
    listing = json.dumps({"query": "{ organisations(first: 100) { edges { node { id name } } } }"}).encode()
    for role, sees in ((None, False), (TokenRole.VIEWER, False), (TokenRole.EDITOR, True)):
        headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
        status, _, body = await asgi(app, "GET", "/export", "format=json&label=Nhri", headers=headers)
        assert status == 200
        doc = json.loads(body)
        assert any(n["id"] == "Organisation:ba-hro" for n in doc["nodes"]) is sees, role
        assert all("Organisation:ba-hro" not in (e["source"], e["target"]) for e in doc["edges"]) or sees
        status, _, body = await asgi(app, "POST", "/export", "format=json", listing, headers=headers)
        assert status == 200
        assert any(n["id"] == "Organisation:ba-hro" for n in json.loads(body)["nodes"]) is sees, role


async def test_import_mutation_checks_a_deferred_token_first(
    writable_seeded_graph: AsyncDriver, database: str, settings: Settings
) -> None:
    driver = writable_seeded_graph
    issued = await create_token(driver, settings=settings, name="import-admin", role=TokenRole.ADMIN)
    await revoke_token(driver, settings=settings, token_id=issued.token.id)
    ctx = Context(driver=driver, settings=settings, principal=Principal("import-admin", "admin", issued.token.id),
                  pending_token=issued.secret)  # fmt: skip
    files = [{"name": "organisations.csv", "content": ORGS}]
    result = await build_schema(settings).execute(IMPORT, variable_values={"files": files, "dry": True},
                                                  context_value=ctx)  # fmt: skip
    assert result.errors is not None
    assert result.errors[0].extensions["code"] == "TOKEN_REVOKED"


async def test_import_mutation_answers_a_review_and_reads_workbooks(
    writable_seeded_graph: AsyncDriver, database: str, settings: Settings
) -> None:
    driver = writable_seeded_graph
    before = await snapshot(driver, database)
    renamed = "id,name,kind,country\nba-moj,Ministry of Justice of BiH (renamed),NATIONAL_AUTHORITY,BA\n"
    files = [{"name": "organisations.csv", "content": renamed}]
    result = await run(settings, driver, REVIEW, {"files": files, "format": "CSV"}, "admin")
    answer = result.data["importData"]
    assert (answer["ok"], answer["dryRun"], answer["changed"], answer["unchanged"]) == (True, True, 1, 1)
    moj, link = answer["records"]
    assert moj["outcome"] == "CHANGED"
    assert moj["key"] == "ba-moj"
    assert moj["fields"] == ["name"]
    assert moj["changes"] == [
        {"field": "name", "old": "Ministry of Justice of Bosnia and Herzegovina",
         "new": "Ministry of Justice of BiH (renamed)"},
    ]  # fmt: skip
    assert link["outcome"] == "UNCHANGED"
    assert link["name"].endswith("-> Bosnia and Herzegovina")
    assert await snapshot(driver, database) == before

    book = openpyxl.load_workbook(io.BytesIO(xlsx_template()))
    header = [c.value for c in book["organisations"][1]]
    book["organisations"].append([{"name": "API workbook CSO", "kind": "CIVIL_SOCIETY"}.get(h) for h in header])
    data = io.BytesIO()
    book.save(data)
    workbook = [{"name": "staff.xlsx", "content": base64.b64encode(data.getvalue()).decode("ascii")}]
    result = await run(settings, driver, REVIEW, {"files": workbook, "format": "XLSX"}, "admin")
    [created] = result.data["importData"]["records"]
    assert (created["key"], created["outcome"]) == ("api-workbook-cso", "CREATED")
    assert {"field": "name", "old": None, "new": "API workbook CSO"} in created["changes"]
    assert {"field": "confidence", "old": None, "new": "HIGH"} in created["changes"]  # a default of a new record

    garbled = [{"name": "staff.xlsx", "content": "not base64!"}]
    refused = (await run(settings, driver, REVIEW, {"files": garbled, "format": "XLSX"}, "admin")).data["importData"]
    assert refused["ok"] is False
    assert refused["problems"][0]["field"] == "content"
    assert await snapshot(driver, database) == before
