"""GraphQL over HTTP, the protocol part: request parameters, media types, and the status code per error class.

`application/graphql-response+json` (when the client accepts it) follows the specification's status codes: a
request that never reached execution (malformed, invalid, unknown variables, over a limit) is 4xx without `data`,
an executed one 2xx. `application/json` answers 200 for every well-formed request, as before.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import orjson
from starlette.datastructures import Headers
from starlette.types import Receive, Scope

from service.core.errors import AUTH_CODES

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
# Headers a browser cannot send cross-site without a CORS preflight: a GET carrying one is no CSRF.
PREFLIGHT_HEADERS = ("graphql-require-preflight", "apollo-require-preflight", "x-apollo-operation-name",
                     "x-requested-with")  # fmt: skip


class RequestError(Exception):
    """A request that is not a GraphQL-over-HTTP request: answered with `status` and one error, no `data`."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None, code: str = "BAD_REQUEST"):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})
        self.code = code

    def body(self) -> bytes:
        return orjson.dumps({"errors": [{"message": self.message, "extensions": {"code": self.code}}]})


REQUEST_ID = "partnernet.request_id"  # the scope key where service/http/edge.py keeps the request's id


def request_id(scope: Scope) -> str:
    """The request's id: the one the outermost layer chose (service/http/edge.py), else the caller's X-Request-ID
    when it is a short printable token, else a new one."""
    chosen: str | None = scope.get(REQUEST_ID)
    if chosen is not None:
        return chosen
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            text: str = value.decode("latin-1").strip()
            if 0 < len(text) <= 64 and text.isprintable() and " " not in text:
                return text
    return os.urandom(8).hex()


async def read_body(receive: Receive, limit: int) -> bytes:
    """The request body, refused with 413 once it passes `limit` bytes (never buffering more than that)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise RequestError(413, f"the request body is larger than {limit} bytes", code="LIMIT_EXCEEDED")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def media_type(headers: Headers) -> str:
    """The media type to answer with, from the Accept header (406 when neither GraphQL media type is accepted)."""
    accept = headers.get("accept")
    if not accept:
        return JSON
    kinds = [part.split(";", 1)[0].strip().lower() for part in accept.split(",")]
    if GRAPHQL_RESPONSE in kinds:
        return GRAPHQL_RESPONSE
    if JSON in kinds or "*/*" in kinds or "application/*" in kinds:
        return JSON
    raise RequestError(406, f"cannot answer with {accept}; accept {GRAPHQL_RESPONSE} or {JSON}")


def params(raw: Any) -> tuple[str | None, str | None, dict[str, Any] | None, dict[str, Any] | None]:
    """(query, operationName, variables, extensions) of a request object; 400 naming what is malformed."""
    if not isinstance(raw, dict):
        raise RequestError(400, "the request must be a JSON object with a `query`")
    query, name = raw.get("query"), raw.get("operationName")
    variables, extensions = raw.get("variables"), raw.get("extensions")
    if query is not None and (not isinstance(query, str) or not query.strip()):
        raise RequestError(400, "`query` must be a non-empty string holding a GraphQL document")
    if name is not None and not isinstance(name, str):
        raise RequestError(400, "`operationName` must be a string or null")
    if variables is not None and not isinstance(variables, dict):
        raise RequestError(400, "`variables` must be a JSON object or null")
    if extensions is not None and not isinstance(extensions, dict):
        raise RequestError(400, "`extensions` must be a JSON object or null")
    return query, name, variables, extensions


def query_params(query: Mapping[str, str]) -> dict[str, Any]:
    """The parameters of a GET request (variables and extensions are JSON-encoded in the URL)."""
    raw: dict[str, Any] = dict(query)
    for key in ("variables", "extensions"):
        if key in raw:
            try:
                raw[key] = orjson.loads(raw[key])
            except orjson.JSONDecodeError as exc:
                raise RequestError(400, f"`{key}` is not JSON: {exc}") from None
    return raw


def check_csrf(headers: Headers) -> None:
    """A GET runs only with a header no cross-site page can send without a preflight (CSRF protection)."""
    content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    simple = content_type in ("", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain")
    if simple and not any(h in headers for h in PREFLIGHT_HEADERS):
        raise RequestError(
            400, "a GET request must carry a `GraphQL-Require-Preflight: 1` header (protection against CSRF)"
        )


def status_of(media: str, executed: bool, codes: Sequence[str]) -> int:
    """The HTTP status of an answer: 200 under application/json; under application/graphql-response+json, 2xx
    once execution started (503 when the database was unreachable), else 4xx by the error's class."""
    if media != GRAPHQL_RESPONSE:
        return 200
    if executed:
        return 503 if codes and all(c == "DATABASE_UNAVAILABLE" for c in codes) else 200
    if any(c in AUTH_CODES for c in codes):
        return 401
    if "FORBIDDEN" in codes:
        return 403
    if "DATABASE_UNAVAILABLE" in codes:
        return 503
    return 400
