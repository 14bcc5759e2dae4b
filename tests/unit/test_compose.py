"""docker-compose.yml: Neo4j 5.26 Community with a healthcheck, the service started once Neo4j is healthy."""

from __future__ import annotations

import shutil
import subprocess

import yaml

from service.core.settings import REPO_ROOT
from tests.conftest import skip_unless_ci

COMPOSE = REPO_ROOT / "docker-compose.yml"


def test_compose_file_shape() -> None:
    doc = yaml.safe_load(COMPOSE.read_text())
    neo4j, app = doc["services"]["neo4j"], doc["services"]["partnernet"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert "healthcheck" in neo4j
    assert app["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert app["environment"]["PARTNERNET_NEO4J_URI"].startswith("neo4j://")
    assert (REPO_ROOT / app["build"] / "Dockerfile").is_file()


def test_image_runs_commands_the_cli_has() -> None:
    from typer.testing import CliRunner

    from service.cli.main import app

    cmd = next(line for line in (REPO_ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD"))
    steps = [step.strip().split()[1:] for step in cmd.split('"')[5].split("&&")]  # CMD ["sh", "-c", "..."]
    assert steps == [["db", "migrate"], ["seed", "load", "seeds"], ["serve"]]
    for step in steps:
        words = step[:-1] if step[0] == "seed" else step  # `seeds` is the folder argument
        assert CliRunner().invoke(app, [*words, "--help"]).exit_code == 0, step


def _compose_cli() -> list[str] | None:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True, check=False).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_compose_config_validates() -> None:
    cli = _compose_cli()
    if cli is None:
        skip_unless_ci(
            "neither the docker compose plugin nor docker-compose is installed (apt-get install docker-compose)"
        )
    proc = subprocess.run([*cli, "-f", str(COMPOSE), "config"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "neo4j:5.26-community" in proc.stdout
