"""Read IATI activity XML (2.0x) safely into plain records; every problem names its file, XPath and field.

Parsing uses defusedxml: no DTDs, no entity expansion, no external resources, no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from service.model.dates import PartialDate, parse_partial_date
from service.model.enums import ProjectStatus
from service.seeding.errors import FileProblem

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# IATI code lists (seeds/facts/coe-cooperation-facts.yaml, iati_codes).
ORGANISATION_ROLES = {1: "Funding", 2: "Accountable", 3: "Extending", 4: "Implementing"}
ORGANISATION_TYPES = frozenset({10, 11, 15, 21, 22, 23, 24, 30, 40, 60, 70, 71, 72, 73, 80, 90})
ACTIVITY_STATUSES = {1: "Pipeline/identification", 2: "Implementation", 3: "Finalisation", 4: "Closed",
                     5: "Cancelled", 6: "Suspended"}  # fmt: skip
ACTIVITY_DATE_TYPES = {1: "Planned start", 2: "Actual start", 3: "Planned end", 4: "Actual end"}
# IATI Activity Status -> the model's project status (the exact code stays in iatiStatus).
PROJECT_STATUS: dict[int, ProjectStatus] = {
    1: ProjectStatus.PLANNED,
    2: ProjectStatus.ACTIVE,
    3: ProjectStatus.COMPLETED,
    4: ProjectStatus.COMPLETED,
    5: ProjectStatus.UNKNOWN,
    6: ProjectStatus.UNKNOWN,
}
_ISO2 = re.compile(r"^[A-Z]{2}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Participant:
    """One participating-org: `ref` (IATI organisation identifier), `name`, `role` and `type` codes."""

    xpath: str
    role: int
    ref: str | None
    name: str | None
    type: int | None


@dataclass
class Activity:
    """One iati-activity, reduced to what the model keeps."""

    xpath: str
    identifier: str
    title: str
    other_ids: list[str] = field(default_factory=list)
    status: int | None = None
    dates: dict[int, PartialDate] = field(default_factory=dict)
    budget_eur: float | None = None
    countries: list[tuple[str, str]] = field(default_factory=list)  # (code, xpath)
    sectors: list[str] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


class _Ctx:
    def __init__(self, file: str, problems: list[FileProblem]) -> None:
        self.file = file
        self.problems = problems

    def error(self, xpath: str, fieldname: str, message: str) -> None:
        self.problems.append(FileProblem(self.file, xpath, fieldname, message))


def _children(parent: Element, tag: str, base: str) -> list[tuple[Element, str]]:
    found = [c for c in parent if c.tag == tag]
    return [(c, f"{base}/{tag}[{i}]") for i, c in enumerate(found, start=1)]


def _narrative(el: Element | None) -> str | None:
    """The English (or language-less, or first) narrative text of an element."""
    if el is None:
        return None
    narratives = [n for n in el if n.tag == "narrative" and (n.text or "").strip()]
    if not narratives:
        return (el.text or "").strip() or None  # IATI 1.0x style text
    for n in narratives:
        if n.get(XML_LANG) in (None, "en"):
            return (n.text or "").strip()
    return (narratives[0].text or "").strip()


def _code(ctx: _Ctx, el: Element, attr: str, xpath: str, allowed: dict[int, str] | frozenset[int]) -> int | None:
    raw = el.get(attr)
    if raw is None:
        ctx.error(xpath, f"@{attr}", "is required")
        return None
    try:
        code = int(raw)
    except ValueError:
        code = -1
    if code not in allowed:
        codes = ", ".join(str(c) for c in sorted(allowed))
        ctx.error(xpath, f"@{attr}", f"unknown code {raw!r}; expected one of {codes}")
        return None
    return code


def _activity(ctx: _Ctx, el: Element, xpath: str) -> Activity | None:
    ident_el = el.find("iati-identifier")
    identifier = (ident_el.text or "").strip() if ident_el is not None else ""
    if not identifier:
        ctx.error(xpath, "iati-identifier", "is required")
    title = _narrative(el.find("title"))
    if not title:
        ctx.error(xpath, "title/narrative", "is required")
    act = Activity(xpath=xpath, identifier=identifier, title=title or "")
    for other, _path in _children(el, "other-identifier", xpath):
        if other.get("type") == "A1" and other.get("ref"):
            act.other_ids.append(str(other.get("ref")))
    status_el = el.find("activity-status")
    if status_el is not None:
        act.status = _code(ctx, status_el, "code", f"{xpath}/activity-status", ACTIVITY_STATUSES)
    for date_el, path in _children(el, "activity-date", xpath):
        kind = _code(ctx, date_el, "type", path, ACTIVITY_DATE_TYPES)
        raw = date_el.get("iso-date")
        if raw is None or not _ISO_DATE.match(raw):
            ctx.error(path, "@iso-date", f"expected a date YYYY-MM-DD, got {raw!r}")
            continue
        try:
            value = parse_partial_date(raw[:10])
        except ValueError as exc:
            ctx.error(path, "@iso-date", str(exc))
            continue
        if kind is not None:
            act.dates[kind] = value
    _budgets(ctx, el, xpath, act)
    for country, path in _children(el, "recipient-country", xpath):
        code = (country.get("code") or "").strip()
        if not _ISO2.match(code):
            ctx.error(path, "@code", f"expected an ISO 3166-1 alpha-2 country code, got {code!r}")
        else:
            act.countries.append((code, path))
    for sector, path in _children(el, "sector", xpath):
        code, vocabulary = (sector.get("code") or "").strip(), sector.get("vocabulary", "1")
        digits = {"1": 5, "2": 3}.get(vocabulary)
        if digits is not None and not re.fullmatch(rf"\d{{{digits}}}", code):
            ctx.error(path, "@code", f"expected a {digits}-digit DAC code (vocabulary {vocabulary}), got {code!r}")
        elif code:
            act.sectors.append(code)
    for org, path in _children(el, "participating-org", xpath):
        role = _code(ctx, org, "role", path, ORGANISATION_ROLES)
        org_type = _code(ctx, org, "type", path, ORGANISATION_TYPES) if org.get("type") is not None else None
        ref, name = (org.get("ref") or "").strip() or None, _narrative(org)
        if ref is None and name is None:
            ctx.error(path, "narrative", "a participating-org needs @ref or a name")
            continue
        if role is not None:
            act.participants.append(Participant(path, role, ref, name, org_type))
    for link, _ in _children(el, "document-link", xpath):
        if link.get("url"):
            act.sources.append(str(link.get("url")))
    description = _narrative(el.find("description"))
    if description:
        act.notes.append(f"IATI description: {description}")
    return act if identifier and title else None


def _budgets(ctx: _Ctx, el: Element, xpath: str, act: Activity) -> None:
    default_currency = el.get("default-currency")
    totals: dict[str, float] = {}
    for budget, path in _children(el, "budget", xpath):
        value_el = budget.find("value")
        if value_el is None or not (value_el.text or "").strip():
            ctx.error(path, "value", "is required")
            continue
        try:
            amount = float((value_el.text or "").strip())
        except ValueError:
            ctx.error(f"{path}/value", "value", f"expected a number, got {value_el.text!r}")
            continue
        if budget.get("type", "1") not in ("1", "2"):
            ctx.error(path, "@type", f"unknown code {budget.get('type')!r}; expected 1 (Original) or 2 (Revised)")
            continue
        currency = value_el.get("currency") or default_currency
        if not currency:
            ctx.error(f"{path}/value", "@currency", "is required when the activity has no @default-currency")
            continue
        totals[currency] = totals.get(currency, 0.0) + amount
    if "EUR" in totals:
        act.budget_eur = totals.pop("EUR")
    for currency, amount in sorted(totals.items()):
        act.notes.append(f"IATI budget: {amount:,.2f} {currency}")


def read_iati(file: str, text: str, problems: list[FileProblem]) -> list[Activity]:
    """The activities of one IATI activity file; parse and code problems are appended to `problems`."""
    ctx = _Ctx(file, problems)
    try:
        root = fromstring(text.encode("utf-8"), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        ctx.error(f"line {line}, column {column}", "-", f"malformed XML: {exc}")
        return []
    except DefusedXmlException as exc:
        ctx.error("/", "-", f"refused unsafe XML ({type(exc).__name__}): DTDs and entities are not allowed")
        return []
    if root.tag != "iati-activities":
        ctx.error(f"/{root.tag}", "-", "expected an IATI activity file with root element iati-activities")
        return []
    version = root.get("version")
    if version is not None and not version.startswith("2."):
        ctx.error("/iati-activities", "@version", f"only IATI 2.0x activity files are read, this is {version!r}")
        return []
    activities: list[Activity] = []
    seen: dict[str, str] = {}
    for el, xpath in _children(root, "iati-activity", "/iati-activities"):
        act = _activity(ctx, el, xpath)
        if act is None:
            continue
        if act.identifier in seen:
            ctx.error(
                xpath, "iati-identifier", f"duplicate identifier {act.identifier!r} (also {seen[act.identifier]})"
            )
            continue
        seen[act.identifier] = xpath
        activities.append(act)
    if not activities and not problems:
        ctx.error("/iati-activities", "iati-activity", "the file holds no activity")
    return activities
