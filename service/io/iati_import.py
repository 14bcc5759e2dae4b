"""IATI import: activities become projects, participating-orgs and transactions participations, recipient countries
links to countries (created from ISO 3166-1 when the graph has none), regions, sectors and budgets properties.

Matching, so that importing twice changes nothing: a project by its `iatiIdentifier`, else by an
`other-identifier` of type A1 (the reporting organisation's own id) naming a project id; an organisation as
service/io/iati_orgs.py says. Every value is checked by the registry's rules (service/model/values.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final, LiteralString

from neo4j import AsyncDriver

from service.core.errors import InvalidInputError
from service.db.driver import read
from service.io.iati_codes import (
    FUNDING_TRANSACTIONS,
    ORGANISATION_TYPES,
    PROJECT_STATUS,
    PROVIDER_ROLE,
    RECEIVER_ROLE,
    ROLE_BY_IATI,
    kind_for,
)
from service.io.iati_orgs import Org, Organisations, find_organisations, similar_pairs
from service.io.iati_xml import Activity, OrgRef, read_iati, show_amount
from service.io.import_cypher import EXISTING_IDS
from service.io.importer import ImportPlan, new_record
from service.io.iso import ISO_SOURCE, iso_country
from service.io.models import IMPORT_WRITES
from service.model.catalog import kind_type
from service.model.enums import Confidence, ParticipationRole
from service.model.graph import ORGANISATION
from service.model.ids import record_id, slug
from service.model.values import clean_value
from service.seeding.errors import FileProblem
from service.seeding.records import LOCATED_IN, ORG_END, RecordFormat, Report, read_props, record_format, split_message

FIND_PROJECTS: Final[LiteralString] = (
    "MATCH (p:Project) WHERE p.iatiIdentifier IN $identifiers OR p.id IN $ids "
    "RETURN p.id AS id, p.iatiIdentifier AS iati, "
    "COLLECT { MATCH (o:Organisation)-[:PARTICIPATES_IN]->(p) RETURN DISTINCT o.id } AS participants"
)

PROJECT: Final = record_format("Project", extra=IMPORT_WRITES)
ORG: Final = record_format(ORGANISATION, names=LOCATED_IN, extra=IMPORT_WRITES)
PARTICIPATION: Final = record_format("Participation", names=ORG_END)
COUNTRY: Final = record_format("Country")
# The element or attribute an activity's (an organisation's) field comes from, for problems.
_ACTIVITY_XML: Final = {
    "title": "title/narrative", "iati_identifier": "iati-identifier", "iati_status": "activity-status/@code",
    "budget_eur": "budget/value", "budget_totals": "budget/value", "start_date": "activity-date",
    "end_date": "activity-date", "sector_codes": "sector", "region_codes": "recipient-region",
    "notes": "description/narrative", "sources": "document-link/@url",
}  # fmt: skip
_ORG_XML: Final = {"name": "narrative", "iati_identifier": "@ref", "iati_org_type": "@type"}


def _checked(fmt: RecordFormat, values: dict[str, Any], report: Report) -> dict[str, Any]:
    """The values an IATI element gives, as stored properties checked by the registry's rules."""
    return read_props(fmt, {k: v for k, v in values.items() if v is not None}, report, complete=False)


def _reporter(plan: ImportPlan, file: str, xpath: str, xml: dict[str, str]) -> Report:
    def report(field: str, message: str) -> None:
        plan.problems.append(FileProblem(file, xpath, xml.get(field.partition("[")[0], field), message))

    return report


@dataclass
class Known:
    """What the graph already holds that activities refer to: projects (by IATI identifier, by id) with their
    participants, countries, and organisations."""

    projects_by_iati: dict[str, str] = field(default_factory=dict)
    project_ids: set[str] = field(default_factory=set)
    participants: dict[str, set[str]] = field(default_factory=dict)
    countries: set[str] = field(default_factory=set)
    orgs: Organisations = field(default_factory=Organisations)


def _project_id(a: Activity) -> str:
    return slug(f"iati {a.identifier}")


async def _lookup(driver: AsyncDriver, database: str, activities: list[Activity], timeout_s: float) -> Known:
    identifiers = [a.identifier for a in activities]
    ids = [i for a in activities for i in a.other_ids] + [_project_id(a) for a in activities]
    projects = await read(driver, FIND_PROJECTS, {"identifiers": identifiers, "ids": ids}, database=database,
                          timeout_s=timeout_s)  # fmt: skip
    codes = sorted({code for a in activities for code, _ in a.countries})
    countries = await read(driver, EXISTING_IDS["Country"], {"ids": codes}, database=database, timeout_s=timeout_s)
    named = [o for a in activities for o in (*a.participants, *_transaction_orgs(a))]
    orgs = await find_organisations(
        driver, database=database, refs=[o.ref for o in named if o.ref], ids=[o.ref for o in named if o.ref] +
        [slug(o.name or o.ref or "") for o in named], names=[o.name for o in named if o.name], timeout_s=timeout_s,
    )  # fmt: skip
    known = Known(countries={r["id"] for r in countries}, orgs=orgs)
    for r in projects:
        known.project_ids.add(r["id"])
        known.participants[r["id"]] = set(r["participants"])
        if r["iati"]:
            known.projects_by_iati[r["iati"]] = r["id"]
    return known


def _transaction_orgs(a: Activity) -> list[OrgRef]:
    """The organisations of the activity's funding transactions (providers and receivers)."""
    return [o for t in a.transactions if t.type in FUNDING_TRANSACTIONS for o in (t.provider, t.receiver) if o]


def _project_props(a: Activity, plan: ImportPlan, file: str) -> dict[str, Any]:
    report = _reporter(plan, file, a.xpath, _ACTIVITY_XML)
    start = a.dates.get(2) or a.dates.get(1)
    end = a.dates.get(4) or a.dates.get(3)
    status = PROJECT_STATUS[a.status] if a.status is not None else None
    limit = PROJECT.fields["notes"].max_length  # a long description is cut rather than refused
    notes = [n if len(n) <= limit else n[: limit - 3] + "..." for n in a.notes]
    totals = [show_amount(amount, currency) for currency, amount in sorted(a.budgets.items())]
    props = _checked(PROJECT, {
        "title": a.title, "iati_identifier": a.identifier, "iati_status": a.status,
        "status": status.value if status else None, "budget_eur": a.budget_eur, "budget_totals": totals or None,
        "sector_codes": a.sectors or None, "region_codes": a.regions or None,
        "start_date": str(start) if start else None, "end_date": str(end) if end else None,
        "confidence": Confidence.HIGH.value, "notes": notes or None, "sources": _sources(a, plan, file) or None,
    }, report)  # fmt: skip
    props["name"] = props.get("title")
    return props


def _sources(a: Activity, plan: ImportPlan, file: str) -> list[str]:
    """The document links that are http(s) URLs by the registry's rule; the others are left out, with a notice
    (a publisher's broken link is no reason to refuse its activity)."""
    kept: list[str] = []
    for url, xpath in a.sources:
        try:
            kept += clean_value(PROJECT.fields["sources"], [url], field="sources")["sources"]
        except InvalidInputError as exc:
            _, message = split_message(exc, "sources")
            plan.notices.append(FileProblem(file, xpath, "@url", f"{message}; left out of the project's sources"))
    return kept


@dataclass
class _Planner:
    """Plans one import's activities against what the graph holds."""

    plan: ImportPlan
    known: Known
    countries: set[str] = field(default_factory=set)  # codes of the countries planned so far
    projects: set[str] = field(default_factory=set)  # ids of the projects planned so far
    participations: set[str] = field(default_factory=set)  # ids of the participations planned so far
    noticed: set[tuple[str, str]] = field(default_factory=set)  # (organisation id, xpath) matched by name
    # Organisations of the graph the files name: (organisation, file, xpath, what the import sets on it).
    touched: dict[str, tuple[Org, str, str, dict[str, Any]]] = field(default_factory=dict)

    def activity(self, a: Activity, file: str) -> None:
        known = self.known
        project_id = known.projects_by_iati.get(a.identifier) or next(
            (i for i in a.other_ids if i in known.project_ids), None
        ) or self.free_project_id(_project_id(a))  # fmt: skip
        self.projects.add(project_id)
        props = _project_props(a, self.plan, file)
        self.plan.add_node("Project", project_id, props, source=file, where=(file, a.xpath, "iati-identifier"),
                           defaults=new_record(PROJECT.props))  # fmt: skip
        for code, xpath in a.countries:
            if self.country(code, file, xpath):
                self.plan.add_link(("Project", project_id), "IMPLEMENTED_IN", ("Country", code), source=file,
                                   where=(file, xpath, "@code"))  # fmt: skip
        participants = known.participants.setdefault(project_id, set())
        for p in a.participants:
            role = ROLE_BY_IATI[p.role]
            org_id = self.organisation(p, role, file, required=True)
            if org_id is not None:
                self.participation(org_id, role, project_id, file, p.xpath, iati_role=p.role)
                participants.add(org_id)
        for t in a.transactions:
            if t.type not in FUNDING_TRANSACTIONS:
                continue
            for org, role, side in ((t.provider, PROVIDER_ROLE, "provider"), (t.receiver, RECEIVER_ROLE, "receiver")):
                org_id = self.organisation(org, role, file, required=False) if org else None
                if org_id is None or org_id in participants:
                    continue
                note = f"Funding link from the IATI {t.summary} ({side}-org)"
                self.participation(org_id, role, project_id, file, t.xpath, note=note)
                participants.add(org_id)

    def free_project_id(self, base: str) -> str:
        """`base`, or `base-2`, ...: an id no other project has (a slug of another identifier may equal it)."""
        out, n = base, 1
        while out in self.known.project_ids or out in self.projects:
            n += 1
            out = f"{base}-{n}"
        return out

    def country(self, code: str, file: str, xpath: str) -> bool:
        """Whether the project may link to country `code`: in the graph (left alone), or planned from ISO 3166-1
        now; else a problem."""
        if code in self.countries:
            return True
        if code in self.known.countries:
            self.plan.add_node("Country", code, {}, source=file, where=(file, xpath, "@code"))
            self.countries.add(code)
            return True
        iso = iso_country(code)
        if iso is None:
            message = f"unknown country code {code!r}: not an ISO 3166-1 alpha-2 code, and no such Country in the graph"
            self.plan.problems.append(FileProblem(file, xpath, "@code", message))
            return False
        note = f"Created by an IATI import from {ISO_SOURCE}: recipient-country {code} of {file}"
        defaults = _checked(COUNTRY, {
            "name": iso.name, "iso2": iso.alpha2, "iso3": iso.alpha3, "alt_names": list(iso.other_names),
            "confidence": Confidence.HIGH.value, "notes": [note], "sources": [],
        }, _reporter(self.plan, file, xpath, {}))  # fmt: skip
        self.plan.add_node("Country", code, {}, source=file, where=(file, xpath, "@code"),
                           defaults=new_record(COUNTRY.props, **defaults))  # fmt: skip
        self.plan.notices.append(FileProblem(file, xpath, "@code", f"Country {code} ({iso.name}) is not in the "
                                             "graph: the import creates it from ISO 3166-1"))  # fmt: skip
        self.countries.add(code)
        return True

    def participation(self, org_id: str, role: ParticipationRole, project_id: str, file: str, xpath: str, *,
                      iati_role: int | None = None, note: str | None = None) -> None:  # fmt: skip
        rel_id = record_id(org_id, role, project_id)
        if rel_id in self.participations:
            return  # the same organisation named twice in one role
        self.participations.add(rel_id)
        confidence = Confidence.HIGH if note is None else Confidence.MEDIUM  # a transaction only implies the role
        props = _checked(PARTICIPATION, {
            "role": role.value, "iati_role": iati_role, "confidence": confidence.value,
            "notes": [note] if note else None,
        }, _reporter(self.plan, file, xpath, {"iati_role": "@role"}))  # fmt: skip
        props["roleClass"] = role.role_class.value
        self.plan.add_keyed((ORGANISATION, org_id), "PARTICIPATES_IN", ("Project", project_id), rel_id, props,
                            source=file, where=(file, xpath, "@role"), inherit=True, derive=True,
                            defaults={"synthetic": False, "notes": []})  # fmt: skip

    def organisation(self, o: OrgRef, role: ParticipationRole, file: str, *, required: bool) -> str | None:
        """The id of the organisation `o` names: matched, or planned now; None (with a problem when `required`,
        else a notice) when it is unknown and its kind cannot be told."""
        orgs = self.known.orgs
        found, others = orgs.match(o.ref, o.name)
        if found is not None:
            self._matched(found, others, o, file)
            return found.id
        kind = kind_for(role, o.type)
        if kind is None:
            message = "is required for an organisation that is not in the graph yet (IATI Organisation Type code)"
            if required:
                self.plan.problems.append(FileProblem(file, o.xpath, "@type", message))
            else:
                self.plan.notices.append(FileProblem(file, o.xpath, "@type", f"{o.name or o.ref!r}: no @type, and "
                                                     "not in the graph: no link made"))  # fmt: skip
            return None
        org_kind, authority = kind
        org_id = orgs.free_id(slug(o.name or o.ref or ""))
        type_name = ORGANISATION_TYPES.get(o.type or 0)
        props = _checked(ORG, {
            "name": o.name or o.ref, "kind": org_kind.value, "authority_kind": authority.value if authority else None,
            "category": f"IATI organisation type {o.type} ({type_name})" if type_name else "IATI funding organisation",
            "iati_org_type": o.type, "iati_identifier": o.ref, "sensitive": False, "confidence": Confidence.HIGH.value,
            "notes": [], "sources": [],
        }, _reporter(self.plan, file, o.xpath, _ORG_XML))  # fmt: skip
        self.plan.add_node(kind_type(org_kind.value).name, org_id, props, source=file,
                           where=(file, o.xpath, "narrative"), defaults={"synthetic": False})  # fmt: skip
        orgs.add(Org(org_id, o.ref, str(props.get("name") or org_id), org_kind.value, True, (file, o.xpath)))
        return org_id

    def _matched(self, found: Org, others: list[Org], o: OrgRef, file: str) -> None:
        """Note an organisation of the graph the files name (a review lists it); say so when a name decided the
        match, and give it the file's identifier, so the next file that names it by identifier only finds it too."""
        if found.created:
            return
        props = self.touched.setdefault(found.id, (found, file, o.xpath, {}))[3]
        if (o.ref is not None and o.ref in (found.iati, found.id)) or (found.id, o.xpath) in self.noticed:
            return  # matched by identifier or id, or said already
        self.noticed.add((found.id, o.xpath))
        also = f" (also named so: {', '.join(x.id for x in others)})" if others else ""
        message = f"{o.name!r} matched organisation {found.id} ({found.name}) by name{also}"
        self.plan.notices.append(FileProblem(file, o.xpath, "narrative", message))
        if o.ref and found.iati is None:
            try:
                props |= clean_value(ORG.fields["iati_identifier"], o.ref, field="iati_identifier")
            except InvalidInputError as exc:
                self.plan.problems.append(FileProblem(file, o.xpath, "@ref", split_message(exc, "iati_identifier")[1]))
            found.iati = o.ref
            self.known.orgs.by_ref[o.ref] = found

    def finish(self) -> None:
        """Plan the organisations of the graph the files name: left alone, or given their IATI identifier."""
        for org, file, xpath, props in self.touched.values():
            if org.kind:
                self.plan.add_node(kind_type(org.kind).name, org.id, props, source=file, where=(file, xpath, "@ref"))


async def plan_iati(
    driver: AsyncDriver, *, database: str, files: Sequence[tuple[str, str]], timeout_s: float
) -> ImportPlan:
    """Parse every IATI file (name, XML text) and plan its projects, countries and participations; notices say
    which organisations were matched by name, which countries come from ISO 3166-1, and which new organisations
    look like others (near-duplicates)."""
    plan = ImportPlan(sources=[name for name, _ in files])
    parsed = [(name, read_iati(name, text, plan.problems, plan.notices)) for name, text in files]
    if plan.problems:
        return plan
    activities = [a for _, acts in parsed for a in acts]
    known = await _lookup(driver, database, activities, timeout_s)
    planner = _Planner(plan, known)
    for name, acts in parsed:
        for a in acts:
            planner.activity(a, name)
    planner.finish()
    if plan.problems:
        return plan
    for new, other in await similar_pairs(driver, database=database, known=known.orgs, timeout_s=timeout_s):
        file, xpath = new.where
        message = (
            f"new organisation {new.id} ({new.name}) may be a near-duplicate of {other.id} ({other.name}): if they "
            "are one, give the file the same @ref or name, or set the organisation's iatiIdentifier, and import again"
        )
        plan.notices.append(FileProblem(file, xpath, "narrative", message))
    return plan
