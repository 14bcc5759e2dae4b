"""One entry point for every import (CLI and GraphQL alike): parse, check references, then apply or dry-run."""

from __future__ import annotations

from collections.abc import Sequence

from neo4j import AsyncDriver

from service.io.importer import IMPORT_ACTOR, ImportPlan, Progress, apply_plan, check_references, raise_problems
from service.io.models import ImportReport
from service.io.problems import ImportValidationError
from service.model.enums import DocEnum
from service.seeding.errors import FileProblem

# An input file: its name, and its text (CSV, XML) or bytes (a workbook).
InputFile = tuple[str, str | bytes]


class ImportFormat(DocEnum):
    """The kind of files an import reads."""

    CSV = "CSV", "Staff CSV files or an export's node/edge lists."
    IATI = "IATI", "IATI activity XML (standard 2.01 to 2.03)."
    XLSX = "XLSX", "Excel workbooks (.xlsx): a sheet per kind of staff record, with the CSV files' columns."


def _texts(files: Sequence[InputFile]) -> list[tuple[str, str]]:
    problems: list[FileProblem] = []
    out: list[tuple[str, str]] = []
    for name, content in files:
        try:
            out.append((name, content if isinstance(content, str) else content.decode("utf-8")))
        except UnicodeDecodeError as exc:
            problems.append(FileProblem(name, "-", "-", f"not UTF-8 text: {exc}"))
    if problems:
        raise ImportValidationError(problems)
    return out


async def plan_files(
    driver: AsyncDriver, *, database: str, fmt: ImportFormat, files: Sequence[InputFile], timeout_s: float
) -> ImportPlan:
    """The plan of an import: every file parsed and checked; its problems collected on it, not raised."""
    if fmt is ImportFormat.XLSX:
        from service.io.spreadsheet import plan_xlsx

        return plan_xlsx([(n, c.encode("utf-8") if isinstance(c, str) else c) for n, c in files])
    if fmt is ImportFormat.CSV:
        from service.io.csv_import import plan_csv

        return plan_csv(_texts(files))
    from service.io.iati_import import plan_iati

    return await plan_iati(driver, database=database, files=_texts(files), timeout_s=timeout_s)


async def import_files(
    driver: AsyncDriver,
    *,
    database: str,
    fmt: ImportFormat,
    files: Sequence[InputFile],
    dry_run: bool = False,
    actor: str = IMPORT_ACTOR,
    progress: Progress | None = None,
    timeout_s: float = 60.0,
) -> ImportReport:
    """Validate every input (raising ImportValidationError with all problems, nothing written), then write them
    in one transaction, or roll it back when `dry_run`; returns each record's outcome and the notices."""
    plan = await plan_files(driver, database=database, fmt=fmt, files=files, timeout_s=timeout_s)
    raise_problems(plan)  # parse problems first: reference checks on broken rows would only add noise
    await check_references(driver, database=database, plan=plan, timeout_s=timeout_s)
    raise_problems(plan)
    return await apply_plan(driver, database=database, plan=plan, dry_run=dry_run, actor=actor, progress=progress)
