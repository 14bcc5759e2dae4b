"""The service over HTTP: GraphQL, health, readiness, and `partnernet query` against a live server."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import aiohttp
import pytest

from service.client import post_graphql
from service.core.settings import Settings
from tests.e2e.conftest import LiveService, settings_env
from tests.integration.read_api import facts

pytestmark = pytest.mark.e2e


async def test_typename_answers(live_service: LiveService) -> None:
    status, body = await post_graphql(live_service.graphql_url, "{ __typename }")
    assert status == 200
    assert body == {"data": {"__typename": "Query"}}


async def test_health_ready_and_metrics(live_service: LiveService) -> None:
    await post_graphql(live_service.graphql_url, "{ __typename }")
    async with aiohttp.ClientSession() as s:
        async with s.get(live_service.base_url + "/healthz") as r:
            assert r.status == 200
            assert (await r.json())["status"] == "ok"
        async with s.get(live_service.base_url + "/readyz") as r:
            assert r.status == 200
            body = await r.json()
            assert body["status"] == "ready"
            assert "5.26" in body["neo4j"]
        async with s.get(live_service.base_url + "/metrics") as r:
            assert r.status == 200
            text = await r.text()
            served = [
                float(line.rsplit(" ", 1)[1])
                for line in text.splitlines()
                if line.startswith("partnernet_graphql_requests_total{")
                and 'status="200"' in line
                and 'type="query"' in line
            ]
            assert served, "/metrics does not count /graphql requests"
            assert sum(served) >= 1
            assert re.search(r'^partnernet_graphql_request_seconds_bucket\{.*le="\+Inf".*\} \d', text, re.M)


async def test_service_info_reads_the_database(live_service: LiveService) -> None:
    status, body = await post_graphql(live_service.graphql_url, "{ serviceInfo { version neo4jVersion neo4jEdition } }")
    assert status == 200
    info = body["data"]["serviceInfo"]
    assert info["neo4jVersion"].startswith("5.26")
    assert info["neo4jEdition"] == "community"


async def test_validation_errors_carry_a_code(live_service: LiveService) -> None:
    _, body = await post_graphql(live_service.graphql_url, "{ noSuchField }")
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "noSuchField" in body["errors"][0]["message"]


def _run_query_cli(
    live: LiveService, settings: Settings, document: str, *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service", "query", "-", "--url", live.graphql_url, *args],
        input=document,
        capture_output=True,
        text=True,
        env=settings_env(settings),
        check=False,
    )


def test_query_cli_prints_the_answer(live_service: LiveService, neo4j_server: Settings) -> None:
    proc = _run_query_cli(
        live_service,
        neo4j_server,
        "query Q($x: Boolean!) { __typename @include(if: $x) }",
        "-v",
        '{"x": true}',
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"data": {"__typename": "Query"}}


def test_query_cli_exits_1_on_errors(live_service: LiveService, neo4j_server: Settings) -> None:
    proc = _run_query_cli(live_service, neo4j_server, "{ nope }")
    assert proc.returncode == 1
    assert "nope" in json.loads(proc.stdout)["errors"][0]["message"]


def test_query_cli_rejects_bad_variables(live_service: LiveService, neo4j_server: Settings) -> None:
    proc = _run_query_cli(live_service, neo4j_server, "{ __typename }", "-v", "[1,")
    assert proc.returncode == 2
    assert "--variables" in proc.stderr


async def test_http_answers_compiled_and_introspection_queries(live_service: LiveService, seeded_graph: object) -> None:
    query = (
        "query Q($n: Int!) { kind: __typename projects(first: $n, orderBy: [{field: TITLE, direction: ASC}]) "
        "{ totalCount edges { node { id title } } } }"
    )
    status, body = await post_graphql(live_service.graphql_url, query, {"n": 2})
    assert status == 200
    assert list(body["data"]) == ["kind", "projects"]
    assert body["data"]["kind"] == "Query"
    seed_projects = sorted((row["title"], key) for key, row in facts.projects().items())
    assert body["data"]["projects"]["totalCount"] == len(seed_projects)
    titles = [(edge["node"]["title"], edge["node"]["id"]) for edge in body["data"]["projects"]["edges"]]
    assert titles == [(title, f"Project:{key}") for title, key in seed_projects[:2]]
    status, body = await post_graphql(live_service.graphql_url, "{ __schema { queryType { name } } }")
    assert status == 200
    assert body == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    status, body = await post_graphql(live_service.graphql_url, "{ projects { nope } }")
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
