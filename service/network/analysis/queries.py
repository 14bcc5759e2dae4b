"""The analysis root fields (countryLinks, crossBorderPartners, brokers, ...): arguments checked, one statement."""

from __future__ import annotations

from typing import Final

from service.core.errors import NotFoundError
from service.engine.compilation import CompileContext, Statement
from service.engine.selection import Field
from service.model.enums import GapKind
from service.network import inputs
from service.network.analysis import cypher
from service.network.analysis.answers import BROKER_SCORE_DOC
from service.network.inputs import check_range
from service.network.queries import AS_OF, ROLES, compilation
from service.network.shape import require, statement
from service.network.spec import REQUIRED, Param, Root

ORG = Param("org", "ID!", 'Global id ("Organisation:ba-moj") or seed id of an organisation.', REQUIRED)
REGION = Param("region", "String", 'Only countries of this region (id such as "western_balkans", or "Region:<id>").')
COUNTRIES = Param(
    "countries", "[String!]", f"Only these countries (ISO alpha-2 or Country:<id>; at most {inputs.MAX_COUNTRIES})."
)
TOP = Param("top", "Int!", f"How many to return (1..{inputs.MAX_TOP}).", inputs.DEFAULT_TOP)
ROWS = Param(
    "limit",
    "Int!",
    f"Row cap (default {inputs.DEFAULT_ROWS}, at most {inputs.MAX_ROWS}); see `truncated`.",
    inputs.DEFAULT_ROWS,
)


def _region_not_found(region: str | None) -> NotFoundError:
    return NotFoundError(f"`region`: no region {region!r}", field="region")


def _org_not_found(org: str) -> NotFoundError:
    return NotFoundError(f"`org`: no organisation {org!r}", field="org")


def compile_country_links(f: Field, ctx: CompileContext) -> Statement:
    """`countryLinks`: matrix cells by (countryA, countryB); unordered pairs once when both kind sets are equal."""
    args = f.args
    links = inputs.link_args(args)
    region = inputs.optional_key(args.get("region"), argument="region", label="Region")
    countries = inputs.check_countries(args.get("countries"), argument="countries")
    programme = inputs.optional_key(args.get("programme"), argument="programme", label="Programme")
    own = inputs.organisation_kinds(args.get("kinds"), argument="kinds")
    partner_kinds = args.get("partnerKinds")
    theirs = own if partner_kinds is None else inputs.organisation_kinds(partner_kinds, argument="partnerKinds")
    period = inputs.check_period(args.get("from"), args.get("until"), start_arg="from", end_arg="until")
    symmetric = set(own) == set(theirs)
    params = {"kinds": own, "partnerKinds": theirs, "symmetric": symmetric, "region": region,
              "countries": countries, "programme": programme, **period}  # fmt: skip
    checks = [
        require(cypher.REGION_FOUND, lambda: _region_not_found(region)),
        require(cypher.PROGRAMME_FOUND, lambda: NotFoundError(f"`programme`: no programme {programme!r}",
                                                              field="programme")),
    ]  # fmt: skip
    comp = compilation(ctx, links, params)
    known = {"symmetric": symmetric, **links.known()}
    return statement(comp, f, cypher.COUNTRY_LINKS_HEAD, checks=checks, known=known)


def compile_cross_border_partners(f: Field, ctx: CompileContext) -> Statement:
    """`crossBorderPartners`: partners located in other countries, by shared connectors (desc), then country,
    name, id."""
    args = f.args
    org = inputs.plain_key(args["org"], argument="org", label="Organisation")
    countries = inputs.check_countries(args.get("countries"), argument="countries")
    links = inputs.link_args(args)
    cap = check_range(int(args["limit"]), argument="limit", low=1, high=inputs.MAX_NODE_CAP)
    comp = compilation(ctx, links, {"org": org, "countries": countries, "cap": cap})
    checks = [require("o IS NOT NULL", lambda: _org_not_found(org))]
    return statement(comp, f, cypher.CROSS_BORDER_SEARCH, checks=checks, known=links.known())


def compile_brokers(f: Field, ctx: CompileContext) -> Statement:
    """`brokers`: the `top` brokers by countries reached (desc), bridging connectors (desc), name, id."""
    args = f.args
    region = inputs.optional_key(args.get("region"), argument="region", label="Region")
    countries = inputs.check_countries(args.get("countries"), argument="countries")
    links = inputs.link_args(args)
    top = check_range(int(args["top"]), argument="top", low=1, high=inputs.MAX_TOP)
    kinds = inputs.organisation_kinds(args.get("kinds"), argument="kinds")
    comp = compilation(ctx, links, {"region": region, "countries": countries, "kinds": kinds, "top": top})
    checks = [require(cypher.REGION_FOUND, lambda: _region_not_found(region))]
    return statement(comp, f, cypher.BROKERS_HEAD, checks=checks, known=links.known())


def compile_gaps(f: Field, ctx: CompileContext) -> Statement:
    """`gaps`: the gaps of one country by kind (as declared), then subject name, then (pairs) shared themes desc,
    other name."""
    args = f.args
    country = inputs.plain_key(args["country"], argument="country", label="Country").upper()
    kinds = [GapKind(k).value for k in args.get("kinds") or list(GapKind)]
    links = inputs.link_args(args)
    cap = check_range(int(args["limit"]), argument="limit", low=1, high=inputs.MAX_ROWS)
    comp = compilation(ctx, links, {"country": country, "gapKinds": kinds, "cap": cap, "capPlus": cap + 1})
    checks = [require("home IS NOT NULL", lambda: NotFoundError(f"`country`: no country {country!r}",
                                                                field="country"))]  # fmt: skip
    known = {"countryCode": country, **links.known()}
    return statement(comp, f, cypher.GAPS_SEARCH, checks=checks, known=known)


def compile_suggested_partners(f: Field, ctx: CompileContext) -> Statement:
    """`suggestedPartners`: the `top` suggestions by score (desc), common partners (desc), name, id."""
    args = f.args
    org = inputs.plain_key(args["org"], argument="org", label="Organisation")
    links = inputs.link_args(args)
    top = check_range(int(args["top"]), argument="top", low=1, high=inputs.MAX_TOP)
    params = {"org": org, "top": top, "hub": inputs.HUB_SIZE, "perTheme": inputs.CANDIDATES_PER_THEME}
    comp = compilation(ctx, links, params)
    checks = [require("me IS NOT NULL", lambda: _org_not_found(org))]
    return statement(comp, f, cypher.SUGGESTED_PARTNERS_SEARCH, checks=checks, known=links.known())


def compile_changes(f: Field, ctx: CompileContext) -> Statement:
    """`changes`: links that began (since) or ended (until) within [from, to], by date, BEGAN before ENDED, then id."""
    args = f.args
    countries = inputs.check_countries(args.get("countries"), argument="countries")
    links = inputs.link_filter(args.get("roles"), None)
    cap = check_range(int(args["limit"]), argument="limit", low=1, high=inputs.MAX_ROWS)
    period = inputs.check_period(args["from"], args["to"], start_arg="from", end_arg="to")
    comp = compilation(ctx, links, {"countries": countries, "cap": cap, **period})
    return statement(comp, f, cypher.CHANGES_SEARCH, known={"rolesUsed": links.known()["rolesUsed"]})


ORG_KINDS_DOC = "Organisation kinds of the {} actors. Default: {}."

ROOTS: Final[tuple[Root, ...]] = (
    Root(
        "countryLinks",
        "CountryLinksResult!",
        "The country-by-country matrix of cross-border links: for each pair of countries, the projects, programmes "
        "and networks in which an actor of `kinds` in one and an actor of `partnerKinds` in the other take part "
        "(e.g. kinds: [NHRI], partnerKinds: [NATIONAL_AUTHORITY]), with counts and examples.",
        (
            Param("kinds", "[NetworkNodeKind!]", ORG_KINDS_DOC.format("row", "every kind")),
            Param("partnerKinds", "[NetworkNodeKind!]", ORG_KINDS_DOC.format("column", "the same as kinds")),
            REGION,
            COUNTRIES,
            Param("programme", "String", "Only links through this programme or its projects (id or Programme:<id>)."),
            Param("from", "Date", "Only links active at some time on or after this day."),
            Param("until", "Date", "Only links active at some time on or before this day."),
            ROLES,
            AS_OF,
        ),
        compile_country_links,
    ),
    Root(
        "crossBorderPartners",
        "CrossBorderPartnersResult!",
        "Institutions in other countries that share a project, programme or network with the given organisation, "
        "with what links them and each side's roles.",
        (ORG, Param("countries", "[String!]", "Only partners located in these countries."), ROLES, AS_OF, ROWS),
        compile_cross_border_partners,
    ),
    Root(
        "brokers",
        "BrokersResult!",
        "The organisations that bridge the most countries. " + BROKER_SCORE_DOC,
        (
            REGION,
            COUNTRIES,
            Param("kinds", "[NetworkNodeKind!]", "Organisation kinds to rank. Default: every kind."),
            TOP,
            ROLES,
            AS_OF,
        ),
        compile_brokers,
    ),
    Root(
        "gaps",
        "GapsResult!",
        "Structural holes around one country: NHRIs sharing no project with civil society, authorities whose "
        "projects have no NHRI partner, and same-kind institutions in neighbouring countries working on the same "
        "themes but never linked. Each gap has a kind, its evidence and an explanation.",
        (
            Param("country", "String!", "ISO alpha-2 code (or Country:<id>) to examine.", REQUIRED),
            Param("kinds", "[NetworkGapKind!]", "Kinds of gap to look for. Default: all."),
            ROLES,
            AS_OF,
            ROWS,
        ),
        compile_gaps,
    ),
    Root(
        "suggestedPartners",
        "SuggestedPartnersResult!",
        "Institutions abroad the organisation is not linked with yet but could be: partners of its partners "
        "(common neighbours) and institutions of the same kind working on its themes (up to "
        f"{inputs.CANDIDATES_PER_THEME} per theme), ranked by score, each with a reason and the evidence.",
        (ORG, TOP, ROLES, AS_OF),
        compile_suggested_partners,
    ),
    Root(
        "changes",
        "ChangesResult!",
        "Participations and memberships that began (since) or ended (until) between two days.",
        (
            Param("from", "Date!", "First day of the period.", REQUIRED),
            Param("to", "Date!", "Last day of the period, inclusive.", REQUIRED),
            ROLES,
            Param("countries", "[String!]", "Only organisations located in these countries."),
            ROWS,
        ),
        compile_changes,
    ),
)
