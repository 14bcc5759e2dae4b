"""The ASGI app: Starlette, whose lifespan owns the one async driver; /graphql, /explore, /export, health, metrics."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute

import service
from service.auth.authenticate import VerifiedKeys
from service.core.settings import Settings, get_settings
from service.db.driver import DriverFactory, check_ready, create_driver
from service.gql.schema import build_schema
from service.http.explorer import explorer_routes
from service.http.export import export_endpoint
from service.http.graphql import GraphQLEndpoint
from service.http.metrics import Metrics
from service.http.security import middleware

log = logging.getLogger("partnernet")


def create_app(settings: Settings | None = None, *, driver_factory: DriverFactory = create_driver) -> Starlette:
    """A new app for `settings` (default: from the environment); nothing global is created at import.

    The lifespan makes its one driver with `driver_factory(settings)` (the benchmark passes one that records
    every statement the app sends)."""
    settings = settings or get_settings()
    schema = build_schema(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        driver = driver_factory(settings)
        app.state.driver = driver
        app.state.settings = settings
        app.state.metrics = Metrics()
        app.state.verified_keys = VerifiedKeys()
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

    endpoint = GraphQLEndpoint(schema, settings)
    routes = [
        Route("/graphql", endpoint, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
        WebSocketRoute("/graphql", endpoint),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics),
        Route("/export", export_endpoint, methods=["GET", "POST"]),
        *explorer_routes(),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=middleware(settings))
    app.state.schema = schema
    return app


def app_factory() -> Starlette:
    """Entry point for `uvicorn --factory service.http.app:app_factory`."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    return create_app()
