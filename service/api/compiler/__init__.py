"""The selection-set compiler: one Cypher statement per root field, returning the field's response value.

Like @neo4j/graphql's translator, a root field and everything nested under it (relationships, connections with
their own pages, filters, counts) becomes one statement of map projections and `COLLECT {}`/`COUNT {}`
subqueries. The value the statement returns is keyed by response keys (aliases included) with `__typename`
where selected, so callers pass it through instead of rebuilding it object by object.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from graphql import FieldNode, FragmentDefinitionNode, GraphQLNamedType, GraphQLSchema
from graphql.execution.values import VariableValues

from service.api.compiler.catalog import ABSTRACT_TARGETS, NODES
from service.api.compiler.projection import TYPENAME_HINT, node_value
from service.api.compiler.roots import HANDLERS
from service.api.compiler.selection import arguments
from service.api.compiler.state import (
    CAN_SEE_SENSITIVE,
    Compilation,
    CompileContext,
    CompiledField,
    NotCompilableError,
    Params,
    variable_values,
)

__all__ = [
    "CAN_SEE_SENSITIVE",
    "COMPILED_ROOT_FIELDS",
    "TYPENAME_HINT",
    "CompileContext",
    "CompiledField",
    "NotCompilableError",
    "Params",
    "compile_root_field",
    "project_node",
]

# Root Query fields the compiler answers (the schema declares them in service/entities/).
COMPILED_ROOT_FIELDS: Final[frozenset[str]] = frozenset(HANDLERS)

Variables = Mapping[str, Any] | VariableValues | None


def compile_root_field(
    schema: GraphQLSchema,
    field_node: FieldNode | Sequence[FieldNode],
    *,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Variables,
    ctx: CompileContext,
) -> CompiledField:
    """The one statement answering a root Query field of COMPILED_ROOT_FIELDS.

    `field_node` is the field's node, or every node of one response key (graphql-core merges their selections);
    `variables` are the operation's coerced variable values. Raises the service's InvalidInputError or
    LimitExceededError for bad arguments (a malformed cursor or id, a page above the maximum).
    """
    nodes = [field_node] if isinstance(field_node, FieldNode) else list(field_node)
    name = nodes[0].name.value
    handler = HANDLERS.get(name)
    query_type = schema.query_type
    if handler is None or query_type is None or name not in query_type.fields:
        raise NotCompilableError(f"Query.{name} is not a compiled root field")
    comp = Compilation(schema, fragments, variable_values(variables), ctx)
    definition = query_type.fields[name]
    expr = handler(comp, definition, nodes, arguments(comp, definition, nodes[0]))
    return comp.finish(f"RETURN {expr} AS value")


def project_node(
    schema: GraphQLSchema,
    node_type: GraphQLNamedType | str,
    variable: str,
    field_nodes: Sequence[FieldNode],
    *,
    params: Params,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Variables,
    ctx: CompileContext,
) -> str:
    """The Cypher expression of the node bound to `variable` as the response value of `field_nodes`.

    For mutations that return the changed object in the same statement: `MATCH (n:Project {id: $id}) SET ...
    RETURN <expr> AS value`. `node_type` is the GraphQL type of the field (concrete, or Organisation/Node/
    Entity). Values are added to `params` (give it a prefix other than "p" if the statement has its own `$p0`);
    the statement must also pass `$canSeeSensitive` (CAN_SEE_SENSITIVE). The compiler's own variables start with
    an underscore, so `variable` must not.
    """
    if variable.startswith("_") or not variable.isidentifier():
        raise NotCompilableError(f"variable {variable!r} must be an identifier not starting with '_'")
    gql_type = schema.get_type(node_type) if isinstance(node_type, str) else node_type
    if gql_type is None:
        raise NotCompilableError(f"{node_type} is not a type of the schema")
    if gql_type.name in NODES:
        candidates: tuple[str, ...] = (gql_type.name,)
    else:  # Organisation, or Node/Entity: any node type the schema allows there
        candidates = ABSTRACT_TARGETS.get(gql_type.name, tuple(NODES))
    comp = Compilation(schema, fragments, variable_values(variables), ctx, params)
    return node_value(comp, variable, gql_type, field_nodes, 0, candidates)
