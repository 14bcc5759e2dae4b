"""Browser tests: Debian's Chromium, driven by playwright-core from Node, against a real service on the seed graph."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from service.client import post_graphql
from service.core.settings import REPO_ROOT, Settings
from tests.e2e.conftest import LiveService, start_service, stop_service

CHROMIUM = Path(os.environ.get("PARTNERNET_CHROMIUM", "/usr/bin/chromium"))
EXPLORER = REPO_ROOT / "explorer"
BUILD = REPO_ROOT / "service" / "static" / "explorer" / "index.html"
DRIVER = Path(__file__).with_name("driver.mjs")
SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"
SCENARIO_TIMEOUT_S = 180


def is_png(path: str | Path) -> bool:
    """True when the file starts with the PNG signature."""
    return Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def in_ci() -> bool:
    """True under CI (CI=true), where a missing browser is a failure, not a skip."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing_prerequisite() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return (
            f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install chromium), "
            "as .ci/run does, or set PARTNERNET_CHROMIUM"
        )
    if shutil.which("node") is None:
        return "Node.js not found: the browser tests drive Chromium with playwright-core from npm"
    if not (EXPLORER / "node_modules" / "playwright-core").is_dir():
        return "explorer/node_modules/playwright-core missing: run `make explorer` (npm ci) first"
    if not BUILD.is_file():
        return "the explorer is not built (service/static/explorer/index.html): run `make explorer`"
    return None


@pytest.fixture(scope="session")
def browser_prerequisites() -> None:
    """Skip (outside CI) or fail (in CI) when Chromium, Node or the explorer build is missing."""
    reason = missing_prerequisite()
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def explorer_service(
    browser_prerequisites: None, neo4j_server: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveService]:
    """A uvicorn serving the API and /explore for this module's tests (each test also asks for the seed graph)."""
    live = start_service(neo4j_server, tmp_path_factory.mktemp("explorer-uvicorn"))
    yield live
    stop_service(live)


@dataclass
class Browser:
    """Runs one driver.mjs scenario against the service; fails the test on a failed step or a console error."""

    service: LiveService
    tmp: Path

    @property
    def screenshots(self) -> Path:
        return self.tmp / "screenshots"

    async def run(self, scenario: str, *, allow_console: tuple[str, ...] = (), **params: Any) -> dict[str, Any]:
        """What the page showed in `scenario` (see driver.mjs), after checking it logged no errors."""
        spec = {
            "scenario": scenario,
            "baseUrl": self.service.base_url,
            "screenshots": str(self.screenshots),
            "failureScreenshot": str(self.tmp / f"failure-{scenario}.png"),
            "params": params,
        }
        proc = await asyncio.create_subprocess_exec(
            "node",
            str(DRIVER),
            json.dumps(spec),
            cwd=REPO_ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            out, err = await asyncio.wait_for(proc.communicate(), timeout=SCENARIO_TIMEOUT_S)
        except TimeoutError:
            proc.kill()
            await proc.wait()
            pytest.fail(f"browser scenario {scenario!r} did not finish within {SCENARIO_TIMEOUT_S}s")
        lines = out.decode().strip().splitlines()
        if proc.returncode != 0 or not lines:
            pytest.fail(f"driver.mjs {scenario} exited {proc.returncode}:\n{err.decode()[-3000:]}")
        report: dict[str, Any] = json.loads(lines[-1])
        if not report["ok"]:
            shot = report.get("failureScreenshot", "")
            pytest.fail(f"browser scenario {scenario!r} failed (screenshot: {shot}):\n{report['error']}")
        console = [m for m in report["consoleErrors"] if not any(a in m for a in allow_console)]
        assert console == [], f"console errors in {scenario}: {console}"
        assert report["pageErrors"] == [], f"uncaught page errors in {scenario}: {report['pageErrors']}"
        result: dict[str, Any] = report["result"]
        return result

    def keep_screenshot(self, name: str) -> Path:
        """The scenario's screenshot; copied to docs/screenshots when PARTNERNET_UPDATE_SCREENSHOTS=1."""
        shot = self.screenshots / f"{name}.png"
        assert is_png(shot), f"{shot} is not a PNG"
        if os.environ.get("PARTNERNET_UPDATE_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, SCREENSHOTS / shot.name)
        return shot

    async def api(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> dict[str, Any]:
        """The public API's answer to `query`, the way the page asks it (for the expected values)."""
        status, body = await post_graphql(self.service.graphql_url, query, variables, token=token)
        assert status == 200, body
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data


@pytest.fixture
def browser(explorer_service: LiveService, tmp_path: Path) -> Browser:
    """A scenario runner on the module's service; screenshots and downloads go to the test's tmp_path."""
    return Browser(explorer_service, tmp_path)
