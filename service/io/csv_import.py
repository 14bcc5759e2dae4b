"""CSV import: the staff files (organisations, projects, participations, memberships) and the node/edge lists
that `partnernet export --format csv` writes; headers are documented in docs/import-export.md."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from service.io.csv_cells import CellReader, read_rows, read_table, typed_cell
from service.io.iati_xml import ORGANISATION_TYPES
from service.io.import_cypher import KEYED_TYPES, NODE_LABELS, ORG_KIND_STEPS, REL_PATTERNS
from service.io.importer import ImportPlan, date_props, slug
from service.io.models import IMPORT_META_KEYS, split_key
from service.io.problems import ImportProblem, ImportValidationError
from service.model.dates import PartialDate
from service.seeding.models import (
    AuthorityKind,
    DivisionAttribution,
    GanhriStatus,
    MembershipStatus,
    OrgKind,
    ProjectStatus,
    Role,
)

STAFF_FILES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # file: (required columns, optional columns)
    "organisations.csv": (
        ("name", "kind"),
        ("id", "short_name", "authority_kind", "category", "iati_org_type", "iati_identifier", "country", "parent",
         "sensitive", "ganhri_status", "ganhri_as_of", "npm_mandate", "confidence", "notes", "sources"),
    ),
    "projects.csv": (
        ("title",),
        ("id", "iati_identifier", "programmes", "countries", "start", "end", "budget_eur", "status", "iati_status",
         "division_attribution", "implementing_unit", "jp_code", "themes", "confidence", "notes", "sources"),
    ),
    "participations.csv": (
        ("org", "role"),
        ("id", "project", "programme", "iati_role", "since", "until", "share", "amount_eur", "confidence", "notes",
         "sources"),
    ),
    "memberships.csv": (
        ("org", "network"),
        ("id", "status", "evidence", "since", "until", "confidence", "notes", "sources"),
    ),
}  # fmt: skip

# IATI Activity Status -> project status (the exact code stays in iatiStatus).
IATI_STATUS: dict[int, ProjectStatus] = {
    1: ProjectStatus.PLANNED,
    2: ProjectStatus.ACTIVE,
    3: ProjectStatus.COMPLETED,
    4: ProjectStatus.COMPLETED,
    5: ProjectStatus.UNKNOWN,
    6: ProjectStatus.UNKNOWN,
}
# The IATI Organisation Role a participation role implies when the input gives none (MODEL.md).
DEFAULT_IATI_ROLE: dict[Role, int] = {
    Role.IMPLEMENTER: 4,
    Role.IMPLEMENTING_UNIT: 4,
    Role.FUNDER: 1,
    Role.CO_FUNDER: 1,
}
_NEW = {"synthetic": False, "confidence": "HIGH", "notes": [], "sources": []}


def _range(r: CellReader, first: PartialDate | None, last: PartialDate | None, column: str) -> None:
    if first is not None and last is not None and last.last < first.first:
        r.error(column, f"{last} is before {first}")


def _organisation(r: CellReader, plan: ImportPlan) -> None:
    kind = r.enum_("kind", OrgKind, required=True)
    authority = r.enum_("authority_kind", AuthorityKind)
    if kind is OrgKind.NATIONAL_AUTHORITY and authority is None and r.cell("authority_kind") is None:
        r.error("authority_kind", "is required for kind NATIONAL_AUTHORITY")
    if kind is not None and kind is not OrgKind.NATIONAL_AUTHORITY and authority is not None:
        r.error("authority_kind", f"only NATIONAL_AUTHORITY organisations have one (kind is {kind.value})")
    ganhri, as_of, npm = r.enum_("ganhri_status", GanhriStatus), r.date_("ganhri_as_of"), r.bool_("npm_mandate")
    if kind is not None and kind is not OrgKind.NHRI:
        for column in ("ganhri_status", "ganhri_as_of", "npm_mandate"):
            if r.cell(column) is not None:
                r.error(column, f"only NHRI organisations have one (kind is {kind.value})")
    name, short, country = r.str_("name", required=True), r.str_("short_name"), r.str_("country")
    org_id = r.str_("id") or (slug(country or "", short or name) if name else None)
    props: dict[str, Any] = {
        "name": name,
        "shortName": short,
        "kind": kind.value if kind else None,
        "category": r.str_("category"),
        "iatiOrgType": r.int_("iati_org_type", allowed=ORGANISATION_TYPES),
        "iatiIdentifier": r.str_("iati_identifier"),
        "sensitive": r.bool_("sensitive"),
        "authorityKind": authority.value if authority else None,
        "ganhriStatus": ganhri.value if ganhri else None,
        **date_props("ganhriStatusAsOf", as_of, end=False),
        "npmMandate": npm,
        **r.provenance(),
    }
    if kind is None or org_id is None:
        return
    defaults = {**_NEW, "sensitive": False, "category": kind.value.lower().replace("_", " ")}
    plan.add_node("Organisation", org_id, props, source=r.file, where=r.place("id"), kind=kind.value,
                  defaults=defaults)  # fmt: skip
    if country:
        plan.require("Country", country, r.problem("country", f"unknown country id {country!r}"))
        plan.add_link(("Organisation", org_id), "LOCATED_IN", ("Country", country), source=r.file,
                      where=r.place("country"), replace=True)  # fmt: skip
    parent = r.str_("parent")
    if parent:
        if parent == org_id:
            r.error("parent", "an organisation cannot be its own parent")
        plan.require("Organisation", parent, r.problem("parent", f"unknown organisation id {parent!r}"))
        plan.add_link(("Organisation", org_id), "SUBUNIT_OF", ("Organisation", parent), source=r.file,
                      where=r.place("parent"), replace=True)  # fmt: skip


def _project(r: CellReader, plan: ImportPlan) -> None:
    title, iati_id = r.str_("title", required=True), r.str_("iati_identifier")
    start, end = r.date_("start"), r.date_("end")
    _range(r, start, end, "end")
    iati_status = r.int_("iati_status", allowed=range(1, 7))
    status = r.enum_("status", ProjectStatus)
    if status is None and iati_status is not None:
        status = IATI_STATUS[iati_status]
    division = r.enum_("division_attribution", DivisionAttribution)
    project_id = r.str_("id") or (slug("iati", iati_id) if iati_id else slug(title) if title else None)
    props: dict[str, Any] = {
        "name": title,
        "title": title,
        "iatiIdentifier": iati_id,
        "status": status.value if status else None,
        "iatiStatus": iati_status,
        "budgetEur": r.float_("budget_eur"),
        "divisionAttribution": division.value if division else None,
        "implementingUnit": r.str_("implementing_unit"),
        "jpCode": r.str_("jp_code"),
        **date_props("startDate", start, end=False),
        **date_props("endDate", end, end=True),
        **r.provenance(),
    }
    if project_id is None:
        return
    plan.add_node("Project", project_id, props, source=r.file, where=r.place("id"),
                  defaults={**_NEW, "status": ProjectStatus.UNKNOWN.value})  # fmt: skip
    for column, rel, label in (("programmes", "PART_OF", "Programme"), ("countries", "IMPLEMENTED_IN", "Country"),
                               ("themes", "ADDRESSES", "Theme")):  # fmt: skip
        for target in r.list_(column):
            plan.require(label, target, r.problem(column, f"unknown {label.lower()} id {target!r}"))
            plan.add_link(("Project", project_id), rel, (label, target), source=r.file, where=r.place(column))


def _participation(r: CellReader, plan: ImportPlan) -> None:
    org, role = r.str_("org", required=True), r.enum_("role", Role, required=True)
    project, programme = r.str_("project"), r.str_("programme")
    if project is None and programme is None:
        r.error("project", "one of project or programme is required")
    elif project is not None and programme is not None:
        r.error("programme", "give either project or programme, not both")
    iati_role = r.int_("iati_role", allowed=range(1, 5))
    since, until = r.date_("since"), r.date_("until")
    _range(r, since, until, "until")
    share, amount = r.float_("share", maximum=1.0), r.float_("amount_eur")
    provenance = r.provenance()
    if org is None or role is None or (project is None) == (programme is None):
        return
    label, target = ("Project", project) if project is not None else ("Programme", programme)
    assert target is not None
    rel_id = r.str_("id") or f"{org}--{role.value.lower().replace('_', '-')}--{target}"
    derive = since is None and until is None
    props: dict[str, Any] = {
        "role": role.value,
        "roleClass": role.role_class.value,
        "iatiRole": iati_role if iati_role is not None else DEFAULT_IATI_ROLE.get(role),
        **date_props("since", since, end=False),
        **date_props("until", until, end=True),
        "datesDerived": False if not derive else None,
        "share": share,
        "amountEur": amount,
        **provenance,
    }
    plan.require("Organisation", org, r.problem("org", f"unknown organisation id {org!r}"))
    plan.require(label, target, r.problem(label.lower(), f"unknown {label.lower()} id {target!r}"))
    plan.add_keyed(("Organisation", org), "PARTICIPATES_IN", (label, target), rel_id, props, source=r.file,
                   where=r.place("id"), inherit=True, derive=derive, defaults=_NEW)  # fmt: skip


def _membership(r: CellReader, plan: ImportPlan) -> None:
    org, network = r.str_("org", required=True), r.str_("network", required=True)
    status = r.enum_("status", MembershipStatus)
    since, until = r.date_("since"), r.date_("until")
    _range(r, since, until, "until")
    props: dict[str, Any] = {
        "membershipStatus": status.value if status else None,
        "evidence": r.str_("evidence"),
        **date_props("since", since, end=False),
        **date_props("until", until, end=True),
        **r.provenance(),
    }
    if org is None or network is None:
        return
    rel_id = r.str_("id") or f"{org}--member-of--{network}"
    plan.require("Organisation", org, r.problem("org", f"unknown organisation id {org!r}"))
    plan.require("Network", network, r.problem("network", f"unknown network id {network!r}"))
    plan.add_keyed(("Organisation", org), "MEMBER_OF", ("Network", network), rel_id, props, source=r.file,
                   where=r.place("id"), inherit=True, defaults={**_NEW, "membershipStatus": "MEMBER"})  # fmt: skip


_STAFF_READERS = {
    "organisations.csv": _organisation,
    "projects.csv": _project,
    "participations.csv": _participation,
    "memberships.csv": _membership,
}


# -- node and edge lists (the export's CSV) --------------------------------------------------------------------

_KIND_BY_LABEL = {label: kind for kind, label in ORG_KIND_STEPS}
_MODEL_LABELS = frozenset(NODE_LABELS) | {"Organisation"}


def _columns(name: str, header: list[str], fixed: tuple[str, ...], problems: list[ImportProblem]) -> dict[str, str]:
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
            problems.append(ImportProblem(name, "line 1", column, f"unknown column type {col_type!r}"))
            continue
        types[column] = col_type
    return types


def _props(r: CellReader, types: dict[str, str]) -> dict[str, Any]:
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


def _node_list(name: str, text: str, plan: ImportPlan) -> None:
    table = read_table(name, text, plan.problems)
    if table is None:
        return
    header, records = table
    types = _columns(name, header, (":ID", ":LABEL"), plan.problems)
    for line, raw in records:
        r = CellReader(name, line, raw, plan.problems)
        key = r.str_(":ID", required=True)
        labels = {part.strip() for part in (r.cell(":LABEL") or "").split(";") if part.strip()}
        props = _props(r, types)
        if key is None:
            continue
        try:
            label, node_id = split_key(key)
        except ValueError as exc:
            r.error(":ID", str(exc))
            continue
        if label not in _MODEL_LABELS or label not in labels:
            r.error(":LABEL", f"expected one of the model labels {', '.join(sorted(_MODEL_LABELS))} (and {label!r})")
            continue
        if props.get("id") != node_id:
            r.error("id", f"the id property must equal the id in :ID ({node_id!r})")
            continue
        kind = None
        if label == "Organisation":
            kinds = [_KIND_BY_LABEL[lbl] for lbl in labels if lbl in _KIND_BY_LABEL]
            if len(kinds) != 1:
                r.error(":LABEL", "an organisation needs exactly one kind label: " + ", ".join(_KIND_BY_LABEL))
                continue
            kind = kinds[0]
        plan.add_node(label, node_id, props, source=name, where=r.place(":ID"), kind=kind)


def _edge_list(name: str, text: str, plan: ImportPlan) -> None:
    table = read_table(name, text, plan.problems)
    if table is None:
        return
    header, records = table
    types = _columns(name, header, (":ID", ":TYPE", ":START_ID", ":END_ID"), plan.problems)
    for line, raw in records:
        r = CellReader(name, line, raw, plan.problems)
        rel, start, end = (
            r.str_(":TYPE", required=True),
            r.str_(":START_ID", required=True),
            r.str_(":END_ID", required=True),
        )
        props = _props(r, types)
        if rel is None or start is None or end is None:
            continue
        try:
            (a_label, a_id), (b_label, b_id) = split_key(start), split_key(end)
        except ValueError as exc:
            r.error(":START_ID", str(exc))
            continue
        if (a_label, rel, b_label) not in REL_PATTERNS:
            r.error(":TYPE", f"({a_label})-[:{rel}]->({b_label}) is not a relationship of the model (MODEL.md)")
            continue
        plan.require(a_label, a_id, r.problem(":START_ID", f"unknown node {start!r}"))
        plan.require(b_label, b_id, r.problem(":END_ID", f"unknown node {end!r}"))
        if rel in KEYED_TYPES:
            rel_id = props.get("id")
            if not isinstance(rel_id, str) or not rel_id:
                r.error("id", f"a {rel} relationship needs its id property")
                continue
            plan.add_keyed((a_label, a_id), rel, (b_label, b_id), rel_id, props, source=name, where=r.place(":ID"))
        else:
            plan.add_link((a_label, a_id), rel, (b_label, b_id), source=name, where=r.place(":ID"), props=props)


def _kind_of(name: str, text: str) -> str:
    base = Path(name).name
    if base in STAFF_FILES:
        return base
    first = text.removeprefix("\ufeff").split("\n", 1)[0]
    if ":LABEL" in first and ":ID" in first:
        return "nodes"
    if ":TYPE" in first and ":START_ID" in first:
        return "edges"
    return ""


def plan_csv(files: Sequence[tuple[str, str]]) -> ImportPlan:
    """Parse every CSV input (name, text) into one plan; problems are collected on the plan, not raised.

    Node lists go before edge lists and staff files in order organisations, projects, participations,
    memberships, so the order of `files` does not matter."""
    plan = ImportPlan(sources=[name for name, _ in files])
    order = {"nodes": 0, "organisations.csv": 1, "projects.csv": 2, "participations.csv": 3, "memberships.csv": 4,
             "edges": 5}  # fmt: skip
    kinds = [(_kind_of(name, text), name, text) for name, text in files]
    for kind, name, _ in kinds:
        if not kind:
            expected = ", ".join(STAFF_FILES)
            plan.problems.append(ImportProblem(name, "line 1", "-", f"not an import file: expected one of {expected}, "
                                               "or a node/edge list with :ID and :LABEL or :TYPE columns"))  # fmt: skip
    for kind, name, text in sorted((k for k in kinds if k[0]), key=lambda k: (order[k[0]], k[1])):
        if kind == "nodes":
            _node_list(name, text, plan)
        elif kind == "edges":
            _edge_list(name, text, plan)
        else:
            required, optional = STAFF_FILES[kind]
            for r in read_rows(name, text, required=required, optional=optional, problems=plan.problems):
                _STAFF_READERS[kind](r, plan)
    return plan


def read_csv_inputs(path: Path) -> list[tuple[str, str]]:
    """(file name, text) of a CSV file, or of every *.csv file in a folder (sorted)."""
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    out: list[tuple[str, str]] = []
    problems: list[ImportProblem] = []
    for f in files:
        try:
            out.append((f.name, f.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(ImportProblem(str(f), "-", "-", f"cannot read the file: {exc}"))
    if not files:
        problems.append(ImportProblem(str(path), "-", "-", "no *.csv files here"))
    if problems:
        raise ImportValidationError(problems)
    return out
