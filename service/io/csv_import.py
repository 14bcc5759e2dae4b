"""CSV import: the staff files (organisations, projects, participations, memberships) and the node/edge lists that
`partnernet export --format csv` writes. Columns are the registry's names (docs/import-export.md) and every value
is checked by the registry's rules (service/model/values.py); each problem names its file, line and column."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from service.core.errors import InvalidInputError
from service.io.csv_cells import Row, read_table, typed_cell
from service.io.import_cypher import REL_PATTERNS
from service.io.importer import ImportPlan
from service.io.models import IMPORT_META_KEYS, split_key
from service.io.problems import ImportValidationError
from service.io.staff_rows import STAFF_KINDS, plan_staff_table
from service.model.catalog import GROUP_BY_TYPE, KINDS, NODES, match_label
from service.model.graph import AUDIT, ORGANISATION
from service.model.spec import Prop, Scalar, Write
from service.model.values import clean_value
from service.seeding.errors import FileProblem
from service.seeding.records import split_message

# The staff files: `<kind>.csv` for each kind of staff record.
STAFF_FILES: Final[dict[str, str]] = {f"{kind}.csv": kind for kind in STAFF_KINDS}

# -- node and edge lists (the export's CSV) --------------------------------------------------------------------

_KIND_BY_LABEL: Final[dict[str, str]] = {k.node_label: k.name for k in KINDS}
_FIXED_NODE: Final = (":ID", ":LABEL")
_FIXED_EDGE: Final = (":ID", ":TYPE", ":START_ID", ":END_ID")


def _vocabulary(props: Sequence[Prop]) -> dict[str, Prop]:
    """The stored properties these registry properties make: each, and a partial date's precision companion."""
    out: dict[str, Prop] = {}
    for p in props:
        out[p.name] = p
        if p.precision is not None:
            out[p.precision.name] = p.precision
    return out


def stored_props(owner: str, vocabulary: Mapping[str, Prop], props: Mapping[str, Any], r: Row) -> dict[str, Any]:
    """A node/edge list's stored property map, each value checked by the registry's rule for it (a date as the
    full date it is stored as); a property the registry does not know for `owner` is a problem."""
    out: dict[str, Any] = {}
    for name, value in props.items():
        if name == "id":
            out[name] = value
            continue
        prop = vocabulary.get(name)
        if prop is None:
            r.error(name, f"{owner} has no property {name!r} (schema/MODEL.md)")
            continue
        as_stored = dataclasses.replace(prop, partial=None, write=Write.OPTIONAL)
        try:
            cleaned = clean_value(as_stored, value, field=name)[name]
        except InvalidInputError as exc:
            r.error(*split_message(exc, name))
            continue
        out[name] = value if prop.type is Scalar.DATETIME else cleaned  # instants keep their stored form
    return out


def _columns(name: str, header: list[str], fixed: tuple[str, ...], problems: list[FileProblem]) -> dict[str, str]:
    """Property column -> type from a typed header (`budgetEur:float`); derived and provenance columns skipped."""
    types: dict[str, str] = {}
    for column in header:
        if column in fixed:
            continue
        prop, _, col_type = column.partition(":")
        col_type = col_type or "string"
        if col_type == "derived" or prop in IMPORT_META_KEYS:
            continue
        scalar = col_type.removesuffix("[]")
        if scalar not in ("string", "int", "float", "boolean", "json") or (scalar == "json" and col_type != "json"):
            problems.append(FileProblem(name, "line 1", column, f"unknown column type {col_type!r}"))
            continue
        types[column] = col_type
    return types


def _typed(r: Row, types: dict[str, str]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for column, col_type in types.items():
        raw = r.raw.get(column)
        if raw is None or raw == "":
            continue
        try:
            props[column.partition(":")[0]] = typed_cell(raw, col_type)
        except ValueError as exc:
            r.error(column, str(exc))
    return props


def _node_type(r: Row, label: str, labels: set[str]) -> str | None:
    """The concrete node type a node list row stands for (an organisation's: by its one kind label)."""
    if label not in NODES or label != match_label(label) or label not in labels:
        allowed = ", ".join(sorted(t for t in NODES if t == match_label(t)))
        r.error(":LABEL", f"expected one of the model labels {allowed} (and {label!r})")
        return None
    if label != ORGANISATION:
        return label
    kinds = [_KIND_BY_LABEL[lbl] for lbl in labels if lbl in _KIND_BY_LABEL]
    if len(kinds) != 1:
        r.error(":LABEL", "an organisation needs exactly one kind label: " + ", ".join(_KIND_BY_LABEL))
        return None
    return kinds[0]


def _list_rows(
    name: str, text: str, plan: ImportPlan, fixed: tuple[str, ...], required: tuple[str, ...]
) -> list[tuple[Row, dict[str, Any]]]:
    """The rows of a node or edge list (`fixed`: its columns that are not properties) with their typed property
    values; a row without a `required` cell is a problem and left out."""
    table = read_table(name, text, plan.problems)
    if table is None:
        return []
    header, records = table
    types = _columns(name, header, fixed, plan.problems)
    out: list[tuple[Row, dict[str, Any]]] = []
    for line, raw in records:
        r = Row(name, line, raw, plan.problems)
        missing = [c for c in required if r.cell(c) is None]
        for column in missing:
            r.error(column, "is required")
        if not missing:
            out.append((r, _typed(r, types)))
    return out


def _node_list(name: str, text: str, plan: ImportPlan) -> None:
    for r, typed in _list_rows(name, text, plan, _FIXED_NODE, (":ID",)):
        try:
            label, node_id = split_key(r.cell(":ID") or "")
        except ValueError as exc:
            r.error(":ID", str(exc))
            continue
        type_name = _node_type(r, label, {p.strip() for p in (r.cell(":LABEL") or "").split(";") if p.strip()})
        if type_name is None:
            continue
        props = stored_props(type_name, _vocabulary(NODES[type_name].props), typed, r)
        if props.get("id") != node_id:
            r.error("id", f"the id property must equal the id in :ID ({node_id!r})")
            continue
        kind = NODES[type_name].kind_value
        if kind is not None and props.get("kind", kind) != kind:
            r.error("kind", f"the kind label says {kind}, the kind property {props['kind']}")
            continue
        plan.add_node(type_name, node_id, props, source=name, where=r.place(":ID"))


def _edge_list(name: str, text: str, plan: ImportPlan) -> None:
    for r, typed in _list_rows(name, text, plan, _FIXED_EDGE, _FIXED_EDGE[1:]):
        rel, start, end = r.cell(":TYPE") or "", r.cell(":START_ID") or "", r.cell(":END_ID") or ""
        try:
            (a_label, a_id), (b_label, b_id) = split_key(start), split_key(end)
        except ValueError as exc:
            r.error(":START_ID", str(exc))
            continue
        if (a_label, rel, b_label) not in REL_PATTERNS:
            r.error(":TYPE", f"({a_label})-[:{rel}]->({b_label}) is not a relationship of the model (MODEL.md)")
            continue
        group = GROUP_BY_TYPE.get(rel)
        props = stored_props(rel, _vocabulary(group.props if group else AUDIT), typed, r)
        plan.require(a_label, a_id, r.problem(":START_ID", f"unknown node {start!r}"))
        plan.require(b_label, b_id, r.problem(":END_ID", f"unknown node {end!r}"))
        if group is None:
            plan.add_link((a_label, a_id), rel, (b_label, b_id), source=name, where=r.place(":ID"), props=props)
            continue
        rel_id = props.get("id")
        if not isinstance(rel_id, str) or not rel_id:
            r.error("id", f"a {rel} relationship needs its id property")
            continue
        plan.add_keyed((a_label, a_id), rel, (b_label, b_id), rel_id, props, source=name, where=r.place(":ID"))


def _kind_of_file(name: str, text: str) -> str:
    base = Path(name).name
    if base in STAFF_FILES:
        return base
    first = text.removeprefix("\ufeff").split("\n", 1)[0]
    if ":LABEL" in first and ":ID" in first:
        return "nodes"
    if ":TYPE" in first and ":START_ID" in first:
        return "edges"
    return ""


# Node lists first, then the staff files in dependency order, then edge lists: the order of the inputs is free.
_ORDER: Final = {"nodes": 0, **{f: i for i, f in enumerate(STAFF_FILES, start=1)}, "edges": len(STAFF_FILES) + 1}


def plan_csv(files: Sequence[tuple[str, str]]) -> ImportPlan:
    """Parse every CSV input (name, text) into one plan; problems are collected on the plan, not raised."""
    plan = ImportPlan(sources=[name for name, _ in files])
    kinds = [(_kind_of_file(name, text), name, text) for name, text in files]
    for kind, name, _ in kinds:
        if not kind:
            expected = ", ".join(STAFF_FILES)
            plan.problems.append(FileProblem(name, "line 1", "-", f"not an import file: expected one of {expected}, "
                                               "or a node/edge list with :ID and :LABEL or :TYPE columns"))  # fmt: skip
    for kind, name, text in sorted((k for k in kinds if k[0]), key=lambda k: (_ORDER[k[0]], k[1])):
        if kind == "nodes":
            _node_list(name, text, plan)
        elif kind == "edges":
            _edge_list(name, text, plan)
        else:
            plan_staff_table(STAFF_FILES[kind], name, read_table(name, text, plan.problems), plan)
    return plan


def read_csv_inputs(path: Path) -> list[tuple[str, str]]:
    """(file name, text) of a CSV file, or of every *.csv file in a folder (sorted)."""
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    out: list[tuple[str, str]] = []
    problems: list[FileProblem] = []
    for f in files:
        try:
            out.append((f.name, f.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(FileProblem(str(f), "-", "-", f"cannot read the file: {exc}"))
    if not files:
        problems.append(FileProblem(str(path), "-", "-", "no *.csv files here"))
    if problems:
        raise ImportValidationError(problems)
    return out
