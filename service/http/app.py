"""The ASGI app: Starlette, whose lifespan owns the one async driver; /graphql, /explore, /export, health, metrics."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute

from service.auth.authenticate import VerifiedKeys
from service.changes.feed import hub_for
from service.core.settings import Settings, get_settings
from service.db.driver import DriverFactory, create_driver
from service.db.observed import observe_driver
from service.gql.schema import build_schema
from service.http.admission import Admission, InFlight
from service.http.edge import Edge, Ledger
from service.http.explorer import explorer_routes
from service.http.export import export_endpoint
from service.http.gc_tuning import tune_gc
from service.http.graphql import GraphQLEndpoint
from service.http.health import DatabaseProbe, healthz, readyz
from service.http.lifecycle import Lifecycle, drain_on_signals
from service.http.logs import configure_logging
from service.http.metrics import CONTENT_TYPE, Metrics
from service.http.observe import Telemetry
from service.http.security import cors
from service.http.tracing import tracing_for

log = logging.getLogger("partnernet")


def create_app(settings: Settings | None = None, *, driver_factory: DriverFactory = create_driver) -> Starlette:
    """A new app for `settings` (default: from the environment); nothing global is created at import.

    The lifespan makes its one driver with `driver_factory(settings)` (the benchmark passes one that records
    every statement the app sends) and wraps it so that every statement is counted, timed and traced."""
    settings = settings or get_settings()
    schema = build_schema(settings)
    metrics = Metrics()
    tracing = tracing_for(settings)
    lifecycle = Lifecycle()
    telemetry = Telemetry(metrics, tracing)
    in_flight = InFlight(settings.max_in_flight)
    ledger = Ledger(metrics=metrics, pipeline=schema.pipeline, slow_s=settings.slow_request_s,
                    interval_s=settings.request_log_interval_s)  # fmt: skip

    def neo4j_changed(up: bool) -> None:
        metrics.neo4j_up.set(1 if up else 0)
        if not up:
            in_flight.cut()  # requests waiting on a dead server answer 503 now, not after the driver's retries

    probe = DatabaseProbe(
        database=settings.neo4j_database, interval_s=settings.readiness_interval_s, on_change=neo4j_changed
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        driver = observe_driver(driver_factory(settings), telemetry, pool_size=settings.neo4j_max_pool_size)
        # The probe has a driver of its own: it must answer while the app's pool is busy, and its pings are not
        # the app's statements (the benchmark counts those).
        probe_driver = create_driver(settings)
        hub = hub_for(driver, database=settings.neo4j_database, timeout_s=settings.query_timeout_s,
                      interval_s=settings.change_poll_interval_s)  # fmt: skip
        hub.on_subscribers = metrics.subscriptions.set
        app.state.driver = driver
        app.state.settings = settings
        app.state.metrics = metrics
        app.state.probe = probe
        app.state.verified_keys = VerifiedKeys()
        metrics.pool_size.set(settings.neo4j_max_pool_size)
        if await probe.start(probe_driver):
            log.info("connected to neo4j", extra={"neo4j": probe.detail, "uri": settings.neo4j_uri})
        else:
            # Start anyway: /readyz reports 503 until Neo4j answers, and the driver reconnects by itself.
            log.warning("neo4j not reachable at start", extra={"uri": settings.neo4j_uri, "reason": probe.detail})
        undo_signals = drain_on_signals(lifecycle)
        undo_gc = tune_gc(settings.gc_gen0_threshold)  # last: what start-up built is frozen (gc_tuning.py)
        try:
            yield
        finally:
            ledger.close()
            undo_gc()
            undo_signals()
            await probe.stop()
            await hub.close()
            await driver.close()
            await probe_driver.close()
            if tracing is not None:
                tracing.shutdown()
            Metrics.process_exited(os.getpid())

    async def metrics_endpoint(request: Request) -> Response:
        ledger.flush()  # this worker's requests so far (another worker's are at most its interval late)
        return Response(metrics.render(), media_type=CONTENT_TYPE)

    endpoint = GraphQLEndpoint(schema, settings)
    routes = [
        Route("/graphql", endpoint, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
        WebSocketRoute("/graphql", endpoint),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics_endpoint),
        Route("/export", export_endpoint, methods=["GET", "POST"]),
        *explorer_routes(),
    ]
    # Outermost first: the edge observes every request (refusals too), gives every response its id and security
    # headers and registers WebSockets for the drain; CORS (when configured) applies to refusals as well; admission
    # runs last, next to the work.
    stack = [
        Middleware(Edge, settings=settings, tracing=tracing, lifecycle=lifecycle, ledger=ledger),
        *cors(settings),
        Middleware(Admission, in_flight=in_flight, metrics=metrics, lifecycle=lifecycle, probe=probe),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=stack)
    app.state.schema = schema
    app.state.lifecycle = lifecycle
    app.state.in_flight = in_flight  # what the worker runs now (tests and operators read it)
    return app


def app_factory() -> Starlette:
    """Entry point for `uvicorn --factory service.http.app:app_factory` (what `partnernet serve` runs)."""
    settings = get_settings()
    configure_logging(settings)
    return create_app(settings)
