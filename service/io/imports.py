"""One entry point for every import (CLI and GraphQL alike): parse, check references, then apply or dry-run."""

from __future__ import annotations

from collections.abc import Sequence

from neo4j import AsyncDriver

from service.io.importer import IMPORT_ACTOR, Progress, apply_plan, check_references, raise_problems
from service.io.models import ImportReport
from service.model.enums import DocEnum


class ImportFormat(DocEnum):
    """The kind of files an import reads."""

    CSV = "CSV", "Staff CSV files or an export's node/edge lists."
    IATI = "IATI", "IATI activity XML (standard 2.0x)."


async def import_files(
    driver: AsyncDriver,
    *,
    database: str,
    fmt: ImportFormat,
    files: Sequence[tuple[str, str]],
    dry_run: bool = False,
    actor: str = IMPORT_ACTOR,
    progress: Progress | None = None,
    timeout_s: float = 60.0,
) -> ImportReport:
    """Validate every input (raising ImportValidationError with all problems, nothing written), then write them
    in one transaction, or roll it back when `dry_run`; returns each record's outcome."""
    if fmt is ImportFormat.CSV:
        from service.io.csv_import import plan_csv

        plan = plan_csv(files)
    else:
        from service.io.iati_import import plan_iati

        plan = await plan_iati(driver, database=database, files=files, timeout_s=timeout_s)
    raise_problems(plan)  # parse problems first: reference checks on broken rows would only add noise
    await check_references(driver, database=database, plan=plan, timeout_s=timeout_s)
    raise_problems(plan)
    return await apply_plan(driver, database=database, plan=plan, dry_run=dry_run, actor=actor, progress=progress)
