"""Strawberry types of the analysis answers: country links, partners abroad, brokers, gaps, suggestions, changes."""

from __future__ import annotations

from enum import Enum

import strawberry

from service.network import models as m
from service.network.analysis import models as a
from service.network.inputs import HUB_SIZE
from service.network.types import NetworkEdge, NetworkNode, NetworkRoleEnum, roles_out

BROKER_SCORE_DOC = (
    "Broker score: the number of distinct countries, other than the organisation's own, in which some organisation "
    "shares at least one project, programme or network with it over the followed links (with `region` or "
    "`countries`, only countries in that scope count, and only organisations located there are ranked). Ties are "
    "broken by `bridgingConnectors` (its projects, programmes and networks with members in more than one scope "
    "country), then by name."
)


@strawberry.enum(name="NetworkGapKind", description="The structural holes `gaps` looks for.")
class GapKindEnum(Enum):
    NHRI_WITHOUT_CIVIL_SOCIETY = strawberry.enum_value(
        "NHRI_WITHOUT_CIVIL_SOCIETY",
        description="An NHRI of the country that shares no project with any civil-society organisation.",
    )
    AUTHORITY_WITHOUT_NHRI = strawberry.enum_value(
        "AUTHORITY_WITHOUT_NHRI",
        description="A national authority of the country whose projects all lack an NHRI partner.",
    )
    UNLINKED_NEIGHBOURS = strawberry.enum_value(
        "UNLINKED_NEIGHBOURS",
        description=(
            "Two institutions of the same kind (and authority kind) in neighbouring countries (countries that share "
            "a region; the model has no borders) whose projects address a common theme, with no project, programme "
            "or network in common."
        ),
    )


@strawberry.enum(name="NetworkChangeKind", description="Whether a link began or ended in the period.")
class ChangeKindEnum(Enum):
    BEGAN = strawberry.enum_value("BEGAN", description="The link's `since` falls in the period.")
    ENDED = strawberry.enum_value("ENDED", description="The link's `until` falls in the period.")


@strawberry.type(description="A theme named as evidence.")
class NetworkTheme:
    id: strawberry.ID = strawberry.field(description='Global id "Theme:<id>".')
    key: str = strawberry.field(description="The stored id (a slug of the name).")
    name: str = strawberry.field(description="The theme's name.")

    @classmethod
    def from_domain(cls, t: a.ThemeRef) -> NetworkTheme:
        return cls(id=strawberry.ID(f"Theme:{t.key}"), key=t.key, name=t.name)


@strawberry.type(description="One cell of the country matrix.")
class CountryLinkCell:
    country_a: str = strawberry.field(description="ISO alpha-2 code of the row country (actors of `kinds`).")
    country_b: str = strawberry.field(description="ISO alpha-2 code of the column country (actors of `partnerKinds`).")
    links: int = strawberry.field(
        description="Actor pairs (one in each country) summed over the shared connectors: a pair in two projects "
        "counts twice."
    )
    projects: int = strawberry.field(description="Shared projects and programmes.")
    networks: int = strawberry.field(description="Shared networks.")
    examples: list[NetworkNode] = strawberry.field(description="Up to 3 shared connectors, projects first, by name.")

    @classmethod
    def from_domain(cls, c: a.CountryLink) -> CountryLinkCell:
        return cls(
            country_a=c.country_a,
            country_b=c.country_b,
            links=c.links,
            projects=c.projects,
            networks=c.networks,
            examples=[NetworkNode.from_domain(x) for x in c.examples],
        )


@strawberry.type(description="The country-by-country matrix of cross-border links.")
class CountryLinksResult:
    countries: list[str] = strawberry.field(description="The matrix axis: scope countries with organisations.")
    cells: list[CountryLinkCell] = strawberry.field(description="Non-empty cells, by countryA then countryB.")
    symmetric: bool = strawberry.field(
        description="True when kinds and partnerKinds are the same set: each unordered pair appears once (A < B)."
    )
    roles_used: list[NetworkRoleEnum] = strawberry.field(description="The roles (and MEMBER) followed.")
    as_of: str | None = strawberry.field(description="Only links active on this date were followed.")

    @classmethod
    def from_domain(cls, ans: a.CountryLinksAnswer) -> CountryLinksResult:
        return cls(
            countries=list(ans.countries),
            cells=[CountryLinkCell.from_domain(c) for c in ans.cells],
            symmetric=ans.symmetric,
            roles_used=roles_out(ans.roles),
            as_of=ans.as_of,
        )


@strawberry.type(description="A connector shared with a partner abroad, and each side's roles in it.")
class CrossBorderLink:
    via: NetworkNode = strawberry.field(description="The shared project, programme or network.")
    roles: list[NetworkRoleEnum] = strawberry.field(description="The given organisation's roles in it.")
    partner_roles: list[NetworkRoleEnum] = strawberry.field(description="The partner's roles in it.")


@strawberry.type(description="An institution in another country and what links it to the given one.")
class CrossBorderPartner:
    node: NetworkNode = strawberry.field(description="The partner.")
    country_code: str = strawberry.field(description="The partner's country.")
    links: list[CrossBorderLink] = strawberry.field(description="Shared connectors, by name.")

    @classmethod
    def from_domain(cls, p: a.CrossBorderPartner) -> CrossBorderPartner:
        return cls(
            node=NetworkNode.from_domain(p.node),
            country_code=p.country,
            links=[
                CrossBorderLink(
                    via=NetworkNode.from_domain(x.via),
                    roles=roles_out(x.roles),
                    partner_roles=roles_out(x.partner_roles),
                )
                for x in p.links
            ],
        )


@strawberry.type(description="The partners abroad of one organisation.")
class CrossBorderPartnersResult:
    org: NetworkNode = strawberry.field(description="The given organisation.")
    partners: list[CrossBorderPartner] = strawberry.field(
        description="Most shared connectors first, then country, name."
    )
    truncated: bool = strawberry.field(description="True when more partners matched than `limit` allows.")
    roles_used: list[NetworkRoleEnum] = strawberry.field(description="The roles (and MEMBER) followed.")
    as_of: str | None = strawberry.field(description="Only links active on this date were followed.")

    @classmethod
    def from_domain(cls, ans: a.CrossBorderAnswer) -> CrossBorderPartnersResult:
        return cls(
            org=NetworkNode.from_domain(ans.org),
            partners=[CrossBorderPartner.from_domain(p) for p in ans.partners],
            truncated=ans.truncated,
            roles_used=roles_out(ans.roles),
            as_of=ans.as_of,
        )


@strawberry.type(description="An organisation that bridges countries. " + BROKER_SCORE_DOC)
class Broker:
    node: NetworkNode = strawberry.field(description="The organisation.")
    country_code: str = strawberry.field(description="Its country.")
    score: int = strawberry.field(description="Countries reached (see the type's description).")
    countries_reached: list[str] = strawberry.field(description="The other countries reached, sorted.")
    bridging_connectors: int = strawberry.field(description="The tie-break: its connectors spanning countries.")
    connectors: int = strawberry.field(description="All its projects, programmes and networks (not ranked on).")

    @classmethod
    def from_domain(cls, b: a.Broker) -> Broker:
        return cls(
            node=NetworkNode.from_domain(b.node),
            country_code=b.country,
            score=len(b.countries_reached),
            countries_reached=list(b.countries_reached),
            bridging_connectors=b.bridging_connectors,
            connectors=b.connectors,
        )


@strawberry.type(description="Brokers ranked by score, then tie-breaks. " + BROKER_SCORE_DOC)
class BrokersResult:
    brokers: list[Broker] = strawberry.field(description="Best first.")
    roles_used: list[NetworkRoleEnum] = strawberry.field(description="The roles (and MEMBER) followed.")
    as_of: str | None = strawberry.field(description="Only links active on this date were followed.")

    @classmethod
    def from_domain(cls, ans: a.BrokersAnswer) -> BrokersResult:
        return cls(
            brokers=[Broker.from_domain(b) for b in ans.brokers], roles_used=roles_out(ans.roles), as_of=ans.as_of
        )


@strawberry.type(description="A structural hole, with the evidence and a sentence explaining it.")
class NetworkGap:
    kind: GapKindEnum = strawberry.field(description="Which kind of hole.")
    subject: NetworkNode = strawberry.field(description="The institution of the given country.")
    other: NetworkNode | None = strawberry.field(description="For UNLINKED_NEIGHBOURS: the institution next door.")
    evidence: list[NetworkNode] = strawberry.field(description="The subject's projects the gap was judged on.")
    themes: list[NetworkTheme] = strawberry.field(description="For UNLINKED_NEIGHBOURS: the themes both work on.")
    explanation: str = strawberry.field(description="The gap in one sentence.")

    @classmethod
    def from_domain(cls, g: a.Gap) -> NetworkGap:
        return cls(
            kind=GapKindEnum[g.kind.value],
            subject=NetworkNode.from_domain(g.subject),
            other=NetworkNode.from_domain(g.other) if g.other else None,
            evidence=[NetworkNode.from_domain(e) for e in g.evidence],
            themes=[NetworkTheme.from_domain(t) for t in g.themes],
            explanation=g.explanation,
        )


@strawberry.type(description="The structural holes of one country.")
class GapsResult:
    country_code: str = strawberry.field(description="The country examined.")
    gaps: list[NetworkGap] = strawberry.field(
        description="By kind (as the enum lists them), then subject name; pairs by shared themes (desc), then name."
    )
    truncated: bool = strawberry.field(description="True when more gaps were found than `limit` allows.")
    roles_used: list[NetworkRoleEnum] = strawberry.field(description="The roles (and MEMBER) that count as links.")
    as_of: str | None = strawberry.field(description="Only links active on this date were followed.")

    @classmethod
    def from_domain(cls, ans: a.GapsAnswer) -> GapsResult:
        return cls(
            country_code=ans.country,
            gaps=[NetworkGap.from_domain(g) for g in ans.gaps],
            truncated=ans.truncated,
            roles_used=roles_out(ans.roles),
            as_of=ans.as_of,
        )


@strawberry.type(
    description=(
        "An institution abroad the organisation could work with and is not linked with yet. Score = 2 x common "
        "partners + shared themes + 1 when it is the same kind (and authority kind) of institution."
    )
)
class PartnerSuggestion:
    node: NetworkNode = strawberry.field(description="The suggested institution.")
    country_code: str = strawberry.field(description="Its country.")
    score: int = strawberry.field(description="The ranking score (see the type's description).")
    reason: str = strawberry.field(description="Why it is suggested, in one sentence.")
    same_kind: bool = strawberry.field(description="Same kind (and authority kind) as the organisation.")
    common_partners: list[NetworkNode] = strawberry.field(
        description=(
            "Partners of both (up to 10): organisations sharing a project, programme or network with each, "
            f"counting only connectors of at most {HUB_SIZE} participants and members (bigger ones are hubs)."
        )
    )
    common_partner_count: int = strawberry.field(description="How many common partners in all.")
    shared_themes: list[NetworkTheme] = strawberry.field(description="Themes both organisations' projects address.")

    @classmethod
    def from_domain(cls, s: a.Suggestion, org: m.Node) -> PartnerSuggestion:
        return cls(
            node=NetworkNode.from_domain(s.node),
            country_code=s.country,
            score=s.score,
            reason=s.reason(org),
            same_kind=s.same_kind,
            common_partners=[NetworkNode.from_domain(n) for n in s.common],
            common_partner_count=s.common_count,
            shared_themes=[NetworkTheme.from_domain(t) for t in s.themes],
        )


@strawberry.type(description="Suggested partners abroad for one organisation.")
class SuggestedPartnersResult:
    org: NetworkNode = strawberry.field(description="The organisation.")
    suggestions: list[PartnerSuggestion] = strawberry.field(description="Best score first, then name.")
    roles_used: list[NetworkRoleEnum] = strawberry.field(description="The roles (and MEMBER) that count as links.")
    as_of: str | None = strawberry.field(description="Only links active on this date were followed.")

    @classmethod
    def from_domain(cls, ans: a.SuggestionsAnswer) -> SuggestedPartnersResult:
        return cls(
            org=NetworkNode.from_domain(ans.org),
            suggestions=[PartnerSuggestion.from_domain(s, ans.org) for s in ans.suggestions],
            roles_used=roles_out(ans.roles),
            as_of=ans.as_of,
        )


@strawberry.type(description="A link that began or ended in the period.")
class LinkChange:
    kind: ChangeKindEnum = strawberry.field(description="BEGAN or ENDED.")
    date: str = strawberry.field(description="The link's since (BEGAN) or until (ENDED).")
    edge: NetworkEdge = strawberry.field(description="The participation or membership.")
    org: NetworkNode = strawberry.field(description="The organisation.")
    target: NetworkNode = strawberry.field(description="The project, programme or network.")

    @classmethod
    def from_domain(cls, c: a.Change) -> LinkChange:
        return cls(
            kind=ChangeKindEnum[c.kind.value],
            date=c.date,
            edge=NetworkEdge.from_domain(c.edge),
            org=NetworkNode.from_domain(c.org),
            target=NetworkNode.from_domain(c.target),
        )


@strawberry.type(description="Links that began or ended between two dates.")
class ChangesResult:
    changes: list[LinkChange] = strawberry.field(description="By date, BEGAN before ENDED, then edge id.")
    total: int = strawberry.field(description="Changes in the period before the cap.")
    truncated: bool = strawberry.field(description="True when `total` exceeds `limit`.")
    roles_used: list[NetworkRoleEnum] = strawberry.field(description="The roles (and MEMBER) listed.")

    @classmethod
    def from_domain(cls, ans: a.ChangesAnswer) -> ChangesResult:
        return cls(
            changes=[LinkChange.from_domain(c) for c in ans.changes],
            total=ans.total,
            truncated=ans.truncated,
            roles_used=roles_out(ans.roles),
        )
