"""Relay connections in one expression: keyset pages both ways, pageInfo, and totalCount only when selected."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import FieldNode, GraphQLObjectType

from service.api.compiler import projection
from service.api.compiler.catalog import ABSTRACT_TARGETS, EDGES, NODES, Kind
from service.api.compiler.cursor import SortKey, cursor_expr, decode, order_by, seek
from service.api.compiler.filters import compile_where, node_owner
from service.api.compiler.selection import collect, field_def, named_type, object_type
from service.api.compiler.state import Compilation, NotCompilableError, map_literal, string_literal
from service.errors import InvalidInputError, LimitExceededError


@dataclass(frozen=True)
class Source:
    """The rows of a connection: a MATCH pattern binding `node_var` (and `rel_var` for edges with properties)."""

    pattern: str
    node_var: str
    rel_var: str | None
    target: str  # GraphQL type of the nodes, possibly abstract
    edge: str | None  # property group of the relationship (catalog.EDGES), when edges carry it
    base: tuple[str, ...] = ()  # predicates that always hold (the privacy rule)


@dataclass(frozen=True)
class Page:
    """The validated paging arguments: how many rows, which way, from which anchor."""

    size: int
    forward: bool
    anchor: list[Any] | None
    keys: list[SortKey]  # in the order rows are fetched (reversed when paging backwards)
    signature: str
    natural: list[SortKey]  # in the order the client asked for


def _sort_keys(source: Source, order: Sequence[Mapping[str, Any]] | None) -> tuple[list[SortKey], str]:
    if source.edge is not None:
        assert source.rel_var is not None
        edge_orders = EDGES[source.edge].orders
        tie = SortKey(f"{source.rel_var}.id", Kind.STRING, nullable=False, ascending=True)
        lookup = {
            name: SortKey(f"{source.rel_var if on_rel else source.node_var}.{p.name}", p.kind, p.nullable, True)
            for name, (on_rel, p) in edge_orders.items()
        }
    else:
        concrete = ABSTRACT_TARGETS.get(source.target, (source.target,))[0]
        tie = SortKey(f"{source.node_var}.id", Kind.STRING, nullable=False, ascending=True)
        lookup = {
            name: SortKey(f"{source.node_var}.{p.name}", p.kind, p.nullable, True)
            for name, p in NODES[concrete].orders.items()
        }
    keys: list[SortKey] = []
    names: list[str] = []
    for term in order or ():
        field, direction = str(term["field"]), str(term.get("direction") or "ASC")
        if field not in lookup:
            raise NotCompilableError(f"unknown order field {field}")
        key = lookup[field]
        keys.append(key if direction == "ASC" else key.flipped())
        names.append(f"{field}.{direction}")
    return [*keys, tie], ",".join(names) or "KEY.ASC"


def page_of(comp: Compilation, source: Source, args: Mapping[str, Any]) -> Page:
    """The page the arguments ask for; errors name the argument at fault."""
    first, last = args.get("first"), args.get("last")
    after, before = args.get("after"), args.get("before")
    if first is not None and last is not None:
        raise InvalidInputError("give first or last, not both", field="last")
    if after is not None and last is not None:
        raise InvalidInputError("after pages forwards: use it with first", field="after")
    if before is not None and first is not None:
        raise InvalidInputError("before pages backwards: use it with last", field="before")
    forward = last is None and before is None
    size = first if forward else last
    name = "first" if forward else "last"
    if size is None:
        size = comp.ctx.default_page_size
    if size < 0:
        raise InvalidInputError(f"{name} must not be negative", field=name)
    if size > comp.ctx.max_page_size:
        raise LimitExceededError(f"{name} may be at most {comp.ctx.max_page_size}; got {size}", field=name)
    natural, signature = _sort_keys(source, args.get("orderBy"))
    keys = natural if forward else [k.flipped() for k in natural]
    cursor = after if forward else before
    anchor = None if cursor is None else decode(cursor, signature, natural, field="after" if forward else "before")
    return Page(size, forward, anchor, keys, signature, natural)


def connection_value(
    comp: Compilation,
    source: Source,
    conn_type: GraphQLObjectType,
    field_nodes: Sequence[FieldNode],
    args: Mapping[str, Any],
    depth: int,
) -> str:
    """The response value of a connection field over `source` for the connection's selection set."""
    page = page_of(comp, source, args)
    owner = f"{source.edge}:{source.target}" if source.edge else node_owner(source.target)
    filters = [
        *source.base,
        *compile_where(
            comp,
            owner,
            args.get("where"),
            source.node_var,
            rel_var=source.rel_var,
            far_type=source.target,
            depth=depth,
        ),
    ]
    fields = collect(comp, conn_type, field_nodes)
    rows, page_var, row_var = f"_rows{depth}", f"_page{depth}", f"_x{depth}"
    cursor = cursor_expr(page.signature, page.natural)
    row_entries: list[tuple[str, str]] = []
    entries: list[tuple[str, str]] = []
    need_rows = False
    for key, nodes in fields.items():
        name = nodes[0].name.value
        if name == "__typename":
            entries.append((key, string_literal(conn_type.name)))
        elif name == "totalCount":
            where = f" WHERE {' AND '.join(filters)}" if filters else ""
            entries.append((key, f"COUNT {{ MATCH {source.pattern}{where} }}"))
        elif name == "edges":
            need_rows = True
            edge_type = object_type(comp, named_type(field_def(conn_type, nodes[0]).type).name)
            slot = f"e{len(row_entries)}"
            row_entries.append((slot, _edge_map(comp, source, edge_type, nodes, depth, cursor)))
            entries.append((key, f"[{row_var} IN {page_var} | {row_var}.{slot}]"))
        elif name == "pageInfo":
            need_rows = True
            info_type = object_type(comp, named_type(field_def(conn_type, nodes[0]).type).name)
            entries.append((key, _page_info(comp, info_type, nodes, page, rows, page_var)))
        else:
            raise NotCompilableError(f"{conn_type.name}.{name} is not a connection field")
    if not need_rows:
        return map_literal(entries)
    row_entries.append(("c", cursor))
    limit = comp.params.add(page.size + 1)
    size = comp.params.add(page.size)
    if page.anchor is not None:
        seek_pred = [seek(comp.params, page.keys, page.anchor)]
    elif not page.keys[0].nullable:
        # Always true for a key that is never null, but it lets Neo4j read a range index on the first key in order
        # (PartialTop) instead of sorting every row: the first page then costs what a deep page's seek does.
        seek_pred = [f"{page.keys[0].expr} IS NOT NULL"]
    else:
        seek_pred = []
    preds = filters + seek_pred
    where = f" WHERE {' AND '.join(preds)}" if preds else ""
    carried = ", ".join(v for v in (source.node_var, source.rel_var) if v)
    fetch = (
        f"COLLECT {{ MATCH {source.pattern}{where} WITH {carried} ORDER BY {order_by(page.keys)} "
        f"LIMIT {limit} RETURN {map_literal(row_entries)} }}"
    )
    window = f"{rows}[0..{size}]" if page.forward else f"reverse({rows}[0..{size}])"
    return f"head([{rows} IN [{fetch}] | head([{page_var} IN [{window}] | {map_literal(entries)}])])"


def _edge_map(
    comp: Compilation,
    source: Source,
    edge_type: GraphQLObjectType,
    field_nodes: Sequence[FieldNode],
    depth: int,
    cursor: str,
) -> str:
    entries: list[tuple[str, str]] = []
    for key, nodes in collect(comp, edge_type, field_nodes).items():
        name = nodes[0].name.value
        if name == "__typename":
            entries.append((key, string_literal(edge_type.name)))
        elif name == "cursor":
            entries.append((key, cursor))
        elif name == "node":
            node_type = named_type(field_def(edge_type, nodes[0]).type)
            candidates = ABSTRACT_TARGETS.get(source.target, (source.target,))
            entries.append((key, projection.node_value(comp, source.node_var, node_type, nodes, depth, candidates)))
        elif source.edge is not None and source.rel_var is not None and name in EDGES[source.edge].props:
            entries.append((key, projection.prop_expr(source.rel_var, EDGES[source.edge].props[name])))
        else:
            raise NotCompilableError(f"{edge_type.name}.{name} is not an edge field")
    return map_literal(entries)


def _page_info(
    comp: Compilation,
    info_type: GraphQLObjectType,
    field_nodes: Sequence[FieldNode],
    page: Page,
    rows: str,
    page_var: str,
) -> str:
    more = f"size({rows}) > {comp.params.add(page.size)}"
    # Relay: the far side of the anchor is known from the request (a cursor came from a row that exists).
    anchored = "true" if page.anchor is not None else "false"
    values = {
        "__typename": string_literal(info_type.name),
        "hasNextPage": more if page.forward else anchored,
        "hasPreviousPage": anchored if page.forward else more,
        "startCursor": f"head({page_var}).c",
        "endCursor": f"last({page_var}).c",
    }
    entries: list[tuple[str, str]] = []
    for key, nodes in collect(comp, info_type, field_nodes).items():
        name = nodes[0].name.value
        if name not in values:
            raise NotCompilableError(f"{info_type.name}.{name} is not a pageInfo field")
        entries.append((key, values[name]))
    return map_literal(entries)
