"""`partnernet schema ...`: the GraphQL schema artifacts generated from the code."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from service.cli.common import console, load_settings

schema_app = typer.Typer(help="GraphQL schema artifacts generated from the code.")


@schema_app.command("export")
def schema_export(
    out: Annotated[Path, typer.Option("--out", "-o", help="file to write")] = Path("schema/schema.graphql"),
) -> None:
    """Write the GraphQL SDL the service serves (a test fails when schema/schema.graphql and the code disagree)."""
    from service.gql.sdl import export_sdl

    out.write_text(export_sdl(load_settings()), encoding="utf-8")
    console.print(f"wrote {out}")
