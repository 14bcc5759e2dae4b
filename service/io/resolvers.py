"""The admin-only `importData` mutation: the CLI's importer, reached through the API."""

from __future__ import annotations

from typing import Annotated

import strawberry

from service.core.context import Context
from service.auth.authenticate import require_role
from service.auth.models import TokenRole
from service.core.errors import LimitExceededError
from service.io.imports import ImportFormat, import_files
from service.io.problems import ImportValidationError
from service.io.types import ImportFileInput, ImportFormatEnum, ImportResult

MAX_IMPORT_CHARS = 20_000_000  # all files together; larger imports go through `partnernet import`


@strawberry.type
class ImportMutation:
    @strawberry.mutation(
        name="importData",
        description=(
            "Import CSV files (organisations.csv, projects.csv, participations.csv, memberships.csv, or an export's "
            "node/edge lists) or IATI activity XML (admin). Everything is validated first: with problems, `ok` is "
            "false, `problems` lists each with file, line or XPath and field, and nothing is written. Otherwise "
            "the import runs in one transaction; with dryRun it is rolled back and the result says what would be "
            "created, changed and left as is. Importing the same files again changes nothing."
        ),
    )
    async def import_data(
        self,
        info: strawberry.Info[Context, None],
        format_: Annotated[
            ImportFormatEnum, strawberry.argument(name="format", description="CSV or IATI: how to read the files.")
        ],
        files: Annotated[list[ImportFileInput], strawberry.argument(description="The files, each name and content.")],
        dry_run: Annotated[
            bool, strawberry.argument(description="Validate and report what would change, write nothing.")
        ] = False,
    ) -> ImportResult:
        ctx = info.context
        principal = require_role(ctx, TokenRole.ADMIN)
        size = sum(len(f.content) for f in files)
        if size > MAX_IMPORT_CHARS:
            raise LimitExceededError(
                f"the files hold {size:,} characters; the API takes {MAX_IMPORT_CHARS:,} (use `partnernet import`)"
            )
        try:
            report = await import_files(
                ctx.driver,
                database=ctx.database,
                fmt=ImportFormat(format_.name),
                files=[(f.name, f.content) for f in files],
                dry_run=dry_run,
                actor=principal.subject,
                timeout_s=ctx.settings.query_timeout_s,
            )
        except ImportValidationError as exc:
            return ImportResult.from_problems(exc.problems, dry_run=dry_run)
        return ImportResult.from_report(report)


IO_MUTATIONS: tuple[type, ...] = (ImportMutation,)
