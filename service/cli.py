"""The `partnernet` command line, grouped by noun: neo4j, db, seed, schema, serve, query."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from service.auth.cli import token_app
from service.core.errors import PartnernetError
from service.io import cli as io_cli
from service.seeding.cli import seed_app
from service.core.settings import Settings, describe_validation_error

T = TypeVar("T")

app = typer.Typer(
    help="partnernet: the Council of Europe co-operation partner network as a GraphQL service over Neo4j.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
neo4j_app = typer.Typer(help="Run the managed local Neo4j server (not used when PARTNERNET_NEO4J_URI is yours).")
db_app = typer.Typer(help="Database schema: migrations and maintenance.")
schema_app = typer.Typer(help="GraphQL schema artifacts.")
app.add_typer(neo4j_app, name="neo4j", no_args_is_help=True)
app.add_typer(db_app, name="db", no_args_is_help=True)
app.add_typer(schema_app, name="schema", no_args_is_help=True)
app.add_typer(seed_app, name="seed", no_args_is_help=True)
app.add_typer(token_app, name="token", no_args_is_help=True)
app.add_typer(io_cli.import_app, name="import", no_args_is_help=True)
app.command("export")(io_cli.export_cmd)
db_app.command("dump")(io_cli.db_dump_cmd)
db_app.command("restore")(io_cli.db_restore_cmd)
neo4j_app.command("dump")(io_cli.neo4j_dump_cmd)
neo4j_app.command("load")(io_cli.neo4j_load_cmd)

console = Console()
err_console = Console(stderr=True)


def load_settings() -> Settings:
    """Settings from the environment, or exit 2 with a message naming the bad variable."""
    from pydantic import ValidationError

    try:
        return Settings()
    except ValidationError as exc:
        err_console.print(f"[red]{describe_validation_error(exc)}[/red]")
        raise typer.Exit(2) from exc


def run_async(fn: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine for a CLI command, turning expected failures into a red message and exit code 1."""
    from neo4j.exceptions import DriverError, Neo4jError

    from service.db.driver import translate_driver_error

    try:
        return asyncio.run(fn())  # type: ignore[arg-type]  # asyncio.run accepts any awaitable coroutine
    except PartnernetError as exc:
        err_console.print(f"[red]error:[/red] {escape(exc.message)}")
        raise typer.Exit(1) from exc
    except (DriverError, Neo4jError) as exc:
        err_console.print(f"[red]error:[/red] {escape(str(translate_driver_error(exc)))} ({escape(str(exc))})")
        raise typer.Exit(1) from exc


async def with_driver(settings: Settings, fn: Callable[[Any], Awaitable[T]]) -> T:
    """Open a driver for one command, run `fn(driver)`, close it."""
    from service.db.driver import create_driver

    driver = create_driver(settings)
    try:
        return await fn(driver)
    finally:
        await driver.close()


# -- neo4j --------------------------------------------------------------------------------------------------------


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Fetch Neo4j (first time only), write its config and start it; waits until it accepts the password."""
    from service.db.server import ManagedNeo4j

    settings = load_settings()
    server = ManagedNeo4j(settings)
    try:
        with console.status(f"starting Neo4j {settings.neo4j_version} on bolt port {settings.neo4j_bolt_port}..."):
            st = server.start()
    except PartnernetError as exc:
        err_console.print(f"[red]error:[/red] {escape(exc.message)}")
        raise typer.Exit(1) from exc
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


# -- db -----------------------------------------------------------------------------------------------------------


@db_app.command("migrate")
def db_migrate() -> None:
    """Apply the schema/neo4j/V*.cypher migrations not yet recorded in the graph, in order."""
    from service.db.migrations import migrate

    settings = load_settings()
    done = run_async(lambda: with_driver(settings, lambda d: migrate(d, database=settings.neo4j_database)))
    console.print("applied: " + ", ".join(done) if done else "schema is up to date")


# -- schema -------------------------------------------------------------------------------------------------------


@schema_app.command("export")
def schema_export(
    out: Annotated[Path, typer.Option("--out", "-o", help="file to write")] = Path("schema/schema.graphql"),
) -> None:
    """Write the GraphQL SDL generated from the code (a test fails when the file and the code disagree)."""
    from service.gql.sdl import export_sdl

    settings = load_settings()
    out.write_text(export_sdl(settings))
    console.print(f"wrote {out}")


# -- serve and query ----------------------------------------------------------------------------------------------


@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="bind address (default PARTNERNET_HTTP_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default PARTNERNET_HTTP_PORT)")] = None,
    workers: Annotated[int | None, typer.Option(help="worker processes (default PARTNERNET_WORKERS)")] = None,
) -> None:
    """Serve the API under uvicorn: /graphql, /healthz, /readyz, /metrics."""
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


@app.command("query")
def query(
    file: Annotated[str, typer.Argument(help="a .graphql file, or - for standard input")],
    variables: Annotated[str | None, typer.Option("--variables", "-v", help="JSON object of variables")] = None,
    url: Annotated[str | None, typer.Option(help="GraphQL endpoint (default: this service's)")] = None,
    token: Annotated[str | None, typer.Option(envvar="PARTNERNET_TOKEN", help="bearer token")] = None,
) -> None:
    """Send a GraphQL document to a running service and print the JSON answer; exit 1 when it has errors."""
    from service.client import post_graphql

    settings = load_settings()
    document = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    try:
        var_obj = json.loads(variables) if variables else None
    except json.JSONDecodeError as exc:
        err_console.print(f"[red]--variables is not valid JSON:[/red] {exc}")
        raise typer.Exit(2) from exc
    if var_obj is not None and not isinstance(var_obj, dict):
        err_console.print("[red]--variables must be a JSON object[/red]")
        raise typer.Exit(2)
    target = url or f"http://{settings.http_host}:{settings.http_port}/graphql"
    try:
        status, body = asyncio.run(post_graphql(target, document, var_obj, token=token))
    except OSError as exc:
        err_console.print(f"[red]cannot reach {target}:[/red] {exc}")
        raise typer.Exit(1) from exc
    print(json.dumps(body, indent=2, ensure_ascii=False))
    if status >= 400 or body.get("errors"):
        raise typer.Exit(1)


def main() -> None:
    """Console-script entry point."""
    app()
