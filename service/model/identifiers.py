"""The closed set of names a Cypher statement may contain, derived from the registry: labels, relationship types
and property names. The engine writes no other identifier; `check` proves each is a plain identifier."""

from __future__ import annotations

import re
from functools import cache

from service.model.catalog import GROUPS, NODES
from service.model.graph import REL_TYPES

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@cache
def identifiers() -> frozenset[str]:
    """Every label, relationship type and property name of the model (precision companions included)."""
    names: set[str] = {"id"}
    owners = [(t.node_label, t.props, {r.type for r in t.rels}) for t in NODES.values()]
    owners += [(g.type, g.props, set()) for g in GROUPS.values()]
    for label, props, types in owners:
        names.add(label)
        names |= types
        for p in props:
            names.add(p.name)
            if p.label is not None:
                names.add(p.label)
            if p.precision is not None:
                names.add(p.precision.name)
    names |= {r.type for r in REL_TYPES}
    return frozenset(names)


def check() -> list[str]:
    """Names of the model that are not plain identifiers (must be empty: they go into Cypher unquoted)."""
    return sorted(n for n in identifiers() if not _IDENT.fullmatch(n))
