"""Relay connections in one expression: keyset pages both ways, pageInfo, and totalCount only when selected."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from service.core.errors import InvalidInputError, LimitExceededError
from service.engine.compilation import (
    Compilation,
    NotCompilableError,
    field_map,
    fixed_map,
    map_literal,
    prop_expr,
    string_literal,
)
from service.engine.cursor import SortKey, cursor_expr, decode, order_by, seek
from service.engine.filters import compile_where
from service.engine.selection import Field, Selection
from service.model.catalog import CONCRETE, GROUPS, VIEWS, base_name, order_fields
from service.model.spec import Scalar

# project(comp, variable, selection, depth, candidate types) -> the node's value (engine/projection.py).
NodeProjector = Callable[[Compilation, str, Selection, int, Sequence[str]], str]


@dataclass(frozen=True)
class Source:
    """The rows of a connection: a MATCH pattern binding `node_var` (and `rel_var` for edges with properties)."""

    pattern: str
    node_var: str
    rel_var: str | None
    target: str  # node type of the rows, possibly abstract
    view: str | None  # the edge view, when edges carry a record's properties
    base: tuple[str, ...] = ()  # predicates that always hold (the privacy rule)
    # The number of rows when no where input narrows them, cheaper than counting them one by one (a degree or a
    # label count less the hidden ones: privacy.visible_count); None: count the rows.
    count: str | None = None


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
    if source.view is not None:
        assert source.rel_var is not None  # edge views always bind the relationship
        fields = order_fields(VIEWS[source.view].group)
        tie = SortKey(f"{source.rel_var}.id", Scalar.STRING, nullable=False, ascending=True)
    else:
        fields = order_fields(base_name(CONCRETE[source.target][0]))
        tie = SortKey(f"{source.node_var}.id", Scalar.STRING, nullable=False, ascending=True)
    keys: list[SortKey] = []
    names: list[str] = []
    for term in order or ():
        name, direction = str(term["field"]), str(term.get("direction") or "ASC")
        if name not in fields:
            raise NotCompilableError(f"unknown order field {name}")
        on_rel, prop = fields[name]
        var = source.rel_var if on_rel and source.rel_var else source.node_var
        key = SortKey(f"{var}.{prop.name}", prop.type, prop.nullable, True)
        keys.append(key if direction == "ASC" else key.flipped())
        names.append(f"{name}.{direction}")
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


def connection_value(comp: Compilation, source: Source, f: Field, depth: int, project: NodeProjector) -> str:
    """The response value of the connection field `f` over `source`."""
    assert f.sub is not None  # connection fields are objects
    page = page_of(comp, source, f.args)
    owner = source.view or base_name(source.target)
    narrowed = compile_where(comp, owner, f.args.get("where"), source.node_var, rel_var=source.rel_var, depth=depth)
    filters = [*source.base, *narrowed]
    rows, page_var, row_var = f"_rows{depth}", f"_page{depth}", f"_x{depth}"
    row_entries: list[tuple[str, str]] = []
    entries: list[tuple[str, str]] = []
    need_rows = need_cursor = False
    for sub in f.sub.fields:
        if sub.name == "__typename":
            entries.append((sub.key, string_literal(f.sub.type_name)))
        elif sub.name == "totalCount" and source.count is not None and not narrowed:
            entries.append((sub.key, source.count))
        elif sub.name == "totalCount":
            where = f" WHERE {' AND '.join(filters)}" if filters else ""
            entries.append((sub.key, f"COUNT {{ MATCH {source.pattern}{where} }}"))
        elif sub.name == "edges":
            need_rows = True
            assert sub.sub is not None  # edges are objects
            slot = f"e{len(row_entries)}"
            cursor = cursor_expr(page.signature, page.natural)
            row_entries.append((slot, _edge_map(comp, source, sub.sub, depth, project, cursor)))
            entries.append((sub.key, f"[{row_var} IN {page_var} | {row_var}.{slot}]"))
        elif sub.name == "pageInfo":
            need_rows = True
            assert sub.sub is not None  # pageInfo is an object
            need_cursor = need_cursor or any(i.name in ("startCursor", "endCursor") for i in sub.sub.fields)
            entries.append((sub.key, _page_info(comp, sub.sub, page, rows, page_var)))
        else:
            raise NotCompilableError(f"{f.sub.type_name}.{sub.name} is not a connection field")
    if not need_rows:
        return map_literal(entries)
    if need_cursor:  # pageInfo's start and end cursors read each row's
        row_entries.append(("c", cursor_expr(page.signature, page.natural)))
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
    body = map_literal(row_entries) if row_entries else "0"
    fetch = (
        f"COLLECT {{ MATCH {source.pattern}{where} WITH {carried} ORDER BY {order_by(page.keys)} "
        f"LIMIT {limit} RETURN {body} }}"
    )
    window = f"{rows}[0..{size}]" if page.forward else f"reverse({rows}[0..{size}])"
    return f"head([{rows} IN [{fetch}] | head([{page_var} IN [{window}] | {map_literal(entries)}])])"


def _edge_map(
    comp: Compilation, source: Source, sel: Selection, depth: int, project: NodeProjector, cursor: str
) -> str:
    group = GROUPS[VIEWS[source.view].group] if source.view is not None else None
    props = {p.name: p for p in group.props if p.exposed} if group is not None else {}
    rel_var = source.rel_var

    def value(f: Field) -> str | None:
        if f.name == "cursor":
            return cursor
        if f.name == "node":
            assert f.sub is not None  # nodes are objects
            return project(comp, source.node_var, f.sub, depth, CONCRETE[source.target])
        if rel_var is None:
            return None
        if f.name == "key":
            return f"{rel_var}.id"
        if f.name in props:
            return prop_expr(rel_var, props[f.name], redact=not comp.ctx.can_see_sensitive)
        if f.name.endswith("Precision") and f.name[: -len("Precision")] in props:
            return f"{rel_var}.{f.name}"
        return None

    return field_map(sel.type_name, sel.fields, value, "an edge field")


def _page_info(comp: Compilation, sel: Selection, page: Page, rows: str, page_var: str) -> str:
    more = f"size({rows}) > {comp.params.add(page.size)}"
    # Relay: the far side of the anchor is known from the request (a cursor came from a row that exists).
    anchored = "true" if page.anchor is not None else "false"
    values = {
        "hasNextPage": more if page.forward else anchored,
        "hasPreviousPage": anchored if page.forward else more,
        "startCursor": f"head({page_var}).c",
        "endCursor": f"last({page_var}).c",
    }
    return fixed_map(sel, values, "pageInfo")
