"""The project's HTTP client (aiohttp): send a GraphQL document to a running service."""

from __future__ import annotations

from typing import Any

import aiohttp


async def post_graphql(
    url: str,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    timeout_s: float = 30.0,
    session: aiohttp.ClientSession | None = None,
) -> tuple[int, dict[str, Any]]:
    """POST one GraphQL request; returns (HTTP status, decoded JSON body)."""
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
            body = await resp.json(content_type=None)
            return resp.status, body
    finally:
        if own:
            await sess.close()
