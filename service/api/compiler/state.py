"""What one compilation carries: the schema, fragments, variables, caller context and the parameter bag."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from graphql import FragmentDefinitionNode, GraphQLSchema
from graphql.execution.values import VariableValues

from service.errors import NotPreparedForFastPathError

# The one parameter every statement may use for the privacy rule of issue 7.
CAN_SEE_SENSITIVE = "canSeeSensitive"


class NotCompilableError(NotPreparedForFastPathError):
    """The selection names a field the catalog does not know: a bug in the schema or the catalog, not input."""


@dataclass(frozen=True)
class CompileContext:
    """What the compiler needs besides the AST.

    `typename_hints` adds a `#typename` key to every value of an abstract GraphQL type, which graphql-core's
    executor needs to pick the concrete type (the key can never be a response key); a caller that serialises the
    value as-is leaves it off.
    """

    can_see_sensitive: bool
    max_page_size: int = 100
    default_page_size: int = 20
    typename_hints: bool = False


@dataclass(frozen=True)
class CompiledField:
    """One Cypher statement answering one root field.

    `cypher` is built only from closed vocabularies (labels, relationship types and property names of the
    catalog, response keys validated by GraphQL); every value travels in `params`. The statement returns exactly
    one record with one column named `value`: the field's response value, keyed by response keys.
    """

    cypher: str
    params: dict[str, Any]
    # Parameters that hold a function of one variable and nothing else: (parameter, variable, function). The same
    # statement answers any value of that variable once the parameter is recomputed (see api/compiled.py).
    rebinds: tuple[Rebind, ...] = ()


@dataclass(frozen=True)
class Rebind:
    """A parameter computed from one variable alone by `compute` (which raises what the compiler would)."""

    param: str
    variable: str
    compute: Callable[[Any], Any]


def plain(value: Any) -> Any:
    """`value` with enums replaced by their values, recursively, so the driver sends plain JSON-like data."""
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
    """The state of compiling one root field (or one mutation payload via `project_node`)."""

    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: VariableValues
    ctx: CompileContext
    params: Params = field(default_factory=Params)
    rebinds: list[Rebind] = field(default_factory=list)

    def finish(self, cypher: str) -> CompiledField:
        """The compiled statement with its parameters, the privacy flag included."""
        values = dict(self.params.values)
        values[CAN_SEE_SENSITIVE] = self.ctx.can_see_sensitive
        return CompiledField(cypher, values, tuple(self.rebinds))


def variable_values(variables: Mapping[str, Any] | VariableValues | None) -> VariableValues:
    """graphql-core's container for coerced variables, from either that container or a plain dict."""
    if isinstance(variables, VariableValues):
        return variables
    # Only `coerced` is read when arguments are coerced; `sources` serves validation, which already ran.
    return VariableValues(sources={}, coerced=dict(variables or {}))


def privacy(var: str) -> str:
    """The predicate hiding sensitive organisations bound to `var` from callers who may not see them."""
    return f"(coalesce({var}.sensitive, false) = false OR ${CAN_SEE_SENSITIVE})"


def quote_key(key: str) -> str:
    """A map key in backticks (response keys are GraphQL names, so they never contain a backtick)."""
    if "`" in key:
        raise NotCompilableError(f"unexpected map key {key!r}")
    return f"`{key}`"


def map_literal(entries: list[tuple[str, str]]) -> str:
    """A Cypher map literal from (key, expression) pairs."""
    return "{" + ", ".join(f"{quote_key(k)}: {e}" for k, e in entries) + "}"


def string_literal(text: str) -> str:
    """A Cypher string literal for closed-vocabulary text (type names, sort signatures)."""
    if not all(c.isalnum() or c in "_.,:|" for c in text):
        raise NotCompilableError(f"unexpected literal {text!r}")
    return f"'{text}'"
