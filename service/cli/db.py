"""`partnernet db ...`: apply the schema migrations; dump and restore the graph through the driver."""

from __future__ import annotations

import typer

from service.cli.common import console, load_settings, run_async, with_driver
from service.io import cli as io_cli

db_app = typer.Typer(help="The database: apply schema migrations, dump the graph to a file and restore it.")
db_app.command("dump")(io_cli.db_dump_cmd)
db_app.command("restore")(io_cli.db_restore_cmd)


@db_app.command("migrate")
def db_migrate() -> None:
    """Apply the migrations the package ships (service/db/migrations/) not yet recorded in the graph, in order (safe
    to repeat); refuses, naming the file, when an applied migration was changed since."""
    from service.db.migrations import migrate

    settings = load_settings()
    done = run_async(lambda: with_driver(settings, lambda d: migrate(d, database=settings.neo4j_database)))
    console.print("applied: " + ", ".join(done) if done else "schema is up to date")
