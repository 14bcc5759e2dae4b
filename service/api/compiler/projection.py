"""Map projections: the response value of a node for a selection set, nested relationships included."""

from __future__ import annotations

from collections.abc import Sequence

from graphql import FieldNode, GraphQLField, GraphQLNamedType, GraphQLObjectType

from service.api.compiler import connection
from service.api.compiler.catalog import ABSTRACT_TARGETS, GLOBAL_PREFIX, MATCH_LABEL, NODES, Kind, NodeSpec, Prop, Rel
from service.api.compiler.catalog import Shape as RelShape
from service.api.compiler.selection import arguments, collect, field_def, named_type, object_type
from service.api.compiler.state import Compilation, NotCompilableError, map_literal, privacy, string_literal

TYPENAME_HINT = "#typename"


def prop_expr(var: str, prop: Prop) -> str:
    """A stored property as its GraphQL value: lists never null, floats as floats."""
    expr = f"{var}.{prop.name}"
    if prop.kind is Kind.STRING_LIST and not prop.nullable:
        return f"coalesce({expr}, [])"
    if prop.kind is Kind.BOOL and not prop.nullable:
        return f"coalesce({expr}, false)"
    if prop.kind is Kind.FLOAT:
        return f"toFloat({expr})"
    return expr


def typename_case(var: str, type_names: Sequence[str]) -> str:
    """The concrete GraphQL type of the node bound to `var`, from its labels."""
    if len(type_names) == 1:
        return string_literal(type_names[0])
    whens = " ".join(f"WHEN {var}:{NODES[t].label} THEN {string_literal(t)}" for t in type_names)
    return f"CASE {whens} END"


def node_value(
    comp: Compilation,
    var: str,
    gql_type: GraphQLNamedType,
    field_nodes: Sequence[FieldNode],
    depth: int,
    candidates: Sequence[str],
) -> str:
    """The response value of the node bound to `var` whose GraphQL type is `gql_type` (concrete or abstract).

    For an abstract type, `candidates` are the concrete types the node may have; when their projections differ
    the value is a CASE on the node's labels.
    """
    if isinstance(gql_type, GraphQLObjectType):
        return _concrete(comp, var, gql_type, field_nodes, depth, string_literal(gql_type.name), hint=False)
    possible = [t for t in candidates if comp.schema.is_sub_type(gql_type, object_type(comp, t))]  # type: ignore[arg-type]
    if not possible:
        raise NotCompilableError(f"no concrete type of {gql_type.name} among {candidates}")
    typename = typename_case(var, possible)
    branches = [
        (t, _concrete(comp, var, object_type(comp, t), field_nodes, depth, typename, hint=True)) for t in possible
    ]
    if len({text for _, text in branches}) == 1:
        return branches[0][1]
    whens = " ".join(f"WHEN {var}:{NODES[t].label} THEN {text}" for t, text in branches)
    return f"CASE {whens} END"


def _concrete(
    comp: Compilation,
    var: str,
    gql_type: GraphQLObjectType,
    field_nodes: Sequence[FieldNode],
    depth: int,
    typename: str,
    *,
    hint: bool,
) -> str:
    spec = NODES.get(gql_type.name)
    if spec is None:
        raise NotCompilableError(f"{gql_type.name} is not a node type of the catalog")
    entries: list[tuple[str, str]] = []
    for key, nodes in collect(comp, gql_type, field_nodes).items():
        name = nodes[0].name.value
        if name == "__typename":
            entries.append((key, typename))
        else:
            entries.append((key, _field(comp, spec, var, field_def(gql_type, nodes[0]), name, nodes, depth)))
    if hint and comp.ctx.typename_hints:
        entries.append((TYPENAME_HINT, typename))
    return map_literal(entries)


def _field(
    comp: Compilation,
    spec: NodeSpec,
    var: str,
    definition: GraphQLField,
    name: str,
    nodes: Sequence[FieldNode],
    depth: int,
) -> str:
    if name == "id":
        return f"{string_literal(GLOBAL_PREFIX[spec.type_name] + ':')} + {var}.id"
    if name == "key":
        return f"{var}.id"
    prop = spec.props.get(name)
    if prop is not None:
        return prop_expr(var, prop)
    rel = spec.rels.get(name)
    if rel is None:
        raise NotCompilableError(f"{spec.type_name}.{name} is not in the catalog")
    return _relationship(comp, var, rel, definition, nodes, depth + 1)


def arrow(var: str, rel: Rel, far: str, rel_var: str = "") -> str:
    """The pattern from `var` along `rel` to the far node `far` (labelled), naming the relationship if asked."""
    label = MATCH_LABEL[rel.target]
    if rel.outgoing:
        return f"({var})-[{rel_var}:{rel.type}]->({far}:{label})"
    return f"({var})<-[{rel_var}:{rel.type}]-({far}:{label})"


def _relationship(
    comp: Compilation, var: str, rel: Rel, definition: GraphQLField, nodes: Sequence[FieldNode], depth: int
) -> str:
    far = f"_n{depth}"
    target_type = named_type(definition.type)
    candidates = ABSTRACT_TARGETS.get(rel.target, (rel.target,))
    base = (privacy(far),) if MATCH_LABEL[rel.target] == "Organisation" else ()
    if rel.shape is RelShape.CONNECTION:
        rel_var = f"_r{depth}" if rel.edge else ""
        source = connection.Source(
            pattern=arrow(var, rel, far, rel_var),
            node_var=far,
            rel_var=rel_var or None,
            target=rel.target,
            edge=rel.edge,
            base=base,
        )
        if not isinstance(target_type, GraphQLObjectType):
            raise NotCompilableError(f"{definition} must return a connection object")
        args = arguments(comp, definition, nodes[0])
        return connection.connection_value(comp, source, target_type, nodes, args, depth)
    where = f" WHERE {' AND '.join(base)}" if base else ""
    value = node_value(comp, far, target_type, nodes, depth, candidates)
    match = f"MATCH {arrow(var, rel, far)}{where} WITH {far}"
    if rel.shape is RelShape.ONE:
        return f"head(COLLECT {{ {match} ORDER BY {far}.id LIMIT 1 RETURN {value} }})"
    return f"COLLECT {{ {match} ORDER BY {far}.name, {far}.id RETURN {value} }}"
