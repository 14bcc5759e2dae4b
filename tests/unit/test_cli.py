"""The `partnernet` command line: every command explains itself, and the domains' sub-commands never import the
main CLI module (issue 15: the CLI and its sub-CLIs formed an import circle)."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from service.cli.main import app
from service.core.settings import REPO_ROOT, Settings
from tests.conftest import free_port

SERVICE = REPO_ROOT / "service"


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


COMMANDS = list(_commands(typer.main.get_command(app)))


def test_the_command_tree_has_every_noun() -> None:
    nouns = {path[0] for path, _ in COMMANDS if len(path) == 1}
    assert nouns == {"neo4j", "db", "seed", "import", "export", "token", "schema", "serve", "query"}
    leaves = {" ".join(path) for path, cmd in COMMANDS if not hasattr(cmd, "commands")}
    assert {"neo4j start", "neo4j dump", "db migrate", "db restore", "schema export", "seed load"} <= leaves


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_has_help(path: tuple[str, ...], command: Any) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert command.help or command.callback.__doc__, f"`partnernet {' '.join(path)}` has no help text"


def _imports(path: Path) -> set[str]:
    """The modules a Python file imports, at any depth of the file (function-level imports included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_only_the_entry_points_import_the_main_cli_module() -> None:
    importers = {
        str(path.relative_to(REPO_ROOT))
        for path in SERVICE.rglob("*.py")
        if {"service.cli.main", "service.cli.main.main", "service.cli.main.app"} & _imports(path)
    }
    assert importers == {"service/__main__.py"}


def test_cli_package_exports_nothing_that_would_pull_the_commands_in() -> None:
    assert _imports(SERVICE / "cli" / "__init__.py") == set()


def test_sub_clis_load_without_the_main_cli() -> None:
    code = (
        "import sys, service.seeding.cli, service.io.cli, service.auth.cli, service.cli.common\n"
        "assert 'service.cli.main' not in sys.modules, 'a sub-CLI imported the main CLI module'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_bad_settings_exit_2_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERNET_HTTP_PORT", "eighty")
    result = CliRunner().invoke(app, ["schema", "export", "--out", "/dev/null"])
    assert result.exit_code == 2
    assert "PARTNERNET_HTTP_PORT" in result.output


def test_query_refuses_a_file_it_cannot_read(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["query", str(tmp_path / "absent.graphql")])
    assert result.exit_code == 2
    assert "cannot read" in result.output


def test_query_says_when_no_service_answers(tmp_path: Path) -> None:
    doc = tmp_path / "q.graphql"
    doc.write_text("{ __typename }")
    result = CliRunner().invoke(app, ["query", str(doc), "--url", f"http://127.0.0.1:{free_port()}/graphql"])
    assert result.exit_code == 1
    assert "cannot get an answer" in result.output


def test_schema_export_writes_the_served_sdl(tmp_path: Path) -> None:
    from service.gql.sdl import export_sdl

    out = tmp_path / "schema.graphql"
    result = CliRunner().invoke(app, ["schema", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == export_sdl(Settings())
