"""Entity updates on the fast path: the same resolver, without graphql-core's execution around it.

A mutation document whose only root field is an `update<Entity>` without an idempotency key runs here: its
arguments are coerced by graphql-core and converted to the input type by Strawberry's own converter, the
resolver of service/mutations/resolvers.py runs unchanged (so every check and error is the same), and its payload
is completed along the selection with the schema's own serializers. Anything else goes through Strawberry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import Any, Final

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionNode,
)
from graphql.execution.values import VariableValues, get_argument_values
from strawberry.types.arguments import convert_arguments
from strawberry.utils.str_converters import to_camel_case

from service.api.context import Context
from service.api.fastpath import included
from service.mutations.models import EntityKind
from service.mutations.resolvers import EntityMutations

# update<Entity> root fields whose resolver can run without graphql-core (GraphQL name -> resolver function).
_FIELDS: Final[dict[str, Any]] = {
    to_camel_case(f.python_name): f
    for f in EntityMutations.__strawberry_definition__.fields  # type: ignore[attr-defined]
    if f.python_name.startswith("update_") and f.python_name != "update_" + EntityKind.ORGANISATION.name.lower()
}


def accepts(node: FieldNode) -> bool:
    """Whether the fast path may run this root field: an entity update sent without an idempotency key argument."""
    return node.name.value in _FIELDS and not any(a.name.value == "idempotencyKey" for a in node.arguments or ())


async def run_update_field(
    schema: GraphQLSchema,
    field_node: FieldNode | Sequence[FieldNode],
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | VariableValues,
    context: Context,
) -> Any:
    """The response value of one `update<Entity>` root field (its resolver, then the payload's completion)."""
    nodes = [field_node] if isinstance(field_node, FieldNode) else list(field_node)
    name = nodes[0].name.value
    mutation_type = schema.mutation_type
    assert mutation_type is not None  # accepts() saw an update field
    definition = mutation_type.fields[name]
    coerced = (
        variables if isinstance(variables, VariableValues) else VariableValues(sources={}, coerced=dict(variables))
    )
    raw = get_argument_values(definition, nodes[0], coerced)
    strawberry_field = _FIELDS[name]
    strawberry_schema = schema._strawberry_schema  # type: ignore[attr-defined]  # set by strawberry.Schema
    kwargs = convert_arguments(
        raw,
        strawberry_field.arguments,
        scalar_registry=strawberry_schema.schema_converter.scalar_registry,
        config=strawberry_schema.config,
    )
    info = SimpleNamespace(context=context, field_name=name)
    payload = await strawberry_field.base_resolver.wrapped_func(None, info, **kwargs)
    payload_type = definition.type.of_type if isinstance(definition.type, GraphQLNonNull) else definition.type
    assert isinstance(payload_type, GraphQLObjectType)
    return _Completer(schema, fragments, coerced).object(payload_type, payload, nodes, [name])


class _Completer:
    """graphql-core's value completion for plain objects: aliases, fragments, @skip/@include, null checks."""

    def __init__(
        self, schema: GraphQLSchema, fragments: Mapping[str, FragmentDefinitionNode], variables: VariableValues
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def object(self, gql_type: GraphQLObjectType, value: Any, nodes: Sequence[FieldNode], path: list[Any]) -> Any:
        names = _python_names(value)
        out: dict[str, Any] = {}
        for key, field_nodes in self._collect(gql_type, nodes).items():
            name = field_nodes[0].name.value
            if name == "__typename":
                out[key] = gql_type.name
                continue
            field = gql_type.fields[name]
            item = getattr(value, names.get(name, name))
            completed = self.value(field.type, item, field_nodes, [*path, key])
            if completed is None and isinstance(field.type, GraphQLNonNull):
                raise _NullError([*path, key], f"Cannot return null for non-nullable field {gql_type.name}.{name}.")
            out[key] = completed
        return out

    def value(self, gql_type: GraphQLOutputType, value: Any, nodes: Sequence[FieldNode], path: list[Any]) -> Any:
        if isinstance(gql_type, GraphQLNonNull):
            return self.value(gql_type.of_type, value, nodes, path)
        if value is None:
            return None
        if isinstance(gql_type, GraphQLList):
            return [self.value(gql_type.of_type, v, nodes, [*path, i]) for i, v in enumerate(value)]
        if isinstance(gql_type, GraphQLScalarType | GraphQLEnumType):
            return gql_type.serialize(value)
        if isinstance(gql_type, GraphQLObjectType):
            return self.object(gql_type, value, nodes, path)
        raise _NotFast(f"{gql_type} values are left to Strawberry")

    def _collect(self, gql_type: GraphQLObjectType, nodes: Sequence[FieldNode]) -> dict[str, list[FieldNode]]:
        grouped: dict[str, list[FieldNode]] = {}
        for node in nodes:
            if node.selection_set is not None:
                self._into(grouped, gql_type, node.selection_set.selections, set())
        return grouped

    def _into(
        self,
        grouped: dict[str, list[FieldNode]],
        gql_type: GraphQLObjectType,
        selections: Sequence[SelectionNode],
        seen: set[str],
    ) -> None:
        for sel in selections:
            if not included(sel, self.variables):
                continue
            if isinstance(sel, FieldNode):
                grouped.setdefault(sel.alias.value if sel.alias else sel.name.value, []).append(sel)
            elif isinstance(sel, InlineFragmentNode):
                if sel.type_condition is None or self._applies(sel.type_condition.name.value, gql_type):
                    self._into(grouped, gql_type, sel.selection_set.selections, seen)
            elif isinstance(sel, FragmentSpreadNode):
                frag = self.fragments.get(sel.name.value)
                if frag is None or sel.name.value in seen:
                    continue
                seen.add(sel.name.value)
                if self._applies(frag.type_condition.name.value, gql_type):
                    self._into(grouped, gql_type, frag.selection_set.selections, seen)

    def _applies(self, condition: str, gql_type: GraphQLObjectType) -> bool:
        if condition == gql_type.name:
            return True
        cond = self.schema.get_type(condition)
        return isinstance(cond, GraphQLInterfaceType) and cond in gql_type.interfaces


def _python_names(value: Any) -> dict[str, str]:
    definition = getattr(type(value), "__strawberry_definition__", None)
    if definition is None:
        return {}
    return {f.graphql_name or to_camel_case(f.python_name): f.python_name for f in definition.fields}


class _NullError(GraphQLError):
    """A non-null field completed to null: the answer's `data` becomes null, as graphql-core does for a root."""

    def __init__(self, path: list[Any], message: str) -> None:
        super().__init__(message, path=path)


class _NotFast(Exception):
    """A value this completer does not handle (never raised for the payload types of entity updates)."""
