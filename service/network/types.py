"""Strawberry types of the network answers: nodes, edges, paths, neighbourhoods, shared partners, enums."""

from __future__ import annotations

from enum import Enum

import strawberry

from service.network import models as m


@strawberry.enum(
    name="NetworkRole",
    description=(
        "A kind of link an actor has to a project, programme or network. PARTNER, BENEFICIARY and "
        "CIVIL_SOCIETY_PARTNER are partnership roles; IMPLEMENTER, IMPLEMENTING_UNIT, FUNDER and CO_FUNDER are "
        "structural roles (the Council of Europe and the big donors, hubs linked to almost everything); MEMBER is "
        "membership of a network (MEMBER_OF). Network queries follow partnership roles and MEMBER unless their "
        "`roles` argument says otherwise."
    ),
)
class NetworkRoleEnum(Enum):
    PARTNER = strawberry.enum_value("PARTNER", description="Partner (or partner/beneficiary) of a project.")
    BENEFICIARY = strawberry.enum_value("BENEFICIARY", description="Beneficiary institution of a project.")
    CIVIL_SOCIETY_PARTNER = strawberry.enum_value(
        "CIVIL_SOCIETY_PARTNER", description="Civil-society partner of a project."
    )
    IMPLEMENTER = strawberry.enum_value("IMPLEMENTER", description="Implements the project (structural).")
    IMPLEMENTING_UNIT = strawberry.enum_value(
        "IMPLEMENTING_UNIT", description="The Council of Europe unit that implements it (structural)."
    )
    FUNDER = strawberry.enum_value("FUNDER", description="Funds the project (structural).")
    CO_FUNDER = strawberry.enum_value("CO_FUNDER", description="Co-funds the project (structural).")
    MEMBER = strawberry.enum_value("MEMBER", description="Member of a network (a MEMBER_OF relationship).")


@strawberry.enum(name="NetworkNodeKind", description="What a network node is: an organisation's kind or a connector.")
class NodeKindEnum(Enum):
    NATIONAL_AUTHORITY = strawberry.enum_value("NATIONAL_AUTHORITY", description="A national authority.")
    NHRI = strawberry.enum_value("NHRI", description="A national human rights institution (ombudsman).")
    CIVIL_SOCIETY = strawberry.enum_value("CIVIL_SOCIETY", description="A civil-society organisation.")
    DONOR = strawberry.enum_value("DONOR", description="A donor.")
    INTERNATIONAL = strawberry.enum_value("INTERNATIONAL", description="An international organisation.")
    COE_ENTITY = strawberry.enum_value("COE_ENTITY", description="The Council of Europe or one of its units.")
    PROJECT = strawberry.enum_value("PROJECT", description="A project (connects its participants).")
    PROGRAMME = strawberry.enum_value("PROGRAMME", description="A programme (connects its direct participants).")
    NETWORK = strawberry.enum_value("NETWORK", description="A cross-border network (connects its members).")


@strawberry.enum(name="NetworkLinkType", description="The relationship types network queries walk.")
class LinkTypeEnum(Enum):
    PARTICIPATES_IN = strawberry.enum_value(
        "PARTICIPATES_IN", description="An organisation's participation in a project or programme."
    )
    MEMBER_OF = strawberry.enum_value("MEMBER_OF", description="An organisation's membership of a network.")


def roles_out(roles: tuple[m.NetworkRole, ...]) -> list[NetworkRoleEnum]:
    return [NetworkRoleEnum(r.value) for r in roles]


def roles_in(roles: list[NetworkRoleEnum] | None) -> list[m.NetworkRole] | None:
    return None if roles is None else [m.NetworkRole(r.name) for r in roles]


def kinds_in(kinds: list[NodeKindEnum] | None) -> list[m.NodeKind] | None:
    return None if kinds is None else [m.NodeKind(k.name) for k in kinds]


@strawberry.type(description="An organisation, project, programme or network as drawn in a network answer.")
class NetworkNode:
    id: strawberry.ID = strawberry.field(description='Global id "<Type>:<id>", e.g. "Organisation:ba-moj".')
    key: str = strawberry.field(description="The stored id (the seed id), e.g. ba-moj.")
    name: str = strawberry.field(description="Name (a project's title).")
    short_name: str | None = strawberry.field(description="Short name or acronym, when known.")
    kind: NodeKindEnum = strawberry.field(description="The organisation's kind, or PROJECT, PROGRAMME, NETWORK.")
    label: str = strawberry.field(description="The node's GraphQL type: Organisation, Project, Programme, Network.")
    country_code: str | None = strawberry.field(
        description="ISO alpha-2 code of its one country (located in, or implemented in); null for none or several."
    )
    country_codes: list[str] = strawberry.field(description="Every country it is located or implemented in.")
    distance: int | None = strawberry.field(
        default=None, description="In a neighbourhood: relationship hops from the centre. Null elsewhere."
    )

    @classmethod
    def from_domain(cls, node: m.Node, *, distance: int | None = None) -> NetworkNode:
        codes = list(node.country_codes)
        return cls(
            id=strawberry.ID(node.global_id),
            key=node.key,
            name=node.name,
            short_name=node.short_name,
            kind=NodeKindEnum(node.kind.value),
            label=node.label,
            country_code=codes[0] if len(codes) == 1 else None,
            country_codes=codes,
            distance=distance,
        )


@strawberry.type(description="A participation (PARTICIPATES_IN) or membership (MEMBER_OF), organisation first.")
class NetworkEdge:
    id: strawberry.ID = strawberry.field(description="The relationship's stable id, e.g. ba-moj--partner--wb-hf3-vep.")
    type: LinkTypeEnum = strawberry.field(description="PARTICIPATES_IN or MEMBER_OF.")
    source: strawberry.ID = strawberry.field(description="Global id of the organisation.")
    target: strawberry.ID = strawberry.field(description="Global id of the project, programme or network.")
    role: NetworkRoleEnum = strawberry.field(description="The participation role; MEMBER for a membership.")
    role_class: str | None = strawberry.field(description="PARTNERSHIP, STRUCTURAL, or MEMBERSHIP for a membership.")
    membership_status: str | None = strawberry.field(description="MEMBER, FOUNDER, ASSOCIATE, OBSERVER, INITIATOR.")
    since: str | None = strawberry.field(description="First day of the link (YYYY-MM-DD), when known.")
    until: str | None = strawberry.field(description="Last day of the link (YYYY-MM-DD), when known.")
    dates_derived: bool = strawberry.field(description="True when since/until were copied from the project's dates.")
    evidence: str | None = strawberry.field(description="What states a membership, when the source says.")
    confidence: str | None = strawberry.field(description="HIGH, MEDIUM or LOW.")
    sources: list[str] = strawberry.field(description="Source URLs.")

    @classmethod
    def from_domain(cls, edge: m.Edge) -> NetworkEdge:
        return cls(
            id=strawberry.ID(edge.key),
            type=LinkTypeEnum(edge.type.value),
            source=strawberry.ID(edge.source),
            target=strawberry.ID(edge.target),
            role=NetworkRoleEnum(edge.role.value),
            role_class=edge.role_class,
            membership_status=edge.membership_status,
            since=edge.since,
            until=edge.until,
            dates_derived=edge.dates_derived,
            evidence=edge.evidence,
            confidence=edge.confidence,
            sources=list(edge.sources),
        )


@strawberry.type(description="One step of a path: from one node to the next over one relationship.")
class PathHop:
    from_: NetworkNode = strawberry.field(name="from", description="The node this step leaves.")
    to: NetworkNode = strawberry.field(description="The node this step reaches.")
    edge: NetworkEdge = strawberry.field(description="The relationship crossed (it may point either way).")
    forward: bool = strawberry.field(description="True when the relationship points from `from` to `to`.")


@strawberry.type(description="A path between two entities, as hops in order.")
class NetworkPath:
    length: int = strawberry.field(description="Number of relationships (hops).")
    hops: list[PathHop] = strawberry.field(description="The steps from the first endpoint to the second.")
    nodes: list[NetworkNode] = strawberry.field(description="The nodes along the path, endpoints included.")
    edges: list[NetworkEdge] = strawberry.field(description="The relationships along the path, in order.")

    @classmethod
    def from_domain(cls, path: m.Path) -> NetworkPath:
        nodes = {n.global_id: NetworkNode.from_domain(n) for n in path.nodes}
        hops = [
            PathHop(
                from_=nodes[h.start.global_id],
                to=nodes[h.end.global_id],
                edge=NetworkEdge.from_domain(h.edge),
                forward=h.edge.source == h.start.global_id,
            )
            for h in path.hops
        ]
        return cls(
            length=len(hops),
            hops=hops,
            nodes=[nodes[n.global_id] for n in path.nodes],
            edges=[h.edge for h in hops],
        )


@strawberry.type(description="The shortest paths between two entities over the links the query followed.")
class PathResult:
    from_: NetworkNode = strawberry.field(name="from", description="The first endpoint.")
    to: NetworkNode = strawberry.field(description="The second endpoint.")
    found: bool = strawberry.field(description="False when no path of at most maxHops exists over these links.")
    paths: list[NetworkPath] = strawberry.field(description="Up to k shortest paths, shortest first.")
    max_hops: int = strawberry.field(description="The hop bound used.")
    roles_used: list[NetworkRoleEnum] = strawberry.field(description="The roles (and MEMBER) the paths may use.")
    as_of: str | None = strawberry.field(description="Only links active on this date were followed.")

    @classmethod
    def from_domain(cls, answer: m.PathAnswer) -> PathResult:
        return cls(
            from_=NetworkNode.from_domain(answer.start),
            to=NetworkNode.from_domain(answer.end),
            found=bool(answer.paths),
            paths=[NetworkPath.from_domain(p) for p in answer.paths],
            max_hops=answer.max_hops,
            roles_used=roles_out(answer.roles),
            as_of=answer.as_of,
        )


@strawberry.type(description="An ego network as node and edge lists ready to draw.")
class Neighbourhood:
    center: NetworkNode = strawberry.field(description="The entity the neighbourhood is centred on.")
    nodes: list[NetworkNode] = strawberry.field(
        description="The centre first, then the nodes reached, nearest first (then by id); each has `distance`."
    )
    edges: list[NetworkEdge] = strawberry.field(description="Every followed link between two of the nodes.")
    truncated: bool = strawberry.field(description="True when more nodes were reached than `limit` allows.")
    total_nodes: int = strawberry.field(description="Nodes reached within `hops`, the centre included, before the cap.")
    hops: int = strawberry.field(description="The hop bound used.")
    roles_used: list[NetworkRoleEnum] = strawberry.field(description="The roles (and MEMBER) followed.")
    as_of: str | None = strawberry.field(description="Only links active on this date were followed.")

    @classmethod
    def from_domain(cls, graph: m.Graph) -> Neighbourhood:
        nodes = [NetworkNode.from_domain(n, distance=d) for n, d in zip(graph.nodes, graph.distances, strict=True)]
        return cls(
            center=nodes[0],
            nodes=nodes,
            edges=[NetworkEdge.from_domain(e) for e in graph.edges],
            truncated=graph.truncated,
            total_nodes=graph.total_nodes,
            hops=graph.hops,
            roles_used=roles_out(graph.roles),
            as_of=graph.as_of,
        )


@strawberry.type(description="A node linked to several of the given actors.")
class SharedPartner:
    node: NetworkNode = strawberry.field(description="The shared project, programme, network or organisation.")
    actors: list[strawberry.ID] = strawberry.field(description="Global ids of the given actors it links.")
    actor_count: int = strawberry.field(description="How many of the given actors it links.")
    direct: bool = strawberry.field(
        description="True when every linked actor is linked to it directly (it is their shared project or network)."
    )
    via: list[NetworkNode] = strawberry.field(
        description="For a partner reached through a connector: the projects, programmes and networks (up to 20)."
    )

    @classmethod
    def from_domain(cls, p: m.SharedPartner) -> SharedPartner:
        return cls(
            node=NetworkNode.from_domain(p.node),
            actors=[strawberry.ID(a) for a in p.actors],
            actor_count=len(p.actors),
            direct=p.direct,
            via=[NetworkNode.from_domain(v) for v in p.via],
        )


@strawberry.type(description="What links the given actors: shared connectors and partners, ranked.")
class SharedPartnersResult:
    actors: list[NetworkNode] = strawberry.field(description="The given actors, in the order given.")
    partners: list[SharedPartner] = strawberry.field(
        description="Ranked by actors linked (desc), direct links first, then connectors (desc), then name."
    )
    truncated: bool = strawberry.field(description="True when more partners matched than `limit` allows.")
    min_shared: int = strawberry.field(description="The least number of actors a partner links.")
    roles_used: list[NetworkRoleEnum] = strawberry.field(description="The roles (and MEMBER) followed.")
    as_of: str | None = strawberry.field(description="Only links active on this date were followed.")

    @classmethod
    def from_domain(cls, answer: m.SharedPartnersAnswer) -> SharedPartnersResult:
        return cls(
            actors=[NetworkNode.from_domain(a) for a in answer.actors],
            partners=[SharedPartner.from_domain(p) for p in answer.partners],
            truncated=answer.truncated,
            min_shared=answer.min_shared,
            roles_used=roles_out(answer.roles),
            as_of=answer.as_of,
        )
