"""CSV import: the staff files (organisations, projects, participations, memberships) and the node/edge lists that
`partnernet export --format csv` writes. Columns are the registry's names (docs/import-export.md) and every value
is checked by the registry's rules (service/model/values.py); each problem names its file, line and column."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from service.core.errors import InvalidInputError
from service.io.csv_cells import Row, read_rows, read_table, typed_cell
from service.io.iati_xml import PROJECT_STATUS
from service.io.import_cypher import REL_PATTERNS
from service.io.importer import ImportPlan
from service.io.models import IMPORT_META_KEYS, IMPORT_WRITES, split_key
from service.io.problems import ImportValidationError
from service.model.catalog import GROUP_BY_TYPE, GROUPS, KINDS, NODES, base_name, match_label
from service.model.enums import ParticipationRole
from service.model.graph import AUDIT, ORGANISATION
from service.model.ids import KEY, slug
from service.model.spec import Prop, Scalar, Shape, Write
from service.model.values import clean_value
from service.seeding.errors import FileProblem
from service.seeding.records import (
    LOCATED_IN,
    ORG_END,
    RecordFormat,
    kind_of,
    period,
    pick_target,
    read_props,
    record_format,
    split_message,
)

STAFF_FILES: Final[dict[str, RecordFormat]] = {
    "organisations.csv": record_format(ORGANISATION, names=LOCATED_IN, extra=IMPORT_WRITES),
    "projects.csv": record_format("Project", extra=IMPORT_WRITES),
    "participations.csv": record_format("Participation", names=ORG_END),
    "memberships.csv": record_format("Membership", names=ORG_END),
}
# The IATI Organisation Role a participation role implies when the input gives none (MODEL.md's role table).
DEFAULT_IATI_ROLE: Final[dict[str, int]] = {
    ParticipationRole.IMPLEMENTER: 4,
    ParticipationRole.IMPLEMENTING_UNIT: 4,
    ParticipationRole.FUNDER: 1,
    ParticipationRole.CO_FUNDER: 1,
}
# What a record an import creates holds where the input says nothing (MODEL.md: provenance on every record).
NEW_RECORD: Final[dict[str, Any]] = {"synthetic": False, "confidence": "HIGH", "notes": [], "sources": []}


def new_record(fmt: RecordFormat, **extra: Any) -> dict[str, Any]:
    """The values a record of `fmt` takes on create where the input leaves them out: provenance, the registry's
    defaults (a project's status UNKNOWN, a membership's MEMBER), and `extra`."""
    return NEW_RECORD | {p.name: p.default for p in fmt.props if p.default is not None} | extra


def _id(r: Row, fallback: str | None) -> str | None:
    given = r.cell("id")
    if given is not None and not KEY.fullmatch(given):
        r.error("id", f"expected an id (letters, digits, '.', '_', '-'; at most 128), got {given!r}")
        return None
    return given or fallback


def _staff_node(fmt: RecordFormat, r: Row, plan: ImportPlan) -> None:
    before = len(plan.problems)
    values = r.values(fmt.fields)
    props = read_props(fmt, values, r.error, complete=False)
    type_name = kind_of(fmt, values)
    node_type = NODES[type_name] if type_name is not None else None
    if node_type is not None and node_type.name_from in props:
        props["name"] = props[node_type.name_from]
    if props.get("status") is None and props.get("iatiStatus") in PROJECT_STATUS and fmt.owner == "Project":
        props["status"] = PROJECT_STATUS[props["iatiStatus"]].value  # an empty status follows the IATI one
    fallback: str | None
    if fmt.owner == ORGANISATION:
        fallback = slug(" ".join(filter(None, (r.cell("country"), props.get("shortName") or props.get("name")))))
        extra = {"sensitive": False, "category": str(values.get("kind", "")).lower().replace("_", " ")}
    else:
        iati = props.get("iatiIdentifier")
        fallback = slug(f"iati {iati}") if iati else slug(props["name"]) if props.get("name") else None
        extra = {}
    node_id = _id(r, fallback)
    if node_type is None or node_id is None or len(plan.problems) > before:
        return  # the import is refused; a broken row would only add reference problems
    plan.add_node(node_type.name, node_id, props, source=r.file, where=r.place("id"), defaults=new_record(fmt, **extra))
    label = match_label(node_type.name)
    for link in fmt.links:
        targets = r.ids(link.field)
        if link.rel.shape is Shape.ONE and len(targets) > 1:
            r.error(link.field, "names one record, not a list")
            continue
        target = match_label(link.rel.target)
        for t in targets:
            if base_name(link.rel.target) == base_name(node_type.name) and t == node_id:
                r.error(link.field, "a record cannot link to itself")
            plan.require(target, t, r.problem(link.field, f"unknown {target.lower()} id {t!r}"))
            plan.add_link((label, node_id), link.rel.type, (target, t), source=r.file, where=r.place(link.field),
                          replace=link.rel.shape is Shape.ONE)  # fmt: skip


def _staff_record(fmt: RecordFormat, r: Row, plan: ImportPlan) -> None:
    assert fmt.source is not None  # edge-group formats have ends
    before = len(plan.problems)
    values = r.values(fmt.fields)
    props = read_props(fmt, values, r.error, complete=False)
    org = r.cell(fmt.source.field)
    if org is None:
        r.error(fmt.source.field, "is required")
    picked = pick_target(fmt, [(t, v) for t in fmt.targets if (v := r.cell(t.field)) is not None], r.error)
    group = GROUPS[fmt.owner]
    role = props.get("role")
    if role is not None:
        props["roleClass"] = ParticipationRole(role).role_class.value
        if props.get("iatiRole") is None and role in DEFAULT_IATI_ROLE:
            props["iatiRole"] = DEFAULT_IATI_ROLE[role]
    # Without dates of its own a participation is active over its target's (MODEL.md); the import statement copies
    # them (service/io/import_cypher.py), so a row that gives dates says they are its own.
    dated = any(p.name == "datesDerived" for p in group.props)
    derive = dated and not any(props.get(p) is not None for p in period(group.props) or ())
    if dated and not derive:
        props["datesDerived"] = False
    if org is None or picked is None or len(plan.problems) > before:
        return
    end, target = picked
    word = str(role or group.type).lower().replace("_", "-")
    rel_id = _id(r, f"{org}--{word}--{target}")
    if rel_id is None:
        return
    source, label = match_label(fmt.source.type), match_label(end.type)
    plan.require(source, org, r.problem(fmt.source.field, f"unknown {source.lower()} id {org!r}"))
    plan.require(label, target, r.problem(end.field, f"unknown {label.lower()} id {target!r}"))
    plan.add_keyed((source, org), group.type, (label, target), rel_id, props, source=r.file,
                   where=r.place("id"), inherit=True, derive=derive, defaults=new_record(fmt))  # fmt: skip


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
            fmt = STAFF_FILES[kind]
            optional = [c for c in fmt.columns if c not in fmt.required]
            read = _staff_node if fmt.source is None else _staff_record
            for r in read_rows(name, text, required=fmt.required, optional=optional, problems=plan.problems):
                read(fmt, r, plan)
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
