"""Build seeds/ from the reference facts file, once; the seed files are then the source of truth.

Usage: python seeds/tools/build_from_facts.py [FACTS_YAML] [OUT_DIR]

Deterministic (same facts, same bytes). Every value of the facts file either lands in a typed
seed field or, verbatim as "key: value", in the record's `notes`, so nothing is dropped and nothing is added
beyond the mapping tables below (categories to kinds, facts roles to model roles) and the ISO 3166-1 names of
the few countries that the facts name only as an organisation's country code.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
DEFAULT_FACTS = REPO / "seeds" / "facts" / "coe-cooperation-facts.yaml"
DEFAULT_OUT = REPO / "seeds"

Record = dict[str, Any]

# --- mapping tables (documented in seeds/README.md) ---------------------------------------------------------

# Free-text organisation category -> (kind, authorityKind or None); every category of the facts is here.
CATEGORY_KIND: dict[str, tuple[str, str | None]] = {
    "CoE department": ("COE_ENTITY", None),
    "CoE directorate": ("COE_ENTITY", None),
    "CoE directorate general": ("COE_ENTITY", None),
    "CoE division": ("COE_ENTITY", None),
    "CoE field office": ("COE_ENTITY", None),
    "CoE unit": ("COE_ENTITY", None),
    "EU institution (donor)": ("DONOR", None),
    "donor government": ("DONOR", None),
    "multi-donor trust fund (CoE/CEB)": ("DONOR", None),
    "intergovernmental organisation": ("INTERNATIONAL", None),
    "UN body": ("INTERNATIONAL", None),
    "UN treaty body": ("INTERNATIONAL", None),
    "multilateral development bank": ("INTERNATIONAL", None),
    "regional intergovernmental body (Sarajevo)": ("INTERNATIONAL", None),
    "European network of judicial training institutions": ("INTERNATIONAL", None),
    "global NHRI network": ("INTERNATIONAL", None),
    "regional NHRI network": ("INTERNATIONAL", None),
    "regional NHRI network (AISBL, Belgian law)": ("INTERNATIONAL", None),
    "civil society organisation": ("CIVIL_SOCIETY", None),
    "international NGO": ("CIVIL_SOCIETY", None),
    "professional association of judges": ("CIVIL_SOCIETY", None),
    "research institute": ("CIVIL_SOCIETY", None),
    "NHRI (ombudsman institution)": ("NHRI", None),
    "NHRI (ombudsman institution); NPM": ("NHRI", None),
    "NHRI (ombudsman institution); NPM coordinator": ("NHRI", None),
    "NHRI (ombudsman institution); also NPM": ("NHRI", None),
    "NHRI + equality body": ("NHRI", None),
    "NPM (within People's Advocate Office)": ("NHRI", None),
    "ombudsman institution": ("NHRI", None),
    "ombudsman institution (NHRI-type); observer in SEE NPM Network": ("NHRI", None),
    "ombudsman institution (elected by GNAT)": ("NHRI", None),
    "support body of the Ombudsman": ("NHRI", None),
    "ministry": ("NATIONAL_AUTHORITY", "MINISTRY"),
    "ministry (entity)": ("NATIONAL_AUTHORITY", "MINISTRY"),
    "ministry (human rights)": ("NATIONAL_AUTHORITY", "MINISTRY"),
    "ministry (social affairs)": ("NATIONAL_AUTHORITY", "MINISTRY"),
    "ministry (social policy)": ("NATIONAL_AUTHORITY", "MINISTRY"),
    "ministry of foreign affairs": ("NATIONAL_AUTHORITY", "MINISTRY"),
    "ministry of health": ("NATIONAL_AUTHORITY", "MINISTRY"),
    "ministry of justice": ("NATIONAL_AUTHORITY", "MINISTRY_OF_JUSTICE"),
    "ministry of justice (entity)": ("NATIONAL_AUTHORITY", "MINISTRY_OF_JUSTICE"),
    "ministry of justice (state)": ("NATIONAL_AUTHORITY", "MINISTRY_OF_JUSTICE"),
    "ministry of interior": ("NATIONAL_AUTHORITY", "MINISTRY_OF_INTERIOR"),
    "ministry of interior / police": ("NATIONAL_AUTHORITY", "MINISTRY_OF_INTERIOR"),
    "ministry of interior / police (entity)": ("NATIONAL_AUTHORITY", "MINISTRY_OF_INTERIOR"),
    "judicial council": ("NATIONAL_AUTHORITY", "JUDICIAL_COUNCIL"),
    "judicial council (district)": ("NATIONAL_AUTHORITY", "JUDICIAL_COUNCIL"),
    "high judicial and prosecutorial council": ("NATIONAL_AUTHORITY", "JUDICIAL_COUNCIL"),
    "prosecutorial council": ("NATIONAL_AUTHORITY", "PROSECUTORIAL_COUNCIL"),
    "appellate court": ("NATIONAL_AUTHORITY", "COURT"),
    "court (state level)": ("NATIONAL_AUTHORITY", "COURT"),
    "courts (collective)": ("NATIONAL_AUTHORITY", "COURT"),
    "constitutional court": ("NATIONAL_AUTHORITY", "CONSTITUTIONAL_COURT"),
    "supreme court": ("NATIONAL_AUTHORITY", "SUPREME_COURT"),
    "supreme court (entity)": ("NATIONAL_AUTHORITY", "SUPREME_COURT"),
    "supreme administrative court": ("NATIONAL_AUTHORITY", "SUPREME_COURT"),
    "prosecution service": ("NATIONAL_AUTHORITY", "PROSECUTION"),
    "prison administration": ("NATIONAL_AUTHORITY", "PRISON_SERVICE"),
    "probation service": ("NATIONAL_AUTHORITY", "PROBATION_SERVICE"),
    "police": ("NATIONAL_AUTHORITY", "POLICE"),
    "police (district)": ("NATIONAL_AUTHORITY", "POLICE"),
    "police (state)": ("NATIONAL_AUTHORITY", "POLICE"),
    "court police": ("NATIONAL_AUTHORITY", "POLICE"),
    "judicial training academy": ("NATIONAL_AUTHORITY", "TRAINING_INSTITUTION"),
    "judicial training centre": ("NATIONAL_AUTHORITY", "TRAINING_INSTITUTION"),
    "judicial training institute": ("NATIONAL_AUTHORITY", "TRAINING_INSTITUTION"),
    "judicial training institution": ("NATIONAL_AUTHORITY", "TRAINING_INSTITUTION"),
    "prosecutors' training academy": ("NATIONAL_AUTHORITY", "TRAINING_INSTITUTION"),
    "law enforcement training academy": ("NATIONAL_AUTHORITY", "TRAINING_INSTITUTION"),
    "prison staff training centre": ("NATIONAL_AUTHORITY", "TRAINING_INSTITUTION"),
    "bar training centre": ("NATIONAL_AUTHORITY", "TRAINING_INSTITUTION"),
    "university": ("NATIONAL_AUTHORITY", "TRAINING_INSTITUTION"),
    "universities (collective)": ("NATIONAL_AUTHORITY", "TRAINING_INSTITUTION"),
    "parliament": ("NATIONAL_AUTHORITY", "PARLIAMENT"),
    "parliamentary committee": ("NATIONAL_AUTHORITY", "PARLIAMENT"),
    "bar association": ("NATIONAL_AUTHORITY", "BAR_ASSOCIATION"),
    "bar association / bar school": ("NATIONAL_AUTHORITY", "BAR_ASSOCIATION"),
    "government agent before ECtHR": ("NATIONAL_AUTHORITY", "GOVERNMENT_AGENT"),
    "equality body": ("NATIONAL_AUTHORITY", "EQUALITY_BODY"),
    "government": ("NATIONAL_AUTHORITY", "GOVERNMENT"),
    "government (district)": ("NATIONAL_AUTHORITY", "GOVERNMENT"),
    "government (entity)": ("NATIONAL_AUTHORITY", "GOVERNMENT"),
    "government office": ("NATIONAL_AUTHORITY", "GOVERNMENT"),
    "presidential administration": ("NATIONAL_AUTHORITY", "GOVERNMENT"),
    "EU integration office": ("NATIONAL_AUTHORITY", "GOVERNMENT"),
    "government agency": ("NATIONAL_AUTHORITY", "OTHER"),
    "government human rights body": ("NATIONAL_AUTHORITY", "OTHER"),
    "advisory body (presidential)": ("NATIONAL_AUTHORITY", "OTHER"),
    "migration authority": ("NATIONAL_AUTHORITY", "OTHER"),
    "investigative body": ("NATIONAL_AUTHORITY", "OTHER"),
    "regulator": ("NATIONAL_AUTHORITY", "OTHER"),
    "forensic institute": ("NATIONAL_AUTHORITY", "OTHER"),
    "psychiatric hospital": ("NATIONAL_AUTHORITY", "OTHER"),
}

# The facts file the Council of Europe as "intergovernmental organisation"; the model makes it a CoE entity.
KIND_BY_ID: dict[str, tuple[str, str | None]] = {"coe": ("COE_ENTITY", None)}

# Facts participation role -> model role.
ROLE_MAP: dict[str, str] = {
    "implementer": "IMPLEMENTER",
    "implementing unit (Division or predecessor)": "IMPLEMENTING_UNIT",
    "funder": "FUNDER",
    "co-funder": "CO_FUNDER",
    "partner/beneficiary": "PARTNER",
    "civil society partner": "CIVIL_SOCIETY_PARTNER",
}

# NHRIs whose NPM mandate the facts state (category or note); other NHRIs keep npm_mandate unknown (null).
NPM_MANDATE: dict[str, bool] = {
    "mk-ombudsman": True,  # category "...; also NPM"
    "md-peoples-advocate": True,  # note "hosts the NPM"
    "md-npm-council": True,  # category "NPM (within People's Advocate Office)"
    "kz-ombudsman": True,  # category "...; NPM coordinator"
    "al-peoples-advocate": True,  # note "NPM; SEE NPM Network co-founder"
    "me-ombudsman": True,  # category "...; NPM"
    "rs-protector": True,  # category "...; NPM"
    "ua-ombudsperson": True,  # category "...; NPM"
    "ge-pdo": True,  # category "...; NPM"
    "ba-hro": False,  # note "NPM mandate being established (SPT visit Dec 2022)"
}

# Membership wording of the facts -> membership status.
MEMBERSHIP_STATUS: list[tuple[str, str]] = [
    ("founder", "FOUNDER"),
    ("initiator", "INITIATOR"),
    ("observer", "OBSERVER"),
    ("associate", "ASSOCIATE"),
]

# Country memberships the facts state in prose rather than in `coe_member`/`coe_member_since`.
COE_MEMBER_OVERRIDE: dict[str, bool] = {
    "XK": False,  # note: "Not a CoE member"
    "RU": False,  # note: "excluded from the CoE in 2022"
}

# Alternative names the facts use for a country elsewhere in the file.
ALT_NAMES: dict[str, list[str]] = {
    "KG": ["Kyrgyz Republic"],  # the facts' name "Kyrgyzstan (Kyrgyz Republic)"
    "TR": ["Turkey"],  # programme names "Horizontal Facility for the Western Balkans and Turkey"
    "BA": ["BiH"],  # "HRO BiH", "Action Plan for BiH", "HJPC BiH"
}

# Countries the facts name only as an organisation's `country` code; names and alpha-3 codes from ISO 3166-1.
ISO_ONLY_COUNTRIES: dict[str, tuple[str, str]] = {
    "BE": ("BEL", "Belgium"),
    "CH": ("CHE", "Switzerland"),
    "DE": ("DEU", "Germany"),
    "DK": ("DNK", "Denmark"),
    "FI": ("FIN", "Finland"),
    "GB": ("GBR", "United Kingdom"),
    "NO": ("NOR", "Norway"),
    "SE": ("SWE", "Sweden"),
    "US": ("USA", "United States of America"),
}
ISO_SOURCE = "https://www.iso.org/iso-3166-country-codes.html"

# IATI activity status (facts' iati_status_derived) -> model project status.
IATI_STATUS: dict[int, str] = {1: "PLANNED", 2: "ACTIVE", 3: "COMPLETED", 4: "COMPLETED", 5: "COMPLETED"}
# The facts' status rule (iati_codes.modelling_suggestions_not_facts.status_rule), used for programmes.
STATUS_REFERENCE = ("2025-06-01", "2025-12-01")

_LEVEL = re.compile(r"^\s*(high|medium|low|none)\b", re.IGNORECASE)
_DATE = re.compile(r"\b(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?\b")
_MONTH_YEAR = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+(\d{4})\b", re.IGNORECASE)
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


# --- helpers ------------------------------------------------------------------------------------------------


def level(text: object) -> str | None:
    """'medium (reason)' -> 'MEDIUM'; None when the text carries no level word."""
    if text is None:
        return None
    match = _LEVEL.match(str(text))
    return match.group(1).upper() if match else None


def first_date(text: object) -> str | None:
    """The first YYYY[-MM[-DD]] or 'Mon YYYY' date in a free text, as a partial ISO string."""
    if text is None:
        return None
    if isinstance(text, int):
        return str(text)
    s = str(text)
    iso = _DATE.search(s)
    named = _MONTH_YEAR.search(s)
    if named and (iso is None or named.start() < iso.start()):
        return f"{named.group(2)}-{_MONTHS.index(named.group(1)[:3].lower()) + 1:02d}"
    if iso is None:
        return None
    return "-".join(g for g in iso.groups() if g)


def render(value: object) -> str:
    """A facts value as one line of text for `notes`."""
    if isinstance(value, list):
        return "; ".join(render(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {render(v)}" for k, v in value.items())
    return str(value)


def notes_for(rec: Mapping[str, Any], used: Iterable[str]) -> list[str]:
    """The record's note/notes texts, then every key not mapped to a seed field, as 'key: value'."""
    used_set = set(used) | {"note", "notes"}
    out: list[str] = []
    if rec.get("note"):
        out.append(str(rec["note"]))
    out.extend(str(n) for n in rec.get("notes") or [])
    out.extend(f"{key}: {render(val)}" for key, val in rec.items() if key not in used_set and val is not None)
    return out


def provenance(rec: Mapping[str, Any], used: Iterable[str]) -> Record:
    """confidence (record level; HIGH when unmarked), notes and sources of a facts record."""
    conf = level(rec.get("confidence")) or "HIGH"
    keep_conf = rec.get("confidence") is not None and str(rec["confidence"]).lower() != conf.lower()
    used_keys = set(used) | {"sources"} | (set() if keep_conf else {"confidence"})
    return {"confidence": conf, "notes": notes_for(rec, used_keys), "sources": list(rec.get("sources") or [])}


def slug(text: str) -> str:
    """Lower-case ASCII slug used as a Theme id."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def date_str(value: object) -> str | None:
    """A facts date value (str or int year) as a string, untouched."""
    return None if value is None else str(value)


def status_from_end(end: str | None) -> tuple[str, int | None]:
    """The facts' status rule applied to an end date (programmes carry no derived status in the facts)."""
    if end is None:
        return "UNKNOWN", None
    padded = end + "-12-31"[len(end) - 4 :] if len(end) < 10 else end
    if padded < STATUS_REFERENCE[0]:
        return "COMPLETED", 4
    if padded < STATUS_REFERENCE[1]:
        return "COMPLETED", 3
    return "ACTIVE", 2


# --- converters per section ---------------------------------------------------------------------------------


def build_regions(facts: Mapping[str, Any]) -> list[Record]:
    return [{"id": r["id"], "name": r["name"], **provenance(r, ("id", "name", "members"))} for r in facts["regions"]]


def build_countries(facts: Mapping[str, Any]) -> list[Record]:
    out: list[Record] = []
    for c in facts["countries"]:
        iso2 = c["iso2"]
        since = c.get("coe_member_since")
        member = True if since else c.get("coe_member", COE_MEMBER_OVERRIDE.get(iso2))
        used = ("iso2", "iso3", "name", "regions", "coe_member", "coe_member_since", "coe_field_office")
        out.append(
            {
                "id": iso2,
                "iso2": iso2,
                "iso3": c.get("iso3"),
                "name": c["name"],
                "alt_names": ALT_NAMES.get(iso2, []),
                "regions": list(c.get("regions") or []),
                "coe_member": member,
                "coe_member_since": date_str(since),
                "coe_field_office": c.get("coe_field_office"),
                **provenance(c, used),
            }
        )
    known = {c["iso2"] for c in facts["countries"]}
    referenced = {o["country"] for o in facts["organisations"] if o.get("country")} - known
    for iso2 in sorted(referenced):
        iso3, name = ISO_ONLY_COUNTRIES[iso2]
        orgs = sorted(o["id"] for o in facts["organisations"] if o.get("country") == iso2)
        out.append(
            {
                "id": iso2,
                "iso2": iso2,
                "iso3": iso3,
                "name": name,
                "alt_names": [],
                "regions": [],
                "coe_member": None,
                "coe_member_since": None,
                "coe_field_office": None,
                "confidence": "HIGH",
                "notes": [
                    "Not in the facts' countries section; named only as the country of organisations "
                    f"{', '.join(orgs)}. Name and codes from ISO 3166-1."
                ],
                "sources": [ISO_SOURCE],
            }
        )
    return out


def build_programmes(facts: Mapping[str, Any]) -> list[Record]:
    out: list[Record] = []
    for p in facts["programmes"]:
        end = date_str(p.get("end"))
        status, iati = status_from_end(end)
        used = ("id", "name", "short", "type", "start", "end", "budget_eur", "countries", "themes")
        used += ("predecessor", "funders")  # funders are the programme participations in participations.yaml
        rec: Record = {
            "id": p["id"],
            "name": p["name"],
            "short_name": p.get("short"),
            "type": p.get("type"),
            "start_date": date_str(p.get("start")),
            "end_date": end,
            "budget_eur": p.get("budget_eur"),
            "status": status,
            "countries": list(p.get("countries") or []),
            "themes": [slug(t) for t in p.get("themes") or []],
            "predecessor": p.get("predecessor"),
            **provenance(p, used),
        }
        if iati is not None:
            rec["notes"].append(f"status derived from the end date by the facts' status rule (IATI {iati})")
        out.append(rec)
    return out


def build_themes(facts: Mapping[str, Any]) -> list[Record]:
    names: dict[str, str] = {}
    for rec in [*facts["programmes"], *facts["projects"]]:
        for t in rec.get("themes") or []:
            names.setdefault(slug(t), t)
    return [{"id": key, "name": names[key], "confidence": "HIGH", "notes": [], "sources": []} for key in sorted(names)]


def build_projects(facts: Mapping[str, Any]) -> list[Record]:
    out: list[Record] = []
    for p in facts["projects"]:
        programmes = [x for x in (p.get("programme"), p.get("programme_also")) if x]
        iati = p.get("iati_status_derived")
        div = p.get("division_attribution")
        used = (
            "id", "title", "countries", "programme", "programme_also", "start", "end", "budget_eur", "themes",
            "implementing_unit", "jp_code", "action_plan", "coe_bodies", "iati_status_derived", "funders",
            "partners", "division_attribution",
        )  # fmt: skip
        rec: Record = {
            "id": p["id"],
            "title": p["title"],
            "programmes": programmes,
            "countries": list(p["countries"]),
            "start_date": date_str(p.get("start")),
            "end_date": date_str(p.get("end")),
            "budget_eur": p.get("budget_eur"),
            "status": IATI_STATUS.get(iati, "UNKNOWN") if iati is not None else "UNKNOWN",
            "iati_status": iati,
            "division_attribution": level(div),
            "implementing_unit": p.get("implementing_unit"),
            "jp_code": p.get("jp_code"),
            "themes": [slug(t) for t in p.get("themes") or []],
            "action_plans": [p["action_plan"]] if p.get("action_plan") else [],
            "coe_bodies": list(p.get("coe_bodies") or []),
            **provenance(p, used),
        }
        if div is not None and level(div) != str(div).upper():
            rec["notes"].append(f"division_attribution: {div}")
        if iati is not None:
            rec["notes"].append("iati_status derived from the end date (facts' reference date 2025-12)")
        out.append(rec)
    return out


def _ganhri(o: Mapping[str, Any]) -> tuple[Record, str | None, list[str]]:
    """The GANHRI fields of an NHRI (`ganhri_status`, `ganhri_status_as_of`, `ganhri_status_confidence`), the
    source stating them and the rest of the facts' GANHRI record as notes."""
    g = o.get("ganhri")
    if g is None:
        return {}, None, []
    text = str(g.get("status", "")).strip()
    status: str | None
    if text in ("A", "B"):
        status = text
    elif text.startswith("not accredited") or "not accredited" in text:
        status = "NOT_ACCREDITED"
    else:
        status = None  # "not verified": unknown
    as_of = first_date(g.get("as_of")) or first_date(g.get("year"))
    skip = {"source"} | ({"status"} if status == text else set())
    notes = [f"ganhri {k}: {render(v)}" for k, v in g.items() if k not in skip and v is not None]
    fields = {
        "ganhri_status": status,
        "ganhri_status_as_of": as_of,
        "ganhri_status_confidence": level(g.get("confidence")) or ("HIGH" if status else "LOW"),
    }
    return fields, g.get("source"), notes


def build_organisations(facts: Mapping[str, Any]) -> list[Record]:
    out: list[Record] = []
    for o in facts["organisations"]:
        kind, authority = KIND_BY_ID.get(o["id"]) or CATEGORY_KIND[o["category"]]
        used = (
            "id", "name", "short_name", "country", "category", "iati_org_type_suggested", "parent", "part_of",
            "ganhri", "parent_confidence",
        )  # fmt: skip
        rec: Record = {
            "id": o["id"],
            "name": o["name"],
            "short_name": o.get("short_name"),
            "kind": kind,
            **({"authority_kind": authority} if kind == "NATIONAL_AUTHORITY" else {}),
            "category": o["category"],
            "iati_org_type": o.get("iati_org_type_suggested"),
            "country": o.get("country"),
            "parent": o.get("parent") or o.get("part_of"),
            "sensitive": False,
        }
        ganhri, ganhri_source, ganhri_notes = _ganhri(o) if kind == "NHRI" else ({}, None, [])
        if kind == "NHRI":
            rec.update(ganhri)
            rec["npm_mandate"] = NPM_MANDATE.get(o["id"])
        rec.update(provenance(o, used))
        if o.get("parent_confidence"):
            rec["notes"].append(f"parent confidence: {o['parent_confidence']}")
        if o.get("part_of"):
            rec["notes"].append(f"part_of (seeded as parent): {o['part_of']}")
        rec["notes"].extend(ganhri_notes)
        if ganhri_source and not ganhri_source.startswith(("https://", "http://")):
            rec["notes"].append(f"ganhri source: {ganhri_source}")  # sources are URLs; a document reference is a note
        elif ganhri_source and ganhri_source not in rec["sources"]:
            rec["sources"].append(ganhri_source)
        out.append(rec)
    return out


def participation_id(org: str, role: str, target: str) -> str:
    return f"{org}--{role.lower().replace('_', '-')}--{target}"


def build_participations(facts: Mapping[str, Any]) -> list[Record]:
    out: list[Record] = []
    for p in facts["participations"]:
        role = ROLE_MAP[p["role"]]
        target_key = "project" if "project" in p else "programme"
        rec: Record = {
            "id": participation_id(p["org"], role, p[target_key]),
            "org": p["org"],
            target_key: p[target_key],
            "role": role,
            "iati_role": p.get("iati_role"),
            "since": None,
            "until": None,
            "share": p.get("share"),
            "amount_eur": p.get("amount_eur"),
        }
        prov = provenance(p, ("org", "project", "programme", "role", "iati_role", "share", "amount_eur"))
        if p["role"] != "partner/beneficiary" and role == "PARTNER":
            prov["notes"].append(f"facts role: {p['role']}")
        rec.update(prov)
        out.append(rec)
    return out


def _membership_status(text: str | None) -> str:
    low = (text or "").lower()
    for word, status in MEMBERSHIP_STATUS:
        if word in low:
            return status
    return "MEMBER"


_SHORT = re.compile(r"\(([A-Z][A-Z]+(?: [A-Z][A-Za-z]+)*)\)$")


def build_networks(facts: Mapping[str, Any]) -> list[Record]:
    out: list[Record] = []
    for n in facts["cross_border_links"]:
        members: list[Record] = []
        for m in n.get("members_in_scope") or []:
            text = m.get("membership")
            low = (text or "").lower()
            since = first_date(text) if "since" in low or low.startswith("associate") else None
            mnotes = [f"membership: {text}"] if text else []
            if m.get("confidence"):
                mnotes.append(f"confidence: {m['confidence']}")
            members.append(
                {
                    "id": f"{m['org']}--member-of--{n['id']}",
                    "org": m["org"],
                    "membership_status": _membership_status(text),
                    "evidence": m.get("evidence"),
                    "since": since,
                    "until": None,
                    "confidence": level(m.get("confidence")) or "HIGH",
                    "notes": mnotes,
                }
            )
        match = _SHORT.search(n["name"])
        used = ("id", "name", "type", "org", "members_in_scope", "parent_network", "project", "supporters")
        out.append(
            {
                "id": n["id"],
                "name": n["name"],
                "short_name": match.group(1) if match else None,
                "type": n.get("type"),
                "operated_by": n.get("org"),
                "parent_network": n.get("parent_network"),
                "project": n.get("project"),
                "supporters": list(n.get("supporters") or []),
                **provenance(n, used),
                "members": members,
            }
        )
    return out


def build_coe_bodies(facts: Mapping[str, Any]) -> list[Record]:
    return [
        {
            "id": b["id"],
            "name": b["name"],
            "short_name": b.get("short"),
            "role": b.get("role"),
            **provenance(b, ("id", "name", "short", "role")),
        }
        for b in facts["coe_bodies"]
    ]


_YEARS = re.compile(r"\b((?:19|20)\d{2})-((?:19|20)\d{2})\b")


def build_action_plans(facts: Mapping[str, Any]) -> list[Record]:
    out: list[Record] = []
    for a in facts["action_plans"]:
        years = _YEARS.search(a["name"])
        adopted = first_date(a.get("adopted"))
        used = ("id", "name", "country", "budget_eur", "adopted")
        rec: Record = {
            "id": a["id"],
            "name": a["name"],
            "country": a["country"],
            "adopted": adopted,
            "start_year": int(years.group(1)) if years else None,
            "end_year": int(years.group(2)) if years else None,
            "budget_eur": a.get("budget_eur"),
            **provenance(a, used),
        }
        if a.get("adopted") is not None and adopted != str(a["adopted"]):
            rec["notes"].append(f"adopted: {a['adopted']}")
        out.append(rec)
    return out


# --- output -------------------------------------------------------------------------------------------------

HEADER = """\
# partnernet seed file: {title}.
# Built once from seeds/facts/coe-cooperation-facts.yaml by seeds/tools/build_from_facts.py, then edited.
# Fields: seeds/README.md. Check with `partnernet seed validate`, load with `partnernet seed load`.
"""

FILES: dict[str, tuple[str, Any]] = {
    "regions": ("regions", build_regions),
    "countries": ("countries and territories", build_countries),
    "themes": ("themes addressed by programmes and projects", build_themes),
    "programmes": ("programmes", build_programmes),
    "projects": ("projects", build_projects),
    "organisations": ("organisations", build_organisations),
    "participations": ("participations of organisations in projects and programmes", build_participations),
    "networks": ("cross-border networks with their memberships", build_networks),
    "coe_bodies": ("Council of Europe bodies whose standards inform projects", build_coe_bodies),
    "action_plans": ("Council of Europe country action plans and co-operation documents", build_action_plans),
}


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, long strings kept on one line."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def main(argv: list[str]) -> int:
    facts_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_FACTS
    out_dir = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    facts = yaml.safe_load(facts_path.read_text(encoding="utf-8"))
    unmapped = {o["category"] for o in facts["organisations"]} - set(CATEGORY_KIND)
    if unmapped:
        print(f"unmapped categories: {sorted(unmapped)}", file=sys.stderr)
        return 1
    for stem, (title, builder) in FILES.items():
        records = builder(facts)
        body = yaml.dump({stem: records}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000)
        (out_dir / f"{stem}.yaml").write_text(HEADER.format(title=title) + body, encoding="utf-8")
        print(f"{stem}.yaml: {len(records)} records")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
