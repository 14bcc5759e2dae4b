"""/graphql speaks GraphQL over HTTP: POST and GET, status codes by media type, and refusals that say why."""

from __future__ import annotations

import io
from typing import Any

import aiohttp
import orjson
import pytest

from tests.e2e.conftest import LiveService

pytestmark = pytest.mark.e2e

GRAPHQL_RESPONSE = "application/graphql-response+json"


async def send(
    live: LiveService, method: str, *, body: bytes | None = None, headers: dict[str, str] | None = None, **params: str
) -> tuple[int, dict[str, str], Any]:
    """One request to /graphql: its status, headers (lower-case names) and JSON body (None when not JSON)."""
    data = None if body is None else io.BytesIO(body)  # a stream: aiohttp warns about large raw bodies
    async with (
        aiohttp.ClientSession() as s,
        s.request(method, live.graphql_url, data=data, headers=headers or {}, params=params or None) as r,
    ):
        raw = await r.read()
        try:
            decoded = orjson.loads(raw)
        except orjson.JSONDecodeError:
            decoded = None
        return r.status, {k.lower(): v for k, v in r.headers.items()}, decoded


def post(document: str, accept: str = "application/json", **extra: Any) -> dict[str, Any]:
    return {
        "body": orjson.dumps({"query": document, **extra}),
        "headers": {"content-type": "application/json", "accept": accept},
    }


async def test_a_query_by_get(live_service: LiveService) -> None:
    status, headers, body = await send(
        live_service, "GET", headers={"graphql-require-preflight": "1"}, query="{ __typename }"
    )
    assert (status, body) == (200, {"data": {"__typename": "Query"}})
    assert headers["content-type"].startswith("application/json")


async def test_a_mutation_by_get_is_refused_naming_post(live_service: LiveService) -> None:
    status, headers, body = await send(
        live_service,
        "GET",
        headers={"graphql-require-preflight": "1"},
        query='mutation { deleteTheme(id: "Theme:none") { userErrors { code } } }',
    )
    assert status == 405
    assert headers["allow"] == "POST"
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_a_validation_error_is_400_for_graphql_response_json_and_200_for_json(
    live_service: LiveService,
) -> None:
    status, headers, body = await send(live_service, "POST", **post("{ nope }", GRAPHQL_RESPONSE))
    assert status == 400
    assert headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    status, headers, body = await send(live_service, "POST", **post("{ nope }"))
    assert status == 200
    assert headers["content-type"].startswith("application/json")
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_an_answer_with_data_is_200_for_either_media_type(live_service: LiveService) -> None:
    for accept in (GRAPHQL_RESPONSE, "application/json", "*/*"):
        status, _, body = await send(live_service, "POST", **post("{ __typename }", accept))
        assert (status, body) == (200, {"data": {"__typename": "Query"}}), accept


@pytest.mark.parametrize(
    ("kwargs", "status", "fragment"),
    [
        ({"body": b"{}", "headers": {"content-type": "text/plain"}}, 415, "application/json"),
        ({"body": b"{not json", "headers": {"content-type": "application/json"}}, 400, "not JSON"),
        ({"body": b"[1, 2]", "headers": {"content-type": "application/json"}}, 400, "JSON object"),
        ({"body": b'{"query": ""}', "headers": {"content-type": "application/json"}}, 400, "`query`"),
        ({"body": b'{"query": "{ __typename }", "variables": [1]}', "headers": {"content-type": "application/json"}},
         400, "`variables`"),
        ({**post("{ __typename }"), "headers": {"content-type": "application/json", "accept": "text/html"}}, 406,
         "accept"),
        ({"body": b'{"query": "' + b" " * (1 << 20) + b'{ __typename }"}',
          "headers": {"content-type": "application/json"}}, 413, "larger than"),
    ],
)  # fmt: skip
async def test_malformed_requests_are_refused_saying_why(
    live_service: LiveService, kwargs: dict[str, Any], status: int, fragment: str
) -> None:
    got, _, body = await send(live_service, "POST", **kwargs)
    assert got == status
    assert "data" not in body
    [error] = body["errors"]
    assert error["extensions"]["code"] == ("LIMIT_EXCEEDED" if status == 413 else "BAD_REQUEST")
    assert fragment in error["message"]


async def test_other_methods_are_refused_naming_get_and_post(live_service: LiveService) -> None:
    status, headers, _ = await send(live_service, "PUT", **post("{ __typename }"))
    assert status == 405
    assert headers["allow"] == "GET, POST"


async def test_the_request_id_is_echoed_or_made(live_service: LiveService) -> None:
    kwargs = post("{ __typename }")
    kwargs["headers"]["x-request-id"] = "trace-42"
    _, headers, _ = await send(live_service, "POST", **kwargs)
    assert headers["x-request-id"] == "trace-42"
    _, headers, _ = await send(live_service, "POST", **post("{ __typename }"))
    assert len(headers["x-request-id"]) == 16


async def test_an_unknown_operation_name_is_a_request_error(live_service: LiveService) -> None:
    status, _, body = await send(live_service, "POST", **post("query A { __typename }", operationName="B"))
    assert status == 200
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
