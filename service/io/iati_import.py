"""IATI import: activities become projects, participating-orgs participations (MODEL.md roles and IATI codes).

Matching, so that importing twice changes nothing: a project by its `iatiIdentifier`, else by an
`other-identifier` of type A1 (the reporting organisation's own id) naming a project id; an organisation by its
`iatiIdentifier` (the participating-org @ref), its id, or its name or short name (case-insensitive). Unmatched
organisations are created from their @type and @role.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, LiteralString

from neo4j import AsyncDriver

from service.db.driver import read
from service.io.iati_xml import PROJECT_STATUS, Activity, Participant, read_iati
from service.io.importer import ImportPlan
from service.io.models import IMPORT_WRITES
from service.model.catalog import kind_type
from service.model.enums import AuthorityKind, OrganisationKind, ParticipationRole
from service.model.graph import ORGANISATION
from service.model.ids import slug
from service.seeding.errors import FileProblem
from service.seeding.records import LOCATED_IN, ORG_END, RecordFormat, Report, read_props, record_format

FIND_PROJECTS: Final[LiteralString] = (
    "MATCH (p:Project) WHERE p.iatiIdentifier IN $identifiers OR p.id IN $ids "
    "RETURN p.id AS id, p.iatiIdentifier AS iati"
)
FIND_ORGANISATIONS: Final[LiteralString] = (
    "MATCH (o:Organisation) WHERE o.iatiIdentifier IN $refs OR o.id IN $refs "
    "OR toLower(o.name) IN $names OR toLower(o.shortName) IN $names "
    "RETURN o.id AS id, o.iatiIdentifier AS iati, toLower(o.name) AS name, toLower(o.shortName) AS short_name "
    "ORDER BY o.id"
)

# IATI Organisation Role -> participation role (MODEL.md): 2 Accountable is the lead national counterpart.
ROLE_BY_IATI: dict[int, ParticipationRole] = {
    1: ParticipationRole.FUNDER,
    2: ParticipationRole.PARTNER,
    3: ParticipationRole.IMPLEMENTER,
    4: ParticipationRole.IMPLEMENTER,
}
PROJECT: Final = record_format("Project", extra=IMPORT_WRITES)
ORG: Final = record_format(ORGANISATION, names=LOCATED_IN, extra=IMPORT_WRITES)
PARTICIPATION: Final = record_format("Participation", names=ORG_END)
# The element or attribute an activity's (a participating-org's) field comes from, for problems.
_ACTIVITY_XML: Final = {
    "title": "title/narrative", "iati_identifier": "iati-identifier", "iati_status": "activity-status/@code",
    "budget_eur": "budget/value", "start_date": "activity-date", "end_date": "activity-date", "sector_codes": "sector",
    "notes": "description/narrative", "sources": "document-link/@url",
}  # fmt: skip
_ORG_XML: Final = {"name": "narrative", "iati_identifier": "@ref", "iati_org_type": "@type"}


def kind_for(p: Participant) -> tuple[OrganisationKind, AuthorityKind | None] | None:
    """The kind of a new organisation: a funder is a donor; otherwise by IATI Organisation Type."""
    if p.role == 1:
        return OrganisationKind.DONOR, None
    if p.type in (10, 11):
        return OrganisationKind.NATIONAL_AUTHORITY, AuthorityKind.GOVERNMENT
    if p.type == 15:
        return OrganisationKind.NATIONAL_AUTHORITY, AuthorityKind.OTHER
    if p.type == 80:
        return OrganisationKind.NATIONAL_AUTHORITY, AuthorityKind.TRAINING_INSTITUTION
    if p.type == 40:
        return OrganisationKind.INTERNATIONAL, None
    if p.type is not None:
        return OrganisationKind.CIVIL_SOCIETY, None
    return None


def _checked(fmt: RecordFormat, values: dict[str, Any], report: Report) -> dict[str, Any]:
    """The values an IATI element gives, as stored properties checked by the registry's rules."""
    return read_props(fmt, {k: v for k, v in values.items() if v is not None}, report, complete=False)


def _reporter(plan: ImportPlan, file: str, xpath: str, xml: dict[str, str]) -> Report:
    def report(field: str, message: str) -> None:
        plan.problems.append(FileProblem(file, xpath, xml.get(field.partition("[")[0], field), message))

    return report


@dataclass
class Known:
    """What the graph already holds that activities may refer to."""

    projects_by_iati: dict[str, str]
    project_ids: set[str]
    orgs_by_ref: dict[str, str]
    orgs_by_name: dict[str, str]


async def _lookup(driver: AsyncDriver, database: str, activities: list[Activity], timeout_s: float) -> Known:
    identifiers = [a.identifier for a in activities]
    other = [i for a in activities for i in a.other_ids]
    projects = await read(driver, FIND_PROJECTS, {"identifiers": identifiers, "ids": other}, database=database,
                          timeout_s=timeout_s)  # fmt: skip
    refs = sorted({p.ref for a in activities for p in a.participants if p.ref})
    names = sorted({p.name.lower() for a in activities for p in a.participants if p.name})
    orgs = await read(driver, FIND_ORGANISATIONS, {"refs": refs, "names": names}, database=database,
                      timeout_s=timeout_s)  # fmt: skip
    known = Known({}, set(), {}, {})
    for r in projects:
        known.project_ids.add(r["id"])
        if r["iati"]:
            known.projects_by_iati[r["iati"]] = r["id"]
    for r in orgs:
        known.orgs_by_ref.setdefault(r["id"], r["id"])
        if r["iati"]:
            known.orgs_by_ref[r["iati"]] = r["id"]
        for name in (r["name"], r["short_name"]):
            if name:
                known.orgs_by_name.setdefault(name, r["id"])
    return known


def _project_props(a: Activity, report: Report) -> dict[str, Any]:
    start = a.dates.get(2) or a.dates.get(1)
    end = a.dates.get(4) or a.dates.get(3)
    status = PROJECT_STATUS[a.status] if a.status is not None else None
    limit = PROJECT.fields["notes"].max_length  # a long description is cut rather than refused
    notes = [n if len(n) <= limit else n[: limit - 3] + "..." for n in a.notes]
    props = _checked(PROJECT, {
        "title": a.title, "iati_identifier": a.identifier, "iati_status": a.status,
        "status": status.value if status else None, "budget_eur": a.budget_eur, "sector_codes": a.sectors or None,
        "start_date": str(start) if start else None, "end_date": str(end) if end else None, "confidence": "HIGH",
        "notes": notes or None, "sources": a.sources or None,
    }, report)  # fmt: skip
    props["name"] = props.get("title")
    return props


def _plan_activity(a: Activity, file: str, known: Known, plan: ImportPlan, new_orgs: dict[str, str]) -> None:
    project_id = known.projects_by_iati.get(a.identifier) or next(
        (i for i in a.other_ids if i in known.project_ids), None
    ) or slug(f"iati {a.identifier}")  # fmt: skip
    where = (file, a.xpath, "iati-identifier")
    props = _project_props(a, _reporter(plan, file, a.xpath, _ACTIVITY_XML))
    defaults = {"synthetic": False, "notes": [], "sources": [], "status": PROJECT.fields["status"].default}
    plan.add_node("Project", project_id, props, source=file, where=where, defaults=defaults)
    for code, xpath in a.countries:
        problem = FileProblem(file, xpath, "@code", f"unknown country code {code!r} (no such Country in the graph)")
        plan.require("Country", code, problem)
        plan.add_link(("Project", project_id), "IMPLEMENTED_IN", ("Country", code), source=file,
                      where=(file, xpath, "@code"))  # fmt: skip
    planned: set[str] = set()
    for p in a.participants:
        org_id = _organisation(p, file, known, plan, new_orgs)
        if org_id is None:
            continue
        role = ROLE_BY_IATI[p.role]
        rel_id = f"{org_id}--{role.value.lower().replace('_', '-')}--{project_id}"
        if rel_id in planned:
            continue  # the same organisation named twice in one role
        planned.add(rel_id)
        report = _reporter(plan, file, p.xpath, {"iati_role": "@role"})
        props = _checked(PARTICIPATION, {"role": role.value, "iati_role": p.role, "confidence": "HIGH"}, report)
        props["roleClass"] = role.role_class.value
        plan.add_keyed((ORGANISATION, org_id), "PARTICIPATES_IN", ("Project", project_id), rel_id, props,
                       source=file, where=(file, p.xpath, "@role"), inherit=True, derive=True,
                       defaults={"synthetic": False, "notes": []})  # fmt: skip


def _organisation(p: Participant, file: str, known: Known, plan: ImportPlan, new_orgs: dict[str, str]) -> str | None:
    if p.ref and p.ref in known.orgs_by_ref:
        return known.orgs_by_ref[p.ref]
    if p.name and p.name.lower() in known.orgs_by_name:
        return known.orgs_by_name[p.name.lower()]
    key = p.ref or (p.name or "").lower()
    if key in new_orgs:
        return new_orgs[key]
    kind = kind_for(p)
    if kind is None:
        plan.problems.append(FileProblem(file, p.xpath, "@type", "is required for an organisation that is not in "
                                           "the graph yet (IATI Organisation Type code)"))  # fmt: skip
        return None
    org_id = slug(p.name or p.ref or "")
    new_orgs[key] = org_id
    org_kind, authority = kind
    props = _checked(ORG, {
        "name": p.name or p.ref, "kind": org_kind.value, "authority_kind": authority.value if authority else None,
        "category": f"IATI organisation type {p.type}" if p.type else "IATI funding organisation",
        "iati_org_type": p.type, "iati_identifier": p.ref, "sensitive": False, "confidence": "HIGH", "notes": [],
        "sources": [],
    }, _reporter(plan, file, p.xpath, _ORG_XML))  # fmt: skip
    plan.add_node(kind_type(org_kind.value).name, org_id, props | {"synthetic": False}, source=file,
                  where=(file, p.xpath, "narrative"))  # fmt: skip
    return org_id


async def plan_iati(
    driver: AsyncDriver, *, database: str, files: Sequence[tuple[str, str]], timeout_s: float
) -> ImportPlan:
    """Parse every IATI file (name, XML text) and plan its projects, countries and participations."""
    plan = ImportPlan(sources=[name for name, _ in files])
    parsed = [(name, read_iati(name, text, plan.problems)) for name, text in files]
    if plan.problems:
        return plan
    activities = [a for _, acts in parsed for a in acts]
    known = await _lookup(driver, database, activities, timeout_s)
    new_orgs: dict[str, str] = {}
    for name, acts in parsed:
        for a in acts:
            _plan_activity(a, name, known, plan, new_orgs)
    return plan
