"""The admin-only `importData` mutation: the CLI's importer (service/io), reached through the API.

A plain Strawberry resolver (graphql-core runs it): an import reads files, not a selection to compile.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Final

import strawberry
from strawberry.types import Info

from service.auth.authenticate import ensure_credentials, require_role
from service.core.context import Context
from service.core.errors import LimitExceededError
from service.gql.build import F
from service.gql.model_types import NS, gql_enum
from service.io.imports import ImportFormat, import_files
from service.io.models import ImportOutcome, ImportReport
from service.io.problems import ImportValidationError
from service.model.enums import TokenRole
from service.seeding.errors import FileProblem

MAX_IMPORT_CHARS = 20_000_000  # all files together; larger imports go through `partnernet import`

_FORMAT: Final = gql_enum(ImportFormat)
_OUTCOME: Final = gql_enum(ImportOutcome)
_KIND = F("kind", "str", "Node label or relationship type.")
_COUNTS: Final = (
    F("created", "int", "Records created (or that would be)."),
    F("changed", "int", "Records whose properties changed (or would)."),
    F("unchanged", "int", "Records already as the input says."),
)


def _texts(fields: dict[str, str]) -> list[F]:
    """String fields, each with its description."""
    return [F(name, "str", description) for name, description in fields.items()]


FILE_INPUT: Final = NS.make(
    "ImportFileInput",
    "One input file: its name decides how a CSV file is read.",
    _texts({"name": "File name, e.g. organisations.csv or activities.xml.", "content": "The whole file (UTF-8)."}),
    kind="input",
)
PROBLEM: Final = NS.make(
    "ImportProblem",
    "One problem in one input file; nothing was written.",
    _texts({
        "file": "The input file's name.",
        "where": "`line N` for CSV, an XPath for IATI XML.",
        "field": "The column or XML attribute/element at fault.",
        "message": "What is wrong and what is expected.",
    }),
)  # fmt: skip
RECORD: Final = NS.make(
    "ImportRecord",
    "A record the import created or changed (or would).",
    [
        _KIND,
        F("key", "str", "The record's id (or its endpoints for a structural link)."),
        F("outcome", "ImportOutcome", "CREATED or CHANGED."),
        F("fields", "list[str]", "For a changed record: the properties that changed."),
    ],
)
KIND_COUNT: Final = NS.make("ImportKindCount", "Per label or relationship type: records by outcome.", [_KIND, *_COUNTS])
RESULT: Final = NS.make(
    "ImportResult",
    "The outcome of an import, or its problems when it was refused.",
    [
        F("ok", "bool", "False when the input had problems; then nothing was written."),
        F("dryRun", "bool", "True when nothing was written on purpose (dryRun)."),
        *_COUNTS,
        F("kinds", "list[ImportKindCount]", "The counts per label and relationship type."),
        F("records", "list[ImportRecord]", "Created and changed records, in write order."),
        F("problems", "list[ImportProblem]", "Why the input was refused (when ok is false)."),
    ],
)


def _counts(by_outcome: dict[ImportOutcome, int]) -> dict[str, int]:
    return {o.value: by_outcome[o] for o in ImportOutcome}


def report_value(report: ImportReport) -> Any:
    """The GraphQL value of an import's report: counts, and the records it created or changed."""
    kinds = [KIND_COUNT(kind=k, **_counts(c)) for k, c in report.by_kind().items()]
    records = [
        RECORD(kind=r.kind, key=r.key, outcome=_OUTCOME[r.outcome.name], fields=list(r.fields))
        for r in report.records
        if r.outcome is not ImportOutcome.UNCHANGED
    ]
    totals = {o: report.count(o) for o in ImportOutcome}
    return RESULT(ok=True, dryRun=report.dry_run, **_counts(totals), kinds=kinds, records=records, problems=[])


def problems_value(problems: tuple[FileProblem, ...], *, dry_run: bool) -> Any:
    """The GraphQL value of a refused import: every problem, nothing written."""
    listed = [PROBLEM(file=p.file, where=p.where, field=p.field, message=p.message) for p in problems]
    return RESULT(ok=False, dryRun=dry_run, **_counts(dict.fromkeys(ImportOutcome, 0)), kinds=[], records=[],
                  problems=listed)  # fmt: skip


async def import_data(
    info: Info[Context, None],
    format_: Annotated[
        Enum,
        strawberry.argument(name="format", description="CSV or IATI: how to read the files.", graphql_type=_FORMAT),
    ],
    files: Annotated[
        list[Any],
        strawberry.argument(description="The files, each name and content.", graphql_type=list[FILE_INPUT]),
    ],
    dry_run: Annotated[bool, strawberry.argument(description="Validate and report what would change, write nothing.")]
    = False,
) -> Any:  # fmt: skip
    """Validate, then import (or dry-run) the files as an admin; problems come back in the result."""
    ctx = info.context
    await ensure_credentials(ctx)  # a token accepted without a lookup is checked for revocation first
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
            fmt=ImportFormat(format_.value),
            files=[(f.name, f.content) for f in files],
            dry_run=dry_run,
            actor=principal.subject,
            timeout_s=ctx.settings.query_timeout_s,
        )
    except ImportValidationError as exc:
        return problems_value(exc.problems, dry_run=dry_run)
    return report_value(report)


@strawberry.type
class ImportMutation:
    """The import of staff CSV files, node/edge lists and IATI activity XML."""

    import_data = strawberry.mutation(
        resolver=import_data,
        name="importData",
        graphql_type=RESULT,
        description=(
            "Import CSV files (organisations.csv, projects.csv, participations.csv, memberships.csv, or an export's "
            "node/edge lists) or IATI activity XML (admin). Everything is validated first: with problems, `ok` is "
            "false, `problems` lists each with file, line or XPath and field, and nothing is written. Otherwise "
            "the import runs in one transaction; with dryRun it is rolled back and the result says what would be "
            "created, changed and left as is. Importing the same files again changes nothing."
        ),
    )
