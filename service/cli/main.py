"""The `partnernet` command: one sub-command per noun, each a module of service/cli or a domain's own cli.py."""

from __future__ import annotations

import typer

from service.auth.cli import token_app
from service.cli.db import db_app
from service.cli.neo4j import neo4j_app
from service.cli.query import query, run_document
from service.cli.schema import schema_app
from service.cli.serve import serve
from service.io import cli as io_cli
from service.seeding.cli import seed_app

app = typer.Typer(
    help="partnernet: the Council of Europe co-operation partner network as a GraphQL service over Neo4j.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(neo4j_app, name="neo4j", no_args_is_help=True)
app.add_typer(db_app, name="db", no_args_is_help=True)
app.add_typer(seed_app, name="seed", no_args_is_help=True)
app.add_typer(io_cli.import_app, name="import", no_args_is_help=True)
app.command("export")(io_cli.export_command(run_document))
app.add_typer(token_app, name="token", no_args_is_help=True)
app.add_typer(schema_app, name="schema", no_args_is_help=True)
app.command("serve")(serve)
app.command("query")(query)


def main() -> None:
    """Console-script entry point (`partnernet`, `python -m service`)."""
    app()
