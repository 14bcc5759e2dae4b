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
from service.io.csv_import import IATI_STATUS
from service.io.iati_xml import Activity, Participant, read_iati
from service.io.importer import ImportPlan, date_props, slug
from service.io.problems import ImportProblem
from service.seeding.models import AuthorityKind, OrgKind, ProjectStatus, Role

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
ROLE_BY_IATI: dict[int, Role] = {1: Role.FUNDER, 2: Role.PARTNER, 3: Role.IMPLEMENTER, 4: Role.IMPLEMENTER}


def kind_for(p: Participant) -> tuple[OrgKind, AuthorityKind | None] | None:
    """The kind of a new organisation: a funder is a donor; otherwise by IATI Organisation Type."""
    if p.role == 1:
        return OrgKind.DONOR, None
    if p.type in (10, 11):
        return OrgKind.NATIONAL_AUTHORITY, AuthorityKind.GOVERNMENT
    if p.type == 15:
        return OrgKind.NATIONAL_AUTHORITY, AuthorityKind.OTHER
    if p.type == 80:
        return OrgKind.NATIONAL_AUTHORITY, AuthorityKind.TRAINING_INSTITUTION
    if p.type == 40:
        return OrgKind.INTERNATIONAL, None
    if p.type is not None:
        return OrgKind.CIVIL_SOCIETY, None
    return None


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


def _project_props(a: Activity) -> dict[str, Any]:
    start = a.dates.get(2) or a.dates.get(1)
    end = a.dates.get(4) or a.dates.get(3)
    status = IATI_STATUS[a.status] if a.status is not None else None
    return {
        "name": a.title,
        "title": a.title,
        "iatiIdentifier": a.identifier,
        "iatiStatus": a.status,
        "status": status.value if status else None,
        "budgetEur": a.budget_eur,
        "sectorCodes": a.sectors or None,
        **date_props("startDate", start, end=False),
        **date_props("endDate", end, end=True),
        "confidence": "HIGH",
        "notes": a.notes or None,
        "sources": a.sources or None,
    }


def _plan_activity(a: Activity, file: str, known: Known, plan: ImportPlan, new_orgs: dict[str, str]) -> None:
    project_id = known.projects_by_iati.get(a.identifier) or next(
        (i for i in a.other_ids if i in known.project_ids), None
    ) or slug("iati", a.identifier)  # fmt: skip
    where = (file, a.xpath, "iati-identifier")
    defaults = {"synthetic": False, "notes": [], "sources": [], "status": ProjectStatus.UNKNOWN.value}
    plan.add_node("Project", project_id, _project_props(a), source=file, where=where, defaults=defaults)
    for code, xpath in a.countries:
        problem = ImportProblem(file, xpath, "@code", f"unknown country code {code!r} (no such Country in the graph)")
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
        props = {"role": role.value, "roleClass": role.role_class.value, "iatiRole": p.role, "confidence": "HIGH"}
        plan.add_keyed(("Organisation", org_id), "PARTICIPATES_IN", ("Project", project_id), rel_id, props,
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
        plan.problems.append(ImportProblem(file, p.xpath, "@type", "is required for an organisation that is not in "
                                           "the graph yet (IATI Organisation Type code)"))  # fmt: skip
        return None
    org_id = slug(p.name or p.ref or "")
    new_orgs[key] = org_id
    org_kind, authority = kind
    props: dict[str, Any] = {
        "name": p.name or p.ref,
        "kind": org_kind.value,
        "authorityKind": authority.value if authority else None,
        "category": f"IATI organisation type {p.type}" if p.type else "IATI funding organisation",
        "iatiOrgType": p.type,
        "iatiIdentifier": p.ref,
        "sensitive": False,
        "synthetic": False,
        "confidence": "HIGH",
        "notes": [],
        "sources": [],
    }
    plan.add_node("Organisation", org_id, props, source=file, where=(file, p.xpath, "narrative"), kind=org_kind.value)
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
