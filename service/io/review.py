"""An import's report as a review: what it creates, changes (field by field, old and new) and leaves alone, and what
a reviewer should know; as terminal tables, and as one JSON form for the command line's --json and the importData
answer."""

from __future__ import annotations

from typing import Any, Final

from rich.markup import escape
from rich.table import Table

from service.io.encoding import to_json
from service.io.models import FieldChange, ImportOutcome, ImportReport, RecordOutcome
from service.model.graph import EDGE_GROUPS, NODE_TYPES
from service.seeding.errors import FileProblem


def _registry_order() -> dict[str, int]:
    """Every property's place in the registry (name and title first), so a review reads like the record."""
    order: dict[str, int] = {}
    for props in [t.props for t in NODE_TYPES] + [g.props for g in EDGE_GROUPS]:
        for p in props:
            for name in (p.name, p.precision.name if p.precision else None):
                if name is not None:
                    order.setdefault(name, len(order))
    return order


_ORDER: Final = _registry_order()


def ordered(changes: tuple[FieldChange, ...]) -> list[FieldChange]:
    """The changes in the registry's order of their properties (unknown ones last, by name)."""
    return sorted(changes, key=lambda c: (_ORDER.get(c.field, len(_ORDER)), c.field))


def change_json(c: FieldChange) -> dict[str, Any]:
    return {"field": c.field, "old": to_json(c.old), "new": to_json(c.new)}


def record_json(r: RecordOutcome) -> dict[str, Any]:
    """One record: kind, key, name, outcome, the changed property names, and its changes."""
    return {
        "kind": r.kind,
        "key": r.key,
        "name": r.name,
        "outcome": r.outcome.name,
        "fields": list(r.fields),
        "changes": [change_json(c) for c in ordered(r.changes)],
    }


def notice_json(n: FileProblem) -> dict[str, str]:
    return {"file": n.file, "where": n.where, "field": n.field, "message": n.message}


def counts(by_outcome: dict[ImportOutcome, int]) -> dict[str, int]:
    """`created`, `changed`, `unchanged` counts."""
    return {o.value: by_outcome[o] for o in ImportOutcome}


def report_json(report: ImportReport) -> dict[str, Any]:
    """The whole review: totals, counts per kind, every record (unchanged ones too) and the notices."""
    return {
        "dryRun": report.dry_run,
        "seconds": round(report.seconds, 3),
        "sources": list(report.sources),
        **counts({o: report.count(o) for o in ImportOutcome}),
        "kinds": [{"kind": k, **counts(c)} for k, c in report.by_kind().items()],
        "records": [record_json(r) for r in report.records],
        "notices": [notice_json(n) for n in report.notices],
    }


def shown(value: Any, width: int = 60) -> str:
    """A value as a review table shows it: lists joined with ` | `, none as `-`, long text cut."""
    if value is None or value == []:
        text = "-"
    elif isinstance(value, list):
        text = " | ".join(str(v) for v in value)
    else:
        text = str(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def summary_table(report: ImportReport) -> Table:
    """Records per kind and outcome, with totals."""
    title = "dry run: nothing was written" if report.dry_run else f"imported in {report.seconds:.1f}s"
    table = Table(title=title, title_justify="left")
    table.add_column("label / relationship type")
    for o in ImportOutcome:
        table.add_column("would be " + o.value if report.dry_run else o.value, justify="right")
    for kind, by_outcome in report.by_kind().items():
        table.add_row(escape(kind), *[str(by_outcome[o]) for o in ImportOutcome])
    table.add_row("[bold]total[/bold]", *[str(report.count(o)) for o in ImportOutcome])
    return table


def records_table(report: ImportReport, *, verbose: bool) -> Table | None:
    """The review: each record created (with every value when `verbose`), each change field by field (old and
    new), and the records left alone when `verbose`; None when there is nothing to show."""
    verb = "would be " if report.dry_run else ""
    table = Table(title=f"records ({verb}created, changed{', left alone' if verbose else ''})", title_justify="left")
    for column in ("outcome", "kind", "record", "field", "old", "new"):
        table.add_column(column, overflow="fold")
    rows = 0
    for r in report.records:
        if r.outcome is ImportOutcome.UNCHANGED and not verbose:
            continue
        head = [r.outcome.value, r.kind, escape(f"{r.key}\n{r.name}" if r.name and r.name != r.key else r.key)]
        shown_changes = ordered(r.changes) if r.outcome is ImportOutcome.CHANGED or verbose else []
        if not shown_changes:
            table.add_row(*head, "", "", "")
        for i, c in enumerate(shown_changes):
            cells = [escape(c.field), escape(shown(c.old)), escape(shown(c.new))]
            table.add_row(*(head if i == 0 else ["", "", ""]), *cells)
        rows += 1
    return table if rows else None


def notices_table(report: ImportReport) -> Table | None:
    """What a reviewer should know (matched by name, created from ISO 3166-1, left out, near-duplicates)."""
    if not report.notices:
        return None
    table = Table(title=f"{len(report.notices)} notice(s)", title_justify="left")
    for column in ("file", "where", "field", "notice"):
        table.add_column(column, overflow="fold")
    for n in report.notices:
        table.add_row(escape(n.file), escape(n.where), escape(n.field), escape(n.message))
    return table
