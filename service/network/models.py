"""Network answers as frozen dataclasses, and the closed value sets network queries take (no Strawberry here)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class NetworkRole(StrEnum):
    """A kind of link an actor has to a project, programme or network; MEMBER stands for MEMBER_OF."""

    PARTNER = "PARTNER"
    BENEFICIARY = "BENEFICIARY"
    CIVIL_SOCIETY_PARTNER = "CIVIL_SOCIETY_PARTNER"
    IMPLEMENTER = "IMPLEMENTER"
    IMPLEMENTING_UNIT = "IMPLEMENTING_UNIT"
    FUNDER = "FUNDER"
    CO_FUNDER = "CO_FUNDER"
    MEMBER = "MEMBER"

    @property
    def is_structural(self) -> bool:
        return self in STRUCTURAL_ROLES


STRUCTURAL_ROLES: frozenset[NetworkRole] = frozenset(
    {NetworkRole.IMPLEMENTER, NetworkRole.IMPLEMENTING_UNIT, NetworkRole.FUNDER, NetworkRole.CO_FUNDER}
)
PARTICIPATION_ROLES: tuple[NetworkRole, ...] = tuple(r for r in NetworkRole if r is not NetworkRole.MEMBER)
# MODEL.md: network queries follow PARTNERSHIP roles and MEMBER_OF unless a `roles` argument asks for more.
DEFAULT_ROLES: tuple[NetworkRole, ...] = (
    NetworkRole.PARTNER,
    NetworkRole.BENEFICIARY,
    NetworkRole.CIVIL_SOCIETY_PARTNER,
    NetworkRole.MEMBER,
)


class LinkType(StrEnum):
    """The relationship types network queries walk."""

    PARTICIPATES_IN = "PARTICIPATES_IN"
    MEMBER_OF = "MEMBER_OF"


class NodeKind(StrEnum):
    """What a network node is: an organisation's kind, or the label of a connector node."""

    NATIONAL_AUTHORITY = "NATIONAL_AUTHORITY"
    NHRI = "NHRI"
    CIVIL_SOCIETY = "CIVIL_SOCIETY"
    DONOR = "DONOR"
    INTERNATIONAL = "INTERNATIONAL"
    COE_ENTITY = "COE_ENTITY"
    PROJECT = "PROJECT"
    PROGRAMME = "PROGRAMME"
    NETWORK = "NETWORK"

    @property
    def is_organisation(self) -> bool:
        return self not in CONNECTOR_KINDS


CONNECTOR_KINDS: frozenset[NodeKind] = frozenset({NodeKind.PROJECT, NodeKind.PROGRAMME, NodeKind.NETWORK})
ORGANISATION_KINDS: tuple[NodeKind, ...] = tuple(k for k in NodeKind if k not in CONNECTOR_KINDS)

# The labels a network endpoint may carry, and the global-id type names that name them.
NETWORK_LABELS: tuple[str, ...] = ("Organisation", "Project", "Programme", "Network")


class GapKind(StrEnum):
    """The structural holes `gaps` looks for."""

    NHRI_WITHOUT_CIVIL_SOCIETY = "NHRI_WITHOUT_CIVIL_SOCIETY"
    AUTHORITY_WITHOUT_NHRI = "AUTHORITY_WITHOUT_NHRI"
    UNLINKED_NEIGHBOURS = "UNLINKED_NEIGHBOURS"


class ChangeKind(StrEnum):
    """Whether a link began or ended in the period."""

    BEGAN = "BEGAN"
    ENDED = "ENDED"


@dataclass(frozen=True)
class EntityRef:
    """An id given by a client: the label named by a global id (None for a plain id) and the stored id."""

    label: str | None
    key: str
    raw: str


@dataclass(frozen=True)
class LinkFilter:
    """Which links count: the roles (MEMBER for memberships) and the date they must be active on."""

    roles: tuple[NetworkRole, ...]
    as_of: str | None

    def params(self) -> dict[str, Any]:
        return {"roles": [r.value for r in self.roles], "asOf": self.as_of}


@dataclass(frozen=True)
class Node:
    """An organisation, project, programme or network as drawn in a network answer."""

    label: str
    key: str
    name: str
    kind: NodeKind
    short_name: str | None
    country_codes: tuple[str, ...]

    @property
    def global_id(self) -> str:
        return f"{self.label}:{self.key}"

    @classmethod
    def from_map(cls, m: dict[str, Any]) -> Node:
        label = str(m["label"])
        kind = NodeKind(m["kind"]) if m.get("kind") else NodeKind(label.upper())
        return cls(
            label=label,
            key=str(m["id"]),
            name=str(m.get("name") or m["id"]),
            kind=kind,
            short_name=m.get("shortName"),
            country_codes=tuple(m.get("countries") or ()),
        )


@dataclass(frozen=True)
class Edge:
    """A PARTICIPATES_IN or MEMBER_OF relationship, from the organisation to the project, programme or network."""

    key: str
    type: LinkType
    source: str
    target: str
    role: NetworkRole
    role_class: str | None
    membership_status: str | None
    since: str | None
    until: str | None
    dates_derived: bool
    evidence: str | None
    confidence: str | None
    sources: tuple[str, ...]

    @classmethod
    def from_map(cls, m: dict[str, Any]) -> Edge:
        rel_type = LinkType(m["type"])
        source = f"Organisation:{m['source']}"
        target = f"{m['targetLabel']}:{m['target']}"
        return cls(
            key=str(m.get("id") or f"{rel_type.value}:{m['source']}->{m['target']}"),
            type=rel_type,
            source=source,
            target=target,
            role=NetworkRole(m.get("role") or NetworkRole.MEMBER.value),
            role_class=m.get("roleClass") or ("MEMBERSHIP" if rel_type is LinkType.MEMBER_OF else None),
            membership_status=m.get("membershipStatus"),
            since=m.get("since"),
            until=m.get("until"),
            dates_derived=bool(m.get("datesDerived")),
            evidence=m.get("evidence"),
            confidence=m.get("confidence"),
            sources=tuple(m.get("sources") or ()),
        )


@dataclass(frozen=True)
class Hop:
    """One step of a path: from one node to the next over one edge (in either direction)."""

    start: Node
    end: Node
    edge: Edge


@dataclass(frozen=True)
class Path:
    """A path as its hops, in order from the first endpoint to the second."""

    hops: tuple[Hop, ...]

    @property
    def nodes(self) -> tuple[Node, ...]:
        if not self.hops:
            return ()
        return (self.hops[0].start, *(h.end for h in self.hops))


@dataclass(frozen=True)
class PathAnswer:
    """The shortest paths found (possibly none) and the bounds and roles that produced them."""

    start: Node
    end: Node
    paths: tuple[Path, ...]
    roles: tuple[NetworkRole, ...]
    max_hops: int
    as_of: str | None


@dataclass(frozen=True)
class Graph:
    """Nodes and edges ready to draw, with the cap that applied."""

    center: Node
    nodes: tuple[Node, ...]
    distances: tuple[int, ...]
    edges: tuple[Edge, ...]
    truncated: bool
    total_nodes: int
    roles: tuple[NetworkRole, ...]
    hops: int
    as_of: str | None


@dataclass(frozen=True)
class SharedPartner:
    """A node linked to several of the given actors: directly (a shared project) or through one connector."""

    node: Node
    actors: tuple[str, ...]
    via: tuple[Node, ...]
    direct: bool


@dataclass(frozen=True)
class SharedPartnersAnswer:
    """The shared partners of the given actors, ranked, and the roles used."""

    actors: tuple[Node, ...]
    partners: tuple[SharedPartner, ...]
    truncated: bool
    min_shared: int
    roles: tuple[NetworkRole, ...]
    as_of: str | None
