"""The package as the Docker image installs it: a wheel built from the checkout, installed (not editable) into a
fresh virtualenv, migrates a fresh Neo4j from the migrations inside it, loads the seeds and answers a search.

This is the failure the Docker image had: installed non-editably, the package looked for its migrations in the
checkout, found none and reported "schema is up to date"; search then failed for want of its full-text index."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.core.settings import Settings
from service.db.server import ManagedNeo4j
from tests.conftest import REPO_ROOT, free_port, throwaway_settings

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]

SEARCH = '{ search(text: "Turkiye", first: 3) { node { __typename id } } }'


@pytest.fixture(scope="module")
def fresh_neo4j(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    if not settings.uses_managed_server:
        pytest.skip("PARTNERNET_NEO4J_URI names an external server; the test starts a managed one of its own")
    own = throwaway_settings(tmp_path_factory.mktemp("neo4j-wheel"), neo4j_pagecache="64m")
    server = ManagedNeo4j(own)
    server.start()
    yield own
    server.stop()


def _run(cmd: list[str], *, env: dict[str, str] | None = None, cwd: Path) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, f"{cmd[:3]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def test_an_installed_wheel_migrates_a_fresh_neo4j_and_answers_a_search(fresh_neo4j: Settings, tmp_path: Path) -> None:
    # The wheel, built from the checkout as the Dockerfile's build stage does.
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), "."],
         cwd=REPO_ROOT)  # fmt: skip
    (wheel,) = tmp_path.glob("partnernet-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "service/db/migrations/V0001__base.cypher" in names
    assert "service/db/migrations/V0006__flatten_change_events.py" in names

    # A fresh virtualenv, the wheel installed with the checkout's pinned dependencies, run from outside the checkout.
    home = tmp_path / "elsewhere"
    home.mkdir()
    venv.create(tmp_path / "venv", with_pip=True)
    bin_dir = tmp_path / "venv" / "bin"
    _run([str(bin_dir / "pip"), "install", "--quiet", "-c", str(REPO_ROOT / "constraints.txt"), str(wheel)], cwd=home)
    where = _run([str(bin_dir / "python"), "-c", "import service, sys; print(service.__file__)"], cwd=home)
    assert str(tmp_path / "venv") in where, where
    assert str(REPO_ROOT) not in where, where

    env = fresh_neo4j.child_env({"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(home)})
    migrated = _run([str(bin_dir / "partnernet"), "db", "migrate"], env=env, cwd=home)
    assert "V0001" in migrated, migrated
    assert "up to date" not in migrated, migrated
    _run([str(bin_dir / "partnernet"), "seed", "load", str(REPO_ROOT / "seeds")], env=env, cwd=home)

    port = free_port()
    env["PARTNERNET_RATE_LIMIT_PER_MINUTE"] = "0"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(bin_dir / "partnernet"), "serve", "--port", str(port), "--workers", "1"],
            cwd=home,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        answer = _search(port, server, log)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "errors" not in answer, answer
    ids = [hit["node"]["id"] for hit in answer["data"]["search"]]
    assert "Country:TR" in ids, ids


def _search(port: int, server: subprocess.Popen[bytes], log: Path) -> dict[str, object]:
    """The search's answer once the installed service answers (it has 60 s to start)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": SEARCH}).encode(),
        headers={"content-type": "application/json"},
    )
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            raise AssertionError(
                f"the installed service exited: {server.stderr.read().decode() if server.stderr else ''}"
            )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                answer: dict[str, object] = json.loads(response.read())
                return answer
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
