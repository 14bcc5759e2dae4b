"""Run a compiled root field: compile the selection (once per document and variables), read once, pass through."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import orjson
from graphql import FieldNode, FragmentDefinitionNode, GraphQLSchema
from graphql.execution.values import VariableValues

from service.api.compiler import CompileContext, CompiledField, compile_root_field
from service.api.context import Context
from service.api.node_cache import NodeKeyedCache
from service.db.driver import read

# Requests whose variables serialise to more than this compile every time (at most ~1,024 x 4 KiB are kept).
_MAX_KEY_BYTES = 4096


class CompiledCache:
    """The compiled statements of recent requests, least recently used first out (bounded).

    A statement depends on the field's nodes in the parsed document, the coerced variable values, who asks (may
    they see sensitive organisations) and whether abstract values carry type hints; all four make the key. The
    nodes count by identity (the parser and validation caches hand back the same document for the same text),
    and each entry holds them, so an id in a key cannot be reused by another document while the entry lives.
    Variables count by value (a request with other values compiles again), except those a statement reads only
    through a recomputable parameter (the search text).
    """

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._entries: NodeKeyedCache[CompiledField] = NodeKeyedCache(size)
        self._rebound: NodeKeyedCache[frozenset[str]] = NodeKeyedCache(size)
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(nodes: tuple[FieldNode, ...], variables: Mapping[str, Any], ctx: CompileContext) -> tuple[Any, ...] | None:
        """The cache key; None when the variables have no canonical form (then nothing is cached)."""
        try:
            shape = orjson.dumps(dict(variables), option=orjson.OPT_SORT_KEYS, default=_canonical)
        except TypeError:
            return None
        if len(shape) > _MAX_KEY_BYTES:
            return None  # big variable values are not kept: the cache's memory stays bounded by entries
        return (tuple(id(n) for n in nodes), shape, ctx.can_see_sensitive, ctx.typename_hints)

    def get(self, key: tuple[Any, ...], nodes: tuple[FieldNode, ...]) -> CompiledField | None:
        found = self._entries.get(key, nodes)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def rebound_variables(self, nodes: tuple[FieldNode, ...], ctx: CompileContext) -> frozenset[str]:
        """Variables a statement for these nodes was found to depend on only through recomputable parameters."""
        found = self._rebound.get((tuple(id(n) for n in nodes), ctx.can_see_sensitive, ctx.typename_hints), nodes)
        return frozenset() if found is None else found

    def remember_rebound(self, nodes: tuple[FieldNode, ...], ctx: CompileContext, names: frozenset[str]) -> None:
        """Note `names` as recomputable for these nodes (bounded like the statements)."""
        self._rebound.put((tuple(id(n) for n in nodes), ctx.can_see_sensitive, ctx.typename_hints), nodes, names)

    def put(self, key: tuple[Any, ...], nodes: tuple[FieldNode, ...], compiled: CompiledField) -> None:
        self._entries.put(key, nodes, compiled)

    def statements(self) -> list[CompiledField]:
        """The cached statements, least recently used first."""
        return self._entries.values()

    def __len__(self) -> int:
        return len(self._entries)


def _canonical(value: Any) -> Any:
    # Coerced input values beyond JSON (enum members, dates): their type and value, so two kinds never collide.
    return f"{type(value).__module__}.{type(value).__qualname__}:{value!r}"


def compile_cached(
    schema: GraphQLSchema,
    field_node: FieldNode | Sequence[FieldNode],
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | VariableValues,
    ctx: CompileContext,
    cache: CompiledCache | None,
) -> CompiledField:
    """compile_root_field, through `cache` when given.

    A statement whose parameters include functions of one variable alone (CompiledField.rebinds, e.g. the
    search text) is cached without those variables' values and answers any of them with the parameters recomputed.
    """
    if cache is None:
        return compile_root_field(schema, field_node, fragments=fragments, variables=variables, ctx=ctx)
    nodes = (field_node,) if isinstance(field_node, FieldNode) else tuple(field_node)
    coerced = variables.coerced if isinstance(variables, VariableValues) else variables
    free = cache.rebound_variables(nodes, ctx)
    key = CompiledCache.key(nodes, {k: v for k, v in coerced.items() if k not in free}, ctx)
    if key is not None:
        found = cache.get(key, nodes)
        if found is not None:
            return found if not found.rebinds else _rebound(found, coerced)
    compiled = compile_root_field(schema, list(nodes), fragments=fragments, variables=variables, ctx=ctx)
    if compiled.rebinds:
        cache.remember_rebound(nodes, ctx, frozenset(r.variable for r in compiled.rebinds))
        key = CompiledCache.key(nodes, {k: v for k, v in coerced.items() if k not in _variables(compiled)}, ctx)
    if key is not None:
        cache.put(key, nodes, compiled)
    return compiled


def _variables(compiled: CompiledField) -> frozenset[str]:
    return frozenset(r.variable for r in compiled.rebinds)


def _rebound(compiled: CompiledField, variables: Mapping[str, Any]) -> CompiledField:
    params = dict(compiled.params)
    for rebind in compiled.rebinds:
        params[rebind.param] = rebind.compute(variables.get(rebind.variable))
    return CompiledField(compiled.cypher, params, compiled.rebinds)


async def run_compiled_field(
    schema: GraphQLSchema,
    field_node: FieldNode | Sequence[FieldNode],
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | VariableValues,
    context: Context,
    *,
    typename_hints: bool = False,
) -> Any:
    """The response value of one compiled root field, from one Cypher statement.

    The positional signature is the fast path's FieldRunner; Strawberry's resolvers pass `typename_hints=True`
    because graphql-core must tell the concrete type of abstract values (see CompileContext). The statement is
    compiled once per document, variables and caller kind (`Context.compiled_cache`, when the app gives one).
    """
    ctx = CompileContext(can_see_sensitive=context.can_see_sensitive, typename_hints=typename_hints)
    compiled = compile_cached(schema, field_node, fragments, variables, ctx, getattr(context, "compiled_cache", None))
    records = await read(
        context.driver,
        # The compiler writes only catalog names and validated response keys; every value is a parameter.
        compiled.cypher,
        compiled.params,
        database=context.database,
        timeout_s=context.settings.query_timeout_s,
    )
    return records[0]["value"]
