"""Read and validate every seed file before any write; all problems are collected, then raised at once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from service.seeding.errors import SeedError, SeedValidationError
from service.seeding.models import (
    IATI_ROLES,
    ActionPlanSeed,
    AuthorityKind,
    CoeBodySeed,
    Confidence,
    CountrySeed,
    DivisionAttribution,
    GanhriSeed,
    GanhriStatus,
    MembershipSeed,
    MembershipStatus,
    NetworkSeed,
    OrganisationSeed,
    OrgKind,
    ParticipationSeed,
    ProgrammeSeed,
    ProjectSeed,
    ProjectStatus,
    RegionSeed,
    Role,
    SeedGraph,
    ThemeSeed,
)
from service.seeding.reader import PrefixedReader, RecordReader, check_range, show

SEED_FILES: tuple[str, ...] = (
    "regions",
    "countries",
    "themes",
    "programmes",
    "projects",
    "organisations",
    "participations",
    "networks",
    "coe_bodies",
    "action_plans",
)


# --- record readers -----------------------------------------------------------------------------------------


def _region(r: RecordReader) -> RegionSeed:
    return RegionSeed(id=r.str_("id", required=True) or "", name=r.str_("name", required=True) or "",
                      provenance=r.provenance())  # fmt: skip


def _country(r: RecordReader) -> CountrySeed:
    cid = r.str_("id", required=True) or ""
    iso2 = r.str_("iso2", required=True) or ""
    iso3 = r.str_("iso3")
    if iso2 and (len(iso2) != 2 or not iso2.isupper()):
        r.error("iso2", f"expected two upper-case letters, got {iso2!r}")
    if iso2 and cid and iso2 != cid:
        r.error("id", f"a country's id is its iso2 code ({iso2!r}), got {cid!r}")
    if iso3 is not None and (len(iso3) != 3 or not iso3.isupper()):
        r.error("iso3", f"expected three upper-case letters, got {iso3!r}")
    return CountrySeed(
        id=cid,
        iso2=iso2,
        iso3=iso3,
        name=r.str_("name", required=True) or "",
        alt_names=r.strs("alt_names"),
        regions=r.strs("regions"),
        coe_member=r.bool_("coe_member"),
        coe_member_since=r.date_("coe_member_since"),
        coe_field_office=r.str_("coe_field_office"),
        provenance=r.provenance(),
    )


def _theme(r: RecordReader) -> ThemeSeed:
    return ThemeSeed(id=r.str_("id", required=True) or "", name=r.str_("name", required=True) or "",
                     provenance=r.provenance())  # fmt: skip


def _programme(r: RecordReader) -> ProgrammeSeed:
    start, end = r.date_("start"), r.date_("end")
    check_range(r, start, end, "end")
    return ProgrammeSeed(
        id=r.str_("id", required=True) or "",
        name=r.str_("name", required=True) or "",
        short_name=r.str_("short_name"),
        type=r.str_("type"),
        start=start,
        end=end,
        budget_eur=r.float_("budget_eur"),
        status=r.enum_("status", ProjectStatus) or ProjectStatus.UNKNOWN,
        countries=r.strs("countries"),
        themes=r.strs("themes"),
        predecessor=r.str_("predecessor"),
        provenance=r.provenance(),
    )


def _project(r: RecordReader) -> ProjectSeed:
    start, end = r.date_("start"), r.date_("end")
    check_range(r, start, end, "end")
    iati = r.int_("iati_status")
    if iati is not None and not 1 <= iati <= 6:
        r.error("iati_status", f"IATI activity status is 1..6, got {iati}")
    return ProjectSeed(
        id=r.str_("id", required=True) or "",
        title=r.str_("title", required=True) or "",
        programmes=r.strs("programmes"),
        countries=r.strs("countries"),
        start=start,
        end=end,
        budget_eur=r.float_("budget_eur"),
        status=r.enum_("status", ProjectStatus, required=True) or ProjectStatus.UNKNOWN,
        iati_status=iati,
        division_attribution=r.enum_("division_attribution", DivisionAttribution),
        implementing_unit=r.str_("implementing_unit"),
        jp_code=r.str_("jp_code"),
        themes=r.strs("themes"),
        action_plans=r.strs("action_plans"),
        coe_bodies=r.strs("coe_bodies"),
        provenance=r.provenance(),
    )


def _ganhri(r: RecordReader, raw: object) -> GanhriSeed | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        r.error("ganhri", f"expected a mapping with status, as_of, confidence, source, notes; got {show(raw)}")
        return None
    prefixed = PrefixedReader(RecordReader(r.file, 0, raw, r.errors), "ganhri.")
    prefixed.key = r.key
    seed = GanhriSeed(
        status=prefixed.enum_("status", GanhriStatus),
        as_of=prefixed.date_("as_of"),
        confidence=prefixed.enum_("confidence", Confidence) or Confidence.HIGH,
        source=prefixed.str_("source"),
        notes=prefixed.strs("notes"),
    )
    prefixed.finish()
    return seed


def _organisation(r: RecordReader) -> OrganisationSeed:
    kind = r.enum_("kind", OrgKind, required=True)
    authority = r.enum_("authority_kind", AuthorityKind)
    if kind is OrgKind.NATIONAL_AUTHORITY and authority is None and r.raw.get("authority_kind") is None:
        r.error("authority_kind", "is required for kind NATIONAL_AUTHORITY")
    if kind is not None and kind is not OrgKind.NATIONAL_AUTHORITY and authority is not None:
        r.error("authority_kind", f"only NATIONAL_AUTHORITY organisations have one (kind is {kind.value})")
    ganhri = _ganhri(r, r._get("ganhri", False))
    npm = r.bool_("npm_mandate")
    if kind is not None and kind is not OrgKind.NHRI:
        for name, value in (("ganhri", ganhri), ("npm_mandate", npm)):
            if value is not None:
                r.error(name, f"only NHRI organisations have one (kind is {kind.value})")
    iati_type = r.int_("iati_org_type")
    if iati_type is not None and not 10 <= iati_type <= 90:
        r.error("iati_org_type", f"IATI organisation type codes run 10..90, got {iati_type}")
    return OrganisationSeed(
        id=r.str_("id", required=True) or "",
        name=r.str_("name", required=True) or "",
        short_name=r.str_("short_name"),
        kind=kind or OrgKind.NATIONAL_AUTHORITY,
        authority_kind=authority,
        category=r.str_("category", required=True) or "",
        iati_org_type=iati_type,
        country=r.str_("country"),
        parent=r.str_("parent"),
        sensitive=bool(r.bool_("sensitive")),
        ganhri=ganhri,
        npm_mandate=npm,
        provenance=r.provenance(),
    )


def _participation(r: RecordReader) -> ParticipationSeed:
    project, programme = r.str_("project"), r.str_("programme")
    if r.raw.get("project") is None and r.raw.get("programme") is None:
        r.error("project", "one of project or programme is required")
    elif project is not None and programme is not None:
        r.error("programme", "give either project or programme, not both")
    iati = r.int_("iati_role")
    if iati is not None and iati not in IATI_ROLES:
        r.error("iati_role", f"IATI organisation role codes are 1..4, got {iati}")
    since, until = r.date_("since"), r.date_("until")
    check_range(r, since, until, "until")
    share = r.float_("share")
    if share is not None and share > 1:
        r.error("share", f"a share is a fraction between 0 and 1, got {share}")
    return ParticipationSeed(
        id=r.str_("id", required=True) or "",
        org=r.str_("org", required=True) or "",
        project=project,
        programme=programme,
        role=r.enum_("role", Role, required=True) or Role.PARTNER,
        iati_role=iati,
        since=since,
        until=until,
        share=share,
        amount_eur=r.float_("amount_eur"),
        provenance=r.provenance(),
    )


def _membership(r: RecordReader) -> MembershipSeed:
    since, until = r.date_("since"), r.date_("until")
    check_range(r, since, until, "until")
    seed = MembershipSeed(
        id=r.str_("id", required=True) or "",
        org=r.str_("org", required=True) or "",
        status=r.enum_("status", MembershipStatus) or MembershipStatus.MEMBER,
        evidence=r.str_("evidence"),
        since=since,
        until=until,
        confidence=r.enum_("confidence", Confidence) or Confidence.HIGH,
        notes=r.strs("notes"),
    )
    r.finish()
    return seed


def _network(r: RecordReader) -> NetworkSeed:
    raw_members = r._get("members", False) or []
    members: list[MembershipSeed] = []
    if not isinstance(raw_members, list):
        r.error("members", f"expected a list, got {show(raw_members)}")
        raw_members = []
    for i, m in enumerate(raw_members):
        if not isinstance(m, dict):
            r.error(f"members[{i}]", f"expected a mapping, got {show(m)}")
            continue
        sub = PrefixedReader(RecordReader(r.file, i, m, r.errors), f"members[{i}].")
        sub.key = r.key
        members.append(_membership(sub))
    return NetworkSeed(
        id=r.str_("id", required=True) or "",
        name=r.str_("name", required=True) or "",
        short_name=r.str_("short_name"),
        type=r.str_("type"),
        operated_by=r.str_("operated_by"),
        parent_network=r.str_("parent_network"),
        project=r.str_("project"),
        supporters=r.strs("supporters"),
        members=tuple(members),
        provenance=r.provenance(),
    )


def _coe_body(r: RecordReader) -> CoeBodySeed:
    return CoeBodySeed(
        id=r.str_("id", required=True) or "",
        name=r.str_("name", required=True) or "",
        short_name=r.str_("short_name"),
        role=r.str_("role"),
        provenance=r.provenance(),
    )


def _action_plan(r: RecordReader) -> ActionPlanSeed:
    start, end = r.int_("start_year"), r.int_("end_year")
    if start is not None and end is not None and end < start:
        r.error("end_year", f"{end} is before start_year {start}")
    return ActionPlanSeed(
        id=r.str_("id", required=True) or "",
        name=r.str_("name", required=True) or "",
        country=r.str_("country", required=True) or "",
        adopted=r.date_("adopted"),
        start_year=start,
        end_year=end,
        budget_eur=r.float_("budget_eur"),
        provenance=r.provenance(),
    )


_READERS: dict[str, Callable[[RecordReader], Any]] = {
    "regions": _region,
    "countries": _country,
    "themes": _theme,
    "programmes": _programme,
    "projects": _project,
    "organisations": _organisation,
    "participations": _participation,
    "networks": _network,
    "coe_bodies": _coe_body,
    "action_plans": _action_plan,
}


# --- files and references -----------------------------------------------------------------------------------


def _load_file(path: Path, stem: str, errors: list[SeedError]) -> list[Mapping[str, Any]]:
    fname = path.name
    if not path.is_file():
        errors.append(SeedError(fname, "-", "-", f"file is missing from {path.parent}"))
        return []
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "-"
        errors.append(SeedError(fname, where, "-", f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        return []
    if not isinstance(doc, dict) or set(doc) != {stem}:
        errors.append(SeedError(fname, "-", "-", f"expected one top-level key {stem!r} holding a list of records"))
        return []
    records = doc[stem] or []
    if not isinstance(records, list):
        errors.append(SeedError(fname, "-", stem, "expected a list of records"))
        return []
    out: list[Mapping[str, Any]] = []
    for i, rec in enumerate(records):
        if isinstance(rec, dict):
            out.append(rec)
        else:
            errors.append(SeedError(fname, f"#{i}", "-", f"expected a mapping of fields, got {show(rec)}"))
            out.append({})
    return out


def _read_all(raw: Mapping[str, list[Mapping[str, Any]]], errors: list[SeedError]) -> dict[str, list[Any]]:
    parsed: dict[str, list[Any]] = {}
    for stem in SEED_FILES:
        items: list[Any] = []
        ids: dict[str, int] = {}
        for i, rec in enumerate(raw.get(stem, [])):
            reader = RecordReader(f"{stem}.yaml", i, rec, errors)
            items.append(_READERS[stem](reader))
            reader.finish()
            rid = rec.get("id")
            if isinstance(rid, str):
                if rid in ids:
                    reader.error("id", f"duplicate id (also record #{ids[rid]})")
                ids.setdefault(rid, i)
        parsed[stem] = items
    return parsed


def _check_refs(p: Mapping[str, list[Any]], errors: list[SeedError]) -> None:
    ids = {stem: {x.id for x in p[stem]} for stem in SEED_FILES}
    seen_members: set[str] = set()
    for net in p["networks"]:
        for i, m in enumerate(net.members):
            if m.id in seen_members:
                errors.append(SeedError("networks.yaml", net.id, f"members[{i}].id", f"duplicate id {m.id!r}"))
            seen_members.add(m.id)

    def ref(file: str, rid: str, fieldname: str, values: Iterable[str | None], target: str) -> None:
        for v in values:
            if v is not None and v not in ids[target]:
                errors.append(SeedError(file, rid, fieldname, f"unknown {target[:-1]} id {v!r} (not in {target}.yaml)"))

    for c in p["countries"]:
        ref("countries.yaml", c.id, "regions", c.regions, "regions")
    for g in p["programmes"]:
        ref("programmes.yaml", g.id, "countries", g.countries, "countries")
        ref("programmes.yaml", g.id, "themes", g.themes, "themes")
        ref("programmes.yaml", g.id, "predecessor", [g.predecessor], "programmes")
    for j in p["projects"]:
        ref("projects.yaml", j.id, "programmes", j.programmes, "programmes")
        ref("projects.yaml", j.id, "countries", j.countries, "countries")
        ref("projects.yaml", j.id, "themes", j.themes, "themes")
        ref("projects.yaml", j.id, "action_plans", j.action_plans, "action_plans")
        ref("projects.yaml", j.id, "coe_bodies", j.coe_bodies, "coe_bodies")
    for o in p["organisations"]:
        ref("organisations.yaml", o.id, "country", [o.country], "countries")
        ref("organisations.yaml", o.id, "parent", [o.parent], "organisations")
        if o.parent is not None and o.parent == o.id:
            errors.append(SeedError("organisations.yaml", o.id, "parent", "an organisation cannot be its own parent"))
    for q in p["participations"]:
        ref("participations.yaml", q.id, "org", [q.org], "organisations")
        ref("participations.yaml", q.id, "project", [q.project], "projects")
        ref("participations.yaml", q.id, "programme", [q.programme], "programmes")
    for n in p["networks"]:
        ref("networks.yaml", n.id, "operated_by", [n.operated_by], "organisations")
        ref("networks.yaml", n.id, "parent_network", [n.parent_network], "networks")
        ref("networks.yaml", n.id, "project", [n.project], "projects")
        ref("networks.yaml", n.id, "supporters", n.supporters, "organisations")
        for i, m in enumerate(n.members):
            ref("networks.yaml", n.id, f"members[{i}].org", [m.org], "organisations")
    for a in p["action_plans"]:
        ref("action_plans.yaml", a.id, "country", [a.country], "countries")


def validate_records(raw: Mapping[str, list[Mapping[str, Any]]]) -> SeedGraph:
    """Validate raw records per file stem; returns the graph or raises SeedValidationError (all problems)."""
    errors: list[SeedError] = []
    parsed = _read_all(raw, errors)
    _check_refs(parsed, errors)
    if errors:
        raise SeedValidationError(errors)
    return SeedGraph(**{stem: tuple(items) for stem, items in parsed.items()})


def read_seed_dir(path: Path) -> SeedGraph:
    """Read and validate all seed files in `path`; raises SeedValidationError listing every problem found."""
    errors: list[SeedError] = []
    if not path.is_dir():
        raise SeedValidationError([SeedError(str(path), "-", "-", "is not a directory of seed files")])
    raw = {stem: _load_file(path / f"{stem}.yaml", stem, errors) for stem in SEED_FILES}
    try:
        graph = validate_records(raw)
    except SeedValidationError as exc:
        errors.extend(exc.errors)
    if errors:
        raise SeedValidationError(errors)
    return graph
