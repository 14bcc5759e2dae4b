"""Root fields of the read API: entity connections, lookups by id or natural key, node/nodes, search, statistics.

Each compiles to one statement whose `value` column is the field's response value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Final

from service.core.errors import InvalidInputError, LimitExceededError
from service.engine.compilation import (
    Compilation,
    CompileContext,
    NotCompilableError,
    Rebind,
    Statement,
    field_map,
    string_literal,
)
from service.engine.connection import Source, connection_value
from service.engine.privacy import visible, visible_count, visible_or_other
from service.engine.projection import node_value
from service.engine.selection import Field
from service.engine.stats import STATS, stats_value
from service.model.catalog import CONCRETE, ENTITY_KIND_TYPES, ENTITY_TYPES, NODES, is_private, match_label
from service.model.graph import ORGANISATION
from service.model.ids import key_for_type, parse_global_id

_V = "_n1"
Handler = Callable[[Compilation, Field], str]
SEARCH_INDEX: Final = "entitySearch"
MAX_SEARCH_TEXT: Final = 200


def _guard(type_name: str, var: str = _V) -> str:
    return f" WHERE {visible(var)}" if is_private(type_name) else ""


def _connection(type_name: str) -> Handler:
    def handle(comp: Compilation, f: Field) -> str:
        label = match_label(type_name)
        base = (visible(_V),) if is_private(type_name) else ()
        # Unfiltered, the rows are counted from Neo4j's label counts (less the hidden organisations).
        count = visible_count(lambda x: f"MATCH (:{label}{x})") if base else f"COUNT {{ MATCH (:{label}) }}"
        source = Source(f"({_V}:{label})", _V, None, type_name, None, base, count)
        return connection_value(comp, source, f, 1, node_value)

    return handle


def _single(comp: Compilation, f: Field, type_name: str, match: str) -> str:
    assert f.sub is not None  # nodes are objects
    value = node_value(comp, _V, f.sub, 1, CONCRETE[type_name])
    return f"head(COLLECT {{ {match} WITH {_V} ORDER BY {_V}.id LIMIT 1 RETURN {value} }})"


def _lookup(type_name: str) -> Handler:
    def handle(comp: Compilation, f: Field) -> str:
        if type_name == "Country":
            return _country(comp, f)
        if type_name == ORGANISATION and f.args.get("acronym") is not None:
            return _by_acronym(comp, f)
        if f.args.get("id") is None:
            raise InvalidInputError(f"give the {type_name}'s id", field="id")
        key = comp.params.add(key_for_type(type_name, f.args["id"]))
        return _single(comp, f, type_name, f"MATCH ({_V}:{match_label(type_name)} {{id: {key}}}){_guard(type_name)}")

    return handle


def _country(comp: Compilation, f: Field) -> str:
    code = str(f.args.get("code") or "")
    key = key_for_type("Country", code, field="code") if ":" in code else code.upper()
    p = comp.params.add(key)
    return _single(
        comp, f, "Country", f"MATCH ({_V}:Country) WHERE {_V}.iso2 = {p} OR {_V}.iso3 = {p} OR {_V}.id = {p}"
    )


def _by_acronym(comp: Compilation, f: Field) -> str:
    if f.args.get("id") is not None:
        raise InvalidInputError("give id or acronym, not both", field="acronym")
    assert f.sub is not None  # organisations are objects
    p = comp.params.add(str(f.args["acronym"]))
    value = node_value(comp, _V, f.sub, 1, CONCRETE[ORGANISATION])
    # An acronym several organisations share names none of them: the answer is null, never a guess.
    found = f"COLLECT {{ MATCH ({_V}:{ORGANISATION} {{shortName: {p}}}) WHERE {visible(_V)} RETURN {value} }}"
    return f"head([_found IN [{found}] WHERE size(_found) = 1 | _found[0]])"


def _node(comp: Compilation, f: Field) -> str:
    type_name, key = parse_global_id(f.args["id"])
    p = comp.params.add(key)
    return _single(comp, f, type_name, f"MATCH ({_V}:{match_label(type_name)} {{id: {p}}}){_guard(type_name)}")


def _nodes(comp: Compilation, f: Field) -> str:
    assert f.sub is not None  # nodes are objects
    ids = list(f.args["ids"])
    if len(ids) > comp.ctx.max_page_size:
        raise LimitExceededError(f"nodes takes at most {comp.ctx.max_page_size} ids; got {len(ids)}", field="ids")
    by_type: dict[str, list[str]] = {}
    wanted: list[str] = []
    for raw in ids:
        type_name, key = parse_global_id(raw, field="ids")
        by_type.setdefault(type_name, []).append(key)
        wanted.append(f"{type_name}:{key}")
    parts = []
    for type_name in sorted(by_type):
        value = node_value(comp, _V, f.sub, 1, CONCRETE[type_name])
        keys = comp.params.add(sorted(set(by_type[type_name])))
        parts.append(
            f"COLLECT {{ UNWIND {keys} AS _k MATCH ({_V}:{match_label(type_name)} {{id: _k}}){_guard(type_name)} "
            f"RETURN [{string_literal(type_name + ':')} + _k, {value}] }}"
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


def _search(comp: Compilation, f: Field) -> str:
    assert f.sub is not None  # hits are objects
    first = f.args.get("first")
    size = comp.ctx.default_page_size if first is None else int(first)
    if size < 0:
        raise InvalidInputError("first must not be negative", field="first")
    if size > comp.ctx.max_page_size:
        raise LimitExceededError(f"first may be at most {comp.ctx.max_page_size}; got {size}", field="first")
    query = comp.params.add_own(lucene_query(str(f.args.get("text") or "")))
    text_variable = f.arg_vars.get("text")
    if text_variable is not None:
        # The statement is the same for any text: a cached one is reused with this parameter recomputed.
        comp.rebinds.append(Rebind(query[1:], text_variable, lambda text: lucene_query(str(text or ""))))
    # Asked for some kinds only, the hits are of those kinds' types: the node projects for them alone, and the
    # privacy rule is tested only when organisations may be among them.
    candidates: list[str] | None = None
    preds: list[str] = []
    if f.args.get("kinds"):
        kinds = sorted({ENTITY_KIND_TYPES[k] for k in f.args["kinds"]})
        labels = sorted({match_label(t) for t in kinds})
        preds.append("(" + " OR ".join(f"node:{label}" for label in labels) + ")")
        candidates = [c for t in kinds for c in CONCRETE[t]]
    if candidates is None or any(is_private(t) for t in candidates):
        preds.append(visible_or_other("node"))

    def value(sub: Field) -> str | None:
        if sub.name == "score":
            return "_score"
        if sub.name == "node" and sub.sub is not None:
            return node_value(comp, _V, sub.sub, 1, candidates)
        return None

    hit = field_map(f.sub.type_name, f.sub.fields, value, "a search hit field")
    return (
        f"COLLECT {{ CALL db.index.fulltext.queryNodes({string_literal(SEARCH_INDEX)}, {query}) YIELD node, score "
        f"WHERE {' AND '.join(preds)} WITH node AS {_V}, score AS _score "
        f"ORDER BY _score DESC, {_V}.id ASC LIMIT {comp.params.add(size)} RETURN {hit} }}"
    )


def _stats(name: str) -> Handler:
    def handle(comp: Compilation, f: Field) -> str:
        return stats_value(comp, STATS[name], f)

    return handle


HANDLERS: Final[dict[str, Handler]] = (
    {t.list_field: _connection(t.name) for t in ENTITY_TYPES if t.list_field}
    | {t.lookup_field: _lookup(t.name) for t in ENTITY_TYPES if t.lookup_field}
    | {"node": _node, "nodes": _nodes, "search": _search}
    | {name: _stats(name) for name in STATS}
)
READ_FIELDS: Final[frozenset[str]] = frozenset(HANDLERS)


def compile_read(f: Field, ctx: CompileContext) -> Statement:
    """The one statement answering the read root field `f`."""
    handler = HANDLERS.get(f.name)
    if handler is None:
        raise NotCompilableError(f"Query.{f.name} is not a read root field")
    comp = Compilation(ctx)
    return comp.finish(f"RETURN {handler(comp, f)} AS value")


__all__ = ["NODES", "READ_FIELDS", "compile_read", "lucene_query"]
