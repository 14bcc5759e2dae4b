"""The answer types of countryLinks, crossBorderPartners, brokers, gaps, suggestedPartners and changes."""

# Declared once, as data (service/network/spec.py): each field's GraphQL type, description and the Cypher computing
# it over the rows the searches of analysis/cypher.py bind. Themes are the read API's `Theme`, projected by the engine.

from __future__ import annotations

from typing import Final

from service.network import cypher as c
from service.network.analysis import cypher as a
from service.network.analysis.sentences import gap_explanation, suggestion_reason
from service.network.answers import AS_OF, ROLES_USED, truncated
from service.network.inputs import HUB_SIZE
from service.network.spec import Answer, Out

# gaps and suggestedPartners report their roles alike.
ROLES_COUNTED: Final = Out("rolesUsed", "[NetworkRole!]!", "The roles (and MEMBER) that count as links.", known=True)
BROKER_SCORE_DOC: Final = (
    "Broker score: the number of distinct countries, other than the organisation's own, in which some organisation "
    "shares at least one project, programme or network with it over the followed links (with `region` or "
    "`countries`, only countries in that scope count, and only organisations located there are ranked). Ties are "
    "broken by `bridgingConnectors` (its projects, programmes and networks with members in more than one scope "
    "country), then by name."
)


def _raw(var: str) -> str:
    """A node's raw data for a sentence (analysis/sentences.py): name, short name, countries, organisation or not."""
    return (
        f"{{name: {c.name(var)}, shortName: {var}.shortName, countries: {c.countries(var)}, "
        f"organisation: {var}:Organisation}}"
    )


COUNTRY_LINK_CELL: Final = Answer(
    "CountryLinkCell",
    "One cell of the country matrix.",
    (
        Out("countryA", "String!", "ISO alpha-2 code of the row country (actors of `kinds`).", "a"),
        Out("countryB", "String!", "ISO alpha-2 code of the column country (actors of `partnerKinds`).", "b"),
        Out("links", "Int!", "Actor pairs (one in each country) summed over the shared connectors: a pair in two "
            "projects counts twice.", "links"),
        Out("projects", "Int!", "Shared projects and programmes.", "size([x IN connectors WHERE NOT x:Network])"),
        Out("networks", "Int!", "Shared networks.", "size([x IN connectors WHERE x:Network])"),
        Out("examples", "[NetworkNode!]!", "Up to 3 shared connectors, projects first, by name.",
            "COLLECT { UNWIND connectors[..3] AS x RETURN {value} }", over="x"),
    ),
)  # fmt: skip

COUNTRY_LINKS_RESULT: Final = Answer(
    "CountryLinksResult",
    "The country-by-country matrix of cross-border links.",
    (
        Out("countries", "[String!]!", "The matrix axis: scope countries with organisations.", a.COUNTRY_LINKS_AXIS),
        Out("cells", "[CountryLinkCell!]!", "Non-empty cells, by countryA then countryB.",
            "COLLECT { " + a.COUNTRY_LINKS_CELLS + "WITH a, b, links, connectors ORDER BY a, b RETURN {value} }"),
        Out("symmetric", "Boolean!", "True when kinds and partnerKinds are the same set: each unordered pair "
            "appears once (A < B).", known=True),
        ROLES_USED,
        AS_OF,
    ),
)  # fmt: skip

CROSS_BORDER_LINK: Final = Answer(
    "CrossBorderLink",
    "A connector shared with a partner abroad, and each side's roles in it.",
    (
        Out("via", "NetworkNode!", "The shared project, programme or network.", "{value}", over="lc"),
        Out("roles", "[NetworkRole!]!", "The given organisation's roles in it.", "l.own"),
        Out("partnerRoles", "[NetworkRole!]!", "The partner's roles in it.", "l.theirs"),
    ),
)

CROSS_BORDER_PARTNER: Final = Answer(
    "CrossBorderPartner",
    "An institution in another country and what links it to the given one.",
    (
        Out("node", "NetworkNode!", "The partner.", "{value}", over="fp"),
        Out("countryCode", "String!", "The partner's country.", "f.country"),
        Out("links", "[CrossBorderLink!]!", "Shared connectors, by name.",
            "COLLECT { UNWIND f.links AS l WITH l, l.c AS lc RETURN {value} }"),
    ),
)  # fmt: skip

CROSS_BORDER_PARTNERS_RESULT: Final = Answer(
    "CrossBorderPartnersResult",
    "The partners abroad of one organisation.",
    (
        Out("org", "NetworkNode!", "The given organisation.", "{value}", over="o"),
        Out("partners", "[CrossBorderPartner!]!", "Most shared connectors first, then country, name.",
            "COLLECT { UNWIND found[..$cap] AS f WITH f, f.p AS fp RETURN {value} }"),
        Out("truncated", "Boolean!", truncated("partners matched"), "size(found) > $cap"),
        ROLES_USED,
        AS_OF,
    ),
)  # fmt: skip

BROKER: Final = Answer(
    "Broker",
    "An organisation that bridges countries. " + BROKER_SCORE_DOC,
    (
        Out("node", "NetworkNode!", "The organisation.", "{value}", over="o"),
        Out("countryCode", "String!", "Its country.", "home"),
        Out("score", "Int!", "Countries reached (see the type's description).", "size(reached)"),
        Out("countriesReached", "[String!]!", "The other countries reached, sorted.",
            "COLLECT { UNWIND reached AS cr RETURN cr ORDER BY cr }"),
        Out("bridgingConnectors", "Int!", "The tie-break: its connectors spanning countries.", "bridging"),
        Out("connectors", "Int!", "All its projects, programmes and networks (not ranked on).", a.BROKER_CONNECTORS),
    ),
)  # fmt: skip

BROKERS_RESULT: Final = Answer(
    "BrokersResult",
    "Brokers ranked by score, then tie-breaks. " + BROKER_SCORE_DOC,
    (
        Out("brokers", "[Broker!]!", "Best first.", "COLLECT { " + a.BROKERS_RANKED + "RETURN {value} }"),
        ROLES_USED,
        AS_OF,
    ),
)

NETWORK_GAP: Final = Answer(
    "NetworkGap",
    "A structural hole, with the evidence and a sentence explaining it.",
    (
        Out("kind", "NetworkGapKind!", "Which kind of hole.", "g.kind"),
        Out("subject", "NetworkNode!", "The institution of the given country.", "{value}", over="gs"),
        Out("other", "NetworkNode", "For UNLINKED_NEIGHBOURS: the institution next door.",
            "CASE WHEN go IS NULL THEN null ELSE {value} END", over="go"),
        Out("evidence", "[NetworkNode!]!", "The subject's projects the gap was judged on.",
            "[p IN g.evidence | {value}]", over="p"),
        Out("themes", "[Theme!]!", "For UNLINKED_NEIGHBOURS: the themes both work on.", "[t IN g.themes | {value}]",
            over="t"),
        Out("explanation", "String!", "The gap in one sentence.",
            f"{{kind: g.kind, subject: {_raw('gs')}, other: CASE WHEN go IS NULL THEN null ELSE {_raw('go')} END, "
            f"evidence: [p IN g.evidence | {_raw('p')}], themes: [t IN g.themes | {c.name('t')}]}}",
            sentence=gap_explanation),
    ),
)  # fmt: skip

GAPS_RESULT: Final = Answer(
    "GapsResult",
    "The structural holes of one country.",
    (
        Out("countryCode", "String!", "The country examined.", known=True),
        Out("gaps", "[NetworkGap!]!", "By kind (as the enum lists them), then subject name; pairs by shared themes "
            "(desc), then name.",
            "COLLECT { UNWIND found[..$cap] AS g WITH g, g.s AS gs, g.other AS go RETURN {value} }"),
        Out("truncated", "Boolean!", truncated("gaps were found"), "size(found) > $cap"),
        ROLES_COUNTED,
        AS_OF,
    ),
)  # fmt: skip

PARTNER_SUGGESTION: Final = Answer(
    "PartnerSuggestion",
    "An institution abroad the organisation could work with and is not linked with yet. Score = 2 x common "
    "partners + shared themes + 1 when it is the same kind (and authority kind) of institution.",
    (
        Out("node", "NetworkNode!", "The suggested institution.", "{value}", over="fc"),
        Out("countryCode", "String!", "Its country.", "f.country"),
        Out("score", "Int!", "The ranking score (see the type's description).", "f.score"),
        Out("reason", "String!", "Why it is suggested, in one sentence.",
            f"{{node: {_raw('fc')}, org: {_raw('me')}, kind: me.kind, commonCount: size(f.common), "
            f"common: COLLECT {{ UNWIND f.common AS n WITH n ORDER BY n.name, n.id LIMIT 3 RETURN {_raw('n')} }}, "
            f"themes: [t IN f.shared | {c.name('t')}], sameKind: f.sameKind}}",
            sentence=suggestion_reason),
        Out("sameKind", "Boolean!", "Same kind (and authority kind) as the organisation.", "f.sameKind"),
        Out("commonPartners", "[NetworkNode!]!", "Partners of both (up to 10): organisations sharing a project, "
            "programme or network with each, counting only connectors of at most "
            f"{HUB_SIZE} participants and members (bigger ones are hubs).",
            "COLLECT { UNWIND f.common AS n WITH n ORDER BY n.name, n.id LIMIT 10 RETURN {value} }", over="n"),
        Out("commonPartnerCount", "Int!", "How many common partners in all.", "size(f.common)"),
        Out("sharedThemes", "[Theme!]!", "Themes both organisations' projects address.",
            "[t IN f.shared | {value}]", over="t"),
    ),
)  # fmt: skip

SUGGESTED_PARTNERS_RESULT: Final = Answer(
    "SuggestedPartnersResult",
    "Suggested partners abroad for one organisation.",
    (
        Out("org", "NetworkNode!", "The organisation.", "{value}", over="me"),
        Out("suggestions", "[PartnerSuggestion!]!", "Best score first, then name.",
            "COLLECT { UNWIND found AS f WITH f, f.cand AS fc RETURN {value} }"),
        ROLES_COUNTED,
        AS_OF,
    ),
)  # fmt: skip

LINK_CHANGE: Final = Answer(
    "LinkChange",
    "A link that began or ended in the period.",
    (
        Out("kind", "NetworkChangeKind!", "BEGAN or ENDED.", "f.change"),
        Out("date", "Date!", "The link's since (BEGAN) or until (ENDED).", "f.date"),
        Out("edge", "NetworkEdge!", "The participation or membership.", "{value}", over="fr"),
        Out("org", "NetworkNode!", "The organisation.", "{value}", over="fo"),
        Out("target", "NetworkNode!", "The project, programme or network.", "{value}", over="ft"),
    ),
)

CHANGES_RESULT: Final = Answer(
    "ChangesResult",
    "Links that began or ended between two days.",
    (
        Out("changes", "[LinkChange!]!", "By date, BEGAN before ENDED, then edge id.",
            "COLLECT { UNWIND found[..$cap] AS f WITH f, f.r AS fr, f.o AS fo, f.t AS ft RETURN {value} }"),
        Out("total", "Int!", "Changes in the period before the cap.", "size(found)"),
        Out("truncated", "Boolean!", "True when `total` exceeds `limit`.", "size(found) > $cap"),
        Out("rolesUsed", "[NetworkRole!]!", "The roles (and MEMBER) listed.", known=True),
    ),
)  # fmt: skip

TYPES: Final[tuple[Answer, ...]] = (
    COUNTRY_LINK_CELL,
    COUNTRY_LINKS_RESULT,
    CROSS_BORDER_LINK,
    CROSS_BORDER_PARTNER,
    CROSS_BORDER_PARTNERS_RESULT,
    BROKER,
    BROKERS_RESULT,
    NETWORK_GAP,
    GAPS_RESULT,
    PARTNER_SUGGESTION,
    SUGGESTED_PARTNERS_RESULT,
    LINK_CHANGE,
    CHANGES_RESULT,
)
