"""Answers of the analysis queries (country links, cross-border partners, brokers, gaps, suggestions, changes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.network.models import ChangeKind, Edge, GapKind, NetworkRole, Node


@dataclass(frozen=True)
class ThemeRef:
    """A theme named as evidence."""

    key: str
    name: str

    @classmethod
    def from_map(cls, m: dict[str, Any]) -> ThemeRef:
        return cls(key=str(m["id"]), name=str(m.get("name") or m["id"]))


@dataclass(frozen=True)
class CountryLink:
    """One cell of the country matrix: links between actors of two countries through shared connectors."""

    country_a: str
    country_b: str
    links: int
    projects: int
    networks: int
    examples: tuple[Node, ...]


@dataclass(frozen=True)
class CountryLinksAnswer:
    """The country matrix: its axis and its non-empty cells."""

    countries: tuple[str, ...]
    cells: tuple[CountryLink, ...]
    symmetric: bool
    roles: tuple[NetworkRole, ...]
    as_of: str | None


@dataclass(frozen=True)
class CrossBorderLink:
    """A connector an organisation shares with a partner abroad, and each side's roles in it."""

    via: Node
    roles: tuple[NetworkRole, ...]
    partner_roles: tuple[NetworkRole, ...]


@dataclass(frozen=True)
class CrossBorderPartner:
    """An institution in another country and what links it to the given one."""

    node: Node
    country: str
    links: tuple[CrossBorderLink, ...]


@dataclass(frozen=True)
class CrossBorderAnswer:
    """The partners abroad of one organisation, most shared connectors first."""

    org: Node
    partners: tuple[CrossBorderPartner, ...]
    truncated: bool
    roles: tuple[NetworkRole, ...]
    as_of: str | None


@dataclass(frozen=True)
class Broker:
    """An organisation with its broker score: the other countries it reaches through shared connectors."""

    node: Node
    country: str
    countries_reached: tuple[str, ...]
    bridging_connectors: int
    connectors: int


@dataclass(frozen=True)
class BrokersAnswer:
    """Brokers ranked by score, then tie-breaks."""

    brokers: tuple[Broker, ...]
    roles: tuple[NetworkRole, ...]
    as_of: str | None


@dataclass(frozen=True)
class Gap:
    """A structural hole: its kind, the actor (and for pairs the other actor), and the evidence."""

    kind: GapKind
    subject: Node
    other: Node | None
    evidence: tuple[Node, ...]
    themes: tuple[ThemeRef, ...]

    @property
    def explanation(self) -> str:
        who = _who(self.subject)
        if self.kind is GapKind.NHRI_WITHOUT_CIVIL_SOCIETY:
            if not self.evidence:
                return f"{who} takes part in no project, so it shares none with a civil-society organisation."
            return (
                f"{who} takes part in {_count(len(self.evidence), 'project')} ({_names(self.evidence)}), "
                "none with a civil-society partner."
            )
        if self.kind is GapKind.AUTHORITY_WITHOUT_NHRI:
            return (
                f"{who} takes part in {_count(len(self.evidence), 'project')} ({_names(self.evidence)}), "
                "none with a national human rights institution as partner."
            )
        assert self.other is not None
        return (
            f"{who} and {_who(self.other)} are the same kind of institution in countries of one region and work on "
            f"{_count(len(self.themes), 'shared theme')} ({', '.join(t.name for t in self.themes[:5])}), "
            "but share no project, programme or network."
        )


@dataclass(frozen=True)
class GapsAnswer:
    """The gaps found for one country, by kind, then weight, then name."""

    country: str
    gaps: tuple[Gap, ...]
    truncated: bool
    roles: tuple[NetworkRole, ...]
    as_of: str | None


@dataclass(frozen=True)
class Suggestion:
    """An institution abroad the organisation is not linked with yet, with the score's parts."""

    node: Node
    country: str
    score: int
    same_kind: bool
    common: tuple[Node, ...]
    common_count: int
    themes: tuple[ThemeRef, ...]

    def reason(self, org: Node) -> str:
        parts = []
        if self.common_count:
            shown = ", ".join(_short(n) for n in self.common[:3])
            more = f" and {self.common_count - 3} more" if self.common_count > 3 else ""
            parts.append(f"{_count(self.common_count, 'common partner')} ({shown}{more})")
        if self.themes:
            parts.append(f"{_count(len(self.themes), 'shared theme')} ({', '.join(t.name for t in self.themes[:3])})")
        if self.same_kind:
            parts.append(f"the same kind of institution ({org.kind.value.replace('_', ' ').lower()})")
        return f"{_who(self.node)} is not linked with {_short(org)} yet; they have {'; '.join(parts)}."


@dataclass(frozen=True)
class SuggestionsAnswer:
    """Suggestions for one organisation, best first."""

    org: Node
    suggestions: tuple[Suggestion, ...]
    roles: tuple[NetworkRole, ...]
    as_of: str | None


@dataclass(frozen=True)
class Change:
    """A link that began or ended on `date`."""

    kind: ChangeKind
    date: str
    edge: Edge
    org: Node
    target: Node


@dataclass(frozen=True)
class ChangesAnswer:
    """Links that began or ended in a period, by date."""

    changes: tuple[Change, ...]
    truncated: bool
    total: int
    roles: tuple[NetworkRole, ...]


def _who(node: Node) -> str:
    country = f" ({', '.join(node.country_codes)})" if node.country_codes else ""
    return f"{node.name}{country}"


def _short(node: Node) -> str:
    country = f" ({', '.join(node.country_codes)})" if node.label == "Organisation" and node.country_codes else ""
    return f"{node.short_name or node.name}{country}"


def _names(nodes: tuple[Node, ...], shown: int = 3) -> str:
    names = ", ".join(n.short_name or n.name for n in nodes[:shown])
    return names + (f" and {len(nodes) - shown} more" if len(nodes) > shown else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
