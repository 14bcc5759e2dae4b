"""A real uvicorn serving the app over a loopback socket, for end-to-end tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from service.core.settings import REPO_ROOT, Settings
from tests.conftest import free_port


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that makes a child process read `settings`."""
    return settings.child_env(os.environ)


@dataclass
class LiveService:
    """A running uvicorn process and where to reach it."""

    base_url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def graphql_url(self) -> str:
        return self.base_url + "/graphql"


def start_service(settings: Settings, log_dir: Path, *, workers: int = 1) -> LiveService:
    """Start `partnernet serve` in a child process and wait until /healthz answers."""
    import urllib.request

    port = free_port()
    log = log_dir / f"uvicorn-{port}.log"
    env = settings_env(settings)
    env["PARTNERNET_HTTP_PORT"] = str(port)
    env["PARTNERNET_WORKERS"] = str(workers)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "service", "serve"],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"service exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as resp:
                if resp.status == 200:
                    return LiveService(base, proc, log)
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"service did not answer /healthz within 30s:\n{log.read_text()}")


def stop_service(live: LiveService) -> None:
    """Terminate the service process and wait for it."""
    live.process.terminate()
    try:
        live.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        live.process.kill()
        live.process.wait()


@pytest.fixture(scope="session")
def live_service(neo4j_server: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    """One uvicorn for the session, on the test Neo4j."""
    live = start_service(neo4j_server, tmp_path_factory.mktemp("uvicorn"))
    yield live
    stop_service(live)
