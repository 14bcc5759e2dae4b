"""Turn a validated SeedGraph into parameter rows, one list per load step (property names as in MODEL.md)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from service.seeding.cypher import org_step_key
from service.model.dates import PartialDate
from service.seeding.models import OrganisationSeed, ParticipationSeed, Provenance, SeedGraph

Row = dict[str, Any]
Rows = dict[str, list[Row]]


def _prov(name: str, prov: Provenance) -> dict[str, Any]:
    return {
        "name": name,
        "sources": list(prov.sources),
        "confidence": prov.confidence.value,
        "notes": list(prov.notes),
        "synthetic": False,
    }


def _dates(prefix: str, value: PartialDate | None, *, end: bool) -> dict[str, Any]:
    if value is None:
        return {prefix: None, f"{prefix}Precision": None}
    return {prefix: value.last if end else value.first, f"{prefix}Precision": value.precision.value}


def _org_props(o: OrganisationSeed) -> dict[str, Any]:
    props = _prov(o.name, o.provenance) | {
        "shortName": o.short_name,
        "kind": o.kind.value,
        "category": o.category,
        "iatiOrgType": o.iati_org_type,
        "sensitive": o.sensitive,
        "authorityKind": o.authority_kind.value if o.authority_kind else None,
    }
    if o.ganhri is not None:
        g = o.ganhri
        props |= {
            "ganhriStatus": g.status.value if g.status else None,
            "ganhriStatusConfidence": g.confidence.value,
            **_dates("ganhriStatusAsOf", g.as_of, end=False),
        }
        props["notes"] = props["notes"] + list(g.notes)
        if g.source and g.source not in props["sources"]:
            props["sources"] = [*props["sources"], g.source]
    if o.kind.value == "NHRI":
        props.setdefault("ganhriStatus", None)
        props["npmMandate"] = o.npm_mandate
    return props


def _participation(p: ParticipationSeed, target: tuple[PartialDate | None, PartialDate | None, Provenance]) -> Row:
    t_start, t_end, t_prov = target
    derived = p.since is None and p.until is None
    since, until = (t_start, t_end) if derived else (p.since, p.until)
    props: dict[str, Any] = {
        "role": p.role.value,
        "roleClass": p.role.role_class.value,
        "iatiRole": p.iati_role,
        **_dates("since", since, end=False),
        **_dates("until", until, end=True),
        "datesDerived": derived,
        "share": p.share,
        "amountEur": p.amount_eur,
        "sources": list(p.provenance.sources or t_prov.sources),
        "confidence": p.provenance.confidence.value,
        "notes": list(p.provenance.notes),
        "synthetic": False,
    }
    return {"id": p.id, "a": p.org, "b": p.project or p.programme, "props": props}


def graph_rows(graph: SeedGraph) -> Rows:
    """Rows per step key of service.seeding.cypher.STEPS, in a deterministic order."""
    rows: Rows = defaultdict(list)
    for r in graph.regions:
        rows["Region"].append({"id": r.id, "props": _prov(r.name, r.provenance)})
    for c in graph.countries:
        props = _prov(c.name, c.provenance) | {
            "iso2": c.iso2,
            "iso3": c.iso3,
            "altNames": list(c.alt_names),
            "coeMember": c.coe_member,
            "coeFieldOffice": c.coe_field_office,
            **_dates("coeMemberSince", c.coe_member_since, end=False),
        }
        rows["Country"].append({"id": c.id, "props": props})
        rows["IN_REGION"].extend({"a": c.id, "b": region} for region in c.regions)
    for t in graph.themes:
        rows["Theme"].append({"id": t.id, "props": _prov(t.name, t.provenance)})
    for g in graph.programmes:
        props = _prov(g.name, g.provenance) | {
            "shortName": g.short_name,
            "type": g.type,
            "budgetEur": g.budget_eur,
            "status": g.status.value,
            **_dates("startDate", g.start, end=False),
            **_dates("endDate", g.end, end=True),
        }
        rows["Programme"].append({"id": g.id, "props": props})
        rows["IMPLEMENTED_IN:Programme"].extend({"a": g.id, "b": c} for c in g.countries)
        rows["ADDRESSES:Programme"].extend({"a": g.id, "b": t} for t in g.themes)
        if g.predecessor:
            rows["SUCCEEDS"].append({"a": g.id, "b": g.predecessor})
    for j in graph.projects:
        props = _prov(j.title, j.provenance) | {
            "title": j.title,
            "status": j.status.value,
            "iatiStatus": j.iati_status,
            "budgetEur": j.budget_eur,
            "divisionAttribution": j.division_attribution.value if j.division_attribution else None,
            "implementingUnit": j.implementing_unit,
            "jpCode": j.jp_code,
            **_dates("startDate", j.start, end=False),
            **_dates("endDate", j.end, end=True),
        }
        rows["Project"].append({"id": j.id, "props": props})
        rows["PART_OF"].extend({"a": j.id, "b": g} for g in j.programmes)
        rows["IMPLEMENTED_IN:Project"].extend({"a": j.id, "b": c} for c in j.countries)
        rows["ADDRESSES:Project"].extend({"a": j.id, "b": t} for t in j.themes)
        rows["CONTRIBUTES_TO"].extend({"a": j.id, "b": ap} for ap in j.action_plans)
        rows["INFORMED_BY"].extend({"a": j.id, "b": b} for b in j.coe_bodies)
    for b in graph.coe_bodies:
        props = _prov(b.name, b.provenance) | {"shortName": b.short_name, "role": b.role}
        rows["CoeBody"].append({"id": b.id, "props": props})
    for a in graph.action_plans:
        props = _prov(a.name, a.provenance) | {
            "startYear": a.start_year,
            "endYear": a.end_year,
            "budgetEur": a.budget_eur,
            **_dates("adopted", a.adopted, end=False),
        }
        rows["ActionPlan"].append({"id": a.id, "props": props})
        rows["FOR_COUNTRY"].append({"a": a.id, "b": a.country})
    for o in graph.organisations:
        rows[org_step_key(o.kind)].append({"id": o.id, "props": _org_props(o)})
        if o.country:
            rows["LOCATED_IN"].append({"a": o.id, "b": o.country})
        if o.parent:
            rows["SUBUNIT_OF"].append({"a": o.id, "b": o.parent})
    targets = {j.id: (j.start, j.end, j.provenance) for j in graph.projects}
    prog_targets = {g.id: (g.start, g.end, g.provenance) for g in graph.programmes}
    for p in graph.participations:
        if p.project is not None:
            rows["PARTICIPATES_IN:Project"].append(_participation(p, targets[p.project]))
        elif p.programme is not None:
            rows["PARTICIPATES_IN:Programme"].append(_participation(p, prog_targets[p.programme]))
    for n in graph.networks:
        props = _prov(n.name, n.provenance) | {"shortName": n.short_name, "type": n.type}
        rows["Network"].append({"id": n.id, "props": props})
        if n.operated_by:
            rows["OPERATED_BY"].append({"a": n.id, "b": n.operated_by})
        if n.parent_network:
            rows["SUB_NETWORK_OF"].append({"a": n.id, "b": n.parent_network})
        if n.project:
            rows["FORMED_IN"].append({"a": n.id, "b": n.project})
        rows["SUPPORTED_BY"].extend({"a": n.id, "b": s} for s in n.supporters)
        for m in n.members:
            mprops = {
                "membershipStatus": m.status.value,
                "evidence": m.evidence,
                **_dates("since", m.since, end=False),
                **_dates("until", m.until, end=True),
                "sources": list(n.provenance.sources),
                "confidence": m.confidence.value,
                "notes": list(m.notes),
                "synthetic": False,
            }
            rows["MEMBER_OF"].append({"id": m.id, "a": m.org, "b": n.id, "props": mprops})
    return dict(rows)
