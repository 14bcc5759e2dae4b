"""The fast path: queries whose root fields are all compiled run their Cypher and pass the results through.

graphql-core's executor completes every value of every object through the type system; for a compiled root field
the Cypher statement already returns the response's shape (aliases, `__typename`, nullability), so that work only
repeats what the statement did. Here a query is parsed, limited and validated against the same schema (cached
per document), its variables are coerced by graphql-core, and each compiled root field runs as one statement.
Entity updates take a path of their own here (service/api/fast_mutations.py). Anything else (introspection, other
mutations, subscriptions, non-compiled fields, repeated root keys, a selection the compilers cannot build) goes
through Strawberry unchanged, so every GraphQL rule still holds.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLIncludeDirective,
    GraphQLNonNull,
    GraphQLSchema,
    GraphQLSkipDirective,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    Visitor,
    parse,
    specified_rules,
    validate,
    visit,
)
from graphql.execution.values import VariableValues, get_directive_values, get_variable_values
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

from service.api.errors import format_error
from service.api.ordering import SelectionPlan, root_plan
from service.errors import NotPreparedForFastPathError
from service.settings import Settings

# run_field(schema, field node(s) of one response key, fragments, coerced variables, context) -> the field's value.
FieldRunner = Callable[
    [GraphQLSchema, FieldNode | list[FieldNode], dict[str, FragmentDefinitionNode], dict[str, Any], Any], Any
]


@dataclass(frozen=True)
class Prepared:
    """A parsed, validated document (a query, or an entity update) that the fast path may answer."""

    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    # Variables that @skip/@include read: the only ones a key-order plan depends on.
    directive_variables: tuple[str, ...] = ()
    # Key-order plans by (response key, those variables' values), built on first use (bounded by _MAX_PLANS).
    plans: dict[tuple[Any, ...], SelectionPlan | None] = field(default_factory=dict, compare=False)
    # A mutation of one root field the `run_mutation` runner answers (it checks a deferred token itself).
    mutation: bool = False


_MAX_PLANS = 64


@dataclass(frozen=True)
class Rejected:
    """A document that failed parsing, limits or validation: the errors to answer with."""

    errors: tuple[GraphQLError, ...]


class FastPath:
    """Answers eligible queries without graphql-core's per-object execution; None means "use Strawberry"."""

    def __init__(
        self,
        schema: GraphQLSchema,
        settings: Settings,
        *,
        compiled_fields: frozenset[str],
        run_field: FieldRunner,
        cache_size: int = 512,
        run_mutation: FieldRunner | None = None,
        accepts_mutation: Callable[[FieldNode], bool] | None = None,
    ) -> None:
        self.schema = schema
        self.settings = settings
        self.compiled_fields = compiled_fields
        self.run_field = run_field
        self.run_mutation = run_mutation
        self.accepts_mutation = accepts_mutation
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, str | None], Prepared | Rejected | None] = OrderedDict()
        self._rules = (
            *specified_rules,
            depth_rule(settings.max_query_depth, None, None),
            alias_rule(max_alias_count=settings.max_aliases),
        )
        query_type = schema.query_type
        self._query_type_name = query_type.name if query_type else "Query"

    def prepare(self, query: str, operation_name: str | None) -> Prepared | Rejected | None:
        """Parse, limit and validate once per (document, operation); None when the fast path does not apply."""
        key = (query, operation_name)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        outcome = self._prepare(query, operation_name)
        self._cache[key] = outcome
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return outcome

    def _prepare(self, query: str, operation_name: str | None) -> Prepared | Rejected | None:
        try:
            document = parse(query, max_tokens=self.settings.max_tokens)
        except GraphQLError as exc:
            return Rejected((exc,))
        errors = validate(self.schema, document, self._rules)
        if errors:
            return Rejected(tuple(errors))
        operation = _pick_operation(document, operation_name)
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        if operation is not None and operation.operation == OperationType.MUTATION and self._one_mutation(operation):
            return Prepared(operation, fragments, _directive_variables(document), mutation=True)
        if operation is None or operation.operation != OperationType.QUERY:
            return None  # Strawberry reports an unknown operation name, and runs other mutations and subscriptions
        if not self._all_compiled(operation.selection_set, fragments, set()):
            return None
        return Prepared(operation, fragments, _directive_variables(document))

    def _one_mutation(self, operation: OperationDefinitionNode) -> bool:
        """One root field, without directives, that the mutation runner accepts."""
        selections = operation.selection_set.selections
        if self.run_mutation is None or self.accepts_mutation is None or len(selections) != 1:
            return False
        node = selections[0]
        return isinstance(node, FieldNode) and not node.directives and self.accepts_mutation(node)

    def _all_compiled(
        self, selection_set: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode], seen: set[str]
    ) -> bool:
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                name = sel.name.value
                if name != "__typename" and name not in self.compiled_fields:
                    return False
            elif isinstance(sel, InlineFragmentNode):
                if not self._all_compiled(sel.selection_set, fragments, seen):
                    return False
            elif isinstance(sel, FragmentSpreadNode):
                frag_name = sel.name.value
                if frag_name in seen:
                    continue
                seen.add(frag_name)
                if not self._all_compiled(fragments[frag_name].selection_set, fragments, seen):
                    return False
        return True

    async def execute(
        self, prepared: Prepared, variables: dict[str, Any] | None, context: Any
    ) -> dict[str, Any] | None:
        """The response body for a prepared query: `data` keyed in document order, `errors` when any."""
        coerced = get_variable_values(self.schema, prepared.operation.variable_definitions or (), variables or {})
        if isinstance(coerced, list):
            request_id = getattr(context, "request_id", "-")
            return {"errors": [format_error(e, request_id=request_id).formatted for e in coerced]}
        values = coerced.coerced
        root = self._collect(prepared.operation.selection_set, prepared.fragments, coerced)
        query_type = self.schema.mutation_type if prepared.mutation else self.schema.query_type
        assert query_type is not None  # a schema always has a query type; `mutation` implies a mutation type
        keys = list(root)
        runner = self.run_mutation if prepared.mutation and self.run_mutation is not None else self.run_field
        tasks = [
            self._run(runner, nodes, prepared.fragments, values, context)
            for nodes in root.values()
            if nodes[0].name.value != "__typename"
        ]
        # A mutation document here has one root field, so nothing runs concurrently with it.
        outcomes = await asyncio.gather(*tasks, return_exceptions=True)
        if not prepared.mutation and any(isinstance(o, NotPreparedForFastPathError) for o in outcomes):
            return None  # a selection the compilers cannot build (nothing ran): Strawberry answers it
        results = iter(outcomes)
        data: dict[str, Any] | None = {}
        errors: list[Any] = []
        request_id = getattr(context, "request_id", "-")
        for key in keys:
            nodes = root[key]
            node = nodes[0]
            if node.name.value == "__typename":
                assert data is not None
                data[key] = self._query_type_name
                continue
            outcome = next(results)
            if isinstance(outcome, BaseException):
                if not isinstance(outcome, Exception):
                    raise outcome
                error = GraphQLError(str(outcome), nodes, path=[key], original_error=outcome)
                errors.append(format_error(error, request_id=request_id).formatted)
                field = query_type.fields[node.name.value]
                if isinstance(field.type, GraphQLNonNull):
                    data = None
                elif data is not None:
                    data[key] = None
            elif data is not None:
                plan = None if prepared.mutation else self._plan(prepared, key, nodes, coerced)
                data[key] = outcome if plan is None else plan.apply(outcome)
        body: dict[str, Any] = {}
        if errors:
            body["errors"] = errors
        body["data"] = data
        return body

    def _plan(
        self, prepared: Prepared, key: str, nodes: list[FieldNode], coerced: VariableValues
    ) -> SelectionPlan | None:
        """The key-order plan of one root key, built once per document and @skip/@include values."""
        plan_key = (key, *(hashable(coerced.coerced.get(v)) for v in prepared.directive_variables))
        if plan_key in prepared.plans:
            return prepared.plans[plan_key]
        plan = root_plan(self.schema, nodes, prepared.fragments, coerced)
        if len(prepared.plans) >= _MAX_PLANS:
            prepared.plans.clear()
        prepared.plans[plan_key] = plan
        return plan

    async def _run(
        self,
        runner: FieldRunner,
        nodes: list[FieldNode],
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
        context: Any,
    ) -> Any:
        return await runner(self.schema, nodes[0] if len(nodes) == 1 else nodes, fragments, variables, context)

    def _collect(
        self, selection_set: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode], variables: VariableValues
    ) -> dict[str, list[FieldNode]]:
        """Root field nodes grouped by response key, in document order, honouring @skip/@include."""
        out: dict[str, list[FieldNode]] = {}
        self._collect_into(out, selection_set.selections, fragments, variables, set())
        return out

    def _collect_into(
        self,
        out: dict[str, list[FieldNode]],
        selections: Sequence[Any],
        fragments: dict[str, FragmentDefinitionNode],
        variables: VariableValues,
        seen: set[str],
    ) -> None:
        for sel in selections:
            if not _included(sel, variables):
                continue
            if isinstance(sel, FieldNode):
                key = sel.alias.value if sel.alias else sel.name.value
                # Validation guarantees that fields sharing a response key can merge; the compiler merges them.
                out.setdefault(key, []).append(sel)
            elif isinstance(sel, InlineFragmentNode):
                self._collect_into(out, sel.selection_set.selections, fragments, variables, seen)
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                if name in seen:
                    continue
                seen.add(name)
                self._collect_into(out, fragments[name].selection_set.selections, fragments, variables, seen)


def _directive_variables(document: DocumentNode) -> tuple[str, ...]:
    """Names of the variables any @skip/@include of the document reads."""
    names: set[str] = set()

    class _Directives(Visitor):
        def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
            if node.name.value in ("skip", "include"):
                names.update(a.value.name.value for a in node.arguments or () if isinstance(a.value, VariableNode))

    visit(document, _Directives())
    return tuple(sorted(names))


def hashable(value: Any) -> Any:
    """A coerced variable value as part of a cache key (values of different types never compare equal)."""
    return value if isinstance(value, bool | None) else repr(value)


def included(node: Any, variables: VariableValues) -> bool:
    """Whether @skip/@include keep `node` for these variables."""
    return _included(node, variables)


def _included(node: Any, variables: VariableValues) -> bool:
    skip = get_directive_values(GraphQLSkipDirective, node, variables)
    if skip and skip.get("if") is True:
        return False
    include = get_directive_values(GraphQLIncludeDirective, node, variables)
    return not (include and include.get("if") is False)


def _pick_operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode | None:
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        return ops[0] if len(ops) == 1 else None
    for op in ops:
        if op.name and op.name.value == operation_name:
            return op
    return None
