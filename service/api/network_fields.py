"""The network root fields on the fast path: arguments checked as the resolvers do, one shaped statement each.

The resolvers in service/network/ stay the reference (Strawberry runs them for every query the fast path
declines); this module takes the same arguments through the same checks (service/network/inputs.py and the
repositories' `*_params`), in the same order, so the same errors come out, then runs the statement that
service/network/shaped.py generates from the selection and passes its value through. The parity tests
(tests/integration/network/test_network_fastpath.py) compare both.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Final

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    VariableNode,
)
from graphql.execution.values import VariableValues

from service.api.compiled import run_compiled_field
from service.api.compiler import COMPILED_ROOT_FIELDS
from service.api.compiler.selection import arguments, collect, field_def, named_type
from service.api.compiler.state import Compilation, CompileContext, variable_values
from service.api.context import Context
from service.api.fastpath import hashable
from service.api.node_cache import NodeKeyedCache
from service.db.driver import read
from service.network import inputs, repository, shaped
from service.network.analysis import repository as analysis
from service.network.models import LinkFilter, LinkType, NetworkRole, NodeKind
from service.network.shape import Field, Selection

# memo(arguments the statement's text depends on, build) -> the statement, built once per selection and those.
Memo = Callable[[tuple[Any, ...], Callable[[], str]], str]
_Handler = Callable[[Context, dict[str, Any], Selection, Memo], Awaitable[Any]]


def selection(comp: Compilation, gql_type: GraphQLObjectType, nodes: Sequence[FieldNode]) -> Selection:
    """The merged selection of `nodes` on `gql_type` as Field trees (fragments, @skip/@include applied)."""
    out: list[Field] = []
    for key, field_nodes in collect(comp, gql_type, nodes).items():
        name = field_nodes[0].name.value
        if name == "__typename":
            out.append(Field(key, name))
            continue
        target = named_type(field_def(gql_type, field_nodes[0]).type)
        sub = selection(comp, target, field_nodes) if isinstance(target, GraphQLObjectType) else ()
        out.append(Field(key, name, sub))
    return tuple(out)


def _roles(values: Sequence[str] | None) -> list[NetworkRole] | None:
    return None if values is None else [NetworkRole(v) for v in values]


def _kinds(values: Sequence[str] | None) -> list[NodeKind] | None:
    return None if values is None else [NodeKind(v) for v in values]


def _optional_key(value: str | None, *, argument: str, label: str) -> str | None:
    return None if value is None else inputs.plain_key(value, argument=argument, label=label)


async def _record(ctx: Context, cypher: str, params: dict[str, Any]) -> Any:
    # The statement's text comes from shaped.py's closed vocabulary and validated response keys; values are
    # parameters.
    records = await read(ctx.driver, cypher, params, database=ctx.database, timeout_s=ctx.settings.query_timeout_s)
    return records[0]


def _answer(value: dict[str, Any], sel: Selection, constants: Mapping[str, Any]) -> dict[str, Any]:
    """The statement's value with the fields known from the arguments filled in under their keys."""
    for f in sel:
        if f.name in constants:
            value[f.key] = constants[f.name]
    return value


def _link_constants(links: LinkFilter) -> dict[str, Any]:
    return {"rolesUsed": [r.value for r in links.roles], "asOf": links.as_of}


async def _path(ctx: Context, args: dict[str, Any], sel: Selection, memo: Memo) -> Any:
    via = args.get("via")
    links = inputs.link_filter(
        _roles(args.get("roles")), args.get("asOf"), via=None if via is None else [LinkType(v) for v in via]
    )
    start = inputs.parse_ref(args["from"], argument="from")
    end = inputs.parse_ref(args["to"], argument="to")
    avoid = inputs.check_countries(args.get("avoidCountries"), argument="avoidCountries")
    max_hops, k = int(args["maxHops"]), int(args["k"])
    params = repository.path_params(
        start=start,
        end=end,
        links=links,
        max_hops=max_hops,
        k=k,
        avoid_countries=avoid,
        can_see_sensitive=ctx.can_see_sensitive,
    )
    rec = await _record(
        ctx,
        memo((max_hops, k, bool(avoid)), lambda: shaped.path_statement(sel, max_hops=max_hops, k=k, avoid=bool(avoid))),
        params,
    )
    if not rec["startFound"]:
        raise repository.not_found(start, "from")
    if not rec["endFound"]:
        raise repository.not_found(end, "to")
    return _answer(rec["value"], sel, {"maxHops": max_hops, **_link_constants(links)})


async def _neighbourhood(ctx: Context, args: dict[str, Any], sel: Selection, memo: Memo) -> Any:
    center = inputs.parse_ref(args["id"], argument="id")
    links = inputs.link_filter(_roles(args.get("roles")), args.get("asOf"))
    hops = int(args["hops"])
    params = repository.neighbourhood_params(
        center=center,
        links=links,
        hops=hops,
        kinds=_kinds(args.get("kinds")),
        cap=int(args["limit"]),
        can_see_sensitive=ctx.can_see_sensitive,
    )
    rec = await _record(ctx, memo((hops,), lambda: shaped.neighbourhood_statement(sel, hops=hops)), params)
    if not rec["found"]:
        raise repository.not_found(center, "id")
    return _answer(rec["value"], sel, {"hops": hops, **_link_constants(links)})


async def _shared_partners(ctx: Context, args: dict[str, Any], sel: Selection, memo: Memo) -> Any:
    actors = [inputs.parse_ref(i, argument="ids") for i in args["ids"]]
    links = inputs.link_filter(_roles(args.get("roles")), args.get("asOf"))
    params = repository.shared_partners_params(
        actors=actors,
        links=links,
        min_shared=args.get("minShared"),
        kinds=_kinds(args.get("kinds")),
        cap=int(args["limit"]),
        can_see_sensitive=ctx.can_see_sensitive,
    )
    rec = await _record(ctx, memo((), lambda: shaped.shared_partners_statement(sel)), params)
    if rec["missing"]:
        raise repository.missing_actors(rec["missing"])
    return _answer(rec["value"], sel, {"minShared": params["minShared"], **_link_constants(links)})


async def _country_links(ctx: Context, args: dict[str, Any], sel: Selection, memo: Memo) -> Any:
    links = inputs.link_filter(_roles(args.get("roles")), args.get("asOf"))
    region = _optional_key(args.get("region"), argument="region", label="Region")
    countries = inputs.check_countries(args.get("countries"), argument="countries")
    programme = _optional_key(args.get("programme"), argument="programme", label="Programme")
    period_from = inputs.check_date(args.get("from"), argument="from")
    period_until = inputs.check_date(args.get("until"), argument="until", end=True)
    params = analysis.country_links_params(
        links=links,
        kinds=_kinds(args.get("kinds")),
        partner_kinds=_kinds(args.get("partnerKinds")),
        region=region,
        countries=countries,
        programme=programme,
        period_from=period_from,
        period_until=period_until,
        can_see_sensitive=ctx.can_see_sensitive,
    )
    rec = await _record(ctx, memo((), lambda: shaped.country_links_statement(sel)), params)
    analysis.check_country_links_found(rec["regionFound"], rec["programmeFound"], params)
    return _answer(rec["value"], sel, {"symmetric": params["symmetric"], **_link_constants(links)})


async def _cross_border(ctx: Context, args: dict[str, Any], sel: Selection, memo: Memo) -> Any:
    org = inputs.plain_key(args["org"], argument="org", label="Organisation")
    countries = inputs.check_countries(args.get("countries"), argument="countries")
    links = inputs.link_filter(_roles(args.get("roles")), args.get("asOf"))
    params = analysis.cross_border_params(
        org=org, countries=countries, links=links, cap=int(args["limit"]), can_see_sensitive=ctx.can_see_sensitive
    )
    rec = await _record(ctx, memo((), lambda: shaped.cross_border_statement(sel)), params)
    if not rec["found"]:
        raise analysis.org_not_found(org)
    return _answer(rec["value"], sel, _link_constants(links))


async def _brokers(ctx: Context, args: dict[str, Any], sel: Selection, memo: Memo) -> Any:
    region = _optional_key(args.get("region"), argument="region", label="Region")
    countries = inputs.check_countries(args.get("countries"), argument="countries")
    links = inputs.link_filter(_roles(args.get("roles")), args.get("asOf"))
    params = analysis.brokers_params(
        region=region,
        countries=countries,
        kinds=_kinds(args.get("kinds")),
        top=int(args["top"]),
        links=links,
        can_see_sensitive=ctx.can_see_sensitive,
    )
    rec = await _record(ctx, memo((), lambda: shaped.brokers_statement(sel)), params)
    if not rec["regionFound"]:
        raise analysis.region_not_found(region)
    return _answer(rec["value"], sel, _link_constants(links))


async def _changes(ctx: Context, args: dict[str, Any], sel: Selection, memo: Memo) -> Any:
    start = inputs.check_date(args["from"], argument="from")
    end = inputs.check_date(args["to"], argument="to", end=True)
    assert start is not None  # the argument is non-null
    assert end is not None
    countries = inputs.check_countries(args.get("countries"), argument="countries")
    links = inputs.link_filter(_roles(args.get("roles")), None)
    params = analysis.changes_params(
        period_from=start,
        period_until=end,
        countries=countries,
        links=links,
        cap=int(args["limit"]),
        can_see_sensitive=ctx.can_see_sensitive,
    )
    rec = await _record(ctx, memo((), lambda: shaped.changes_statement(sel)), params)
    return _answer(rec["value"], sel, _link_constants(links))


_HANDLERS: Final[dict[str, _Handler]] = {
    "path": _path,
    "neighbourhood": _neighbourhood,
    "sharedPartners": _shared_partners,
    "countryLinks": _country_links,
    "crossBorderPartners": _cross_border,
    "brokers": _brokers,
    "changes": _changes,
}
assert set(_HANDLERS) == set(shaped.CONSTANT_FIELDS)

NETWORK_ROOT_FIELDS: Final[frozenset[str]] = frozenset(_HANDLERS)
# Every root field the fast path answers.
FAST_ROOT_FIELDS: Final[frozenset[str]] = COMPILED_ROOT_FIELDS | NETWORK_ROOT_FIELDS


class ShapeCache:
    """Selections and statements of recent requests (bounded, least recently used out).

    A network field's selection depends only on its nodes in the parsed document (the fast path's document cache
    hands back the same nodes for the same text) and on the variables its @skip/@include directives read; its
    statement also on the few arguments that shape the text (hop bounds, k, avoid). Those make the keys; the
    ids and the other arguments are parameters, so requests for other organisations reuse the entry. Each entry
    holds its nodes, so an id in a key cannot be reused by another document while the entry lives.
    """

    def __init__(self, size: int = 512) -> None:
        self._entries: NodeKeyedCache[Any] = NodeKeyedCache(size)
        self._variables: NodeKeyedCache[tuple[str, ...]] = NodeKeyedCache(size)

    def get(self, key: tuple[Any, ...], nodes: tuple[FieldNode, ...]) -> Any:
        return self._entries.get(key, nodes)

    def put(self, key: tuple[Any, ...], nodes: tuple[FieldNode, ...], value: Any) -> None:
        self._entries.put(key, nodes, value)

    def variables(
        self, nodes: tuple[FieldNode, ...], fragments: Mapping[str, FragmentDefinitionNode]
    ) -> tuple[str, ...]:
        """The variables the @skip/@include directives under `nodes` read (found once per nodes)."""
        ids = tuple(id(n) for n in nodes)
        known = self._variables.get(ids, nodes)
        if known is not None:
            return known
        names: set[str] = set()
        seen: set[str] = set()

        def walk(selection_set: SelectionSetNode | None) -> None:
            for sel in selection_set.selections if selection_set else ():
                for directive in sel.directives or ():
                    if directive.name.value in ("skip", "include"):
                        names.update(
                            a.value.name.value for a in directive.arguments or () if isinstance(a.value, VariableNode)
                        )
                if isinstance(sel, FragmentSpreadNode):
                    if sel.name.value not in seen and sel.name.value in fragments:
                        seen.add(sel.name.value)
                        walk(fragments[sel.name.value].selection_set)
                elif isinstance(sel, FieldNode | InlineFragmentNode):
                    walk(sel.selection_set)

        for node in nodes:
            walk(node.selection_set)
        found = tuple(sorted(names))
        self._variables.put(ids, nodes, found)
        return found


# Process-wide: its entries are pure functions of parsed documents (no request data, no I/O).
_SHAPES: Final = ShapeCache()


async def run_network_field(
    schema: GraphQLSchema,
    field_node: FieldNode | Sequence[FieldNode],
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | VariableValues,
    context: Context,
) -> Any:
    """The response value of one network root field, from one statement shaped by its selection."""
    nodes = [field_node] if isinstance(field_node, FieldNode) else list(field_node)
    name = nodes[0].name.value
    query_type = schema.query_type
    assert query_type is not None  # a schema always has a query type
    definition = query_type.fields[name]
    comp = Compilation(
        schema, fragments, variable_values(variables), CompileContext(can_see_sensitive=context.can_see_sensitive)
    )
    result_type = named_type(definition.type)
    assert isinstance(result_type, GraphQLObjectType)  # every network root field returns an object type
    args = arguments(comp, definition, nodes[0])
    held = tuple(nodes)
    base = (
        tuple(id(n) for n in held),
        *(hashable(comp.variables.coerced.get(v)) for v in _SHAPES.variables(held, fragments)),
    )
    sel = _SHAPES.get(("selection", *base), held)
    if sel is None:
        sel = selection(comp, result_type, nodes)
        _SHAPES.put(("selection", *base), held, sel)

    def memo(structural: tuple[Any, ...], build: Callable[[], str]) -> str:
        key = ("statement", *base, *structural)
        found = _SHAPES.get(key, held)
        if found is None:
            found = build()
            _SHAPES.put(key, held, found)
        return str(found)

    return await _HANDLERS[name](context, args, sel, memo)


async def run_root_field(
    schema: GraphQLSchema,
    field_node: FieldNode | Sequence[FieldNode],
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | VariableValues,
    context: Context,
) -> Any:
    """The fast path's FieldRunner: network root fields here, the entity compiler's fields in compiled.py."""
    first = field_node if isinstance(field_node, FieldNode) else field_node[0]
    if first.name.value in NETWORK_ROOT_FIELDS:
        return await run_network_field(schema, field_node, fragments, variables, context)
    # Abstract values carry the compiler's #typename hint, which key ordering needs and then drops.
    return await run_compiled_field(schema, field_node, fragments, variables, context, typename_hints=True)
