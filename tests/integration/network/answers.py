"""Checks of a network answer that need no other executor: its keys against the document's own selection (in
order, nothing more), every node and edge in it against the seed YAML, errors against fixed messages, and one
statement per root field (none when an argument fails before the read)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    BooleanValueNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    parse,
)

from tests.integration.network.conftest import GqlResult, SeedNetwork

NETWORK_ROOTS = frozenset(
    {"path", "neighbourhood", "sharedPartners", "countryLinks", "crossBorderPartners", "brokers", "gaps",
     "suggestedPartners", "changes"}
)  # fmt: skip
# Fields whose value (when it has a selection) is a NetworkNode or a NetworkEdge.
NODE_FIELDS = frozenset(
    {"from", "to", "nodes", "center", "actors", "node", "via", "examples", "org", "target", "subject", "other",
     "evidence", "commonPartners"}
)  # fmt: skip
EDGE_FIELDS = frozenset({"edge", "edges"})
Check = Callable[[dict[str, Any], SeedNetwork], None]


@dataclass(frozen=True)
class Case:
    """A document, its variables, and what it must answer: errors (path, code, field, message) or a check."""

    document: str
    variables: Mapping[str, Any] | None = None
    errors: tuple[tuple[str, str, str, str], ...] = ()
    check: Check | None = None


def _included(node: FieldNode | InlineFragmentNode | FragmentSpreadNode, variables: Mapping[str, Any]) -> bool:
    for directive in node.directives or ():
        arg = directive.arguments[0].value
        flag = (
            variables[arg.name.value]
            if isinstance(arg, VariableNode)
            else isinstance(arg, BooleanValueNode) and arg.value
        )
        if (directive.name.value == "skip") is bool(flag):
            return False
    return True


def _collect(
    sets: Sequence[SelectionSetNode], fragments: Mapping[str, FragmentDefinitionNode], variables: Mapping[str, Any]
) -> dict[str, list[FieldNode]]:
    """Response key -> field nodes, in document order (every fragment here applies to the type it sits in)."""
    out: dict[str, list[FieldNode]] = {}
    for selection_set in sets:
        for sel in selection_set.selections:
            if not _included(sel, variables):
                continue
            if isinstance(sel, FieldNode):
                out.setdefault((sel.alias or sel.name).value, []).append(sel)
            elif isinstance(sel, InlineFragmentNode):
                for key, nodes in _collect([sel.selection_set], fragments, variables).items():
                    out.setdefault(key, []).extend(nodes)
            else:
                fragment = fragments[sel.name.value]
                for key, nodes in _collect([fragment.selection_set], fragments, variables).items():
                    out.setdefault(key, []).extend(nodes)
    return out


class Walker:
    """Checks an answer against its document's selection and the seed facts."""

    def __init__(self, document: DocumentNode, variables: Mapping[str, Any], net: SeedNetwork) -> None:
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.variables = variables
        self.net = net
        self.keys = {gid.partition(":")[2]: gid for gid in net.nodes}
        self.nodes_seen = 0

    def walk(self, nodes: Sequence[FieldNode], value: Any, *, in_neighbourhood: bool = False) -> None:
        if value is None:
            return
        if isinstance(value, list):
            for item in value:
                self.walk(nodes, item, in_neighbourhood=in_neighbourhood)
            return
        sets = [n.selection_set for n in nodes if n.selection_set is not None]
        if not sets:
            return
        selected = _collect(sets, self.fragments, self.variables)
        assert list(value) == list(selected), (list(value), list(selected))
        name = nodes[0].name.value
        if name in NODE_FIELDS:
            self._node(selected, value, in_neighbourhood)
        elif name in EDGE_FIELDS:
            self._edge(selected, value)
        for key, field_nodes in selected.items():
            self.walk(field_nodes, value[key], in_neighbourhood=in_neighbourhood or name == "neighbourhood")

    def _fields(self, selected: Mapping[str, list[FieldNode]], value: Mapping[str, Any]) -> dict[str, Any]:
        return {nodes[0].name.value: value[key] for key, nodes in selected.items()}

    def _node(self, selected: Mapping[str, list[FieldNode]], value: Mapping[str, Any], in_neighbourhood: bool) -> None:
        got = self._fields(selected, value)
        gid = got.get("id") or self.keys.get(got.get("key", ""))
        if gid is None:
            assert got.get("name") in {a["name"] for a in self.net.nodes.values()}, got
            return
        expected = self.net.node_fields(gid)
        for field, v in got.items():
            if field == "distance":
                assert (v is None) is not in_neighbourhood, got
            elif field in expected:
                assert v == expected[field], (gid, field, v, expected[field])
        self.nodes_seen += 1

    def _edge(self, selected: Mapping[str, list[FieldNode]], value: Mapping[str, Any]) -> None:
        got = self._fields(selected, value)
        if "id" not in got:
            assert got.get("source", "").startswith("Organisation:"), got
            return
        expected = self.net.edge_fields(got["id"])
        for field, v in got.items():
            assert v == expected[field], (got["id"], field, v, expected[field])


def _root_keys(document: DocumentNode, variables: Mapping[str, Any]) -> dict[str, list[FieldNode]]:
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    return _collect([operation.selection_set], fragments, variables)


def check_answer(case: Case, res: GqlResult, net: SeedNetwork) -> None:
    """The checks every case gets (see the module docstring), then its own."""
    document = parse(case.document)
    variables = dict(case.variables or {})
    roots = _root_keys(document, variables)
    statements = sum(1 for nodes in roots.values() if nodes[0].name.value in NETWORK_ROOTS)
    if case.errors:
        assert res.data is None, res.data
        got = [(e["path"][0], e["code"], e["field"], e["message"]) for e in res.errors]
        assert got == list(case.errors)
        if all(code != "NOT_FOUND" for _, code, _, _ in case.errors):
            assert res.statements == []  # bounds are checked before anything runs
        return
    assert res.errors == [], res.errors
    assert res.data is not None
    assert len(res.statements) == statements, res.statements
    walker = Walker(document, variables, net)
    assert list(res.data) == list(roots)
    for key, nodes in roots.items():
        walker.walk(nodes, res.data[key])
    if case.check is not None:
        case.check(res.data, net)
