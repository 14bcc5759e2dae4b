"""The values network queries pass around once their arguments are checked: entity references and link filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from service.model.enums import NetworkLinkType, NetworkNodeKind, NetworkRole
from service.model.graph import REL_TYPES

# The registry types a network node may be: the ends of the relationship types network queries walk (organisations
# of every kind, then the connectors, in the registry's order); also the global-id type names a network endpoint
# argument accepts.
NETWORK_TYPES: Final[tuple[str, ...]] = tuple(
    dict.fromkeys(end for r in REL_TYPES if r.type in set(NetworkLinkType) for end in (r.source, r.target))
)
ORGANISATION_KINDS: Final[tuple[NetworkNodeKind, ...]] = tuple(k for k in NetworkNodeKind if k.is_organisation)
CONNECTOR_KINDS: Final[tuple[NetworkNodeKind, ...]] = tuple(k for k in NetworkNodeKind if not k.is_organisation)


@dataclass(frozen=True)
class EntityRef:
    """An id given by a client: the label named by a global id (None for a plain id) and the stored id."""

    label: str | None
    key: str
    raw: str

    def param(self) -> dict[str, Any]:
        """The `{label, key, raw}` map the statements' endpoint lookups read."""
        return {"label": self.label, "key": self.key, "raw": self.raw}


@dataclass(frozen=True)
class LinkFilter:
    """Which links count: the roles (MEMBER for memberships) and the day they must be active on."""

    roles: tuple[NetworkRole, ...]
    as_of: str | None

    def params(self) -> dict[str, Any]:
        """The `$roles` and `$asOf` parameters of the link predicate (cypher.active_link)."""
        return {"roles": [r.value for r in self.roles], "asOf": self.as_of}

    def known(self) -> dict[str, Any]:
        """The answer fields these links fill in: `rolesUsed` and `asOf`."""
        return {"rolesUsed": [r.value for r in self.roles], "asOf": self.as_of}
