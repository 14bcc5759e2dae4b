"""`partnernet serve`: the service under uvicorn, with metrics shared by its workers and a graceful shutdown."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from service.cli.common import load_settings
from service.core.settings import Settings

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def default_workers(settings: Settings) -> int:
    """PARTNERNET_WORKERS, else one per core in prod and one in dev."""
    if settings.workers is not None:
        return settings.workers
    return max(1, os.cpu_count() or 1) if settings.environment == "prod" else 1


def metrics_dir() -> tuple[Path, bool]:
    """The folder the workers share their metrics in (emptied now), and whether this command made it.

    PROMETHEUS_MULTIPROC_DIR names it when the operator chose one (its *.db files from an earlier run are
    removed: prometheus-client requires a clean folder); otherwise a new temporary folder."""
    chosen = os.environ.get(MULTIPROC_ENV)
    if chosen:
        path = Path(chosen)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):
            stale.unlink()
        return path, False
    return Path(tempfile.mkdtemp(prefix="partnernet-metrics-")), True


def serve(
    host: Annotated[str | None, typer.Option(help="bind address (default PARTNERNET_HTTP_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default PARTNERNET_HTTP_PORT)")] = None,
    workers: Annotated[
        int | None,
        typer.Option(help="worker processes (default PARTNERNET_WORKERS, else one per core in prod, 1 in dev)"),
    ] = None,
) -> None:
    """Serve the API under uvicorn: /graphql, /explore, /export, /healthz, /readyz, /metrics.

    On SIGTERM (or Ctrl-C) each worker stops accepting, closes WebSockets with 1001, lets running requests finish
    for up to PARTNERNET_SHUTDOWN_TIMEOUT_S, then exits."""
    settings = load_settings()
    count = workers or default_workers(settings)
    # One worker keeps its metrics in its own registry. Several share them through files: the variable, set
    # before any worker imports prometheus-client, switches it to files every worker writes (each value written
    # to its file is a few microseconds a request that one process need not spend).
    shared = count > 1 or bool(os.environ.get(MULTIPROC_ENV))
    path, made = metrics_dir() if shared else (None, False)
    if path is not None:
        os.environ[MULTIPROC_ENV] = str(path)
    try:
        run(settings, host=host or settings.http_host, port=port or settings.http_port, workers=count)
    finally:
        if made and path is not None:
            shutil.rmtree(path, ignore_errors=True)


def run(settings: Settings, *, host: str, port: int, workers: int) -> None:
    """uvicorn with the app's factory; each worker's app drains itself on SIGTERM (service/http/lifecycle.py)."""
    import uvicorn

    from service.http.logs import uvicorn_log_config

    uvicorn.run(
        "service.http.app:app_factory",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=uvicorn_log_config(),
        access_log=False,  # one JSON line per request comes from the app (service/http/edge.py)
        timeout_graceful_shutdown=max(1, round(settings.shutdown_timeout_s)),
    )
