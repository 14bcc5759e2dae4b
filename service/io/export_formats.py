"""Graph file writers (GraphML, GEXF, CSV node and edge lists, JSON) as async generators of text chunks.

Every writer takes an attribute schema (declared before the first node, as GraphML and GEXF require) and async
iterables of nodes and edges, so a whole graph streams from Neo4j to a file or an HTTP response.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from xml.sax.saxutils import quoteattr

from service.io.encoding import LIST_JOIN, flat, to_json
from service.io.models import GraphEdge, GraphNode

Nodes = AsyncIterable[GraphNode]
Edges = AsyncIterable[GraphEdge]


class ExportFormat(StrEnum):
    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"
    CSV_NODES = "csv-nodes"
    CSV_EDGES = "csv-edges"

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self]

    @property
    def extension(self) -> str:
        return {"csv-nodes": "nodes.csv", "csv-edges": "edges.csv"}.get(self.value, self.value)


MEDIA_TYPES: dict[ExportFormat, str] = {
    ExportFormat.GRAPHML: "application/graphml+xml",
    ExportFormat.GEXF: "application/gexf+xml",
    ExportFormat.JSON: "application/json",
    ExportFormat.CSV_NODES: "text/csv",
    ExportFormat.CSV_EDGES: "text/csv",
}

# Column types: scalar, list of scalar, or json (mixed types, maps, temporals).
SCALARS = ("string", "int", "float", "boolean")
_NEO4J_TYPES = {"STRING": "string", "INTEGER": "int", "FLOAT": "float", "BOOLEAN": "boolean", "NOTHING": "nothing"}


def type_of(value: Any) -> str:
    """The column type of one Python property value."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        inner = merge_types(type_of(v) for v in value) if value else "nothing"
        return f"{inner}[]" if inner in (*SCALARS, "nothing") else "json"
    return "json"


def neo4j_type(value_type: str) -> str:
    """The column type of a Cypher `valueType()` answer (`LIST<STRING NOT NULL> NOT NULL` -> `string[]`)."""
    text = value_type.replace(" NOT NULL", "")
    match = re.fullmatch(r"LIST<(\w+)>", text)
    if match:
        inner = _NEO4J_TYPES.get(match.group(1))
        return f"{inner}[]" if inner else "json"
    return _NEO4J_TYPES.get(text, "json")


def merge_types(types: Iterable[str]) -> str:
    """One column type for values of these types: int and float make float, an empty list fits any list."""
    found = set(types)
    if "nothing[]" in found and len(found) > 1 and all(t.endswith("[]") for t in found):
        found.discard("nothing[]")
    if found == {"int", "float"}:
        return "float"
    if found == {"int[]", "float[]"}:
        return "float[]"
    if len(found) == 1:
        only = found.pop()
        return "string[]" if only == "nothing[]" else only
    return "json" if found else "string"


@dataclass(frozen=True)
class AttrSchema:
    """Property columns of nodes and edges with their types, in a stable order."""

    node: Mapping[str, str]
    edge: Mapping[str, str]

    @classmethod
    def infer(cls, nodes: Iterable[GraphNode], edges: Iterable[GraphEdge]) -> AttrSchema:
        """The schema of graphs held in memory (query answers)."""
        node_types: dict[str, set[str]] = {}
        edge_types: dict[str, set[str]] = {}
        for n in nodes:
            for k, v in n.props.items():
                if v is not None:
                    node_types.setdefault(k, set()).add(type_of(v))
        for e in edges:
            for k, v in e.props.items():
                if v is not None:
                    edge_types.setdefault(k, set()).add(type_of(v))
        return cls(
            node={k: merge_types(node_types[k]) for k in sorted(node_types)},
            edge={k: merge_types(edge_types[k]) for k in sorted(edge_types)},
        )


# -- text of one value ------------------------------------------------------------------------------------------

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _graph_text(value: Any, col_type: str) -> str:
    """A value as GraphML/GEXF attribute text: lists joined with ' | ', json columns as JSON."""
    if col_type == "json":
        return json.dumps(to_json(value), ensure_ascii=False)
    if col_type == "float" and isinstance(value, int | float) and not isinstance(value, bool):
        return repr(float(value))
    scalar = flat(value)
    if isinstance(scalar, bool):
        return "true" if scalar else "false"
    return _XML_BAD.sub("", str(scalar))


def csv_cell(value: Any, col_type: str) -> str:
    """A value as a CSV cell that `csv_import` reads back to the same value (lists and json as JSON)."""
    if value is None:
        return ""
    if col_type.endswith("[]") or col_type == "json":
        return json.dumps(to_json(value), ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) or col_type == "float":
        return repr(float(value))
    return str(value)


_GRAPHML_TYPES = {"int": "long", "float": "double", "boolean": "boolean"}
_GEXF_TYPES = {"int": "long", "float": "double", "boolean": "boolean"}

# Attributes every exported node and edge carries besides its properties.
NODE_EXTRA = {"labels": "string", "label": "string", "countries": "string"}
EDGE_EXTRA = {"type": "string"}


def _node_attrs(n: GraphNode, schema: AttrSchema) -> list[tuple[str, str, Any]]:
    extra: dict[str, Any] = {
        "labels": ":".join(n.labels),
        "label": n.props.get("name") or n.props.get("title") or n.key,
        "countries": LIST_JOIN.join(n.countries) if n.countries else None,
    }
    attrs = [(k, t, extra[k]) for k, t in NODE_EXTRA.items()]
    attrs += [(k, t, n.props.get(k)) for k, t in schema.node.items() if k not in NODE_EXTRA]
    return [(k, t, v) for k, t, v in attrs if v is not None]


def _edge_attrs(e: GraphEdge, schema: AttrSchema) -> list[tuple[str, str, Any]]:
    attrs: list[tuple[str, str, Any]] = [("type", "string", e.type)]
    attrs += [(k, t, e.props.get(k)) for k, t in schema.edge.items() if k not in EDGE_EXTRA]
    return [(k, t, v) for k, t, v in attrs if v is not None]


def _columns(schema: Mapping[str, str], extra: Mapping[str, str]) -> dict[str, str]:
    return {**extra, **{k: t for k, t in schema.items() if k not in extra}}


# -- writers ----------------------------------------------------------------------------------------------------


async def graphml(schema: AttrSchema, nodes: Nodes, edges: Edges) -> AsyncIterator[str]:
    """GraphML (yEd, Gephi, networkx.read_graphml): typed <key> declarations, then nodes, then edges."""
    node_cols, edge_cols = _columns(schema.node, NODE_EXTRA), _columns(schema.edge, EDGE_EXTRA)
    node_ids = {k: f"n{i}" for i, k in enumerate(node_cols)}
    edge_ids = {k: f"e{i}" for i, k in enumerate(edge_cols)}
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    ]
    for domain, cols, ids in (("node", node_cols, node_ids), ("edge", edge_cols, edge_ids)):
        for name, col_type in cols.items():
            gtype = _GRAPHML_TYPES.get(col_type, "string")
            head.append(f'  <key id="{ids[name]}" for="{domain}" attr.name={quoteattr(name)} attr.type="{gtype}"/>\n')
    head.append('  <graph id="partnernet" edgedefault="directed">\n')
    yield "".join(head)
    async for n in nodes:
        data = "".join(
            f'<data key="{node_ids[k]}">{_escape(_graph_text(v, t))}</data>' for k, t, v in _node_attrs(n, schema)
        )
        yield f"    <node id={quoteattr(n.key)}>{data}</node>\n"
    async for e in edges:
        data = "".join(
            f'<data key="{edge_ids[k]}">{_escape(_graph_text(v, t))}</data>' for k, t, v in _edge_attrs(e, schema)
        )
        ends = f"source={quoteattr(e.source)} target={quoteattr(e.target)}"
        yield f"    <edge id={quoteattr(e.key)} {ends}>{data}</edge>\n"
    yield "  </graph>\n</graphml>\n"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


async def gexf(schema: AttrSchema, nodes: Nodes, edges: Edges) -> AsyncIterator[str]:
    """GEXF 1.2 (Gephi, networkx.read_gexf): attribute declarations, then nodes, then edges."""
    node_cols = {k: t for k, t in _columns(schema.node, NODE_EXTRA).items() if k != "label"}
    edge_cols = _columns(schema.edge, EDGE_EXTRA)
    node_ids = {k: str(i) for i, k in enumerate(node_cols)}
    edge_ids = {k: str(i) for i, k in enumerate(edge_cols)}
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
        "  <meta><creator>partnernet</creator><description>Council of Europe co-operation partner network"
        "</description></meta>\n"
        '  <graph defaultedgetype="directed" mode="static">\n'
    ]
    for domain, cols, ids in (("node", node_cols, node_ids), ("edge", edge_cols, edge_ids)):
        head.append(f'    <attributes class="{domain}">\n')
        for name, col_type in cols.items():
            gtype = _GEXF_TYPES.get(col_type, "string")
            head.append(f'      <attribute id="{ids[name]}" title={quoteattr(name)} type="{gtype}"/>\n')
        head.append("    </attributes>\n")
    head.append("    <nodes>\n")
    yield "".join(head)
    async for n in nodes:
        attrs = _node_attrs(n, schema)
        label = next((v for k, _, v in attrs if k == "label"), n.key)
        values = "".join(
            f'<attvalue for="{node_ids[k]}" value={quoteattr(_graph_text(v, t))}/>' for k, t, v in attrs if k != "label"
        )
        shown = quoteattr(_XML_BAD.sub("", str(label)))
        yield f"      <node id={quoteattr(n.key)} label={shown}><attvalues>{values}</attvalues></node>\n"
    yield "    </nodes>\n    <edges>\n"
    async for e in edges:
        values = "".join(
            f'<attvalue for="{edge_ids[k]}" value={quoteattr(_graph_text(v, t))}/>'
            for k, t, v in _edge_attrs(e, schema)
        )
        yield (
            f"      <edge id={quoteattr(e.key)} source={quoteattr(e.source)} target={quoteattr(e.target)} "
            f"label={quoteattr(e.type)}><attvalues>{values}</attvalues></edge>\n"
        )
    yield "    </edges>\n  </graph>\n</gexf>\n"


def _csv_line(cells: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    return buf.getvalue()


def _header(name: str, col_type: str) -> str:
    return name if col_type == "string" else f"{name}:{col_type}"


async def csv_nodes(schema: AttrSchema, nodes: Nodes, edges: Edges) -> AsyncIterator[str]:
    """The node list: `:ID`, `:LABEL` (;-separated), typed property columns, `countries:derived`."""
    cols = list(schema.node.items())
    yield _csv_line([":ID", ":LABEL", *[_header(k, t) for k, t in cols], "countries:derived"])
    async for n in nodes:
        cells = [n.key, ";".join(n.labels), *[csv_cell(n.props.get(k), t) for k, t in cols]]
        yield _csv_line([*cells, ";".join(n.countries)])


async def csv_edges(schema: AttrSchema, nodes: Nodes, edges: Edges) -> AsyncIterator[str]:
    """The edge list: `:ID`, `:TYPE`, `:START_ID`, `:END_ID` (node keys), typed property columns."""
    cols = list(schema.edge.items())
    yield _csv_line([":ID", ":TYPE", ":START_ID", ":END_ID", *[_header(k, t) for k, t in cols]])
    async for e in edges:
        yield _csv_line([e.key, e.type, e.source, e.target, *[csv_cell(e.props.get(k), t) for k, t in cols]])


async def json_graph(schema: AttrSchema, nodes: Nodes, edges: Edges) -> AsyncIterator[str]:
    """{"format", "version", "nodes": [{id, labels, properties, countries}], "edges": [{id, type, source, target,
    properties}]}; property values in the dump's lossless JSON form."""
    yield '{"format":"partnernet-graph","version":1,"nodes":['
    sep = "\n"
    async for n in nodes:
        obj = {
            "id": n.key,
            "labels": list(n.labels),
            "properties": _json_props(n.props),
            "countries": list(n.countries),
        }
        yield sep + json.dumps(obj, ensure_ascii=False, allow_nan=False)
        sep = ",\n"
    yield '\n],"edges":['
    sep = "\n"
    async for e in edges:
        obj = {"id": e.key, "type": e.type, "source": e.source, "target": e.target, "properties": _json_props(e.props)}
        yield sep + json.dumps(obj, ensure_ascii=False, allow_nan=False)
        sep = ",\n"
    yield "\n]}\n"


def _json_props(props: Mapping[str, Any]) -> dict[str, Any]:
    return {k: to_json(props[k]) for k in sorted(props) if props[k] is not None}


WRITERS = {
    ExportFormat.GRAPHML: graphml,
    ExportFormat.GEXF: gexf,
    ExportFormat.JSON: json_graph,
    ExportFormat.CSV_NODES: csv_nodes,
    ExportFormat.CSV_EDGES: csv_edges,
}


async def render(
    fmt: ExportFormat, schema: AttrSchema, nodes: AsyncIterable[GraphNode], edges: AsyncIterable[GraphEdge]
) -> AsyncIterator[str]:
    """The export in `fmt` as text chunks of about 64 KiB (fewer, larger writes for big graphs)."""
    buf: list[str] = []
    size = 0
    async for piece in WRITERS[fmt](schema, nodes, edges):
        buf.append(piece)
        size += len(piece)
        if size >= 65_536:
            yield "".join(buf)
            buf, size = [], 0
    if buf:
        yield "".join(buf)
