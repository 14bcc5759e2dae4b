"""Put a compiled value's keys in the order the query selected them (Neo4j does not keep map key order).

The GraphQL spec asks that a response map keep the selection's field order. A compiled statement returns the
right keys and values but Bolt maps come back in the server's order, so the fast path rebuilds each map along a
plan derived once per query document: for each selection set and each concrete type, the ordered response keys
and the plan below each key. Values of abstract types carry the compiler's `#typename` hint, which picks the
concrete type's key list and is dropped from the answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLCompositeType,
    GraphQLIncludeDirective,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSkipDirective,
    GraphQLUnionType,
    InlineFragmentNode,
    SelectionNode,
    get_named_type,
    is_abstract_type,
)
from graphql.execution.values import VariableValues, get_directive_values

from service.api.compiler.projection import TYPENAME_HINT

_Keys = list[tuple[str, "SelectionPlan | None"]]


class SelectionPlan:
    """The merged selections of one response key, resolved lazily per concrete runtime type."""

    __slots__ = ("_by_type", "_ctx", "_leaves", "_nodes", "_type")

    def __init__(self, ctx: _PlanContext, gql_type: GraphQLCompositeType, nodes: list[FieldNode]) -> None:
        self._ctx = ctx
        self._type = gql_type
        self._nodes = nodes
        self._by_type: dict[str, _Keys] = {}
        # Per concrete type, the keys when none has a sub-plan (a map of leaves is rebuilt in one comprehension).
        self._leaves: dict[str, tuple[str, ...] | None] = {}

    def keys_for(self, type_name: str | None) -> _Keys:
        """The ordered (response key, sub-plan) pairs for values of the concrete type `type_name`."""
        name = type_name or self._type.name
        keys = self._by_type.get(name)
        if keys is None:
            runtime = self._ctx.schema.get_type(name)
            concrete = runtime if isinstance(runtime, GraphQLObjectType) else None
            keys = self._ctx.keys(self._nodes, self._type, concrete)
            self._by_type[name] = keys
            self._leaves[name] = None if any(sub is not None for _, sub in keys) else tuple(k for k, _ in keys)
        return keys

    def apply(self, value: Any) -> Any:
        """`value` rebuilt with every map's keys in selection order (lists mapped item by item)."""
        if value is None:
            return None
        if isinstance(value, list):
            return [self.apply(item) for item in value]
        hint = value.get(TYPENAME_HINT)
        name = hint or self._type.name
        keys = self._by_type.get(name) or self.keys_for(hint)
        leaves = self._leaves[name]
        if leaves is not None:
            return {key: value.get(key) for key in leaves}
        return {
            key: (item if sub is None or item is None else sub.apply(item))
            for key, sub in keys
            for item in (value.get(key),)
        }


class _PlanContext:
    def __init__(
        self, schema: GraphQLSchema, fragments: Mapping[str, FragmentDefinitionNode], variables: VariableValues
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def keys(self, nodes: list[FieldNode], parent: GraphQLCompositeType, concrete: GraphQLObjectType | None) -> _Keys:
        grouped: dict[str, list[FieldNode]] = {}
        for node in nodes:
            if node.selection_set is not None:
                self._collect(node.selection_set.selections, concrete, grouped, set())
        out: _Keys = []
        field_owner = concrete or parent
        for key, field_nodes in grouped.items():
            name = field_nodes[0].name.value
            sub: SelectionPlan | None = None
            if name != "__typename" and isinstance(field_owner, GraphQLObjectType | GraphQLInterfaceType):
                field = field_owner.fields.get(name)
                if field is not None:
                    named = get_named_type(field.type)
                    if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
                        sub = SelectionPlan(self, named, field_nodes)
            out.append((key, sub))
        return out

    def _collect(
        self,
        selections: Iterable[SelectionNode],
        concrete: GraphQLObjectType | None,
        grouped: dict[str, list[FieldNode]],
        seen: set[str],
    ) -> None:
        for sel in selections:
            if not self._included(sel):
                continue
            if isinstance(sel, FieldNode):
                grouped.setdefault(sel.alias.value if sel.alias else sel.name.value, []).append(sel)
            elif isinstance(sel, InlineFragmentNode):
                cond = sel.type_condition.name.value if sel.type_condition else None
                if self._applies(cond, concrete):
                    self._collect(sel.selection_set.selections, concrete, grouped, seen)
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                frag = self.fragments.get(name)
                if name in seen or frag is None:
                    continue
                seen.add(name)
                if self._applies(frag.type_condition.name.value, concrete):
                    self._collect(frag.selection_set.selections, concrete, grouped, seen)

    def _applies(self, condition: str | None, concrete: GraphQLObjectType | None) -> bool:
        if condition is None or concrete is None:
            return True
        if condition == concrete.name:
            return True
        cond_type = self.schema.get_type(condition)
        return is_abstract_type(cond_type) and self.schema.is_sub_type(cond_type, concrete)

    def _included(self, node: SelectionNode) -> bool:
        skip = get_directive_values(GraphQLSkipDirective, node, self.variables)
        if skip and skip.get("if") is True:
            return False
        include = get_directive_values(GraphQLIncludeDirective, node, self.variables)
        return not (include and include.get("if") is False)


def root_plan(
    schema: GraphQLSchema,
    field_nodes: list[FieldNode],
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: VariableValues,
) -> SelectionPlan | None:
    """The plan for one root field's value; None when the field returns a leaf (nothing to order)."""
    query_type = schema.query_type
    if query_type is None:
        return None
    field = query_type.fields.get(field_nodes[0].name.value)
    if field is None:
        return None
    named = get_named_type(field.type)
    if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
        return None
    return SelectionPlan(_PlanContext(schema, fragments, variables), named, field_nodes)
