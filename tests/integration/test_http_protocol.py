"""Safe to expose: GraphQL over HTTP rule by rule, the cost budget, limits, persisted queries, CORS, rate limits,
security headers and production mode, through the app's own ASGI interface (no socket)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest
from neo4j import AsyncDriver

from service.http.persisted import EXPLORER_MANIFEST
from tests.asgi import Client, running
from tests.conftest import make_test_settings, skip_unless_ci

pytestmark = pytest.mark.integration

GRAPHQL_RESPONSE = "application/graphql-response+json"
DEEP = (
    "{ projects(first: 100) { edges { node { participants(first: 100) { edges { node { participations(first: 100) "
    "{ edges { node { participants(first: 100) { edges { node { name } } } } } } } } } } } } }"
)


@pytest.fixture
async def client(seeded_graph: AsyncDriver) -> AsyncIterator[Client]:
    async with running(make_test_settings()) as c:
        yield c


# -- GraphQL over HTTP: media types and status codes --------------------------------------------------------------


async def test_post_answers_json_by_default_and_graphql_response_json_when_accepted(client: Client) -> None:
    plain = await client.post("{ __typename }")
    assert (plain.status, plain.json) == (200, {"data": {"__typename": "Query"}})
    assert plain.headers["content-type"].startswith("application/json")
    typed = await client.post("{ __typename }", accept=f"{GRAPHQL_RESPONSE}, application/json;q=0.9")
    assert typed.status == 200
    assert typed.headers["content-type"].startswith(GRAPHQL_RESPONSE)


@pytest.mark.parametrize(
    ("document", "variables", "code"),
    [
        ("{ projects(", None, "GRAPHQL_VALIDATION_FAILED"),  # parse error
        ("{ nope }", None, "GRAPHQL_VALIDATION_FAILED"),  # validation error
        ("query Q($n: Int!) { projects(first: $n) { totalCount } }", {"n": "x"}, "GRAPHQL_VALIDATION_FAILED"),
    ],
)
async def test_request_errors_are_400_without_data_under_graphql_response_json(
    client: Client, document: str, variables: Any, code: str
) -> None:
    typed = await client.post(document, accept=GRAPHQL_RESPONSE, variables=variables)
    assert typed.status == 400
    assert "data" not in typed.json
    assert typed.json["errors"][0]["extensions"]["code"] == code
    plain = await client.post(document, variables=variables)
    assert plain.status == 200
    assert "data" not in plain.json


async def test_a_field_error_after_execution_started_is_200_with_data(client: Client) -> None:
    answer = await client.post('{ ok: regions(first: 1) { totalCount } bad: project(id: "Region:x") { key } }',
                               accept=GRAPHQL_RESPONSE)  # fmt: skip
    assert answer.status == 200
    assert answer.json["data"]["bad"] is None
    assert answer.json["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_bad_token_is_401_and_too_weak_a_role_403(client: Client) -> None:
    bad = await client.post("{ __typename }", accept=GRAPHQL_RESPONSE, headers={"authorization": "Bearer nope"})
    assert bad.status == 401
    assert bad.json["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"
    anonymous = await client.post(
        'mutation { deleteTheme(input: {id: "Theme:x"}) { deletedId } }', accept=GRAPHQL_RESPONSE
    )
    assert anonymous.status == 200  # execution started: the field's error, data null for it
    assert anonymous.json["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("method", "headers", "status", "code"),
    [
        ("PUT", {"content-type": "application/json"}, 405, "BAD_REQUEST"),
        ("POST", {"content-type": "text/plain"}, 415, "BAD_REQUEST"),
        ("POST", {"content-type": "application/x-www-form-urlencoded"}, 415, "BAD_REQUEST"),
        ("POST", {"content-type": "application/json", "accept": "text/html"}, 406, "BAD_REQUEST"),
    ],
)
async def test_refusals_by_method_content_type_and_accept(
    client: Client, method: str, headers: dict[str, str], status: int, code: str
) -> None:
    answer = await client.request(method, body=orjson.dumps({"query": "{ __typename }"}), headers=headers)
    assert answer.status == status
    assert answer.json["errors"][0]["extensions"]["code"] == code
    if status == 405:
        assert answer.headers["allow"] == "GET, POST"


async def test_a_5_mb_body_is_413_without_reading_it_all(client: Client) -> None:
    body = b'{"query": "' + b" " * (5 << 20) + b'{ __typename }"}'
    answer = await client.request("POST", body=body, headers={"content-type": "application/json"})
    assert answer.status == 413
    assert answer.json["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        (b"[1]", "JSON object"),
        (b'{"query": 3}', "`query`"),
        (b'{"query": "{ __typename }", "operationName": 1}', "operationName"),
        (b'{"query": "{ __typename }", "variables": "x"}', "variables"),
        (b'{"query": "{ __typename }", "extensions": []}', "extensions"),
        (b"{nope", "not JSON"),
    ],
)
async def test_malformed_parameters_are_400_naming_them(client: Client, payload: bytes, fragment: str) -> None:
    answer = await client.request("POST", body=payload, headers={"content-type": "application/json"})
    assert answer.status == 400
    assert fragment in answer.json["errors"][0]["message"]


async def test_get_runs_queries_with_a_preflight_header_and_never_mutations(client: Client) -> None:
    preflight = {"graphql-require-preflight": "1"}
    ok = await client.request("GET", headers=preflight, query={"query": "{ __typename }"})
    assert (ok.status, ok.json) == (200, {"data": {"__typename": "Query"}})
    with_variables = await client.request(
        "GET", headers=preflight,
        query={"query": "query Q($n: Int) { regions(first: $n) { totalCount } }", "variables": '{"n": 1}'},
    )  # fmt: skip
    assert with_variables.json["data"]["regions"]["totalCount"] > 0
    csrf = await client.request("GET", query={"query": "{ __typename }"})
    assert csrf.status == 400
    assert "Preflight" in csrf.json["errors"][0]["message"]
    mutation = await client.request(
        "GET", headers=preflight, query={"query": 'mutation { deleteTheme(input: {id: "Theme:x"}) { deletedId } }'}
    )
    assert mutation.status == 405
    assert mutation.headers["allow"] == "POST"


# -- the cost budget and the other limits --------------------------------------------------------------------------


async def test_the_oversized_nested_request_is_refused_before_neo4j_with_its_cost(client: Client) -> None:
    answer = await client.post(DEEP, accept=GRAPHQL_RESPONSE)
    assert answer.status == 400
    [error] = answer.json["errors"]
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert error["extensions"]["cost"] > error["extensions"]["budget"] == 100_000
    assert "data" not in answer.json


async def test_the_cost_is_in_extensions_when_asked(client: Client) -> None:
    answer = await client.post("{ projects(first: 10) { edges { node { countries { name } } } } }",
                               extensions={"cost": True})  # fmt: skip
    cost = answer.json["extensions"]["cost"]
    assert cost["budget"] == 100_000
    assert 10 < cost["requested"] < 1000
    assert "extensions" not in (await client.post("{ regions(first: 1) { totalCount } }")).json


async def test_the_budget_is_a_setting(seeded_graph: AsyncDriver) -> None:
    async with running(make_test_settings(max_cost=5)) as small:
        answer = await small.post("{ projects(first: 10) { edges { node { key } } } }")
    assert answer.json["errors"][0]["extensions"]["budget"] == 5


async def test_answers_above_the_response_cap_are_refused(seeded_graph: AsyncDriver) -> None:
    async with running(make_test_settings(max_response_bytes=2048)) as capped:
        answer = await capped.post("{ projects(first: 100) { edges { node { title participants { totalCount } } } } }")
    assert answer.json["data"] is None
    assert answer.json["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert len(answer.raw) < 2048


# -- persisted queries ---------------------------------------------------------------------------------------------

DOC = "{ regions(first: 1) { totalCount } }"
HASH = hashlib.sha256(DOC.encode()).hexdigest()
APQ = {"persistedQuery": {"version": 1, "sha256Hash": HASH}}


async def test_automatic_persisted_queries_follow_apollos_protocol(client: Client) -> None:
    unknown = await client.post(extensions=APQ)
    assert unknown.json["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    registered = await client.post(DOC, extensions=APQ)
    assert registered.json["data"]["regions"]["totalCount"] > 0
    by_hash = await client.post(extensions=APQ)
    assert by_hash.json == registered.json
    wrong = await client.post("{ __typename }", extensions=APQ)
    assert wrong.status == 200
    assert "not the hash" in wrong.json["errors"][0]["message"]


async def test_allow_list_mode_runs_only_registered_documents(seeded_graph: AsyncDriver, tmp_path: Any) -> None:
    registered = tmp_path / "persisted.json"
    registered.write_bytes(orjson.dumps({HASH: DOC}))
    settings = make_test_settings(persisted_queries="allowlist", persisted_queries_file=registered)
    async with running(settings) as locked:
        assert (await locked.post(DOC)).json["data"]["regions"]["totalCount"] > 0
        assert (await locked.post(extensions=APQ)).json["data"]["regions"]["totalCount"] > 0
        refused = await locked.post("{ __typename }")
    assert refused.json["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"


async def test_allow_list_mode_runs_every_document_the_explorer_build_registered(seeded_graph: AsyncDriver) -> None:
    """`npm run build` registers the page's documents (explorer/scripts/persisted.mjs); in allow-list mode they run
    with no list of the operator's own, and nothing else does."""
    if not EXPLORER_MANIFEST.is_file():
        skip_unless_ci("the explorer is not built (make explorer): no persisted-queries.json")
    manifest: dict[str, str] = orjson.loads(EXPLORER_MANIFEST.read_bytes())
    assert len(manifest) >= 20
    async with running(make_test_settings(persisted_queries="allowlist", rate_limit_per_minute=0)) as locked:
        for digest, document in manifest.items():
            answer = await locked.post(document, extensions={"persistedQuery": {"version": 1, "sha256Hash": digest}})
            codes = [e.get("extensions", {}).get("code") for e in answer.json.get("errors", [])]
            assert "PERSISTED_QUERY_NOT_ALLOWED" not in codes, document  # (missing variables may fail otherwise)
        refused = await locked.post("{ __typename }")
    assert refused.json["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"


# -- rate limits, CORS, security headers ---------------------------------------------------------------------------


async def test_rate_limits_answer_429_with_retry_after(seeded_graph: AsyncDriver) -> None:
    async with running(make_test_settings(rate_limit_per_minute=3)) as limited:
        answers = [await limited.post("{ __typename }", client="10.9.9.9") for _ in range(4)]
        other = await limited.post("{ __typename }", client="10.9.9.8")
        token = await limited.post("{ __typename }", client="10.9.9.9", headers={"authorization": "Bearer x"})
    assert [a.status for a in answers] == [200, 200, 200, 429]
    assert int(answers[-1].headers["retry-after"]) >= 1
    assert answers[-1].json["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert other.status == 200  # another address has its own bucket
    assert token.status == 200  # and so has a token


async def test_cors_allows_the_configured_origins_only(seeded_graph: AsyncDriver) -> None:
    settings = make_test_settings(cors_origins=["https://staff.example.org"])
    async with running(settings) as cors:
        allowed = await cors.request("OPTIONS", headers={
            "origin": "https://staff.example.org", "access-control-request-method": "POST",
            "access-control-request-headers": "content-type,authorization"})  # fmt: skip
        denied = await cors.request("OPTIONS", headers={
            "origin": "https://evil.example", "access-control-request-method": "POST"})  # fmt: skip
    assert allowed.status == 200
    assert allowed.headers["access-control-allow-origin"] == "https://staff.example.org"
    assert denied.status == 400
    with pytest.raises(ValueError, match="CORS"):
        make_test_settings(cors_origins=["*"], cors_allow_credentials=True)


async def test_every_answer_carries_the_security_headers(client: Client) -> None:
    for answer in (await client.post("{ __typename }"), await client.request("GET", "/healthz")):
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        assert "strict-transport-security" not in answer.headers  # prod only
        assert len(answer.headers["x-request-id"]) == 16


async def test_a_refusal_carries_cors_the_request_id_and_the_security_headers_and_is_counted_at_once(
    seeded_graph: AsyncDriver,
) -> None:
    """Admission's 503 passes through CORS and the edge like any answer; the edge's ledger counts it, and a scrape
    of /metrics writes what is pending first (the interval here is far longer than the test)."""
    settings = make_test_settings(cors_origins=["https://staff.example.org"], request_log_interval_s=5)
    async with running(settings) as client:
        client.app.state.lifecycle.draining = True
        refused = await client.post("{ __typename }", headers={
            "origin": "https://staff.example.org", "x-request-id": "refused-1"})  # fmt: skip
        scrape = await client.request("GET", "/metrics")
    assert refused.status == 503
    assert refused.json["errors"][0]["extensions"]["code"] == "SHUTTING_DOWN"
    assert refused.headers["access-control-allow-origin"] == "https://staff.example.org"
    assert refused.headers["x-request-id"] == "refused-1"
    assert refused.headers["x-content-type-options"] == "nosniff"
    assert 'partnernet_http_requests_total{route="/graphql",status="503"} 1.0' in scrape.raw.decode()


async def test_metrics_name_each_operation_as_the_pipeline_parsed_it(seeded_graph: AsyncDriver) -> None:
    async with running(make_test_settings(request_log_interval_s=5)) as client:
        await client.post("query Named { __typename }")
        await client.post("{ __typename }")
        await client.post("query A { __typename } query B { __typename }")  # no name: Strawberry runs the first
        await client.post("query B2 { __typename } query A2 { __typename }", operationName="A2")
        await client.post("mutation M($x: Int) { __typename }")
        await client.post("{ broken", operationName="Broken")
        scrape = (await client.request("GET", "/metrics")).raw.decode()
    counted = {
        (re.search(r'operation="([^"]*)"', line)[1], re.search(r'type="([^"]*)"', line)[1])  # type: ignore[index]
        for line in scrape.splitlines()
        if line.startswith("partnernet_graphql_requests_total{")
    }
    assert counted == {
        ("Named", "query"), ("anonymous", "query"), ("A", "query"), ("A2", "query"), ("M", "mutation"),
        ("Broken", "unknown"),
    }  # fmt: skip


async def test_graphiql_alone_may_load_scripts_from_its_cdn(client: Client) -> None:
    ide = await client.request("GET", headers={"accept": "text/html"})
    answer = await client.post("{ __typename }")
    assert "https://unpkg.com" in ide.headers["content-security-policy"]
    assert "unpkg" not in answer.headers["content-security-policy"]


# -- production mode -----------------------------------------------------------------------------------------------

SECRET = "s" * 40


async def test_production_refuses_introspection_graphiql_and_suggestions(seeded_graph: AsyncDriver) -> None:
    async with running(make_test_settings(environment="prod", jwt_secret=SECRET)) as prod:
        introspection = await prod.post("{ __schema { queryType { name } } }")
        typo = await prod.post("{ projcts { totalCount } }")
        ide = await prod.request("GET", headers={"accept": "text/html", "graphql-require-preflight": "1"})
        hsts = (await prod.post("{ __typename }")).headers.get("strict-transport-security")
    assert "introspection" in introspection.json["errors"][0]["message"].lower()
    assert "Did you mean" not in typo.json["errors"][0]["message"]
    assert ide.headers["content-type"].startswith("application/json")  # no GraphiQL page
    assert hsts is not None
    settings = make_test_settings(environment="prod", jwt_secret=SECRET, introspection=True)
    async with running(settings) as opened:
        allowed = await opened.post("{ __schema { queryType { name } } }")
    assert allowed.json["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_development_serves_graphiql_and_suggests(client: Client) -> None:
    ide = await client.request("GET", headers={"accept": "text/html"})
    assert ide.status == 200
    assert b"graphiql" in ide.raw.lower()
    typo = await client.post("{ projcts { totalCount } }")
    assert "Did you mean" in typo.json["errors"][0]["message"]
