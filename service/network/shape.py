"""Network answers in the response's shape: a root field's one statement, its projection built from the declarations."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from service.core.errors import PartnernetError
from service.engine.compilation import Compilation, NotCompilableError, Statement, map_literal, string_literal
from service.engine.projection import node_value
from service.engine.selection import Field, Selection
from service.model.catalog import CONCRETE
from service.network import answers
from service.network.analysis import answers as analysis_answers
from service.network.spec import Answer, Out, is_list, named

ANSWERS: Final[dict[str, Answer]] = {a.name: a for a in (*answers.TYPES, *analysis_answers.TYPES)}
_TOKENS: Final = ("v", "d")


def _has_sentences(answer: Answer, seen: frozenset[str] = frozenset()) -> bool:
    for out in answer.fields:
        nested = ANSWERS.get(named(out.type))
        if out.sentence is not None or (
            nested and nested.name not in seen and _has_sentences(nested, seen | {answer.name})
        ):
            return True
    return False


# Answer types with a sentence somewhere below: the only ones `finish` walks.
_WITH_SENTENCES: Final[frozenset[str]] = frozenset(a.name for a in ANSWERS.values() if _has_sentences(a))


def raw_key(name: str) -> str:
    """The key a sentence field's raw data comes back under (never a response key: GraphQL names have no '#')."""
    return "#" + name


def _fill(template: str, scope: Mapping[str, str]) -> str:
    for token in _TOKENS:
        template = template.replace("{" + token + "}", scope.get(token, "null"))
    return template


class Shaper:
    """Builds the projections of one statement (its parameters and nested read types go to `comp`)."""

    def __init__(self, comp: Compilation) -> None:
        self.comp = comp

    def value(self, answer: Answer, fields: Sequence[Field], scope: Mapping[str, str]) -> str:
        """The map literal of an answer value for the selected `fields`, its tokens bound by `scope`."""
        entries: list[tuple[str, str]] = []
        for f in fields:
            entry = self._entry(answer, f, scope, entries)
            if entry is not None:
                entries.append((f.key, entry))
        return map_literal(entries)

    def _entry(self, answer: Answer, f: Field, scope: Mapping[str, str], entries: list[tuple[str, str]]) -> str | None:
        if f.name == "__typename":
            return string_literal(answer.name)
        out = _out(answer, f)
        if out.known:
            return None
        if out.sentence is not None:
            if all(k != raw_key(f.name) for k, _ in entries):
                entries.append((raw_key(f.name), _fill(out.cypher, scope)))
            return None
        return self.field(out, f.sub, scope)

    def field(self, out: Out, sub: Selection | None, scope: Mapping[str, str]) -> str:
        """The expression of one field; an object field's nested value for the selection `sub`."""
        text = _fill(out.cypher, scope)
        if sub is None:
            return text
        over = _fill(out.over, scope) if out.over else scope.get("v", "null")
        nested = ANSWERS.get(named(out.type))
        if nested is not None:
            inner = self.value(nested, sub.fields, {"v": over, **dict(out.bind)})
        else:
            candidates = tuple(t for name in out.types for t in CONCRETE[name]) if out.types else None
            inner = node_value(self.comp, over, sub, 1, candidates)
        return text.replace("{value}", inner)

    def root(self, answer: Answer, sel: Selection) -> tuple[str, str]:
        """(clauses binding what several response keys share, the root value's map literal).

        An object field selected under several keys (aliases with their own selections) is computed once, as a
        map of each key's variant, and each key reads its own: a costly list (brokers, matrix cells) runs once.
        """
        by_name: dict[str, list[Field]] = {}
        for f in sel.fields:
            by_name.setdefault(f.name, []).append(f)
        shared: dict[str, str] = {}
        clauses: list[str] = []
        for name, fields in by_name.items():
            if name == "__typename" or len(fields) < 2 or fields[0].sub is None:
                continue
            out = _out(answer, fields[0])
            var = f"_s{len(clauses)}"
            # Each key's nested value, side by side in one map per element: `{v0: ..., v1: ...}`.
            one = Out(out.name, named(out.type), "", "{value}", out.over, out.bind, out.types)
            variants = map_literal([(f"v{i}", self.field(one, f.sub, {})) for i, f in enumerate(fields)])
            clauses.append(f"WITH *, {_fill(out.cypher, {}).replace('{value}', variants)} AS {var} ")
            for i, f in enumerate(fields):
                shared[f.key] = f"[x IN {var} | x.v{i}]" if is_list(out.type) else f"{var}.v{i}"
        entries: list[tuple[str, str]] = []
        for f in sel.fields:
            entry = shared.get(f.key) or self._entry(answer, f, {}, entries)
            if entry is not None:
                entries.append((f.key, entry))
        return "".join(clauses), map_literal(entries)


def _out(answer: Answer, f: Field) -> Out:
    try:
        return answer.field(f.name)
    except StopIteration:
        raise NotCompilableError(f"{answer.name}.{f.name} is not declared") from None


def write_sentences(answer: Answer, fields: Sequence[Field], value: Any) -> None:
    """Write, in `value` (an answer of type `answer`), each selected sentence from its raw data."""
    if value is None or answer.name not in _WITH_SENTENCES:
        return
    if isinstance(value, list):
        for item in value:
            write_sentences(answer, fields, item)
        return
    for f in fields:
        if f.name == "__typename":
            continue
        out = answer.field(f.name)
        if out.sentence is not None:
            value[f.key] = out.sentence(value[raw_key(f.name)])
        elif f.sub is not None and named(out.type) in ANSWERS:
            write_sentences(ANSWERS[named(out.type)], f.sub.fields, value[f.key])


# A column the statement returns besides its value, and what its value says: the error to raise, or None.
Check = tuple[str, Callable[[Any], PartnernetError | None]]


def require(condition: str, error: Callable[[], PartnernetError]) -> Check:
    """A check that raises `error()` when the Cypher `condition` does not hold (an endpoint not found)."""
    return condition, lambda holds: None if holds else error()


def statement(
    comp: Compilation, f: Field, head: str, *, checks: Sequence[Check] = (), known: Mapping[str, Any] | None = None
) -> Statement:
    """The one statement of a network root field: `head` (the search), then `RETURN <checks>, <value> AS value`.

    The value is a map keyed by response keys holding exactly the selected fields, each computed by the Cypher its
    declaration gives (answers.py), nested read types (`entity`, themes) by the engine's node projection. `finish`
    raises the error of the first of `checks` whose column says so (NOT_FOUND), then fills in the fields the
    arguments decide (`known`: rolesUsed, asOf, ...) and writes the selected sentences from their raw data.
    """
    if f.sub is None:
        raise NotCompilableError(f"{f.name} needs a selection")
    answer = ANSWERS[f.sub.type_name]
    clauses, value = Shaper(comp).root(answer, f.sub)
    columns = "".join(f"{expr} AS check{i}, " for i, (expr, _) in enumerate(checks))
    fixed = {
        g.key: (known or {})[g.name] for g in f.sub.fields if g.name != "__typename" and answer.field(g.name).known
    }
    fields = f.sub.fields
    judges = [judge for _, judge in checks]

    def finish(record: Mapping[str, Any]) -> Any:
        for i, judge in enumerate(judges):
            error = judge(record[f"check{i}"])
            if error is not None:
                raise error
        result = dict(record["value"])
        result.update(
            {key: list(v) if isinstance(v, list) else v for key, v in fixed.items()}
        )  # answers own their lists
        write_sentences(answer, fields, result)
        return result

    return comp.finish(f"{head}{clauses}RETURN {columns}{value} AS value", finish)
