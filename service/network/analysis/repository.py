"""Network analysis reads; each function runs exactly one Cypher statement and returns frozen dataclasses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from neo4j import AsyncDriver

from service.db.driver import read
from service.core.errors import InvalidInputError, NotFoundError
from service.network.analysis import cypher
from service.network.analysis.models import (
    Broker,
    BrokersAnswer,
    Change,
    ChangesAnswer,
    CountryLink,
    CountryLinksAnswer,
    CrossBorderAnswer,
    CrossBorderLink,
    CrossBorderPartner,
    Gap,
    GapsAnswer,
    Suggestion,
    SuggestionsAnswer,
    ThemeRef,
)
from service.network.inputs import (
    CANDIDATES_PER_THEME,
    HUB_SIZE,
    MAX_NODE_CAP,
    MAX_ROWS,
    MAX_TOP,
    check_range,
)
from service.network.models import (
    ORGANISATION_KINDS,
    ChangeKind,
    Edge,
    GapKind,
    LinkFilter,
    NetworkRole,
    Node,
    NodeKind,
)


def _org_kinds(kinds: Sequence[NodeKind] | None, argument: str) -> list[str]:
    chosen = list(dict.fromkeys(kinds or ORGANISATION_KINDS))
    for k in chosen:
        if not k.is_organisation:
            raise InvalidInputError(f"`{argument}` takes organisation kinds only; got {k.value}", field=argument)
    return [k.value for k in chosen]


def _period(start: str | None, end: str | None, *, start_arg: str, end_arg: str) -> dict[str, Any]:
    if start is not None and end is not None and start > end:
        raise InvalidInputError(f"`{start_arg}` ({start}) is after `{end_arg}` ({end})", field=start_arg)
    return {"periodFrom": start, "periodUntil": end}


def _base(links: LinkFilter, can_see_sensitive: bool) -> dict[str, Any]:
    return {**links.params(), "canSeeSensitive": can_see_sensitive}


def _roles(values: Sequence[str]) -> tuple[NetworkRole, ...]:
    return tuple(NetworkRole(v) for v in values)


def country_links_params(
    *,
    links: LinkFilter,
    kinds: Sequence[NodeKind] | None,
    partner_kinds: Sequence[NodeKind] | None,
    region: str | None,
    countries: Sequence[str],
    programme: str | None,
    period_from: str | None,
    period_until: str | None,
    can_see_sensitive: bool,
) -> dict[str, Any]:
    """The checked parameters of the country-links statement (`symmetric` included); raises on a bad argument."""
    own = _org_kinds(kinds, "kinds")
    theirs = _org_kinds(partner_kinds, "partnerKinds") if partner_kinds is not None else own
    return _base(links, can_see_sensitive) | {
        "kinds": own,
        "partnerKinds": theirs,
        "symmetric": set(own) == set(theirs),
        "region": region,
        "countries": list(countries),
        "programme": programme,
        **_period(period_from, period_until, start_arg="from", end_arg="until"),
    }


def check_country_links_found(region_found: bool, programme_found: bool, params: dict[str, Any]) -> None:
    """Raise NOT_FOUND for a `region` or `programme` argument that names nothing."""
    if not region_found:
        raise NotFoundError(f"`region`: no region {params['region']!r}", field="region")
    if not programme_found:
        raise NotFoundError(f"`programme`: no programme {params['programme']!r}", field="programme")


async def list_country_links(
    driver: AsyncDriver,
    *,
    database: str,
    timeout_s: float,
    links: LinkFilter,
    kinds: Sequence[NodeKind] | None,
    partner_kinds: Sequence[NodeKind] | None,
    region: str | None,
    countries: Sequence[str],
    programme: str | None,
    period_from: str | None,
    period_until: str | None,
    can_see_sensitive: bool,
) -> CountryLinksAnswer:
    """Matrix cells ordered by (countryA, countryB); unordered pairs once when both kind sets are equal."""
    params = country_links_params(
        links=links,
        kinds=kinds,
        partner_kinds=partner_kinds,
        region=region,
        countries=countries,
        programme=programme,
        period_from=period_from,
        period_until=period_until,
        can_see_sensitive=can_see_sensitive,
    )
    symmetric = bool(params["symmetric"])
    rec = (await read(driver, cypher.COUNTRY_LINKS, params, database=database, timeout_s=timeout_s))[0]
    check_country_links_found(rec["regionFound"], rec["programmeFound"], params)
    cells = tuple(
        CountryLink(
            country_a=c["a"],
            country_b=c["b"],
            links=int(c["links"]),
            projects=int(c["projects"]),
            networks=int(c["networks"]),
            examples=tuple(Node.from_map(x) for x in c["examples"]),
        )
        for c in rec["cells"]
    )
    return CountryLinksAnswer(
        countries=tuple(rec["countries"]), cells=cells, symmetric=symmetric, roles=links.roles, as_of=links.as_of
    )


def cross_border_params(
    *, org: str, countries: Sequence[str], links: LinkFilter, cap: int, can_see_sensitive: bool
) -> dict[str, Any]:
    """The checked parameters of the cross-border statement; raises on a bad argument."""
    check_range(cap, argument="limit", low=1, high=MAX_NODE_CAP)
    return _base(links, can_see_sensitive) | {"org": org, "countries": list(countries), "cap": cap}


def org_not_found(org: str) -> NotFoundError:
    """The NOT_FOUND error of an `org` argument that names no visible organisation."""
    return NotFoundError(f"`org`: no organisation {org!r}", field="org")


async def list_cross_border_partners(
    driver: AsyncDriver,
    *,
    database: str,
    timeout_s: float,
    org: str,
    countries: Sequence[str],
    links: LinkFilter,
    cap: int,
    can_see_sensitive: bool,
) -> CrossBorderAnswer:
    """Partners located in other countries, by shared connectors (desc), then country, name, id."""
    params = cross_border_params(
        org=org, countries=countries, links=links, cap=cap, can_see_sensitive=can_see_sensitive
    )
    rec = (await read(driver, cypher.CROSS_BORDER, params, database=database, timeout_s=timeout_s))[0]
    if rec["org"] is None:
        raise org_not_found(org)
    partners = tuple(
        CrossBorderPartner(
            node=Node.from_map(p["node"]),
            country=p["country"],
            links=tuple(
                CrossBorderLink(
                    via=Node.from_map(link["via"]),
                    roles=_roles(link["roles"]),
                    partner_roles=_roles(link["partnerRoles"]),
                )
                for link in p["links"]
            ),
        )
        for p in rec["partners"]
    )
    return CrossBorderAnswer(
        org=Node.from_map(rec["org"]),
        partners=partners,
        truncated=int(rec["total"]) > cap,
        roles=links.roles,
        as_of=links.as_of,
    )


def brokers_params(
    *,
    region: str | None,
    countries: Sequence[str],
    kinds: Sequence[NodeKind] | None,
    top: int,
    links: LinkFilter,
    can_see_sensitive: bool,
) -> dict[str, Any]:
    """The checked parameters of the brokers statement; raises on a bad argument."""
    check_range(top, argument="top", low=1, high=MAX_TOP)
    return _base(links, can_see_sensitive) | {
        "region": region,
        "countries": list(countries),
        "kinds": _org_kinds(kinds, "kinds"),
        "top": top,
    }


def region_not_found(region: str | None) -> NotFoundError:
    """The NOT_FOUND error of a `region` argument that names no region."""
    return NotFoundError(f"`region`: no region {region!r}", field="region")


async def list_brokers(
    driver: AsyncDriver,
    *,
    database: str,
    timeout_s: float,
    region: str | None,
    countries: Sequence[str],
    kinds: Sequence[NodeKind] | None,
    top: int,
    links: LinkFilter,
    can_see_sensitive: bool,
) -> BrokersAnswer:
    """The `top` brokers by countries reached (desc), bridging connectors (desc), name, id."""
    params = brokers_params(
        region=region, countries=countries, kinds=kinds, top=top, links=links, can_see_sensitive=can_see_sensitive
    )
    rec = (await read(driver, cypher.BROKERS, params, database=database, timeout_s=timeout_s))[0]
    if not rec["regionFound"]:
        raise region_not_found(region)
    brokers = tuple(
        Broker(
            node=Node.from_map(b["node"]),
            country=b["home"],
            countries_reached=tuple(sorted(b["reached"])),
            bridging_connectors=int(b["bridging"]),
            connectors=int(b["connectors"]),
        )
        for b in rec["brokers"]
    )
    return BrokersAnswer(brokers=brokers, roles=links.roles, as_of=links.as_of)


async def list_gaps(
    driver: AsyncDriver,
    *,
    database: str,
    timeout_s: float,
    country: str,
    kinds: Sequence[GapKind] | None,
    links: LinkFilter,
    cap: int,
    can_see_sensitive: bool,
) -> GapsAnswer:
    """Gaps of one country by kind (as declared), then subject name, then (pairs) shared themes desc, other name."""
    check_range(cap, argument="limit", low=1, high=MAX_ROWS)
    params = _base(links, can_see_sensitive) | {
        "country": country,
        "gapKinds": [k.value for k in (kinds or list(GapKind))],
        "cap": cap,
        "capPlus": cap + 1,
    }
    rec = (await read(driver, cypher.GAPS, params, database=database, timeout_s=timeout_s))[0]
    if not rec["countryFound"]:
        raise NotFoundError(f"`country`: no country {country!r}", field="country")
    gaps = tuple(
        Gap(
            kind=GapKind(g["kind"]),
            subject=Node.from_map(g["subject"]),
            other=Node.from_map(g["other"]) if g["other"] else None,
            evidence=tuple(Node.from_map(e) for e in g["evidence"]),
            themes=tuple(ThemeRef.from_map(t) for t in g["themes"]),
        )
        for g in rec["gaps"]
    )
    return GapsAnswer(
        country=country, gaps=gaps, truncated=int(rec["total"]) > cap, roles=links.roles, as_of=links.as_of
    )


async def list_suggested_partners(
    driver: AsyncDriver,
    *,
    database: str,
    timeout_s: float,
    org: str,
    top: int,
    links: LinkFilter,
    can_see_sensitive: bool,
) -> SuggestionsAnswer:
    """The `top` suggestions by score (desc), common partners (desc), name, id."""
    check_range(top, argument="top", low=1, high=MAX_TOP)
    params = _base(links, can_see_sensitive) | {
        "org": org,
        "top": top,
        "hub": HUB_SIZE,
        "perTheme": CANDIDATES_PER_THEME,
    }
    rec = (await read(driver, cypher.SUGGESTED_PARTNERS, params, database=database, timeout_s=timeout_s))[0]
    if rec["org"] is None:
        raise NotFoundError(f"`org`: no organisation {org!r}", field="org")
    suggestions = tuple(
        Suggestion(
            node=Node.from_map(s["node"]),
            country=s["country"],
            score=int(s["score"]),
            same_kind=bool(s["sameKind"]),
            common=tuple(Node.from_map(n) for n in s["common"]),
            common_count=int(s["commonCount"]),
            themes=tuple(ThemeRef.from_map(t) for t in s["themes"]),
        )
        for s in rec["suggestions"]
    )
    return SuggestionsAnswer(
        org=Node.from_map(rec["org"]), suggestions=suggestions, roles=links.roles, as_of=links.as_of
    )


def changes_params(
    *,
    period_from: str,
    period_until: str,
    countries: Sequence[str],
    links: LinkFilter,
    cap: int,
    can_see_sensitive: bool,
) -> dict[str, Any]:
    """The checked parameters of the changes statement; raises on a bad argument."""
    check_range(cap, argument="limit", low=1, high=MAX_ROWS)
    return _base(links, can_see_sensitive) | {
        "countries": list(countries),
        "cap": cap,
        **_period(period_from, period_until, start_arg="from", end_arg="to"),
    }


async def list_changes(
    driver: AsyncDriver,
    *,
    database: str,
    timeout_s: float,
    period_from: str,
    period_until: str,
    countries: Sequence[str],
    links: LinkFilter,
    cap: int,
    can_see_sensitive: bool,
) -> ChangesAnswer:
    """Links that began (since) or ended (until) within [from, to], by date, BEGAN before ENDED, then id."""
    params = changes_params(
        period_from=period_from,
        period_until=period_until,
        countries=countries,
        links=links,
        cap=cap,
        can_see_sensitive=can_see_sensitive,
    )
    rec = (await read(driver, cypher.CHANGES, params, database=database, timeout_s=timeout_s))[0]
    changes = tuple(
        Change(
            kind=ChangeKind(c["change"]),
            date=c["date"],
            edge=Edge.from_map(c["edge"]),
            org=Node.from_map(c["org"]),
            target=Node.from_map(c["target"]),
        )
        for c in rec["changes"]
    )
    total = int(rec["total"])
    return ChangesAnswer(changes=changes, truncated=total > cap, total=total, roles=links.roles)
