"""`partnernet query`: send a GraphQL document to a running service and print the answer."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from service.cli.common import fail, load_settings

if TYPE_CHECKING:
    from neo4j import AsyncDriver

    from service.core.settings import Settings


def _variables(text: str | None) -> dict[str, Any] | None:
    """The --variables JSON object, or exit 2 saying what is wrong with it."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"--variables is not valid JSON: {exc}", code=2)
    if not isinstance(value, dict):
        fail("--variables must be a JSON object", code=2)
    return value


def query(
    file: Annotated[str, typer.Argument(help="a .graphql file, or - for standard input")],
    variables: Annotated[str | None, typer.Option("--variables", "-v", help="JSON object of variables")] = None,
    url: Annotated[
        str | None, typer.Option(help="GraphQL endpoint (default: http://PARTNERNET_HTTP_HOST:PARTNERNET_HTTP_PORT)")
    ] = None,
    token: Annotated[str | None, typer.Option(envvar="PARTNERNET_TOKEN", help="bearer token")] = None,
) -> None:
    """Send a GraphQL document to a running service and print the JSON answer; exit 1 when it has errors."""
    import aiohttp

    from service.client import NotGraphQLAnswer, post_graphql

    settings = load_settings()
    try:
        document = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}", code=2)
    var_obj = _variables(variables)
    target = url or f"http://{settings.http_host}:{settings.http_port}/graphql"
    try:
        status, body = asyncio.run(post_graphql(target, document, var_obj, token=token))
    except (OSError, aiohttp.ClientError, NotGraphQLAnswer) as exc:
        fail(f"cannot get an answer from {target}: {exc}")
    print(json.dumps(body, indent=2, ensure_ascii=False))
    if status >= 400 or body.get("errors"):
        raise typer.Exit(1)


async def run_document(driver: AsyncDriver, settings: Settings, document: str, variables: dict[str, Any] | None) -> Any:
    """A GraphQL document answered in-process by the one schema, as an admin (`partnernet export --query`): its
    `data`, or InvalidInputError naming its errors."""
    from service.core.context import Context, Principal
    from service.core.errors import InvalidInputError
    from service.gql.schema import build_schema

    context = Context(driver=driver, settings=settings, principal=Principal(subject="cli-export", role="admin"))
    result = await build_schema(settings).execute(document, variable_values=variables, context_value=context)
    if result.errors:
        raise InvalidInputError("the query failed: " + "; ".join(e.message for e in result.errors))
    return result.data
