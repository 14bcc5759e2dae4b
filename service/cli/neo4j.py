"""`partnernet neo4j ...`: start, stop and inspect the managed local Neo4j, dump and load it offline."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from service.cli.common import console, expected_failures, load_settings
from service.io import cli as io_cli

neo4j_app = typer.Typer(
    help="The managed local Neo4j server (for development and tests; unused when PARTNERNET_NEO4J_URI names "
    "another server)."
)
neo4j_app.command("dump")(io_cli.neo4j_dump_cmd)
neo4j_app.command("load")(io_cli.neo4j_load_cmd)


@neo4j_app.command("start")
def neo4j_start(
    if_managed: Annotated[
        bool,
        typer.Option(help="Do nothing when PARTNERNET_NEO4J_URI names another server than the managed one (make run)."),
    ] = False,
) -> None:
    """Fetch Neo4j (first time only), write its config and start it; waits until it accepts the password."""
    from service.db.server import ManagedNeo4j

    settings = load_settings()
    if if_managed and not settings.uses_managed_server:
        console.print(f"using the Neo4j at {settings.neo4j_uri} (not the managed server): nothing to start")
        return
    server = ManagedNeo4j(settings)
    with (
        expected_failures(),
        console.status(f"starting Neo4j {settings.neo4j_version} on bolt port {settings.neo4j_bolt_port}..."),
    ):
        st = server.start()
    console.print(f"Neo4j {st.version} running (pid {st.pid}) bolt://127.0.0.1:{st.bolt_port}, data {st.data_dir}")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the server this checkout started (only that process)."""
    from service.db.server import ManagedNeo4j

    stopped = ManagedNeo4j(load_settings()).stop()
    console.print("Neo4j stopped" if stopped else "Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status(as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """Say whether the managed server runs, with version, ports, data dir and log file; exit 3 when stopped."""
    from service.db.server import ManagedNeo4j

    st = ManagedNeo4j(load_settings()).status()
    info = {
        "running": st.running,
        "pid": st.pid,
        "version": st.version,
        "bolt_port": st.bolt_port,
        "http_port": st.http_port,
        "home": str(st.home),
        "data_dir": str(st.data_dir),
        "log_file": str(st.log_file),
    }
    if as_json:
        console.print_json(json.dumps(info))
    else:
        table = Table(show_header=False)
        for k, v in info.items():
            table.add_row(k, str(v))
        console.print(table)
    if not st.running:
        raise typer.Exit(3)


@neo4j_app.command("logs")
def neo4j_logs(lines: Annotated[int, typer.Option("--lines", "-n", help="lines per log file")] = 40) -> None:
    """Print the last lines of the managed server's logs."""
    from service.db.server import ManagedNeo4j

    print(ManagedNeo4j(load_settings()).tail_log(lines))
