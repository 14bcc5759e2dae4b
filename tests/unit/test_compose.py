"""docker-compose.yml, the Dockerfile and .env.example, checked without a Docker engine (none runs here): the
shape of the compose file, exact image versions, the one-shot migration before the API, secrets only from .env,
the commands the image runs, and a compose CLI's own validation of the file."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import yaml

from service.core.settings import REPO_ROOT, Settings
from tests.conftest import skip_unless_ci

COMPOSE = REPO_ROOT / "docker-compose.yml"
DOCKERFILE = REPO_ROOT / "Dockerfile"
ENV_EXAMPLE = REPO_ROOT / ".env.example"
EXACT = re.compile(r"^[a-z0-9./-]+:\d+\.\d+\.\d+(-[a-z]+)*$")


def _compose() -> dict[str, dict[str, dict[str, object]]]:
    doc: dict[str, dict[str, dict[str, object]]] = yaml.safe_load(COMPOSE.read_text())
    return doc


def test_compose_runs_migrations_once_before_the_api_and_restarts_what_serves() -> None:
    services = _compose()["services"]
    neo4j, migrate, app = services["neo4j"], services["migrate"], services["partnernet"]
    assert EXACT.match(str(neo4j["image"])), neo4j["image"]
    assert str(neo4j["image"]).startswith("neo4j:5.26.")
    assert "healthcheck" in neo4j
    assert migrate["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    assert migrate["command"] == ["sh", "-c", "partnernet db migrate && partnernet seed load seeds --if-changed"]
    assert migrate["restart"] == "no"
    assert migrate["healthcheck"] == {"disable": True}  # the image's /healthz check is for the API
    assert app["depends_on"] == {
        "neo4j": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }
    assert "command" not in app  # the image's CMD: serve only, never migrate (replicas would race)
    assert app["image"] == migrate["image"]  # the API runs the image the migration ran
    assert {neo4j["restart"], app["restart"]} == {"unless-stopped"}
    assert "readyz" in " ".join(app["healthcheck"]["test"])  # type: ignore[index]
    assert str(app["environment"]["PARTNERNET_NEO4J_URI"]).startswith("neo4j://")  # type: ignore[index]
    for name, service in services.items():
        env = service.get("environment") or {}
        assert isinstance(env, dict)
        assert service["env_file"] == ".env", name
        # No secret is written into the compose file: they come from .env.
        assert not {"PARTNERNET_NEO4J_PASSWORD", "PARTNERNET_JWT_SECRET"} & env.keys(), name


def test_the_dockerfile_pins_its_images_and_builds_the_explorer_on_a_current_node_lts() -> None:
    images = re.findall(r"^FROM (\S+)", DOCKERFILE.read_text(), re.M)
    assert images, "no FROM line"
    for image in images:
        assert EXACT.match(image), image
    node = next(image for image in images if image.startswith("node:"))
    assert int(node.split(":")[1].split(".")[0]) >= 24  # Node 20 is past its end of life; 24 is the LTS


def test_the_image_and_the_migration_run_commands_the_cli_has() -> None:
    from typer.testing import CliRunner

    from service.cli.main import app

    dockerfile = DOCKERFILE.read_text()
    # Installed, not run from the sources: the image removes them after the install (migrations ship inside).
    assert "pip install --no-cache-dir -c constraints.txt . && rm -rf service" in dockerfile
    assert "/healthz" in next(line for line in dockerfile.splitlines() if "urlopen" in line)
    cmd = next(line for line in dockerfile.splitlines() if line.startswith("CMD"))
    assert cmd == 'CMD ["partnernet", "serve"]'
    steps = [step.strip().split()[1:] for step in str(_compose()["services"]["migrate"]["command"][2]).split("&&")]  # type: ignore[index]
    assert steps == [["db", "migrate"], ["seed", "load", "seeds", "--if-changed"]]
    for words in (["serve"], ["db", "migrate"], ["seed", "load"]):
        assert CliRunner().invoke(app, [*words, "--help"]).exit_code == 0, words
    assert "--if-changed" in CliRunner().invoke(app, ["seed", "load", "--help"], terminal_width=200).output


def test_env_example_lists_every_setting() -> None:
    listed = set(re.findall(r"^#?(PARTNERNET_[A-Z0-9_]+)=", ENV_EXAMPLE.read_text(), re.M))
    settings = {f"PARTNERNET_{name.upper()}" for name in Settings.model_fields}
    assert settings - listed == set(), "settings missing from .env.example"
    assert listed - settings == set(), ".env.example names settings that do not exist"


def _compose_cli() -> list[str] | None:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True, check=False).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_compose_config_validates_with_an_env_file_and_refuses_without_a_password(tmp_path: Path) -> None:
    cli = _compose_cli()
    if cli is None:
        skip_unless_ci(
            "neither the docker compose plugin nor docker-compose is installed (apt-get install docker-compose)"
        )
        return
    shutil.copy(COMPOSE, tmp_path / "docker-compose.yml")
    (tmp_path / "Dockerfile").write_text(DOCKERFILE.read_text())
    env = ENV_EXAMPLE.read_text()
    (tmp_path / ".env").write_text(env)
    proc = subprocess.run([*cli, "config"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "neo4j:5.26." in proc.stdout
    assert "service_completed_successfully" in proc.stdout

    (tmp_path / ".env").write_text(re.sub(r"^PARTNERNET_NEO4J_PASSWORD=.*$", "", env, flags=re.M))
    refused = subprocess.run([*cli, "config"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert refused.returncode != 0
    assert "PARTNERNET_NEO4J_PASSWORD" in refused.stderr
