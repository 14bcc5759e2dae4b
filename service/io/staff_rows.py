"""Staff records (organisations, projects, participations, memberships), one row each, from a CSV file or a
spreadsheet's sheet alike: columns are the registry's names (docs/import-export.md), every value is checked by the
registry's rules (service/model/values.py), and each problem names its file, row and column."""

from __future__ import annotations

from typing import Final

from service.io.csv_cells import Row, Table, table_rows
from service.io.iati_codes import DEFAULT_IATI_ROLE, PROJECT_STATUS
from service.io.importer import ImportPlan, new_record
from service.io.models import IMPORT_WRITES
from service.model.catalog import GROUPS, NODES, base_name, match_label
from service.model.enums import ParticipationRole
from service.model.graph import ORGANISATION
from service.model.ids import KEY, KEY_HELP, record_id, slug
from service.model.spec import Shape
from service.model.values import period
from service.seeding.records import (
    LOCATED_IN,
    ORG_END,
    RecordFormat,
    kind_of,
    pick_target,
    read_props,
    record_format,
)

# The kinds of staff record, in dependency order: a CSV file `<kind>.csv` or a sheet `<kind>` holds each.
STAFF_KINDS: Final[dict[str, RecordFormat]] = {
    "organisations": record_format(ORGANISATION, names=LOCATED_IN, extra=IMPORT_WRITES),
    "projects": record_format("Project", extra=IMPORT_WRITES),
    "participations": record_format("Participation", names=ORG_END),
    "memberships": record_format("Membership", names=ORG_END),
}


def _id(r: Row, fallback: str | None) -> str | None:
    given = r.cell("id")
    if given is not None and not KEY.fullmatch(given):
        r.error("id", f"expected an id ({KEY_HELP}), got {given!r}")
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
    plan.add_node(node_type.name, node_id, props, source=r.file, where=r.place("id"),
                  defaults=new_record(fmt.props, **extra))  # fmt: skip
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
    rel_id = _id(r, record_id(org, str(role or group.type), target))
    if rel_id is None:
        return
    source, label = match_label(fmt.source.type), match_label(end.type)
    plan.require(source, org, r.problem(fmt.source.field, f"unknown {source.lower()} id {org!r}"))
    plan.require(label, target, r.problem(end.field, f"unknown {label.lower()} id {target!r}"))
    plan.add_keyed((source, org), group.type, (label, target), rel_id, props, source=r.file,
                   where=r.place("id"), inherit=True, derive=derive, defaults=new_record(fmt.props))  # fmt: skip


def plan_staff_table(kind: str, name: str, table: Table | None, plan: ImportPlan, *, place: str = "line") -> None:
    """Plan the records of one staff table (`kind` a key of STAFF_KINDS) read from file `name`; `place` names
    its rows in problems (`line`, or `<sheet> row`)."""
    fmt = STAFF_KINDS[kind]
    optional = [c for c in fmt.columns if c not in fmt.required]
    read = _staff_node if fmt.source is None else _staff_record
    for r in table_rows(name, table, required=fmt.required, optional=optional, problems=plan.problems, place=place):
        read(fmt, r, plan)
