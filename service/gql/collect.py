"""Field collection, once per document and variables: the GraphQL AST becomes the engine's selection tree.

Fields merge by response key in document order, fragments apply by type condition, @skip/@include by the
variables, and arguments are coerced (defaults applied, variables substituted) as graphql-core's executor does.
Abstract types get one field list per possible concrete type. The engine compiles the tree and orders the answer
along it; nothing else walks the document.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    BREAK,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLAbstractType,
    GraphQLIncludeDirective,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSkipDirective,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    Visitor,
    get_named_type,
    visit,
)
from graphql.execution.values import VariableValues, get_argument_values, get_directive_values

from service.engine.compilation import plain
from service.engine.selection import Field, Selection


@dataclass(frozen=True)
class Document:
    """A parsed, validated document: its operations, fragments and the variables read exactly once."""

    operations: tuple[OperationDefinitionNode, ...]
    fragments: Mapping[str, FragmentDefinitionNode]
    sole_variables: frozenset[str]
    # Mutations (by position) whose variables are read only by their root fields' arguments: collected once,
    # their selection tree is the same for any variables but for those arguments (the stage keeps them).
    root_arguments_only: frozenset[int] = frozenset()

    @classmethod
    def of(cls, document: DocumentNode) -> Document:
        operations = tuple(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        uses: dict[str, int] = {}

        class _Uses(Visitor):
            def enter_variable(self, node: VariableNode, _key: Any, parent: Any, *_: Any) -> None:
                if not isinstance(parent, list) and type(parent).__name__ == "VariableDefinitionNode":
                    return
                uses[node.name.value] = uses.get(node.name.value, 0) + 1

        for op in operations:
            for var_def in op.variable_definitions or ():
                uses.setdefault(var_def.variable.name.value, 0)
        visit(document, _Uses())
        sole = frozenset(name for name, n in uses.items() if n == 1)
        mutations = any(op.operation is OperationType.MUTATION for op in operations)
        plain_fragments = mutations and not any(_reads_variables(f.selection_set) for f in fragments.values())
        root_only = frozenset(
            i
            for i, op in enumerate(operations)
            if op.operation is OperationType.MUTATION
            and plain_fragments
            and all(
                isinstance(sel, FieldNode)
                and not sel.directives
                and (sel.selection_set is None or not _reads_variables(sel.selection_set))
                for sel in op.selection_set.selections
            )
        )
        return cls(operations, fragments, sole, root_only)

    def reads_variables_at_root_only(self, op: OperationDefinitionNode) -> bool:
        """Whether `op`'s variables are read by its root fields' arguments and nowhere else."""
        return any(o is op for i, o in enumerate(self.operations) if i in self.root_arguments_only)

    def operation(self, name: str | None) -> OperationDefinitionNode | None:
        """The operation to run: the named one, or the only one."""
        if name is None:
            return self.operations[0] if len(self.operations) == 1 else None
        return next((op for op in self.operations if op.name is not None and op.name.value == name), None)


def _reads_variables(selection_set: SelectionSetNode) -> bool:
    """Whether a variable occurs anywhere in `selection_set` (arguments, directives, nested selections)."""
    found: list[bool] = []

    class _Any(Visitor):
        def enter_variable(self, *_: Any) -> Any:
            found.append(True)
            return BREAK

    visit(selection_set, _Any())
    return bool(found)


class Collector:
    """Builds selection trees against one schema, for one document and one set of coerced variables."""

    def __init__(self, schema: GraphQLSchema, document: Document, variables: VariableValues) -> None:
        self.schema = schema
        self.document = document
        self.variables = variables

    def included(self, node: FieldNode | FragmentSpreadNode | InlineFragmentNode) -> bool:
        """Whether @skip/@include keep `node`."""
        if not node.directives:
            return True
        skip = get_directive_values(GraphQLSkipDirective, node, self.variables)
        if skip and skip.get("if") is True:
            return False
        include = get_directive_values(GraphQLIncludeDirective, node, self.variables)
        return not (include and include.get("if") is False)

    def _applies(self, condition: str | None, runtime: GraphQLObjectType) -> bool:
        if condition is None or condition == runtime.name:
            return True
        cond = self.schema.get_type(condition)
        return isinstance(cond, GraphQLInterfaceType | GraphQLUnionType) and self.schema.is_sub_type(cond, runtime)

    def group(
        self, runtime: GraphQLObjectType, selection_sets: Iterable[SelectionSetNode]
    ) -> dict[str, list[FieldNode]]:
        """The field nodes of the selection sets that apply to `runtime`, by response key, in document order."""
        out: dict[str, list[FieldNode]] = {}
        for selection_set in selection_sets:
            self._group_into(runtime, selection_set, out, set())
        return out

    def _group_into(
        self,
        runtime: GraphQLObjectType,
        selection_set: SelectionSetNode,
        out: dict[str, list[FieldNode]],
        seen: set[str],
    ) -> None:
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                if self.included(sel):
                    out.setdefault(sel.alias.value if sel.alias else sel.name.value, []).append(sel)
            elif isinstance(sel, InlineFragmentNode):
                cond = sel.type_condition.name.value if sel.type_condition else None
                if self.included(sel) and self._applies(cond, runtime):
                    self._group_into(runtime, sel.selection_set, out, seen)
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                if name in seen or not self.included(sel):
                    continue
                seen.add(name)
                fragment = self.document.fragments.get(name)
                if fragment is not None and self._applies(fragment.type_condition.name.value, runtime):
                    self._group_into(runtime, fragment.selection_set, out, seen)

    def fields(self, runtime: GraphQLObjectType, nodes: Sequence[FieldNode]) -> tuple[Field, ...]:
        """The selected fields of a value of the concrete type `runtime` (sub-selections of `nodes` merged)."""
        sets = [n.selection_set for n in nodes if n.selection_set is not None]
        return self.fields_of(runtime, sets)

    def fields_of(self, runtime: GraphQLObjectType, sets: Sequence[SelectionSetNode]) -> tuple[Field, ...]:
        """The selected fields of selection sets on the concrete type `runtime`."""
        out: list[Field] = []
        for key, field_nodes in self.group(runtime, sets).items():
            out.append(self.field(runtime, key, field_nodes))
        return tuple(out)

    def arguments(self, parent: GraphQLObjectType, node: FieldNode) -> dict[str, Any]:
        """The coerced arguments of the field `node` of `parent` (defaults applied, variables substituted)."""
        definition = parent.fields[node.name.value]
        return {k: plain(v) for k, v in get_argument_values(definition, node, self.variables).items()}

    def field(self, parent: GraphQLObjectType, key: str, nodes: Sequence[FieldNode]) -> Field:
        """One field of `parent` under the response key `key` (several nodes merge their sub-selections)."""
        name = nodes[0].name.value
        if name == "__typename":
            return Field(key, name)
        definition = parent.fields[name]
        args = self.arguments(parent, nodes[0])
        arg_vars = {
            a.name.value: a.value.name.value
            for a in nodes[0].arguments or ()
            if len(nodes) == 1
            and isinstance(a.value, VariableNode)
            and a.value.name.value in self.document.sole_variables
        }
        named = get_named_type(definition.type)
        sub = (
            self.selection(named, nodes)
            if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType)
            else None
        )
        return Field(key, name, args, sub, arg_vars)

    def selection(self, named: GraphQLNamedType, nodes: Sequence[FieldNode]) -> Selection:
        """The selection of a composite value of type `named` (per concrete type when abstract)."""
        if isinstance(named, GraphQLObjectType):
            return Selection(named.name, self.fields(named, nodes))
        assert isinstance(named, GraphQLInterfaceType | GraphQLUnionType)
        abstract: GraphQLAbstractType = named
        by_type = {t.name: self.fields(t, nodes) for t in self.schema.get_possible_types(abstract)}
        first = next(iter(by_type.values()), ())
        return Selection(named.name, first, by_type, varies=any(f != first for f in by_type.values()))
