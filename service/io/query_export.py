"""Turn any GraphQL answer into nodes and edges: network answers (`nodes`/`edges` with source and target), entity
lists (plain or Relay connections) and the objects nested in them (an edge per field that links two entities)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from service.io.models import GraphEdge, GraphNode, edge_key
from service.model.catalog import KINDS, NODES, match_label

_SOURCE_KEYS = (("source", "target"), ("from", "to"), ("sourceId", "targetId"), ("start", "end"))
_KIND_LABELS = {k.kind_value: k.node_label for k in KINDS}
_SKIP = frozenset({"__typename"})


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _labels(label: str, obj: Mapping[str, Any]) -> tuple[str, ...]:
    """A node's labels as the graph holds them: its key's label, and an organisation's kind label (from its
    `__typename`, a network node's `entity`, or its `kind`)."""
    typename = obj.get("__typename")
    if isinstance(typename, str) and typename in NODES and match_label(typename) != typename:
        return tuple(sorted({label, NODES[typename].node_label}))
    kind_label = _KIND_LABELS.get(str(obj.get("kind", "")))
    return tuple(sorted({label, *([kind_label] if kind_label else [])}))


def _upper_snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


class _Extractor:
    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.labels: dict[str, tuple[str, ...]] = {}
        self.countries: dict[str, tuple[str, ...]] = {}
        self.edges: dict[str, GraphEdge] = {}

    def node_key(self, obj: Mapping[str, Any]) -> str | None:
        raw = obj.get("id")
        if not isinstance(raw, str | int) or isinstance(raw, bool):
            return None
        text = str(raw)
        if ":" in text:
            return text
        typename = obj.get("__typename") or obj.get("label")
        return f"{typename}:{text}" if isinstance(typename, str) and typename else text

    def add_node(self, key: str, obj: Mapping[str, Any]) -> None:
        props = self.nodes.setdefault(key, {})
        for name, value in obj.items():
            if name in _SKIP or name == "id":
                continue
            if value is not None and (_scalar(value) or (isinstance(value, list) and all(_scalar(v) for v in value))):
                props[name] = value
        label, _, stored = key.partition(":")
        props.setdefault("id", stored or key)
        if stored and key not in self.labels:
            self.labels[key] = _labels(label, obj)
        codes = obj.get("countryCodes")
        if isinstance(codes, list) and all(isinstance(c, str) for c in codes):
            self.countries[key] = tuple(sorted(codes))

    def endpoint(self, value: Any) -> str | None:
        if isinstance(value, str):
            return value
        if isinstance(value, Mapping):
            key = self.node_key(value)
            if key is not None:
                self.visit(value)
            return key
        return None

    def add_edge(self, obj: Mapping[str, Any], source_key: str, target_key: str) -> None:
        source, target = self.endpoint(obj.get(source_key)), self.endpoint(obj.get(target_key))
        if source is None or target is None:
            return
        rel_type = str(obj.get("type") or obj.get("__typename") or "LINKED")
        props = {
            k: v
            for k, v in obj.items()
            if k not in (source_key, target_key, "type", *_SKIP)
            and v is not None
            and (_scalar(v) or (isinstance(v, list) and all(_scalar(x) for x in v)))
        }
        key = edge_key(rel_type, source, target, props.get("id"))
        self.edges[key] = GraphEdge(key=key, type=rel_type, source=source, target=target, props=props)

    def visit(self, value: Any, parent: str | None = None, field: str | None = None) -> None:
        if isinstance(value, list):
            for item in value:
                self.visit(item, parent, field)
            return
        if not isinstance(value, Mapping):
            return
        for source_key, target_key in _SOURCE_KEYS:
            if source_key in value and target_key in value:
                self.add_edge(value, source_key, target_key)
                return
        if isinstance(value.get("node"), Mapping):  # a Relay connection edge
            self.visit(value["node"], parent, field)
            return
        key = self.node_key(value)
        if key is None:  # a container: {items, totalCount}, {nodes, edges}, a root field's payload
            for name, child in value.items():
                self.visit(child, parent, field if name in ("items", "nodes", "edges", "node") else name)
            return
        self.add_node(key, value)
        if parent is not None and field is not None and parent != key:
            rel_type = _upper_snake(field)
            ekey = edge_key(rel_type, parent, key)
            self.edges.setdefault(ekey, GraphEdge(key=ekey, type=rel_type, source=parent, target=key, props={}))
        for name, child in value.items():
            if isinstance(child, Mapping | list) and not (isinstance(child, list) and all(_scalar(v) for v in child)):
                self.visit(child, key, name)

    def result(self) -> tuple[list[GraphNode], list[GraphEdge]]:
        for e in self.edges.values():
            for end in (e.source, e.target):
                if end not in self.nodes:
                    self.add_node(end, {})
        nodes = [
            GraphNode(
                key=k,
                labels=self.labels.get(k, (k.partition(":")[0] if ":" in k else "Node",)),
                props=self.nodes[k],
                countries=self.countries.get(k, ()),
            )
            for k in sorted(self.nodes)
        ]
        return nodes, sorted(self.edges.values(), key=lambda e: e.key)


def extract_graph(data: Any) -> tuple[list[GraphNode], list[GraphEdge]]:
    """Nodes (every object with an `id`) and edges (objects with source/target, and entity-to-entity nesting)
    found anywhere in a GraphQL `data` answer; ordered by key."""
    extractor = _Extractor()
    extractor.visit(data)
    return extractor.result()
