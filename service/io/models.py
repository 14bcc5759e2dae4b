"""Graph records that travel in and out (nodes and edges keyed `<Label>:<id>`), and import outcomes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from service.model.catalog import ENTITY_TYPES, match_label
from service.model.enums import DocEnum
from service.model.graph import AUDIT
from service.seeding.errors import FileProblem

# The label that names a node in a key: an entity type's own (an organisation's is Organisation, not its kind's).
KEY_LABELS: tuple[str, ...] = tuple(match_label(t.name) for t in ENTITY_TYPES)

# Properties an import writes itself (MODEL.md, Imports); they are not compared when deciding "changed".
IMPORT_META_KEYS: frozenset[str] = frozenset({"importSource", "importedAt"})
# The audit fields every write moves (MODEL.md, Audit): the importer's own business, not the input's.
AUDIT_KEYS: frozenset[str] = frozenset(p.name for p in AUDIT if p.exposed) - IMPORT_META_KEYS
# Properties the API never writes that an import may (MODEL.md, Imports): identifiers, sectors, regions and budget
# totals per currency from IATI.
IMPORT_WRITES: tuple[str, ...] = ("iatiIdentifier", "sectorCodes", "regionCodes", "budgetTotals")


def key_label(labels: Iterable[str]) -> str:
    """The model label that names a node with these labels (the first sorted label for unknown ones)."""
    present = set(labels)
    for label in KEY_LABELS:
        if label in present:
            return label
    return sorted(present)[0] if present else "Node"


def node_key(labels: Iterable[str], node_id: object) -> str:
    """A node's key in export files: `<Label>:<id>`, the API's global id form."""
    return f"{key_label(labels)}:{node_id}"


def split_key(key: str) -> tuple[str, str]:
    """(label, id) of a `<Label>:<id>` key; raises ValueError when it has no label part."""
    label, sep, node_id = key.partition(":")
    if not sep or not label or not node_id:
        raise ValueError(f"expected <Label>:<id>, got {key!r}")
    return label, node_id


@dataclass(frozen=True)
class GraphNode:
    """A node as exports carry it: `countries` are derived from its country links, not stored on it."""

    key: str
    labels: tuple[str, ...]
    props: Mapping[str, Any]
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class GraphEdge:
    """A relationship as exports carry it, between two node keys."""

    key: str
    type: str
    source: str
    target: str
    props: Mapping[str, Any]


def edge_key(rel_type: str, source: str, target: str, rel_id: object = None) -> str:
    """An edge's key: its own id when it has one (participations, memberships; GEXF readers take the XML id for
    the `id` attribute, so the two agree), else type and endpoints."""
    if rel_id is not None:
        return str(rel_id)
    return f"{rel_type}:{source}->{target}"


class ImportOutcome(DocEnum):
    """What an import did, or would do, to one record."""

    CREATED = "created", "Created (or would be)."
    CHANGED = "changed", "Some properties changed (or would)."
    UNCHANGED = "unchanged", "Already as the input says."


@dataclass(frozen=True)
class FieldChange:
    """One property an import sets: its stored value before (None on create) and after."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class RecordOutcome:
    """What an import did (or would do) to one record: `changes` holds every property a created record gets from
    the input, or each property a changed one changes (old and new); `name` says what the record is (a node's
    name, a relationship's two ends)."""

    kind: str
    key: str
    outcome: ImportOutcome
    changes: tuple[FieldChange, ...] = ()
    name: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        """The names of the properties a changed record changes (none for created and unchanged ones)."""
        return tuple(c.field for c in self.changes) if self.outcome is ImportOutcome.CHANGED else ()


@dataclass(frozen=True)
class ImportReport:
    """The outcome of every record of one import, in plan order, and the notices a reviewer should read (what
    was matched by name, created from a reference list, left out, or looks like a duplicate)."""

    dry_run: bool
    records: tuple[RecordOutcome, ...] = ()
    seconds: float = 0.0
    sources: tuple[str, ...] = field(default_factory=tuple)
    notices: tuple[FileProblem, ...] = ()

    def count(self, outcome: ImportOutcome) -> int:
        return sum(1 for r in self.records if r.outcome is outcome)

    def by_kind(self) -> dict[str, dict[ImportOutcome, int]]:
        """Per record kind (label or relationship type), how many were created, changed and left as is."""
        out: dict[str, dict[ImportOutcome, int]] = {}
        for r in self.records:
            bucket = out.setdefault(r.kind, dict.fromkeys(ImportOutcome, 0))
            bucket[r.outcome] += 1
        return out
