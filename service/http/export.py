"""`/export` for the explorer: GET streams the graph (or some labels of it), POST exports a GraphQL answer.

Organisations marked sensitive travel only to editors and admins, as in the API; bookkeeping nodes never do.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from service.auth.authenticate import principal_from_header
from service.core.context import Context
from service.core.errors import AUTH_CODES, InvalidInputError, PartnernetError
from service.io.export_formats import ExportFormat
from service.io.export_source import GraphFilter, export_database, export_memory
from service.io.query_export import extract_graph

_STATUS = {
    **dict.fromkeys(AUTH_CODES, 401),
    "FORBIDDEN": 403,
    "LIMIT_EXCEEDED": 413,
    "DATABASE_UNAVAILABLE": 503,
    "QUERY_TIMEOUT": 504,
}


def _error(exc: PartnernetError) -> Response:
    return JSONResponse({"error": exc.message, "code": exc.code}, status_code=_STATUS.get(exc.code, 400))


def _format(request: Request) -> ExportFormat:
    raw = request.query_params.get("format", "graphml")
    try:
        return ExportFormat(raw)
    except ValueError:
        allowed = ", ".join(f.value for f in ExportFormat)
        raise InvalidInputError(f"unknown format {raw!r}; expected one of {allowed}", field="format") from None


def _download(fmt: ExportFormat) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="partnernet.{fmt.extension}"'}


async def export_endpoint(request: Request) -> Response:
    """GET /export?format=graphml&label=Organisation (repeatable label); POST the same URL with a JSON body
    {"query": ..., "variables": {...}} to export that GraphQL answer's nodes and edges (the app's schema answers it,
    as for /graphql, so the read API's privacy rule applies)."""
    state = request.app.state
    principal, auth_error = await principal_from_header(
        state.driver, settings=state.settings, header=request.headers.get("authorization")
    )
    try:
        if auth_error is not None:
            raise auth_error
        fmt = _format(request)
        context = Context(driver=state.driver, settings=state.settings, request=request, principal=principal)
        if request.method == "GET":
            labels = request.query_params.getlist("label")
            graph_filter = GraphFilter.create(labels, include_sensitive=context.can_see_sensitive)
            chunks = export_database(state.driver, database=context.database, fmt=fmt, graph_filter=graph_filter)
            return StreamingResponse(chunks, media_type=fmt.media_type, headers=_download(fmt))
        body = await _body(request)
        schema = request.app.state.schema
        result = await schema.execute(body["query"], variable_values=body.get("variables"), context_value=context)
        if result.errors:
            return JSONResponse({"errors": [e.formatted for e in result.errors]}, status_code=400)
        nodes, edges = extract_graph(result.data)
        return StreamingResponse(export_memory(nodes, edges, fmt=fmt), media_type=fmt.media_type,
                                 headers=_download(fmt))  # fmt: skip
    except PartnernetError as exc:
        return _error(exc)


async def _body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body())
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"the body is not JSON: {exc.msg}") from None
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        raise InvalidInputError('expected a JSON body {"query": "...", "variables": {...}}')
    if body.get("variables") is not None and not isinstance(body["variables"], dict):
        raise InvalidInputError("variables must be a JSON object")
    return body
