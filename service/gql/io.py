"""The admin-only `importData` mutation: the CLI's importer (service/io), reached through the API.

A plain Strawberry resolver (graphql-core runs it): an import reads files, not a selection to compile.
"""

from __future__ import annotations

import base64
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
from service.io.review import notice_json, report_json
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
    _texts(
        {
            "name": "File name, e.g. organisations.csv, partners.xlsx or activities.xml.",
            "content": "The whole file: UTF-8 text (CSV, IATI XML), or for XLSX the workbook encoded in base64.",
        }
    ),
    kind="input",
)


def _located(field: str, message: str) -> list[F]:
    """The fields of something said about a place in an input file (a problem, a notice)."""
    return _texts({
        "file": "The input file's name.",
        "where": "`line N` for CSV, `<sheet> row N` for a workbook, an XPath for IATI XML.",
        "field": field,
        "message": message,
    })  # fmt: skip


PROBLEM: Final = NS.make(
    "ImportProblem",
    "One problem in one input file; nothing was written.",
    _located("The column or XML attribute/element at fault.", "What is wrong and what is expected."),
)
NOTICE: Final = NS.make(
    "ImportNotice",
    "Something a reviewer should know, though nothing is wrong: an organisation matched by name, a country created "
    "from ISO 3166-1, a value left out, a new organisation that looks like another (a near-duplicate).",
    _located("The column or XML attribute/element it is about.", "What the import did, and what to check."),
)
CHANGE: Final = NS.make(
    "ImportChange",
    "One property an import sets: on a created record its value, on a changed one its stored value and the new.",
    [
        F("field", "str", "The property (the registry's name, e.g. budgetEur)."),
        F("old", "JSON | None", "The stored value before (null on create, or when it had none)."),
        F("new", "JSON | None", "The value the import writes."),
    ],
)
RECORD: Final = NS.make(
    "ImportRecord",
    "A record the import read: created, changed or left as is (or would be).",
    [
        _KIND,
        F("key", "str", "The record's id (or its endpoints for a structural link)."),
        F("name", "str", "What the record is called (a relationship's two ends, `from -> to`)."),
        F("outcome", "ImportOutcome", "CREATED, CHANGED or UNCHANGED."),
        F("fields", "list[str]", "For a changed record: the properties that changed."),
        F("changes", "list[ImportChange]", "Created: every value it gets; changed: each change, old and new."),
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
        F("records", "list[ImportRecord]", "Every record, in write order, with what the import does to it: a review."),
        F("notices", "list[ImportNotice]", "What a reviewer should know (matches by name, near-duplicates, ...)."),
        F("problems", "list[ImportProblem]", "Why the input was refused (when ok is false)."),
    ],
)


def report_value(report: ImportReport) -> Any:
    """The GraphQL value of an import's report: its review (service/io/review.py) as the result types."""
    review = report_json(report)
    records = [
        RECORD(**(r | {"outcome": _OUTCOME[r["outcome"]], "changes": [CHANGE(**c) for c in r["changes"]]}))
        for r in review["records"]
    ]
    return RESULT(
        ok=True, dryRun=report.dry_run, **{o.value: review[o.value] for o in ImportOutcome},
        kinds=[KIND_COUNT(**k) for k in review["kinds"]], records=records,
        notices=[NOTICE(**n) for n in review["notices"]], problems=[],
    )  # fmt: skip


def problems_value(problems: tuple[FileProblem, ...], *, dry_run: bool) -> Any:
    """The GraphQL value of a refused import: every problem, nothing written."""
    listed = [PROBLEM(**notice_json(p)) for p in problems]
    return RESULT(ok=False, dryRun=dry_run, **dict.fromkeys((o.value for o in ImportOutcome), 0), kinds=[],
                  records=[], notices=[], problems=listed)  # fmt: skip


def _contents(fmt: ImportFormat, files: list[Any]) -> list[tuple[str, str | bytes]]:
    """The files as the importer takes them: a workbook's base64 decoded (problems say which is not base64)."""
    if fmt is not ImportFormat.XLSX:
        return [(f.name, f.content) for f in files]
    out: list[tuple[str, str | bytes]] = []
    bad: list[FileProblem] = []
    for f in files:
        try:
            out.append((f.name, base64.b64decode(f.content, validate=True)))
        except ValueError as exc:  # binascii.Error, or a non-ASCII text
            bad.append(FileProblem(f.name, "-", "content", f"an XLSX file's content must be base64: {exc}"))
    if bad:
        raise ImportValidationError(bad)
    return out


async def import_data(
    info: Info[Context, None],
    format_: Annotated[
        Enum,
        strawberry.argument(name="format", description="CSV, XLSX or IATI: how to read the files.",
                            graphql_type=_FORMAT),
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
    fmt = ImportFormat(format_.value)
    try:
        report = await import_files(
            ctx.driver,
            database=ctx.database,
            fmt=fmt,
            files=_contents(fmt, files),
            dry_run=dry_run,
            actor=principal.subject,
            timeout_s=ctx.settings.query_timeout_s,
        )
    except ImportValidationError as exc:
        return problems_value(exc.problems, dry_run=dry_run)
    return report_value(report)


@strawberry.type
class ImportMutation:
    """The import of staff CSV files and workbooks, node/edge lists and IATI activity XML."""

    import_data = strawberry.mutation(
        resolver=import_data,
        name="importData",
        graphql_type=RESULT,
        description=(
            "Import CSV files (organisations.csv, projects.csv, participations.csv, memberships.csv, or an export's "
            "node/edge lists), Excel workbooks with those sheets (XLSX, base64) or IATI activity XML (admin). "
            "Everything is validated first: with problems, `ok` is false, `problems` lists each with file, line or "
            "XPath and field, and nothing is written. Otherwise the import runs in one transaction; with dryRun it "
            "is rolled back, and the result is a review of what would be created, changed (field by field, old and "
            "new) and left as is, with notices. Importing the same files again changes nothing."
        ),
    )
