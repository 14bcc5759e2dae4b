"""`partnernet import ...`, `partnernet export`, `partnernet db dump|restore` and the managed server's offline
`partnernet neo4j dump|load`."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from neo4j import AsyncDriver
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from service.core.settings import Settings
from service.io.export_formats import ExportFormat
from service.io.export_source import GraphFilter, export_database, export_memory
from service.io.models import ImportReport
from service.io.problems import ImportValidationError
from service.io.query_export import extract_graph
from service.io.review import notice_json, notices_table, records_table, report_json, summary_table

import_app = typer.Typer(
    help="Import partner data: staff CSV files or spreadsheets, or IATI activity XML (validated first, idempotent); "
    "write an empty template."
)
# No emoji or markup in what we print: `:LABEL` and `[...]` in user data must show as written.
console = Console(emoji=False)
err_console = Console(stderr=True, emoji=False)


def _bar(target: Console) -> Progress:
    return Progress(
        TextColumn("{task.description:<36}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=target
    )


def _problems(exc: ImportValidationError, *, as_json: bool = False) -> None:
    if as_json:
        payload = {"ok": False, "problems": [notice_json(p) for p in exc.problems]}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"{len(exc.problems)} problem(s); nothing was written", title_justify="left")
    for col in ("file", "where", "field", "problem"):
        table.add_column(col, overflow="fold")
    for p in exc.problems:
        table.add_row(escape(p.file), escape(p.where), escape(p.field), escape(p.message))
    err_console.print(table)


def _report(report: ImportReport, *, verbose: bool, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps({"ok": True, **report_json(report)}, ensure_ascii=False, indent=2) + "\n")
        return
    console.print(summary_table(report))
    for table in (records_table(report, verbose=verbose), notices_table(report)):
        if table is not None:
            console.print(table)


def _run_import(fmt_name: str, files: list[tuple[str, str | bytes]], *, dry_run: bool, verbose: bool,
                as_json: bool) -> None:  # fmt: skip
    from service.cli.common import load_settings, run_async, with_driver
    from service.db.migrations import migrate
    from service.io.imports import ImportFormat, import_files

    settings = load_settings()

    async def work(driver: AsyncDriver) -> ImportReport | ImportValidationError:
        await migrate(driver, database=settings.neo4j_database)
        with _bar(err_console) as bar:
            task = bar.add_task("validating and importing", total=None)

            def progress(step: str, done: int, total: int) -> None:
                bar.update(task, description=f"{'checking' if dry_run else 'writing'} {step}", completed=done,
                           total=total)  # fmt: skip

            try:
                return await import_files(
                    driver,
                    database=settings.neo4j_database,
                    fmt=ImportFormat(fmt_name),
                    files=files,
                    dry_run=dry_run,
                    progress=progress,
                    timeout_s=settings.query_timeout_s,
                )
            except ImportValidationError as exc:
                return exc

    outcome = run_async(lambda: with_driver(settings, work))
    if isinstance(outcome, ImportValidationError):
        _problems(outcome, as_json=as_json)
        raise typer.Exit(1)
    _report(outcome, verbose=verbose, as_json=as_json)


_DRY_RUN_HELP = (
    "Validate and review what would be created, changed (field by field, old and new) and left as is; write "
    "nothing (the import runs in a transaction that is rolled back)."
)
DryRun = Annotated[bool, typer.Option("--dry-run", help=_DRY_RUN_HELP)]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="List every record: created ones with each value, "
                                       "and the ones left as is.")]  # fmt: skip
AsJson = Annotated[bool, typer.Option("--json", help="Print the review (or the problems) as JSON on stdout.")]


def _read_files(paths: list[Path], *, binary: bool = False) -> list[tuple[str, str | bytes]]:
    out: list[tuple[str, str | bytes]] = []
    for f in paths:
        try:
            out.append((f.name, f.read_bytes() if binary else f.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            err_console.print(f"[red]cannot read {escape(str(f))}:[/red] {escape(str(exc))}")
            raise typer.Exit(1) from exc
    return out


@import_app.command("csv")
def import_csv(
    path: Annotated[Path, typer.Argument(help="A CSV file, or a folder of them: organisations.csv, projects.csv, "
                                         "participations.csv, memberships.csv, or an export's nodes.csv/edges.csv.")],
    dry_run: DryRun = False,
    verbose: Verbose = False,
    as_json: AsJson = False,
) -> None:  # fmt: skip
    """Import organisations, projects, participations and memberships from CSV (headers: docs/import-export.md).

    Every file is validated first; each problem names its file, line and column, and nothing is written unless
    all of it is valid. Matching on ids makes a second import of the same files change nothing.
    """
    from service.io.csv_import import read_csv_inputs

    try:
        files: list[tuple[str, str | bytes]] = list(read_csv_inputs(path))
    except ImportValidationError as exc:
        _problems(exc, as_json=as_json)
        raise typer.Exit(1) from exc
    _run_import("CSV", files, dry_run=dry_run, verbose=verbose, as_json=as_json)


@import_app.command("xlsx")
def import_xlsx(
    files: Annotated[list[Path], typer.Argument(help="Excel workbooks (.xlsx) with sheets organisations, projects, "
                                                "participations and/or memberships (see `import template`).")],
    dry_run: DryRun = False,
    verbose: Verbose = False,
    as_json: AsJson = False,
) -> None:  # fmt: skip
    """Import staff spreadsheets: one sheet per kind of record, with the CSV files' columns.

    The same rules as the CSV import: everything is validated first, each problem names the file, the sheet and
    row, and the column; nothing is written unless all of it is valid; importing twice changes nothing.
    """
    _run_import("XLSX", _read_files(files, binary=True), dry_run=dry_run, verbose=verbose, as_json=as_json)


@import_app.command("iati")
def import_iati(
    files: Annotated[list[Path], typer.Argument(help="IATI activity XML files (standard 2.01 to 2.03).")],
    dry_run: DryRun = False,
    verbose: Verbose = False,
    as_json: AsJson = False,
) -> None:
    """Import IATI activities from any publisher as projects with their countries, regions, budgets and
    participating organisations (and the funders and recipients of their transactions).

    Problems name the file, the XPath and the field; unknown codes, malformed XML and IATI 1.0x files are refused
    and nothing is written. Countries missing from the graph are created from ISO 3166-1; organisations are
    matched by IATI identifier, then by name, and the review lists likely near-duplicates.
    """
    _run_import("IATI", _read_files(files), dry_run=dry_run, verbose=verbose, as_json=as_json)


@import_app.command("template")
def import_template(
    fmt: Annotated[str, typer.Option("--format", "-f", help="xlsx (one workbook) or csv (a folder of CSV files "
                                     "and columns.md).")] = "xlsx",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="The workbook to write, or the folder for csv "
                                             "(default: partnernet-template.xlsx or partnernet-template/).")] = None,
) -> None:  # fmt: skip
    """Write an empty import template: the columns of organisations, projects, participations and memberships,
    each described (meaning, required or not, allowed values) from the model itself."""
    from service.cli.common import fail
    from service.io.template import csv_template, xlsx_template

    if fmt == "xlsx":
        target = out or Path("partnernet-template.xlsx")
        target.write_bytes(xlsx_template())
        console.print(f"wrote {escape(str(target))}: sheets organisations, projects, participations, memberships, "
                      "columns (the descriptions)")  # fmt: skip
    elif fmt == "csv":
        written = csv_template(out or Path("partnernet-template"))
        console.print("wrote " + ", ".join(escape(str(p)) for p in written))
    else:
        fail(f"unknown format {fmt!r}: expected xlsx or csv", code=2)


# -- export ---------------------------------------------------------------------------------------------------


async def _write(chunks: AsyncIterator[str], out: Path | None) -> int:
    size = 0
    if out is None:
        async for chunk in chunks:
            sys.stdout.write(chunk)
            size += len(chunk)
        sys.stdout.flush()
        return size
    tmp = out.with_name(out.name + ".partial")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            async for chunk in chunks:
                fh.write(chunk)
                size += len(chunk)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return size


# How `export --query` gets a document answered: the command line passes the one GraphQL schema's execution (as an
# admin), so this domain package never imports the GraphQL layer: (driver, settings, document, variables) -> data.
QueryRunner = Callable[[AsyncDriver, Settings, str, dict[str, Any] | None], Awaitable[Any]]


def _formats(fmt: str, out: Path | None) -> list[ExportFormat]:
    """The formats an export writes (`csv`: the node and edge lists into the --out folder), or exit 2."""
    from service.cli.common import fail

    try:
        formats = [ExportFormat.CSV_NODES, ExportFormat.CSV_EDGES] if fmt == "csv" else [ExportFormat(fmt)]
    except ValueError:
        fail(f"unknown format {fmt!r}: expected graphml, gexf, json, csv, csv-nodes, csv-edges", code=2)
    if fmt == "csv" and out is None:
        fail("--format csv writes nodes.csv and edges.csv: give --out FOLDER", code=2)
    return formats


def _document(query: Path | None, variables: str | None) -> tuple[str | None, dict[str, Any] | None]:
    """The --query document and its --variables object, or exit 2 saying what is wrong."""
    from service.cli.common import fail

    try:
        document = query.read_text(encoding="utf-8") if query is not None else None
        var_obj = json.loads(variables) if variables else None
    except (OSError, json.JSONDecodeError) as exc:
        fail(f"cannot read the query or its variables: {exc}", code=2)
    if var_obj is not None and not isinstance(var_obj, dict):
        fail("--variables must be a JSON object", code=2)
    return document, var_obj


def export_command(run_query: QueryRunner) -> Callable[..., None]:
    """The `partnernet export` command, answering `--query` documents with `run_query`."""

    def export_cmd(
        fmt: Annotated[str, typer.Option("--format", "-f", help="graphml, gexf, json, or csv (nodes.csv and edges.csv "
                                         "in the --out folder), csv-nodes, csv-edges.")] = "graphml",
        query: Annotated[Path | None, typer.Option("--query", "-q", help="A GraphQL document whose answer is "
                                                   "exported (network answers, entity lists); default: the whole "
                                                   "graph.")] = None,
        variables: Annotated[str | None, typer.Option("--variables", "-v", help="JSON object of the query's "
                                                      "variables.")] = None,
        label: Annotated[list[str] | None, typer.Option("--label", "-l", help="Only nodes with this label "
                                                        "(repeatable), e.g. Organisation, Nhri, Project.")] = None,
        exclude_sensitive: Annotated[bool, typer.Option(help="Leave out organisations marked sensitive.")] = False,
        out: Annotated[Path | None, typer.Option("--out", "-o", help="File to write (a folder for csv); default "
                                                 "stdout.")] = None,
    ) -> None:  # fmt: skip
        """Export the graph, some labels of it, or a GraphQL answer to GraphML, GEXF, CSV node/edge lists or JSON.

        Whole-graph exports stream from Neo4j in one read transaction. Attributes travel: labels, kinds, countries,
        roles, dates, GANHRI status, sources and notes (joined with ' | ' in GraphML/GEXF), confidence. The command
        runs as an operator: organisations marked sensitive travel unless --exclude-sensitive.
        """
        from service.cli.common import load_settings, run_async, with_driver

        formats = _formats(fmt, out)
        document, var_obj = _document(query, variables)
        settings = load_settings()

        def target(f: ExportFormat) -> Path | None:
            if fmt == "csv" and out is not None:
                out.mkdir(parents=True, exist_ok=True)
                return out / f.extension
            return out

        async def work(driver: AsyncDriver) -> list[str]:
            written = []
            if document is not None:
                nodes, edges = extract_graph(await run_query(driver, settings, document, var_obj))
                for f in formats:
                    await _write(export_memory(nodes, edges, fmt=f), target(f))
                    written.append(f"{f.value}: {len(nodes)} nodes, {len(edges)} edges")
                return written
            graph_filter = GraphFilter.create(label or (), include_sensitive=not exclude_sensitive)
            for f in formats:
                chunks = export_database(driver, database=settings.neo4j_database, fmt=f, graph_filter=graph_filter)
                written.append(f"{f.value}: {await _write(chunks, target(f)):,} characters")
            return written

        with err_console.status("exporting..."):
            written = run_async(lambda: with_driver(settings, work))
        if out is not None:
            err_console.print(f"wrote {out}: " + "; ".join(written))

    return export_cmd


# -- backup ---------------------------------------------------------------------------------------------------


ProgressFn = Callable[[str, int, int], None]


def _progress_run(fn: Callable[[AsyncDriver, Any, ProgressFn], Awaitable[Any]], did: str) -> None:
    """Run `fn(driver, settings, progress)` for a command, with one progress bar per phase; then print what it
    `did` (`dumped ... to FILE`) with the summary's counts and time."""
    from service.cli.common import load_settings, run_async, with_driver

    settings = load_settings()
    with _bar(err_console) as bar:
        tasks: dict[str, Any] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        summary = run_async(lambda: with_driver(settings, lambda driver: fn(driver, settings, progress)))
    verb, _, place = did.partition(" ")
    console.print(f"{verb} {summary.nodes} nodes and {summary.relationships} relationships {place} "
                  f"in {summary.seconds:.1f}s")  # fmt: skip


def db_dump_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="Dump file (.jsonl, or .jsonl.gz to compress).")] = Path(
        "partnernet-dump.jsonl"
    ),
) -> None:
    """Write a logical, versioned JSON-lines dump of the graph (any Neo4j, online): a header with format
    version, Neo4j version and counts, then every node, then every relationship, then an end line."""
    from service.io.dump import write_dump

    async def work(driver: AsyncDriver, settings: Any, progress: ProgressFn) -> Any:
        return await write_dump(driver, database=settings.neo4j_database, out=out, can_see_sensitive=True,
                                progress=progress)  # fmt: skip

    _progress_run(work, f"dumped to {out}")


def db_restore_cmd(
    file: Annotated[Path, typer.Argument(help="A dump written by `partnernet db dump` (.jsonl or .jsonl.gz).")],
    force: Annotated[bool, typer.Option("--force", help="Delete every node of a non-empty database first.")] = False,
) -> None:
    """Restore a dump into an empty database (migrations are applied first) in one transaction: all or nothing.

    The whole file is checked before anything is written. A database holding nodes is refused unless --force,
    which deletes them in the same transaction."""
    from service.db.migrations import migrate
    from service.io.dump import DumpFormatError, read_dump, restore_dump

    try:
        dump = read_dump(file)
    except DumpFormatError as exc:
        err_console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from exc

    async def work(driver: AsyncDriver, settings: Any, progress: ProgressFn) -> Any:
        await migrate(driver, database=settings.neo4j_database)
        return await restore_dump(driver, database=settings.neo4j_database, dump=dump, force=force,
                                  progress=progress)  # fmt: skip

    _progress_run(work, f"restored from {file}")


def neo4j_dump_cmd(
    to: Annotated[Path, typer.Option("--to", help="Folder for the <database>.dump file.")] = Path("dumps"),
) -> None:
    """Offline dump of the managed server's store with neo4j-admin (stop the server first)."""
    from service.cli.common import load_settings
    from service.core.errors import PartnernetError
    from service.db.server import ManagedNeo4j

    settings = load_settings()
    try:
        with err_console.status("neo4j-admin database dump..."):
            path = ManagedNeo4j(settings).admin_dump(database=settings.neo4j_database, to_dir=to)
    except PartnernetError as exc:
        err_console.print(f"[red]error:[/red] {escape(exc.message)}")
        raise typer.Exit(1) from exc
    console.print(f"wrote {path}")


def neo4j_load_cmd(
    file: Annotated[Path, typer.Argument(help="A <database>.dump file written by `partnernet neo4j dump`.")],
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace the existing store.")] = False,
) -> None:
    """Offline load of a neo4j-admin dump into the managed server's store (stop the server first)."""
    from service.cli.common import load_settings
    from service.core.errors import PartnernetError
    from service.db.server import ManagedNeo4j

    settings = load_settings()
    try:
        with err_console.status("neo4j-admin database load..."):
            ManagedNeo4j(settings).admin_load(database=settings.neo4j_database, dump_file=file, overwrite=overwrite)
    except PartnernetError as exc:
        err_console.print(f"[red]error:[/red] {escape(exc.message)}")
        raise typer.Exit(1) from exc
    console.print(f"loaded {file} into {settings.neo4j_database}; start the server with `partnernet neo4j start`")
