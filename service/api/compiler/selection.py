"""Selection sets as graphql-core executes them: fields by response key, fragments, @skip/@include, arguments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLIncludeDirective,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSkipDirective,
    InlineFragmentNode,
    SelectionSetNode,
    VariableNode,
    Visitor,
    is_abstract_type,
    visit,
)
from graphql.execution.values import get_argument_values, get_directive_values

from service.api.compiler.state import Compilation, NotCompilableError, plain

Fields = dict[str, list[FieldNode]]


def response_key(node: FieldNode) -> str:
    """The key a field's value has in the response: its alias, else its name."""
    return node.alias.value if node.alias else node.name.value


def _included(comp: Compilation, node: FieldNode | FragmentSpreadNode | InlineFragmentNode) -> bool:
    skip = get_directive_values(GraphQLSkipDirective, node, comp.variables)
    if skip and skip.get("if") is True:
        return False
    include = get_directive_values(GraphQLIncludeDirective, node, comp.variables)
    return not (include and include.get("if") is False)


def _applies(comp: Compilation, type_condition: str | None, runtime: GraphQLObjectType) -> bool:
    if type_condition is None or type_condition == runtime.name:
        return True
    cond = comp.schema.get_type(type_condition)
    return cond is not None and is_abstract_type(cond) and comp.schema.is_sub_type(cond, runtime)


def _collect_into(
    comp: Compilation, runtime: GraphQLObjectType, selection_set: SelectionSetNode, out: Fields, seen: set[str]
) -> None:
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode):
            if _included(comp, sel):
                out.setdefault(response_key(sel), []).append(sel)
        elif isinstance(sel, InlineFragmentNode):
            cond = sel.type_condition.name.value if sel.type_condition else None
            if _included(comp, sel) and _applies(comp, cond, runtime):
                _collect_into(comp, runtime, sel.selection_set, out, seen)
        elif isinstance(sel, FragmentSpreadNode):
            name = sel.name.value
            if name in seen or not _included(comp, sel):
                continue
            seen.add(name)
            fragment = comp.fragments.get(name)
            if fragment is not None and _applies(comp, fragment.type_condition.name.value, runtime):
                _collect_into(comp, runtime, fragment.selection_set, out, seen)


def collect(comp: Compilation, runtime: GraphQLObjectType, field_nodes: Sequence[FieldNode]) -> Fields:
    """The merged sub-selection of `field_nodes` on the concrete type `runtime`, by response key, in order."""
    out: Fields = {}
    for node in field_nodes:
        if node.selection_set is not None:
            # Each field node starts its own fragment bookkeeping, as graphql-core's collect_subfields does.
            _collect_into(comp, runtime, node.selection_set, out, set())
    return out


def field_def(parent: GraphQLObjectType, node: FieldNode) -> GraphQLField:
    """The schema definition of the field `node` selects on `parent`."""
    definition: GraphQLField | None = parent.fields.get(node.name.value)
    if definition is None:
        raise NotCompilableError(f"{parent.name}.{node.name.value} is not in the schema")
    return definition


def arguments(comp: Compilation, definition: GraphQLField, node: FieldNode) -> dict[str, Any]:
    """The field's coerced arguments (variables substituted, defaults applied), enums as their values."""
    values = get_argument_values(definition, node, comp.variables)
    return {k: plain(v) for k, v in values.items()}


def named_type(type_: GraphQLOutputType) -> GraphQLNamedType:
    """`type_` without its non-null and list wrappers."""
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def object_type(comp: Compilation, name: str) -> GraphQLObjectType:
    """The object type called `name` in the schema."""
    found = comp.schema.get_type(name)
    if not isinstance(found, GraphQLObjectType):
        raise NotCompilableError(f"{name} is not an object type of the schema")
    return found


def sole_variable(comp: Compilation, nodes: Sequence[FieldNode], argument: str) -> str | None:
    """The variable given as `argument` of the one field node, when nothing else in the field or any fragment
    of the document reads it (then a statement depends on its value only through that argument)."""
    if len(nodes) != 1:
        return None
    arg = next((a for a in nodes[0].arguments or () if a.name.value == argument), None)
    if arg is None or not isinstance(arg.value, VariableNode):
        return None
    name = arg.value.name.value
    uses = 0

    class _Uses(Visitor):
        def enter_variable(self, node: VariableNode, *_: Any) -> None:
            nonlocal uses
            if node.name.value == name:
                uses += 1

    for tree in (nodes[0], *comp.fragments.values()):
        visit(tree, _Uses())
    return name if uses == 1 else None
