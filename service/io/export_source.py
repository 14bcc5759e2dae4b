"""Where exports read from: the database (whole graph or some labels, streamed in one read transaction); the
privacy predicate in every statement (service/io/cypher.py) keeps sensitive organisations for those who may see them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from neo4j import READ_ACCESS, AsyncDriver, AsyncTransaction

from service.core.errors import InvalidInputError
from service.engine.privacy import CAN_SEE_SENSITIVE, HIDDEN_WORDS, withhold
from service.io import cypher
from service.io.export_formats import AttrSchema, ExportFormat, merge_types, neo4j_type, render
from service.io.models import KEY_LABELS, GraphEdge, GraphNode, edge_key, node_key
from service.model.catalog import KINDS

EXPORT_TIMEOUT_S = 3_600.0
# The labels an export may select: every entity type's, and every organisation kind's.
EXPORTABLE_LABELS: tuple[str, ...] = KEY_LABELS + tuple(k.node_label for k in KINDS)


@dataclass(frozen=True)
class GraphFilter:
    """Which part of the graph an export takes: model labels (none: all) and whether organisations marked
    sensitive travel (only to callers who may see them: `Context.can_see_sensitive`)."""

    labels: tuple[str, ...] = ()
    include_sensitive: bool = False

    @classmethod
    def create(cls, labels: Sequence[str] = (), *, include_sensitive: bool = False) -> GraphFilter:
        """A filter over model labels only; raises InvalidInputError naming an unknown label."""
        unknown = sorted(set(labels) - set(EXPORTABLE_LABELS))
        if unknown:
            allowed = ", ".join(EXPORTABLE_LABELS)
            raise InvalidInputError(
                f"unknown label(s) {', '.join(unknown)}; expected some of {allowed}", field="labels"
            )
        return cls(labels=tuple(labels), include_sensitive=include_sensitive)

    def params(self) -> dict[str, Any]:
        return {"labels": list(self.labels or KEY_LABELS), CAN_SEE_SENSITIVE: self.include_sensitive}


class DatabaseGraph:
    """The graph (or the part a filter selects) read in one open read transaction."""

    def __init__(self, tx: AsyncTransaction, graph_filter: GraphFilter) -> None:
        self.tx = tx
        self.params = graph_filter.params()
        self.include_sensitive = graph_filter.include_sensitive
        self._words: list[str] | None = None

    async def _shown(self, props: dict[str, Any]) -> dict[str, Any]:
        """`props` as the caller may see them: free text naming a hidden organisation withheld (privacy rule)."""
        if self.include_sensitive:
            return props
        if self._words is None:
            record = await (await self.tx.run(HIDDEN_WORDS)).single(strict=True)
            self._words = list(record["words"])
        return withhold(props, self._words)

    async def schema(self) -> AttrSchema:
        """Property columns of the selected nodes and of the relationships between them, with their types."""
        node = {r["key"]: r["types"] async for r in await self.tx.run(cypher.EXPORT_NODE_KEYS, self.params)}
        edge = {r["key"]: r["types"] async for r in await self.tx.run(cypher.EXPORT_REL_KEYS, self.params)}
        return AttrSchema(
            node={k: merge_types(neo4j_type(t) for t in node[k]) for k in sorted(node)},
            edge={k: merge_types(neo4j_type(t) for t in edge[k]) for k in sorted(edge)},
        )

    async def nodes(self) -> AsyncIterator[GraphNode]:
        async for r in await self.tx.run(cypher.EXPORT_NODES, self.params):
            labels = tuple(sorted(r["labels"]))
            props = await self._shown(r["props"])
            yield GraphNode(
                key=node_key(labels, props.get("id")), labels=labels, props=props, countries=tuple(r["countries"])
            )

    async def edges(self) -> AsyncIterator[GraphEdge]:
        async for r in await self.tx.run(cypher.EXPORT_RELS, self.params):
            source, target = node_key(r["a_labels"], r["a_id"]), node_key(r["b_labels"], r["b_id"])
            props = await self._shown(r["props"])
            yield GraphEdge(
                key=edge_key(r["type"], source, target, props.get("id")),
                type=r["type"],
                source=source,
                target=target,
                props=props,
            )


@asynccontextmanager
async def database_graph(
    driver: AsyncDriver, *, database: str, graph_filter: GraphFilter, timeout_s: float = EXPORT_TIMEOUT_S
) -> AsyncIterator[DatabaseGraph]:
    """A DatabaseGraph over one read transaction, closed on exit."""
    async with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        tx = await session.begin_transaction(timeout=timeout_s)
        try:
            yield DatabaseGraph(tx, graph_filter)
        finally:
            await tx.close()


async def export_database(
    driver: AsyncDriver, *, database: str, fmt: ExportFormat, graph_filter: GraphFilter = GraphFilter()
) -> AsyncIterator[str]:
    """The selected graph in `fmt`, streamed as text chunks while it is read."""
    async with database_graph(driver, database=database, graph_filter=graph_filter) as graph:
        schema = await graph.schema()
        async for chunk in render(fmt, schema, graph.nodes(), graph.edges()):
            yield chunk


async def _aiter(items: Sequence[Any]) -> AsyncIterator[Any]:
    for item in items:
        yield item


async def export_memory(
    nodes: Sequence[GraphNode], edges: Sequence[GraphEdge], *, fmt: ExportFormat
) -> AsyncIterator[str]:
    """A graph held in memory (a query answer) in `fmt`, as text chunks."""
    schema = AttrSchema.infer(nodes, edges)
    async for chunk in render(fmt, schema, _aiter(nodes), _aiter(edges)):
        yield chunk
