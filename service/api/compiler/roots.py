"""Root fields: entity connections, lookups by id or natural key, node/nodes, full-text search, statistics."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from graphql import FieldNode, GraphQLField, GraphQLObjectType

from service.api.compiler.catalog import ABSTRACT_TARGETS, GLOBAL_PREFIX, MATCH_LABEL, NODES, ORGANISATION
from service.api.compiler.connection import Source, connection_value
from service.api.compiler.ids import key_for_type, parse_global_id
from service.api.compiler.projection import node_value
from service.api.compiler.selection import collect, field_def, named_type, object_type, sole_variable
from service.api.compiler.state import Compilation, NotCompilableError, Rebind, map_literal, privacy, string_literal
from service.api.compiler.stats import STATS, stats_value
from service.errors import InvalidInputError, LimitExceededError

_V = "_n1"
Handler = Callable[[Compilation, GraphQLField, Sequence[FieldNode], Mapping[str, Any]], str]

CONNECTIONS: Final[dict[str, str]] = {
    "projects": "Project",
    "organisations": ORGANISATION,
    "countries": "Country",
    "regions": "Region",
    "programmes": "Programme",
    "networks": "Network",
    "coeBodies": "CoeBody",
    "themes": "Theme",
    "actionPlans": "ActionPlan",
}
LOOKUPS: Final[dict[str, str]] = {
    "project": "Project",
    "organisation": ORGANISATION,
    "country": "Country",
    "region": "Region",
    "programme": "Programme",
    "network": "Network",
    "coeBody": "CoeBody",
    "theme": "Theme",
    "actionPlan": "ActionPlan",
}
SEARCH_INDEX: Final = "entitySearch"
MAX_SEARCH_TEXT: Final = 200
# The search's `kinds` argument: EntityKind value -> label.
KIND_LABELS: Final[dict[str, str]] = {
    "PROJECT": "Project",
    "PROGRAMME": "Programme",
    "ORGANISATION": ORGANISATION,
    "COUNTRY": "Country",
    "REGION": "Region",
    "NETWORK": "Network",
    "COE_BODY": "CoeBody",
    "THEME": "Theme",
    "ACTION_PLAN": "ActionPlan",
}


def _candidates(type_name: str) -> tuple[str, ...]:
    return ABSTRACT_TARGETS.get(type_name, (type_name,))


def _guard(type_name: str, var: str = _V) -> str:
    return f" WHERE {privacy(var)}" if MATCH_LABEL[type_name] == ORGANISATION else ""


def _connection(type_name: str) -> Handler:
    def handle(comp: Compilation, definition: GraphQLField, nodes: Sequence[FieldNode], args: Mapping[str, Any]) -> str:
        label = MATCH_LABEL[type_name]
        base = (privacy(_V),) if label == ORGANISATION else ()
        source = Source(f"({_V}:{label})", _V, None, type_name, None, base)
        conn_type = named_type(definition.type)
        if not isinstance(conn_type, GraphQLObjectType):
            raise NotCompilableError(f"{definition} must return a connection")
        return connection_value(comp, source, conn_type, nodes, args, 1)

    return handle


def _single(comp: Compilation, definition: GraphQLField, nodes: Sequence[FieldNode], type_name: str, match: str) -> str:
    value = node_value(comp, _V, named_type(definition.type), nodes, 1, _candidates(type_name))
    return f"head(COLLECT {{ {match} WITH {_V} ORDER BY {_V}.id LIMIT 1 RETURN {value} }})"


def _lookup(type_name: str) -> Handler:
    def handle(comp: Compilation, definition: GraphQLField, nodes: Sequence[FieldNode], args: Mapping[str, Any]) -> str:
        label = MATCH_LABEL[type_name]
        if type_name == "Country":
            return _country(comp, definition, nodes, args)
        if type_name == ORGANISATION and args.get("acronym") is not None:
            return _organisation_by_acronym(comp, definition, nodes, args)
        if args.get("id") is None:
            raise InvalidInputError(f"give the {type_name}'s id", field="id")
        key = comp.params.add(key_for_type(type_name, args["id"]))
        return _single(comp, definition, nodes, type_name, f"MATCH ({_V}:{label} {{id: {key}}}){_guard(type_name)}")

    return handle


def _country(comp: Compilation, definition: GraphQLField, nodes: Sequence[FieldNode], args: Mapping[str, Any]) -> str:
    code = str(args.get("code") or "")
    key = key_for_type("Country", code, field="code") if ":" in code else code.upper()
    p = comp.params.add(key)
    match = f"MATCH ({_V}:Country) WHERE {_V}.iso2 = {p} OR {_V}.iso3 = {p} OR {_V}.id = {p}"
    return _single(comp, definition, nodes, "Country", match)


def _organisation_by_acronym(
    comp: Compilation, definition: GraphQLField, nodes: Sequence[FieldNode], args: Mapping[str, Any]
) -> str:
    if args.get("id") is not None:
        raise InvalidInputError("give id or acronym, not both", field="acronym")
    p = comp.params.add(str(args["acronym"]))
    value = node_value(comp, _V, named_type(definition.type), nodes, 1, _candidates(ORGANISATION))
    # An acronym several organisations share names none of them: the answer is null, never a guess.
    found = f"COLLECT {{ MATCH ({_V}:{ORGANISATION} {{shortName: {p}}}) WHERE {privacy(_V)} RETURN {value} }}"
    return f"head([_found IN [{found}] WHERE size(_found) = 1 | _found[0]])"


def _node(comp: Compilation, definition: GraphQLField, nodes: Sequence[FieldNode], args: Mapping[str, Any]) -> str:
    type_name, key = parse_global_id(args["id"])
    label = MATCH_LABEL[type_name]
    p = comp.params.add(key)
    return _single(comp, definition, nodes, type_name, f"MATCH ({_V}:{label} {{id: {p}}}){_guard(type_name)}")


def _nodes(comp: Compilation, definition: GraphQLField, nodes: Sequence[FieldNode], args: Mapping[str, Any]) -> str:
    ids = list(args["ids"])
    if len(ids) > comp.ctx.max_page_size:
        raise LimitExceededError(f"nodes takes at most {comp.ctx.max_page_size} ids; got {len(ids)}", field="ids")
    by_type: dict[str, list[str]] = {}
    wanted: list[str] = []
    for raw in ids:
        type_name, key = parse_global_id(raw, field="ids")
        by_type.setdefault(type_name, []).append(key)
        wanted.append(f"{GLOBAL_PREFIX[_candidates(type_name)[0]]}:{key}")
    node_type = named_type(definition.type)
    parts = []
    for type_name in sorted(by_type):
        label = MATCH_LABEL[type_name]
        value = node_value(comp, _V, node_type, nodes, 1, _candidates(type_name))
        prefix = string_literal(GLOBAL_PREFIX[_candidates(type_name)[0]] + ":")
        keys = comp.params.add(sorted(set(by_type[type_name])))
        parts.append(
            f"COLLECT {{ UNWIND {keys} AS _k MATCH ({_V}:{label} {{id: _k}}){_guard(type_name)} "
            f"RETURN [{prefix} + _k, {value}] }}"
        )
    found = " + ".join(parts) if parts else "[]"
    return (
        f"head([_all IN [{found}] | [_g IN {comp.params.add(wanted)} | head([_f IN _all WHERE _f[0] = _g | _f[1]])]])"
    )


def fold(text: str) -> str:
    """Lower-case `text` without diacritics, as the index's standard-folding analyzer stores terms."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def lucene_query(text: str) -> str:
    """A Lucene query matching every word of `text`, whole or as a prefix; no user syntax survives."""
    if len(text) > MAX_SEARCH_TEXT:
        raise LimitExceededError(f"search text may be at most {MAX_SEARCH_TEXT} characters", field="text")
    # Letters and digits only (an apostrophe inside a word is dropped with what follows it: the index keeps
    # "people's" as one term, which the prefix "people*" matches), so no Lucene syntax reaches the parser.
    words = re.findall(r"([^\W_]+)(?:['\u2019][^\W_]+)*", fold(text))
    if not words:
        raise InvalidInputError("search text needs at least one letter or digit", field="text")
    # Wildcard and fuzzy terms skip the analyzer, hence the folding above; the whole word scores highest, and
    # longer words also match one edit away ("peoples" finds "people's").
    return " AND ".join(f"({w} OR {w}* OR {w}~1)" if len(w) >= 5 else f"({w} OR {w}*)" for w in words)


def _search(comp: Compilation, definition: GraphQLField, nodes: Sequence[FieldNode], args: Mapping[str, Any]) -> str:
    first = args.get("first")
    size = comp.ctx.default_page_size if first is None else int(first)
    if size < 0:
        raise InvalidInputError("first must not be negative", field="first")
    if size > comp.ctx.max_page_size:
        raise LimitExceededError(f"first may be at most {comp.ctx.max_page_size}; got {size}", field="first")
    query = comp.params.add_own(lucene_query(str(args.get("text") or "")))
    text_variable = sole_variable(comp, nodes, "text")
    if text_variable is not None:
        # The statement is the same for any text: a cached one is reused with this parameter recomputed.
        comp.rebinds.append(Rebind(query[1:], text_variable, lambda text: lucene_query(str(text or ""))))
    preds = [f"(NOT node:{ORGANISATION} OR {privacy('node')})"]
    if args.get("kinds"):
        labels = sorted({KIND_LABELS[k] for k in args["kinds"]})
        preds.append(f"any(_l IN labels(node) WHERE _l IN {comp.params.add(labels)})")
    hit_type = object_type(comp, named_type(definition.type).name)
    entries: list[tuple[str, str]] = []
    for key, field_nodes in collect(comp, hit_type, nodes).items():
        name = field_nodes[0].name.value
        if name == "__typename":
            entries.append((key, string_literal(hit_type.name)))
        elif name == "score":
            entries.append((key, "_score"))
        elif name == "node":
            node_type = named_type(field_def(hit_type, field_nodes[0]).type)
            entries.append((key, node_value(comp, _V, node_type, field_nodes, 1, tuple(NODES))))
        else:
            raise NotCompilableError(f"{hit_type.name}.{name} is not a search hit field")
    return (
        f"COLLECT {{ CALL db.index.fulltext.queryNodes({string_literal(SEARCH_INDEX)}, {query}) YIELD node, score "
        f"WHERE {' AND '.join(preds)} WITH node AS {_V}, score AS _score "
        f"ORDER BY _score DESC, {_V}.id ASC LIMIT {comp.params.add(size)} RETURN {map_literal(entries)} }}"
    )


def _stats(name: str) -> Handler:
    def handle(comp: Compilation, definition: GraphQLField, nodes: Sequence[FieldNode], args: Mapping[str, Any]) -> str:
        stats_type = object_type(comp, named_type(definition.type).name)
        return stats_value(comp, STATS[name], stats_type, nodes, args)

    return handle


HANDLERS: Final[dict[str, Handler]] = (
    {name: _connection(t) for name, t in CONNECTIONS.items()}
    | {name: _lookup(t) for name, t in LOOKUPS.items()}
    | {"node": _node, "nodes": _nodes, "search": _search}
    | {name: _stats(name) for name in STATS}
)
