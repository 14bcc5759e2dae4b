"""`partnernet seed ...`: validate and load the seed files, or generate a synthetic graph for benchmarks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from neo4j import AsyncDriver
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from service.core.settings import REPO_ROOT, Settings
from service.seeding.errors import SeedValidationError
from service.seeding.models import LoadSummary, SeedGraph

DEFAULT_SEEDS = REPO_ROOT / "seeds"

seed_app = typer.Typer(help="Seed data: check the seed files, load them, or generate a synthetic graph.")
console = Console()
err_console = Console(stderr=True)

PathArg = Annotated[
    Path, typer.Argument(help="Folder holding the seed YAML files (see seeds/README.md).", show_default=True)
]


def _bar() -> Progress:
    """A progress bar per task: what it does, how far, how long."""
    return Progress(TextColumn("{task.description:<34}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console)  # fmt: skip


def _valid_graph(path: Path) -> SeedGraph:
    """The seed files of `path`, validated; or the table of every problem and exit 1."""
    from service.seeding.validate import read_seed_dir

    try:
        return read_seed_dir(path)
    except SeedValidationError as exc:
        _report(exc)
        raise typer.Exit(1) from exc


def _report(exc: SeedValidationError) -> None:
    table = Table(title=f"{len(exc.errors)} problem(s) in the seed files; nothing was written", title_justify="left")
    for col in ("file", "record", "field", "problem"):
        table.add_column(col, overflow="fold")
    for e in exc.errors:
        table.add_row(e.file, e.where, e.field, e.message)
    err_console.print(table)


def _summary(title: str, summary: LoadSummary) -> None:
    table = Table(title=title, title_justify="left")
    table.add_column("label / relationship type")
    table.add_column("rows", justify="right")
    for label, n in summary.nodes.items():
        table.add_row(f"(:{label})", str(n))
    for rel, n in summary.relationships.items():
        table.add_row(f"[:{rel}]", str(n))
    table.add_row("[bold]nodes / relationships[/bold]", f"{summary.node_rows} / {summary.relationship_rows}")
    console.print(table)
    console.print(
        f"created {summary.nodes_created} nodes and {summary.relationships_created} relationships, "
        f"set {summary.properties_set} properties in {summary.seconds:.1f}s"
    )


@seed_app.command("validate")
def validate_cmd(path: PathArg = DEFAULT_SEEDS) -> None:
    """Check every seed file (the model's types, enumerations, ranges, texts, dates; ids and references)
    without touching the database."""
    graph = _valid_graph(path)
    counts = ", ".join(f"{n} {stem}" for stem, n in graph.counts().items())
    console.print(f"[green]seed files are valid:[/green] {counts}")


@seed_app.command("load")
def load_cmd(
    path: PathArg = DEFAULT_SEEDS,
    if_changed: Annotated[
        bool,
        typer.Option(
            help="Skip the load when the graph holds exactly these seeds, loaded this way before (make run does "
            "this: a server just started plans every load statement anew, seconds of work to change nothing). "
            "Edits made through the API since are then kept, where a plain load puts the seed values back."
        ),
    ] = False,
) -> None:
    """Validate the seed files, then load them in one transaction; loading twice changes nothing."""
    from service.cli.common import load_settings, run_async, with_driver
    from service.db.migrations import migrate
    from service.seeding.loader import load_seed_graph

    graph = _valid_graph(path)
    settings = load_settings()

    async def work(driver: AsyncDriver) -> LoadSummary:
        await migrate(driver, database=settings.neo4j_database)
        with _bar() as bar:
            task = bar.add_task("loading seeds", total=None)

            def progress(step: str, _done: int, _rows: int, done_total: int, total: int) -> None:
                bar.update(task, description=f"loading {step}", completed=done_total, total=total)

            return await load_seed_graph(
                driver, database=settings.neo4j_database, graph=graph, progress=progress, if_changed=if_changed
            )

    summary = run_async(lambda: with_driver(settings, work))
    if summary.unchanged:
        console.print(f"the graph holds the seeds of {path} already (loaded with --if-changed): nothing to do")
        return
    _summary(f"seed graph loaded from {path}", summary)


@seed_app.command("synthetic")
def synthetic_cmd(
    orgs: Annotated[int, typer.Option(min=6, max=200_000, help="Number of synthetic organisations.")] = 1_000,
    projects: Annotated[int, typer.Option(min=1, max=500_000, help="Number of synthetic projects.")] = 500,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same graph.")] = 1,
    clear: Annotated[
        bool, typer.Option(help="Delete an existing synthetic graph first (--offline: replace the whole database).")
    ] = False,
    path: Annotated[Path, typer.Option(help="Seed folder whose regions and countries are reused.")] = DEFAULT_SEEDS,
    offline: Annotated[
        bool,
        typer.Option(
            help="Build with neo4j-admin import instead of Cypher: faster at scale, but it REPLACES the whole "
            "database of the managed server (stopped and restarted); refused when the graph holds more than a "
            "synthetic graph and places, unless --clear is given too. For benchmark graphs."
        ),
    ] = False,
) -> None:
    """Generate a reproducible synthetic graph like the seed graph (marked synthetic), for benchmarks."""
    from service.cli.common import load_settings, run_async, with_driver
    from service.db.migrations import migrate
    from service.seeding.synthetic import load_synthetic

    settings = load_settings()
    if offline:
        _offline(settings, orgs=orgs, projects=projects, seed=seed, path=path, replace=clear)
        return

    async def work(driver: AsyncDriver) -> LoadSummary:
        await migrate(driver, database=settings.neo4j_database)
        with _bar() as bar:
            tasks = {
                "nodes": bar.add_task("synthetic nodes", total=None),
                "relationships": bar.add_task("synthetic relationships", total=None),
            }

            def progress(phase: str, done: int, total: int) -> None:
                bar.update(tasks[phase], completed=done, total=total)

            return await load_synthetic(
                driver,
                database=settings.neo4j_database,
                orgs=orgs,
                projects=projects,
                seed=seed,
                seeds_path=path,
                clear=clear,
                progress=progress,
            )

    summary = run_async(lambda: with_driver(settings, work))
    _summary(f"synthetic graph (orgs={orgs}, projects={projects}, seed={seed})", summary)
    rel_seconds = max(summary.seconds - summary.node_seconds, 1e-9)
    console.print(
        f"{summary.node_rows / max(summary.node_seconds, 1e-9):,.0f} nodes/s, "
        f"{summary.relationship_rows / rel_seconds:,.0f} relationships/s"
    )


def _offline(settings: Settings, *, orgs: int, projects: int, seed: int, path: Path, replace: bool) -> None:
    from service.cli.common import run_async
    from service.seeding.offline import build_offline

    def progress(phase: str) -> None:
        console.print(f"  done: {phase}")

    build = run_async(
        lambda: build_offline(
            settings, orgs=orgs, projects=projects, seed=seed, seeds_path=path, progress=progress, replace=replace
        )
    )
    _summary(f"synthetic graph, offline import (orgs={orgs}, projects={projects}, seed={seed})", build.summary)
    table = Table(title="phases", title_justify="left")
    table.add_column("phase")
    table.add_column("seconds", justify="right")
    for phase, seconds in build.phases.items():
        table.add_row(phase, f"{seconds:.1f}")
    console.print(table)
    s = build.summary
    console.print(
        f"end to end {build.seconds:.1f}s: {s.node_rows / build.seconds:,.0f} nodes/s, "
        f"{s.relationship_rows / build.seconds:,.0f} relationships/s, "
        f"{(s.node_rows + s.relationship_rows) / build.seconds:,.0f} entities/s"
    )
