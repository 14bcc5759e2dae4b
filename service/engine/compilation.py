"""What one compilation carries: the caller's context, the parameter bag, and Cypher text helpers."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Final

from service.engine.privacy import CAN_SEE_SENSITIVE as CAN_SEE_SENSITIVE  # re-exported: statements pass it
from service.engine.privacy import withheld
from service.engine.selection import Field, Selection
from service.model.spec import Prop, Scalar


class NotCompilableError(Exception):
    """The selection names a field the registry does not know: a bug in the schema or the engine, not input."""


@dataclass(frozen=True)
class CompileContext:
    """What the engine needs besides the selection: who asks (privacy) and the page bounds."""

    can_see_sensitive: bool
    max_page_size: int = 100
    default_page_size: int = 20


@dataclass(frozen=True)
class Rebind:
    """A parameter computed from one argument's value alone by `compute` (which raises what the compiler would):
    the same statement answers any value of that argument once the parameter is recomputed."""

    param: str
    argument: str  # the variable the argument comes from
    compute: Callable[[Any], Any]


@dataclass(frozen=True)
class Statement:
    """One Cypher statement answering one root field.

    `cypher` holds only names of the registry, response keys validated by GraphQL and the engine's own
    variables; every value travels in `params`. A read returns one record whose `value` column is the field's
    value (keyed by response keys); `finish`, when set, turns the record into the value instead (checks of
    NOT_FOUND columns, fields known from the arguments).
    """

    cypher: str
    params: dict[str, Any]
    rebinds: tuple[Rebind, ...] = ()
    finish: Callable[[Mapping[str, Any]], Any] | None = None

    def value(self, record: Mapping[str, Any]) -> Any:
        """The field's value from the statement's one record."""
        return record["value"] if self.finish is None else self.finish(record)

    def rebound(self, variables: Mapping[str, Any]) -> Statement:
        """This statement with its rebindable parameters recomputed for `variables`."""
        params = dict(self.params)
        for r in self.rebinds:
            params[r.param] = r.compute(variables.get(r.argument))
        return Statement(self.cypher, params, self.rebinds, self.finish)


_PLAIN: Final = frozenset({str, int, float, bool})


def plain(value: Any) -> Any:
    """`value` with enums replaced by their values, recursively, so the driver sends plain JSON-like data."""
    if value is None or type(value) in _PLAIN:  # most values: answered before the slower isinstance checks
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


class Params:
    """Statement parameters; equal values share one name, so equal sub-selections compile to equal text."""

    def __init__(self, prefix: str = "p") -> None:
        self.prefix = prefix
        self.values: dict[str, Any] = {}
        self._names: dict[tuple[str, str], str] = {}

    def add_own(self, value: Any) -> str:
        """A `$name` placeholder of `value` that no other value shares (so it can be recomputed alone)."""
        name = f"{self.prefix}x{len(self.values)}"
        self.values[name] = plain(value)
        return "$" + name

    def add(self, value: Any) -> str:
        """The `$name` placeholder of `value` (added on first use)."""
        value = plain(value)
        key = (type(value).__name__, json.dumps(value, sort_keys=True, default=str))
        name = self._names.get(key)
        if name is None:
            name = f"{self.prefix}{len(self._names)}"
            self._names[key] = name
            self.values[name] = value
        return "$" + name


@dataclass
class Compilation:
    """The state of compiling one root field (or one mutation payload)."""

    ctx: CompileContext
    params: Params = field(default_factory=Params)
    rebinds: list[Rebind] = field(default_factory=list)

    def finish(self, cypher: str, finish: Callable[[Mapping[str, Any]], Any] | None = None) -> Statement:
        """The compiled statement with its parameters, the privacy flag included."""
        values = dict(self.params.values)
        values[CAN_SEE_SENSITIVE] = self.ctx.can_see_sensitive
        return Statement(cypher, values, tuple(self.rebinds), finish)


def quote_key(key: str) -> str:
    """A map key in backticks (response keys are GraphQL names, so they never contain a backtick)."""
    if "`" in key:
        raise NotCompilableError(f"unexpected map key {key!r}")
    return f"`{key}`"


def map_literal(entries: list[tuple[str, str]]) -> str:
    """A Cypher map literal from (key, expression) pairs."""
    return "{" + ", ".join(f"{quote_key(k)}: {e}" for k, e in entries) + "}"


def field_map(
    type_name: str,
    fields: Iterable[Field],
    value: Callable[[Field], str | None],
    what: str,
    *,
    typename: str | None = None,
    extra: Sequence[tuple[str, str]] = (),
) -> str:
    """The map literal of the selected `fields` of `type_name`: `__typename` is `typename` (the type's name as a
    literal unless given), every other field `value(field)`. A field without a value is refused as "<type>.<field>
    is not <what>" (`what` says what the fields may be: "a link field", "in the registry"): a bug in the schema or
    the engine. `extra` entries follow the fields."""
    literal = typename if typename is not None else string_literal(type_name)
    entries: list[tuple[str, str]] = []
    for f in fields:
        expr = literal if f.name == "__typename" else value(f)
        if expr is None:
            raise NotCompilableError(f"{type_name}.{f.name} is not {what}")
        entries.append((f.key, expr))
    entries.extend(extra)
    return map_literal(entries)


def fixed_map(sel: Selection, values: Mapping[str, str], what: str) -> str:
    """The map literal of a selection whose every field has one expression in `values`; `what` names the kind of
    field ("pageInfo", "bucket")."""
    return field_map(sel.type_name, sel.fields, lambda f: values.get(f.name), f"a {what} field")


def string_literal(text: str) -> str:
    """A Cypher string literal for closed-vocabulary text (type names, sort signatures)."""
    if not all(c.isalnum() or c in "_.,:|#" for c in text):
        raise NotCompilableError(f"unexpected literal {text!r}")
    return f"'{text}'"


def prop_expr(var: str, prop: Prop, *, redact: bool = False) -> str:
    """A stored property as its GraphQL value: lists and flags never null, floats as floats; free text with the
    names of hidden organisations withheld when `redact` (a caller who may not see them)."""
    expr = f"{var}.{prop.name}"
    if prop.type.is_list and not prop.nullable:
        expr = f"coalesce({expr}, [])"
        if prop.free_text and redact:
            expr = withheld(expr)
        return expr
    if prop.type is Scalar.BOOL and not prop.nullable:
        return f"coalesce({expr}, false)"
    if prop.type is Scalar.FLOAT:
        return f"toFloat({expr})"
    return expr
