"""Read IATI activity XML (2.01-2.03) safely into plain records; every problem names its file, XPath and field.

Parsing uses defusedxml: no DTDs, no entity expansion, no external resources, no network. What the model does not
keep is left out silently (results, locations, ...); what it keeps only in part is said in a notice (a sector of a
publisher's own vocabulary, a withdrawn currency).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from service.io.iati_codes import (
    ACTIVITY_DATE_TYPES,
    ACTIVITY_STATUSES,
    BUDGET_TYPES,
    DAC_SECTOR_DIGITS,
    ORGANISATION_ROLES,
    ORGANISATION_TYPES,
    READ_VERSIONS,
    REGION_VOCABULARIES,
    TRANSACTION_TYPES,
)
from service.io.iso import is_currency_code, is_current_currency
from service.model.dates import PartialDate, parse_partial_date
from service.seeding.errors import FileProblem

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ISO2 = re.compile(r"^[A-Z]{2}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class OrgRef:
    """An organisation an element names: `ref` (its IATI organisation identifier), `name`, `type` code."""

    xpath: str
    ref: str | None
    name: str | None
    type: int | None


@dataclass(frozen=True)
class Participant(OrgRef):
    """One participating-org, with its IATI Organisation Role code."""

    role: int = 0


@dataclass(frozen=True)
class Transaction:
    """One transaction: its type code, the organisations it names, and how it reads (`1000 EUR on 2012-01-01`)."""

    xpath: str
    type: int
    provider: OrgRef | None
    receiver: OrgRef | None
    summary: str


@dataclass
class Activity:
    """One iati-activity, reduced to what the model keeps."""

    xpath: str
    identifier: str
    title: str
    other_ids: list[str] = field(default_factory=list)
    status: int | None = None
    dates: dict[int, PartialDate] = field(default_factory=dict)
    budgets: dict[str, float] = field(default_factory=dict)  # currency -> total
    countries: list[tuple[str, str]] = field(default_factory=list)  # (code, xpath)
    regions: list[str] = field(default_factory=list)  # <vocabulary>:<code>
    sectors: list[str] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: list[tuple[str, str]] = field(default_factory=list)  # (url, xpath)

    @property
    def budget_eur(self) -> float | None:
        """The euro total of the activity's budgets (None without a euro budget)."""
        return self.budgets.get("EUR")


class _Ctx:
    def __init__(self, file: str, problems: list[FileProblem], notices: list[FileProblem]) -> None:
        self.file = file
        self.problems = problems
        self.notices = notices

    def error(self, xpath: str, fieldname: str, message: str) -> None:
        self.problems.append(FileProblem(self.file, xpath, fieldname, message))

    def notice(self, xpath: str, fieldname: str, message: str) -> None:
        self.notices.append(FileProblem(self.file, xpath, fieldname, message))


def _children(parent: Element, tag: str, base: str) -> list[tuple[Element, str]]:
    found = [c for c in parent if c.tag == tag]
    return [(c, f"{base}/{tag}[{i}]") for i, c in enumerate(found, start=1)]


def _narrative(el: Element | None) -> str | None:
    """The English narrative of an element, else the one in the activity's language (no xml:lang), else the
    first; IATI 1.0x-style text inside the element itself when it has no narrative."""
    if el is None:
        return None
    narratives = [n for n in el if n.tag == "narrative" and (n.text or "").strip()]
    if not narratives:
        return (el.text or "").strip() or None
    for lang in ("en", None):
        for n in narratives:
            if n.get(XML_LANG) == lang:
                return (n.text or "").strip()
    return (narratives[0].text or "").strip()


def _code(
    ctx: _Ctx, el: Element, attr: str, xpath: str, allowed: dict[int, str], default: str | None = None
) -> int | None:
    raw = el.get(attr, default)
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


def _amount(ctx: _Ctx, el: Element, xpath: str, default_currency: str | None) -> tuple[float, str] | None:
    """(amount, currency) of an element with a `value` child; problems for a missing or malformed one."""
    value_el = el.find("value")
    text = (value_el.text or "").strip() if value_el is not None else ""
    if value_el is None or not text:
        ctx.error(xpath, "value", "is required")
        return None
    try:
        amount = float(text)
    except ValueError:
        ctx.error(f"{xpath}/value", "value", f"expected a number, got {text!r}")
        return None
    currency = (value_el.get("currency") or default_currency or "").strip()
    if not currency:
        ctx.error(f"{xpath}/value", "@currency", "is required when the activity has no @default-currency")
        return None
    if not is_currency_code(currency):
        ctx.error(f"{xpath}/value", "@currency", f"expected an ISO 4217 currency code, got {currency!r}")
        return None
    if not is_current_currency(currency):
        ctx.notice(f"{xpath}/value", "@currency", f"{currency} is not a current ISO 4217 currency; kept as written")
    return amount, currency


def show_amount(amount: float, currency: str) -> str:
    """`EUR 3000`, `USD 1250.5`: a total as the model keeps it (budgetTotals)."""
    text = f"{amount:.2f}".rstrip("0").rstrip(".")
    return f"{currency} {text}"


def _budgets(ctx: _Ctx, el: Element, xpath: str, act: Activity) -> None:
    """Sum the budgets per currency; where a period has a revised budget (type 2) it replaces the original."""
    periods: dict[tuple[str, str], list[tuple[int, str, float]]] = defaultdict(list)
    for budget, path in _children(el, "budget", xpath):
        kind = _code(ctx, budget, "type", path, BUDGET_TYPES, default="1")
        money = _amount(ctx, budget, path, el.get("default-currency"))
        if kind is None or money is None:
            continue
        periods[_date_of(budget, "period-start"), _date_of(budget, "period-end")].append((kind, money[1], money[0]))
    for entries in periods.values():
        revised = [e for e in entries if e[0] == 2]
        for _, currency, amount in revised or entries:
            act.budgets[currency] = act.budgets.get(currency, 0.0) + amount


def _date_of(el: Element, tag: str) -> str:
    """The @iso-date of a child element, or the empty string."""
    child = el.find(tag)
    return (child.get("iso-date") or "") if child is not None else ""


def _org_ref(ctx: _Ctx, el: Element | None, xpath: str) -> OrgRef | None:
    """The organisation an element names, or None when it names none (neither @ref nor a name)."""
    if el is None:
        return None
    org_type = _code(ctx, el, "type", xpath, ORGANISATION_TYPES) if el.get("type") is not None else None
    ref, name = (el.get("ref") or "").strip() or None, _narrative(el)
    return OrgRef(xpath, ref, name, org_type) if ref or name else None


def _transactions(ctx: _Ctx, el: Element, xpath: str, act: Activity) -> None:
    for tr, path in _children(el, "transaction", xpath):
        type_el = tr.find("transaction-type")
        if type_el is None:
            ctx.error(path, "transaction-type", "is required")
            continue
        code = _code(ctx, type_el, "code", f"{path}/transaction-type", TRANSACTION_TYPES)
        money = _amount(ctx, tr, path, el.get("default-currency"))
        date = _date_of(tr, "transaction-date")
        provider = _org_ref(ctx, tr.find("provider-org"), f"{path}/provider-org")
        receiver = _org_ref(ctx, tr.find("receiver-org"), f"{path}/receiver-org")
        if code is None or money is None:
            continue
        summary = f"transaction {code} ({TRANSACTION_TYPES[code]}) of {show_amount(*money)}"
        act.transactions.append(Transaction(path, code, provider, receiver, summary + (f" on {date}" if date else "")))


def _places(ctx: _Ctx, el: Element, xpath: str, act: Activity) -> None:
    for country, path in _children(el, "recipient-country", xpath):
        code = (country.get("code") or "").strip().upper()
        if not _ISO2.match(code):
            ctx.error(path, "@code", f"expected an ISO 3166-1 alpha-2 country code, got {country.get('code')!r}")
        elif code not in (c for c, _ in act.countries):
            act.countries.append((code, path))
    for region, path in _children(el, "recipient-region", xpath):
        code, vocabulary = (region.get("code") or "").strip(), (region.get("vocabulary") or "1").strip()
        if vocabulary not in REGION_VOCABULARIES:
            known = ", ".join(f"{k} ({v})" for k, v in REGION_VOCABULARIES.items())
            ctx.error(path, "@vocabulary", f"unknown region vocabulary {vocabulary!r}; expected one of {known}")
        elif not code or (vocabulary != "99" and not code.isdigit()):
            ctx.error(path, "@code", f"expected a {REGION_VOCABULARIES[vocabulary]} region code, got {code!r}")
        elif f"{vocabulary}:{code}" not in act.regions:
            act.regions.append(f"{vocabulary}:{code}")


def _sectors(ctx: _Ctx, el: Element, xpath: str, act: Activity) -> None:
    for sector, path in _children(el, "sector", xpath):
        code, vocabulary = (sector.get("code") or "").strip(), (sector.get("vocabulary") or "1").strip()
        digits = DAC_SECTOR_DIGITS.get(vocabulary)
        if digits is None:
            ctx.notice(path, "@vocabulary", f"sector {code!r} of vocabulary {vocabulary} is not a DAC code; not kept")
        elif not re.fullmatch(rf"\d{{{digits}}}", code):
            ctx.error(path, "@code", f"expected a {digits}-digit DAC code (vocabulary {vocabulary}), got {code!r}")
        elif code not in act.sectors:
            act.sectors.append(code)


def _dates(ctx: _Ctx, el: Element, xpath: str, act: Activity) -> None:
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
    _dates(ctx, el, xpath, act)
    _budgets(ctx, el, xpath, act)
    _places(ctx, el, xpath, act)
    _sectors(ctx, el, xpath, act)
    for org, path in _children(el, "participating-org", xpath):
        role = _code(ctx, org, "role", path, ORGANISATION_ROLES)
        named = _org_ref(ctx, org, path)
        if named is None:
            ctx.error(path, "narrative", "a participating-org needs @ref or a name")
        elif role is not None:
            act.participants.append(Participant(path, named.ref, named.name, named.type, role))
    _transactions(ctx, el, xpath, act)
    for link, path in _children(el, "document-link", xpath):
        if link.get("url"):
            act.sources.append((str(link.get("url")), path))
    descriptions = [d for d in el if d.tag == "description"]
    general = next((d for d in descriptions if d.get("type", "1") == "1"), descriptions[0] if descriptions else None)
    description = _narrative(general)
    if description:
        act.notes.append(f"IATI description: {description}")
    return act if identifier and title else None


def _version(ctx: _Ctx, root: Element) -> bool:
    """Whether the file is of a version the reader knows (a file without @version is read as 2.0x)."""
    version = root.get("version")
    if version is None or version in READ_VERSIONS:
        return True
    known = ", ".join(READ_VERSIONS)
    if version.startswith("1."):
        ctx.error("/iati-activities", "@version", f"this is an IATI {version} file; partnernet reads versions {known}: "
                  "upgrade it to 2.03 first (the 1.0x versions were retired in 2019; the IATI Standard's upgrade "
                  "guidance lists what changed: narratives, role and date-type codes, transaction types)")  # fmt: skip
    else:
        ctx.error("/iati-activities", "@version", f"unknown IATI version {version!r}; partnernet reads {known}")
    return False


def read_iati(
    file: str, text: str, problems: list[FileProblem], notices: list[FileProblem] | None = None
) -> list[Activity]:
    """The activities of one IATI activity file; parse and code problems are appended to `problems`, what is kept
    only in part to `notices`."""
    ctx = _Ctx(file, problems, notices if notices is not None else [])
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
    if not _version(ctx, root):
        return []
    activities: list[Activity] = []
    seen: dict[str, str] = {}
    before = len(problems)
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
    if not activities and len(problems) == before:
        ctx.error("/iati-activities", "iati-activity", "the file holds no activity")
    return activities
