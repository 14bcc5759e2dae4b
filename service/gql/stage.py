"""The compiled stage of the one pipeline: root fields the engine or a domain service answers, in one statement each.

Strawberry parses, validates and limits every document and the caller is authenticated; then the pipeline's
extension (service/gql/extension.py) calls `before_execution`. The operation's root fields are collected once;
each field that has a root handler is answered by it (a read statement compiled from the selection tree, or a
service such as a mutation), and its value, already in the response's shape, has its keys put in selection order.
When every root field is handled here, the stage sets the execution result and graphql-core never walks the
answer. Other root fields (introspection, the plain resolvers of `serviceInfo`, `auditLog`, `importData`) are left
to graphql-core on the same document trimmed to them, and the two halves are merged in document order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    GraphQLError,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)
from graphql.execution.values import get_variable_values

from service.core.context import Context
from service.core.lru import LRU
from service.db.driver import read_generated
from service.engine.compilation import CompileContext, Statement
from service.engine.cost import item_cost, sized_cost
from service.engine.order import Plan, plan_of
from service.engine.selection import Field
from service.gql.collect import Collector, Document
from service.model.catalog import NODES
from service.model.spec import Shape


@dataclass(frozen=True)
class Compiled:
    """A root field answered by one read statement compiled from its selection (cached per variables)."""

    compile: Callable[[Field, CompileContext], Statement]


@dataclass(frozen=True)
class Service:
    """A root field answered by a domain service (a mutation): its value comes back in the response's shape."""

    run: Callable[[Field, Context], Awaitable[Any]]


RootHandler = Compiled | Service

# Relationship fields that answer a plain list (no page of their own): the cost counts each as a few items.
LIST_FIELDS: frozenset[str] = frozenset(r.name for t in NODES.values() for r in t.rels if r.shape is Shape.LIST)


def _cost(entries: list[_Entry]) -> int:
    """What the handled root fields may cost in all (service/engine/cost.py)."""
    return sum(sized_cost(e.field, e.unit, lists=LIST_FIELDS) for e in entries if e.field is not None)


def over_budget(requested: int, budget: int) -> GraphQLError:
    """The error of a request whose cost is above the budget (before anything ran)."""
    return GraphQLError(
        f"this request may return {requested} objects, above the budget of {budget}: ask for smaller pages "
        "(first/last) or fewer nested lists",
        extensions={"code": "LIMIT_EXCEEDED", "cost": requested, "budget": budget},
    )


# Requests whose variables serialise to more than this are not kept (memory stays bounded by the entry count).
_MAX_KEY_BYTES = 4096


@dataclass
class _Entry:
    """One root response key of a prepared operation."""

    key: str
    nodes: list[FieldNode]
    handler: RootHandler | None  # None: `__typename`
    field: Field | None = None
    statement: Statement | None = None
    error: Exception | None = None  # the compile error these variables always give
    plan: Plan | None = None
    unit: int = 0  # what one item of `field` may cost (service/engine/cost.py: item_cost, sized_cost)


@dataclass
class _Prepared:
    """An operation ready to run for one set of variables: its handled entries and the rest for graphql-core."""

    entries: list[_Entry]
    order: list[str]  # every root response key, handled or not, in document order
    rest: DocumentNode | None
    mutation: bool
    root_type: GraphQLObjectType
    cost: int = 0  # of the handled fields, in objects they may return (service/engine/cost.py)
    # The handled half's answer, kept while graphql-core answers the rest (set by `before_execution`).
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[GraphQLError] = field(default_factory=list)
    failed: bool = False


class Pipeline:
    """The compiled stage's state, shared by every request of one app: root handlers and bounded caches."""

    def __init__(
        self, schema: GraphQLSchema, roots: Mapping[str, RootHandler], *, max_cost: int, cache_size: int = 1024
    ) -> None:
        self.schema = schema
        self.roots = roots
        self.max_cost = max_cost
        self._documents: LRU = LRU(512)
        self._prepared: LRU = LRU(cache_size)
        # Mutations, per document: their values change with every request (an expected version, a new value),
        # so they are kept without them when only root arguments read variables; each request reads its own.
        self._templates: LRU = LRU(512)
        # Per document and operation: variables whose values only feed a rebindable parameter (search text).
        self._free: LRU = LRU(512)
        self.hits = 0
        self.misses = 0

    def document(self, query: str, document: DocumentNode) -> Document:
        """The document's operations and fragments (made once per query text)."""
        found: Document | None = self._documents.get_fresh(query)
        if found is None:
            found = Document.of(document)
            self._documents.put(query, found)
        return found

    def cached_statements(self) -> list[Statement]:
        """The statements kept in the cache, least recently used first."""
        return [e.statement for p in self._prepared.values() for e in p.entries if e.statement is not None]

    async def answer(
        self, query: str, document: DocumentNode, operation_name: str | None, inputs: Mapping[str, Any] | None,
        ctx: Context,
    ) -> tuple[_Prepared | None, ExecutionResult | None]:  # fmt: skip
        """(prepared, None) to run, (None, result) when the variables do not coerce, (None, None) to leave the
        operation to graphql-core (subscriptions, or an operation the document does not name)."""
        doc = self.document(query, document)
        op = doc.operation(operation_name)
        if op is None or op.operation is OperationType.SUBSCRIPTION:
            return None, None
        variables = dict(inputs or {})
        free = self._free.get_fresh((query, operation_name)) or frozenset()
        cacheable = op.operation is OperationType.QUERY
        key = None
        if cacheable:
            shown = {k: v for k, v in variables.items() if k not in free}
            try:
                body = orjson.dumps(shown, option=orjson.OPT_SORT_KEYS)
            except TypeError:
                body = b""
            if 0 < len(body) <= _MAX_KEY_BYTES or not shown:
                key = (query, operation_name, _sees(ctx), body)
                found: _Prepared | None = self._prepared.get_fresh(key)
                if found is not None:
                    self.hits += 1
                    return self._rebound(found, variables), None
        coerced = get_variable_values(self.schema, op.variable_definitions or (), variables)
        if isinstance(coerced, list):
            self.misses += 1
            return None, ExecutionResult(data=None, errors=coerced)
        collector = Collector(self.schema, doc, coerced)
        template_key = None
        if op.operation is OperationType.MUTATION and doc.reads_variables_at_root_only(op):
            template_key = (query, operation_name, _sees(ctx))
            template: _Prepared | None = self._templates.get_fresh(template_key)
            if template is not None:
                self.hits += 1
                prepared = self._with_arguments(template, collector)
                if prepared.cost > self.max_cost:
                    return None, ExecutionResult(data=None, errors=[over_budget(prepared.cost, self.max_cost)])
                return prepared, None
        self.misses += 1
        prepared = self._prepare(doc, op, collector, ctx)
        if template_key is not None and all(
            e.error is None and e.statement is None and not isinstance(e.handler, Compiled) for e in prepared.entries
        ):
            self._templates.put(template_key, prepared)
        if prepared.cost > self.max_cost:
            return None, ExecutionResult(data=None, errors=[over_budget(prepared.cost, self.max_cost)])
        rebinds = frozenset(r.argument for e in prepared.entries if e.statement for r in e.statement.rebinds)
        if rebinds - free:
            self._free.put((query, operation_name), free | rebinds)
            shown = {k: v for k, v in variables.items() if k not in free | rebinds}
            body = orjson.dumps(shown, option=orjson.OPT_SORT_KEYS)
            key = (query, operation_name, _sees(ctx), body) if len(body) <= _MAX_KEY_BYTES else None
        # An entry whose compile failed is not kept: its key may leave out a rebindable variable (the search text),
        # and the next value of that variable must compile afresh instead of meeting this value's error.
        if key is not None and all(e.error is None for e in prepared.entries):
            self._prepared.put(key, prepared)
        return prepared, None

    @staticmethod
    def _rebound(prepared: _Prepared, variables: Mapping[str, Any]) -> _Prepared:
        if not any(e.statement is not None and e.statement.rebinds for e in prepared.entries):
            return prepared
        entries = []
        for e in prepared.entries:
            if e.statement is not None and e.statement.rebinds:
                try:
                    e = _Entry(e.key, e.nodes, e.handler, e.field, e.statement.rebound(variables), None, e.plan, e.unit)
                except Exception as exc:  # the compile error of this value, as a miss would give
                    e = _Entry(e.key, e.nodes, e.handler, e.field, None, exc, e.plan, e.unit)
            entries.append(e)
        return _Prepared(
            entries, prepared.order, prepared.rest, prepared.mutation, prepared.root_type, cost=prepared.cost
        )

    def _with_arguments(self, template: _Prepared, collector: Collector) -> _Prepared:
        """A mutation prepared earlier from the same document, with this request's root arguments."""
        entries = []
        for e in template.entries:
            if e.field is not None:
                try:
                    args = collector.arguments(template.root_type, e.nodes[0])
                    f = Field(e.field.key, e.field.name, args, e.field.sub, e.field.arg_vars)
                    e = _Entry(e.key, e.nodes, e.handler, f, None, None, e.plan, e.unit)
                except Exception as exc:  # reported under the field's key, as graphql-core would
                    e = _Entry(e.key, e.nodes, e.handler, None, None, exc, e.plan, e.unit)
            entries.append(e)
        total = _cost(entries)
        return _Prepared(entries, template.order, template.rest, template.mutation, template.root_type, cost=total)

    def _prepare(self, doc: Document, op: OperationDefinitionNode, collector: Collector, ctx: Context) -> _Prepared:
        mutation = op.operation is OperationType.MUTATION
        root_type = self.schema.mutation_type if mutation else self.schema.query_type
        assert root_type is not None  # validation accepted an operation of this type
        compile_ctx = CompileContext(can_see_sensitive=_sees(ctx))
        entries: list[_Entry] = []
        order: list[str] = []
        rest: list[FieldNode] = []
        for key, nodes in collector.group(root_type, [op.selection_set]).items():
            order.append(key)
            name = nodes[0].name.value
            if name == "__typename":
                entries.append(_Entry(key, nodes, None))
                continue
            handler = self.roots.get(name)
            if handler is None:
                rest.extend(nodes)
                continue
            entry = _Entry(key, nodes, handler)
            try:
                entry.field = collector.field(root_type, key, nodes)
            except Exception as exc:  # reported under the field's key, as graphql-core would
                entry.error = exc
            entries.append(entry)
        # The budget is checked before anything is compiled or run (GitHub's rule: pages multiply down the tree).
        for entry in entries:
            if entry.field is not None:
                entry.unit = item_cost(entry.field, lists=LIST_FIELDS)
        total = _cost(entries)
        for entry in entries:
            if entry.field is None or entry.error is not None or total > self.max_cost:
                continue
            try:
                if entry.field.sub is not None:
                    entry.plan = plan_of(entry.field.sub)
                if isinstance(entry.handler, Compiled):
                    entry.statement = entry.handler.compile(entry.field, compile_ctx)
            except Exception as exc:  # reported under the field's key, as graphql-core would
                entry.error = exc
        rest_doc = None
        if rest:
            trimmed = OperationDefinitionNode(
                operation=op.operation,
                name=op.name,
                variable_definitions=op.variable_definitions,
                directives=op.directives,
                selection_set=SelectionSetNode(selections=tuple(rest)),
            )
            rest_doc = DocumentNode(definitions=(trimmed, *doc.fragments.values()))
        return _Prepared(entries, order, rest_doc, mutation, root_type, cost=total)

    async def run(self, prepared: _Prepared, ctx: Context) -> tuple[dict[str, Any], list[GraphQLError], bool]:
        """(values by key, errors, whether a non-null root field failed) of the handled entries."""
        if prepared.mutation:  # mutations run one after the other, in document order (GraphQL spec)
            outcomes = [await self._one(e, ctx, prepared.root_type) for e in prepared.entries]
        elif len(prepared.entries) == 1:
            outcomes = [await self._one(prepared.entries[0], ctx, prepared.root_type)]
        else:
            outcomes = await asyncio.gather(*(self._one(e, ctx, prepared.root_type) for e in prepared.entries))
        values: dict[str, Any] = {}
        errors: list[GraphQLError] = []
        failed_non_null = False
        for entry, (value, error) in zip(prepared.entries, outcomes, strict=True):
            if error is not None:
                errors.append(error)
                definition = prepared.root_type.fields.get(entry.nodes[0].name.value)
                failed_non_null |= definition is not None and isinstance(definition.type, GraphQLNonNull)
            values[entry.key] = value
        return values, errors, failed_non_null

    async def _one(self, entry: _Entry, ctx: Context, root_type: GraphQLObjectType) -> tuple[Any, GraphQLError | None]:
        if entry.handler is None:
            return root_type.name, None
        try:
            if entry.error is not None:
                raise entry.error
            assert entry.field is not None  # set whenever no error was recorded
            if isinstance(entry.handler, Compiled):
                assert entry.statement is not None  # compiled with the field
                records = await read_generated(
                    ctx.driver, entry.statement.cypher, entry.statement.params,
                    database=ctx.database, timeout_s=ctx.settings.query_timeout_s,
                )  # fmt: skip
                value = entry.statement.value(records[0])
            else:
                value = await entry.handler.run(entry.field, ctx)
            return (value if entry.plan is None else entry.plan.apply(value)), None
        except Exception as exc:  # every failure becomes the field's error; the formatter masks
            return None, GraphQLError(str(exc), entry.nodes, path=[entry.key], original_error=exc)


def _sees(ctx: Context | None) -> bool:
    """Whether the caller may see sensitive organisations (no context: an anonymous caller)."""
    return ctx is not None and ctx.can_see_sensitive


async def before_execution(pipeline: Pipeline, ec: Any) -> tuple[_Prepared | None, int | None]:
    """Run the handled root fields of the operation in `ec` (a Strawberry ExecutionContext) before graphql-core.

    Returns (the prepared operation when graphql-core must run the rest of it, the operation's cost when known).
    Sets `ec.result` when the stage answers the whole operation (or refuses it: variables that do not coerce, a
    cost above the budget); when graphql-core must run the rest, `ec.graphql_document` is trimmed to the rest and
    `after_execution` merges both halves.
    """
    if ec.result is not None or ec.graphql_document is None or ec.query is None:
        return None, None  # already answered (bad credentials), or nothing to run
    ctx: Context = ec.context
    prepared, refused = await pipeline.answer(ec.query, ec.graphql_document, ec.operation_name, ec.variables, ctx)
    if refused is not None:
        ec.result = refused
        return None, None
    if prepared is None:
        return None, None
    values, errors, failed = await pipeline.run(prepared, ctx)
    if prepared.rest is None:
        ec.result = ExecutionResult(data=None if failed else values, errors=errors or None)
        return None, prepared.cost
    ec.graphql_document = prepared.rest  # graphql-core runs the fields no handler answers
    # A copy holds this request's half: the prepared operation itself is shared by every request with its key.
    mine = replace(prepared, values=values, errors=errors, failed=failed)
    return mine, prepared.cost


def after_execution(prepared: _Prepared, ec: Any) -> None:
    """Merge what the stage answered into graphql-core's result of the other root fields."""
    _merge(ec, prepared.order, prepared.values, prepared.errors, prepared.failed)


def _merge(ec: Any, order: Sequence[str], values: Mapping[str, Any], errors: list[GraphQLError], failed: bool) -> None:
    """Fold the handled values into graphql-core's result of the other root fields, in document order.

    The result object is changed in place: Strawberry returns the object graphql-core gave it, whatever an
    extension assigns afterwards.
    """
    result = ec.result
    if not isinstance(result, ExecutionResult):
        return
    other = result.data
    if failed or (other is None and result.errors):
        result.data = None
    else:
        result.data = {k: values[k] if k in values else (other or {}).get(k) for k in order}
    result.errors = [*(result.errors or ()), *errors] or None
