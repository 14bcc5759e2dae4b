"""`partnernet serve`: the service under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from service.cli.common import load_settings


def serve(
    host: Annotated[str | None, typer.Option(help="bind address (default PARTNERNET_HTTP_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default PARTNERNET_HTTP_PORT)")] = None,
    workers: Annotated[int | None, typer.Option(help="worker processes (default PARTNERNET_WORKERS)")] = None,
) -> None:
    """Serve the API under uvicorn: /graphql, /explore, /export, /healthz, /readyz, /metrics."""
    import uvicorn

    settings = load_settings()
    uvicorn.run(
        "service.http.app:app_factory",
        factory=True,
        host=host or settings.http_host,
        port=port or settings.http_port,
        workers=workers or settings.workers,
        log_level="info",
        access_log=False,
    )
