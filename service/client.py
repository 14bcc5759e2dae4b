"""The project's HTTP client (aiohttp): send a GraphQL document to a running service."""

from __future__ import annotations

import json
from typing import Any

import aiohttp


class NotGraphQLAnswer(Exception):
    """The endpoint answered with something other than a JSON object (not a GraphQL service, or a proxy's page)."""


async def post_graphql(
    url: str,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    timeout_s: float = 30.0,
    session: aiohttp.ClientSession | None = None,
) -> tuple[int, dict[str, Any]]:
    """POST one GraphQL request as JSON; returns (HTTP status, the decoded JSON object answered).

    Raises NotGraphQLAnswer when the body is not a JSON object, aiohttp.ClientError or OSError when the service
    cannot be reached, TimeoutError when it does not answer within `timeout_s`.
    """
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    payload: dict[str, Any] = {"query": query}
    if variables:
        payload["variables"] = variables
    own = session is None
    sess = session or aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout_s))
    try:
        async with sess.post(url, json=payload, headers=headers) as resp:
            text = await resp.text()
            status = resp.status
    finally:
        if own:
            await sess.close()
    try:
        body = json.loads(text)
    except json.JSONDecodeError:
        body = None
    if not isinstance(body, dict):
        raise NotGraphQLAnswer(f"HTTP {status}, not a JSON object: {text[:200]!r}")
    return status, body
