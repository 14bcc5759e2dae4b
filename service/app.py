"""The ASGI app: Starlette, whose lifespan owns the one async driver; /graphql, /healthz, /readyz, /metrics."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.types.unset import UnsetType

import service
from service.api.compiled import CompiledCache
from service.api.context import Context
from service.api.fast_mutations import accepts as accepts_update
from service.api.fast_mutations import run_update_field
from service.api.fastpath import FastPath
from service.api.http import GraphQLEndpoint
from service.api.network_fields import FAST_ROOT_FIELDS, run_root_field
from service.api.schema import build_schema
from service.auth.authenticate import (
    VerifiedKeys,
    context_credentials,
    ensure_credentials,
    principal_from_connection_params,
)
from service.db.driver import check_ready, create_driver
from service.explorer import explorer_routes
from service.io.http import export_endpoint
from service.metrics import Metrics
from service.settings import Settings, get_settings

log = logging.getLogger("partnernet")


class PartnernetGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI endpoint, building a typed Context from the app's lifespan state."""

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket | None) -> Context:
        state = request.app.state
        ctx = Context(
            driver=state.driver,
            settings=state.settings,
            request=request,
            response=response,
            compiled_cache=state.compiled_cache,
        )
        # HTTP (and non-browser WebSocket clients) send `Authorization: Bearer <token>`; browsers' WebSockets
        # send it in the connection_init payload instead, read by on_ws_connect.
        # A token that proves itself (a JWT, an API key verified before) is checked for revocation later, inside a
        # mutation's own statement or by one lookup before anything else runs (Context.pending_token).
        await context_credentials(ctx, header=request.headers.get("authorization"), keys=state.verified_keys)
        return ctx

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        await ensure_credentials(context)  # a header's token is checked now: a subscription outlives requests
        found = await principal_from_connection_params(
            context.driver, settings=context.settings, params=context.connection_params
        )
        if found is not None:
            context.principal, context.auth_error = found
        if context.auth_error is not None:
            # Acknowledge, so the client learns why: every operation on this connection then fails with the code.
            error = context.auth_error
            return {"authError": {"code": error.code, "message": error.message}}
        return await super().on_ws_connect(context)


def create_app(settings: Settings | None = None) -> Starlette:
    """A new app for `settings` (default: from the environment); nothing global is created at import."""
    settings = settings or get_settings()
    schema = build_schema(settings)
    graphql = PartnernetGraphQL(
        schema,
        graphql_ide="graphiql" if settings.environment == "dev" else None,
        allow_queries_via_get=False,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        driver = create_driver(settings)
        app.state.driver = driver
        app.state.settings = settings
        app.state.metrics = Metrics()
        app.state.verified_keys = VerifiedKeys()
        app.state.compiled_cache = CompiledCache()
        ok, detail = await check_ready(driver, database=settings.neo4j_database)
        if ok:
            log.info("connected to %s at %s", detail, settings.neo4j_uri)
        else:
            # Start anyway: /readyz reports 503 until Neo4j answers, and the driver reconnects by itself.
            log.warning("Neo4j not reachable at %s at start: %s", settings.neo4j_uri, detail)
        try:
            yield
        finally:
            await driver.close()

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": service.__version__})

    async def readyz(request: Request) -> Response:
        ok, detail = await check_ready(request.app.state.driver, database=settings.neo4j_database)
        if ok:
            return JSONResponse({"status": "ready", "neo4j": detail})
        return JSONResponse({"status": "unavailable", "reason": detail}, status_code=503)

    async def metrics(request: Request) -> Response:
        return PlainTextResponse(request.app.state.metrics.render(), media_type="text/plain; version=0.0.4")

    fastpath = None
    if settings.fast_path:
        fastpath = FastPath(
            schema._schema,
            settings,
            compiled_fields=FAST_ROOT_FIELDS,
            run_field=run_root_field,
            run_mutation=run_update_field,
            accepts_mutation=accepts_update,
        )
    graphql_endpoint = GraphQLEndpoint(graphql, fastpath)

    routes = [
        Route("/graphql", graphql_endpoint, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql_endpoint),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics),
        Route("/export", export_endpoint, methods=["GET", "POST"]),
        *explorer_routes(),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.schema = schema
    return app


def app_factory() -> Starlette:
    """Entry point for `uvicorn --factory service.app:app_factory`."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    return create_app()
