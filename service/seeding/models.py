"""Validated seed records (nodes with their links, participations and memberships) and load summaries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class SeedRecord:
    """A participation or membership: an edge group's relationship between two nodes, with its properties."""

    group: str  # the registry's edge group (Participation, Membership)
    id: str
    source: str  # the organisation's id
    target_type: str  # the node type of the other end (Project, Programme, Network)
    target: str
    props: Mapping[str, Any]  # stored form, as values.py cleaned it


@dataclass(frozen=True)
class SeedNode:
    """A node of the seed graph: its node type (an organisation's kind type), id, stored properties, the ids its
    links name (registry relationship field name -> ids) and the records it holds (a network's members)."""

    type: str
    id: str
    props: Mapping[str, Any]
    links: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    records: tuple[SeedRecord, ...] = ()


@dataclass(frozen=True)
class SeedGraph:
    """Every seed record, validated: values as the registry allows, references resolve, ids are unique."""

    regions: tuple[SeedNode, ...] = ()
    countries: tuple[SeedNode, ...] = ()
    themes: tuple[SeedNode, ...] = ()
    programmes: tuple[SeedNode, ...] = ()
    projects: tuple[SeedNode, ...] = ()
    organisations: tuple[SeedNode, ...] = ()
    participations: tuple[SeedRecord, ...] = ()
    networks: tuple[SeedNode, ...] = ()
    coe_bodies: tuple[SeedNode, ...] = ()
    action_plans: tuple[SeedNode, ...] = ()

    def counts(self) -> dict[str, int]:
        """Records per seed file, in file order."""
        return {f.name: len(getattr(self, f.name)) for f in fields(self)}

    def places(self) -> SeedGraph:
        """Only the regions and countries (what a synthetic graph reuses)."""
        return SeedGraph(regions=self.regions, countries=self.countries)

    def regional_countries(self) -> list[str]:
        """Ids of the countries that belong to a region, in file order."""
        return [c.id for c in self.countries if c.links.get("regions")]


@dataclass(frozen=True)
class LoadSummary:
    """What a load wrote: rows per node label and relationship type, and the database's change counters."""

    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    labels_added: int = 0
    seconds: float = 0.0
    node_seconds: float = 0.0  # of `seconds`, the time spent writing nodes (synthetic loads measure it apart)
    unchanged: bool = False  # an --if-changed load found the graph holding these very seeds and wrote nothing

    @property
    def node_rows(self) -> int:
        return sum(self.nodes.values())

    @property
    def relationship_rows(self) -> int:
        return sum(self.relationships.values())
