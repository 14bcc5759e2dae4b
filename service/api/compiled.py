"""Run a compiled root field: compile the selection, read once (routed to readers, with the timeout), pass through."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graphql import FieldNode, FragmentDefinitionNode, GraphQLSchema
from graphql.execution.values import VariableValues

from service.api.compiler import CompileContext, compile_root_field
from service.api.context import Context
from service.db.driver import read


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
    because graphql-core must tell the concrete type of abstract values (see CompileContext).
    """
    ctx = CompileContext(can_see_sensitive=context.can_see_sensitive, typename_hints=typename_hints)
    compiled = compile_root_field(schema, field_node, fragments=fragments, variables=variables, ctx=ctx)
    records = await read(
        context.driver,
        # The compiler writes only catalog names and validated response keys; every value is a parameter.
        compiled.cypher,
        compiled.params,
        database=context.database,
        timeout_s=context.settings.query_timeout_s,
    )
    return records[0]["value"]
