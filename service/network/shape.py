"""Network answers in the response's shape: Cypher projections generated from a selection (no GraphQL here).

The fast path (service/api/network_fields.py) turns a GraphQL selection into `Field` trees; the builders below turn
those into map projections keyed by response keys, with `__typename` where selected, so a statement returns
exactly what the client asked for and Neo4j computes nothing else (a node's countries only when selected).
Each expression reproduces what the domain models and Strawberry types make of the full projections in
cypher.py (`Node.from_map`, `Edge.from_map`, `NetworkNode.from_domain`, ...): the parity tests compare both.
Keys are GraphQL response keys (names validated by the GraphQL parser) in backticks; values are expressions
of this module's closed vocabulary or parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from service.core.errors import NotPreparedForFastPathError
from service.network.cypher import node_kind


@dataclass(frozen=True)
class Field:
    """One selected field: its response key, its schema field name, and its own selection (objects only)."""

    key: str
    name: str
    sub: tuple[Field, ...] = ()


Selection = tuple[Field, ...]


class NotShapeableError(NotPreparedForFastPathError):
    """The selection names a field this module has no expression for (the fast path then declines)."""


def _key(key: str) -> str:
    if not key.replace("_", "a").isalnum():
        raise NotShapeableError(f"unexpected response key {key!r}")
    return f"`{key}`"


def map_of(entries: Sequence[tuple[str, str]]) -> str:
    """A Cypher map literal from (response key, expression) pairs."""
    return "{" + ", ".join(f"{_key(k)}: {e}" for k, e in entries) + "}"


def label_of(var: str) -> str:
    """A network node's GraphQL type name from its labels (NetworkNode.label)."""
    return (
        f"CASE WHEN {var}:Organisation THEN 'Organisation' WHEN {var}:Project THEN 'Project' "
        f"WHEN {var}:Programme THEN 'Programme' ELSE 'Network' END"
    )


def global_id(var: str) -> str:
    """A network node's global id, `<Label>:<id>`."""
    return f"{label_of(var)} + ':' + {var}.id"


def _countries(var: str) -> str:
    return (
        f"COLLECT {{ MATCH ({var})-[:LOCATED_IN|IMPLEMENTED_IN]->(nmc:Country) "
        "RETURN DISTINCT nmc.id AS code ORDER BY code }"
    )


_NODE: Final[dict[str, Callable[[str, str], str]]] = {
    "__typename": lambda v, d: "'NetworkNode'",
    "id": lambda v, d: global_id(v),
    "key": lambda v, d: f"{v}.id",
    # Node.from_map: a missing or empty name falls back to the id.
    "name": lambda v, d: f"CASE WHEN coalesce({v}.name, '') = '' THEN {v}.id ELSE {v}.name END",
    "shortName": lambda v, d: f"{v}.shortName",
    "kind": lambda v, d: node_kind(v),
    "label": lambda v, d: label_of(v),
    "countryCodes": lambda v, d: _countries(v),
    # One country, else null; the list is bound once by a one-element comprehension.
    "countryCode": lambda v, d: f"[ncs IN [{_countries(v)}] | CASE WHEN size(ncs) = 1 THEN ncs[0] END][0]",
    "distance": lambda v, d: d,
}


def node_value(var: str, sel: Selection, *, distance: str = "null") -> str:
    """A NetworkNode for the node bound to `var` (`distance` is its expression; null outside neighbourhoods)."""
    return map_of([(f.key, _entry(_NODE, f, var, distance)) for f in sel])


def _entry(table: dict[str, Callable[[str, str], str]], f: Field, var: str, extra: str) -> str:
    build = table.get(f.name)
    if build is None:
        raise NotShapeableError(f"no expression for field {f.name!r}")
    return build(var, extra)


def _target_label(var: str) -> str:
    return (
        f"CASE WHEN endNode({var}):Network THEN 'Network' WHEN endNode({var}):Programme THEN 'Programme' "
        "ELSE 'Project' END"
    )


def edge_source(var: str) -> str:
    """NetworkEdge.source: the organisation's global id."""
    return f"'Organisation:' + startNode({var}).id"


def edge_target(var: str) -> str:
    """NetworkEdge.target: the project's, programme's or network's global id."""
    return f"{_target_label(var)} + ':' + endNode({var}).id"


def edge_key(var: str) -> str:
    """NetworkEdge.id: the stored id, else `<TYPE>:<source id>-><target id>` (Edge.from_map)."""
    return f"coalesce({var}.id, type({var}) + ':' + startNode({var}).id + '->' + endNode({var}).id)"


_EDGE: Final[dict[str, Callable[[str, str], str]]] = {
    "__typename": lambda v, x: "'NetworkEdge'",
    "id": lambda v, x: edge_key(v),
    "type": lambda v, x: f"type({v})",
    "source": lambda v, x: edge_source(v),
    "target": lambda v, x: edge_target(v),
    "role": lambda v, x: f"coalesce({v}.role, 'MEMBER')",
    "roleClass": lambda v, x: f"coalesce({v}.roleClass, CASE WHEN type({v}) = 'MEMBER_OF' THEN 'MEMBERSHIP' END)",
    "membershipStatus": lambda v, x: f"{v}.membershipStatus",
    "since": lambda v, x: f"{v}.since",
    "until": lambda v, x: f"{v}.until",
    "datesDerived": lambda v, x: f"coalesce({v}.datesDerived, false)",
    "evidence": lambda v, x: f"{v}.evidence",
    "confidence": lambda v, x: f"{v}.confidence",
    "sources": lambda v, x: f"coalesce({v}.sources, [])",
}


def edge_value(var: str, sel: Selection) -> str:
    """A NetworkEdge for the PARTICIPATES_IN or MEMBER_OF relationship bound to `var`."""
    return map_of([(f.key, _entry(_EDGE, f, var, "")) for f in sel])


def typename(f: Field, name: str) -> str:
    """The `__typename` literal of an object type (closed set: this module's callers name it)."""
    if not name.isidentifier():
        raise NotShapeableError(f"unexpected type name {name!r}")
    return f"'{name}'"


def path_value(var: str, sel: Selection) -> str:
    """A NetworkPath for the path bound to `var`: its length, hops, nodes and edges as selected.

    Node and edge projections are computed once per distinct selection and indexed, bound by a one-element
    comprehension (`pb`), so a hop's `from` and `to` reuse the node list instead of projecting nodes again.
    """
    lists: dict[str, str] = {}  # projection text -> binding name

    def bind(text: str) -> str:
        name = lists.get(text)
        if name is None:
            name = f"l{len(lists)}"
            lists[text] = name
        return f"pb.{name}"

    def nodes_list(sub: Selection) -> str:
        return bind(f"[pn IN nodes({var}) | {node_value('pn', sub)}]")

    def edges_list(sub: Selection) -> str:
        return bind(f"[pe IN relationships({var}) | {edge_value('pe', sub)}]")

    entries: list[tuple[str, str]] = []
    for f in sel:
        if f.name == "__typename":
            entries.append((f.key, typename(f, "NetworkPath")))
        elif f.name == "length":
            entries.append((f.key, f"length({var})"))
        elif f.name == "nodes":
            entries.append((f.key, nodes_list(f.sub)))
        elif f.name == "edges":
            entries.append((f.key, edges_list(f.sub)))
        elif f.name == "hops":
            hop: list[tuple[str, str]] = []
            for h in f.sub:
                if h.name == "__typename":
                    hop.append((h.key, typename(h, "PathHop")))
                elif h.name in ("from", "to"):
                    at = "i" if h.name == "from" else "i + 1"
                    hop.append((h.key, f"{nodes_list(h.sub)}[{at}]"))
                elif h.name == "edge":
                    hop.append((h.key, f"{edges_list(h.sub)}[i]"))
                elif h.name == "forward":
                    hop.append((h.key, f"startNode(relationships({var})[i]) = nodes({var})[i]"))
                else:
                    raise NotShapeableError(f"no expression for PathHop.{h.name}")
            entries.append((f.key, f"[i IN range(0, length({var}) - 1) | {map_of(hop)}]"))
        else:
            raise NotShapeableError(f"no expression for NetworkPath.{f.name}")
    body = map_of(entries)
    if not lists:
        return body
    bindings = ", ".join(f"{name}: {text}" for text, name in lists.items())
    return f"[pb IN [{{{bindings}}}] | {body}][0]"
