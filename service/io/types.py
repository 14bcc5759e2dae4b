"""Strawberry types of the admin import mutation, built from the import report and problems."""

from __future__ import annotations

from enum import Enum

import strawberry

from service.io.models import ImportReport, Outcome
from service.io.problems import ImportProblem


@strawberry.enum(name="ImportFormat", description="The kind of files an import reads.")
class ImportFormatEnum(Enum):
    CSV = strawberry.enum_value("CSV", description="Staff CSV files or an export's node/edge lists.")
    IATI = strawberry.enum_value("IATI", description="IATI activity XML (standard 2.0x).")


@strawberry.enum(name="ImportOutcome", description="What an import did, or would do, to one record.")
class ImportOutcomeEnum(Enum):
    CREATED = "created"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@strawberry.input(name="ImportFileInput", description="One input file: its name decides how a CSV file is read.")
class ImportFileInput:
    name: str = strawberry.field(description="File name, e.g. organisations.csv or activities.xml.")
    content: str = strawberry.field(description="The whole file as text (UTF-8).")


@strawberry.type(name="ImportProblem", description="One problem in one input file; nothing was written.")
class ImportProblemType:
    file: str = strawberry.field(description="The input file's name.")
    where: str = strawberry.field(description="`line N` for CSV, an XPath for IATI XML.")
    field: str = strawberry.field(description="The column or XML attribute/element at fault.")
    message: str = strawberry.field(description="What is wrong and what is expected.")

    @classmethod
    def from_domain(cls, p: ImportProblem) -> ImportProblemType:
        return cls(file=p.file, where=p.where, field=p.field, message=p.message)


@strawberry.type(name="ImportRecord", description="A record the import created or changed (or would).")
class ImportRecordType:
    kind: str = strawberry.field(description="Node label or relationship type.")
    key: str = strawberry.field(description="The record's id (or its endpoints for a structural link).")
    outcome: ImportOutcomeEnum = strawberry.field(description="CREATED or CHANGED.")
    fields: list[str] = strawberry.field(description="For a changed record: the properties that changed.")


@strawberry.type(name="ImportKindCount", description="Per label or relationship type: records by outcome.")
class ImportKindCount:
    kind: str = strawberry.field(description="Node label or relationship type.")
    created: int = strawberry.field(description="Records created (or that would be).")
    changed: int = strawberry.field(description="Records whose properties changed (or would).")
    unchanged: int = strawberry.field(description="Records already as the input says.")


@strawberry.type(name="ImportResult", description="The outcome of an import, or its problems when it was refused.")
class ImportResult:
    ok: bool = strawberry.field(description="False when the input had problems; then nothing was written.")
    dry_run: bool = strawberry.field(description="True when nothing was written on purpose (dryRun).")
    created: int = strawberry.field(description="Records created (or that would be).")
    changed: int = strawberry.field(description="Records changed (or that would be).")
    unchanged: int = strawberry.field(description="Records left as they are.")
    kinds: list[ImportKindCount] = strawberry.field(description="The counts per label and relationship type.")
    records: list[ImportRecordType] = strawberry.field(description="Created and changed records, in write order.")
    problems: list[ImportProblemType] = strawberry.field(description="Why the input was refused (when ok is false).")

    @classmethod
    def from_report(cls, report: ImportReport) -> ImportResult:
        return cls(
            ok=True,
            dry_run=report.dry_run,
            created=report.count(Outcome.CREATED),
            changed=report.count(Outcome.CHANGED),
            unchanged=report.count(Outcome.UNCHANGED),
            kinds=[
                ImportKindCount(
                    kind=k, created=c[Outcome.CREATED], changed=c[Outcome.CHANGED], unchanged=c[Outcome.UNCHANGED]
                )
                for k, c in report.by_kind().items()
            ],
            records=[
                ImportRecordType(
                    kind=r.kind, key=r.key, outcome=ImportOutcomeEnum(r.outcome.value), fields=list(r.fields)
                )
                for r in report.records
                if r.outcome is not Outcome.UNCHANGED
            ],
            problems=[],
        )

    @classmethod
    def from_problems(cls, problems: tuple[ImportProblem, ...], *, dry_run: bool) -> ImportResult:
        return cls(ok=False, dry_run=dry_run, created=0, changed=0, unchanged=0, kinds=[], records=[],
                   problems=[ImportProblemType.from_domain(p) for p in problems])  # fmt: skip
