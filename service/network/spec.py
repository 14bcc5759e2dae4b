"""The vocabulary network answers and root fields are declared in, as data: types, fields, arguments (no GraphQL)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from service.engine.compilation import CompileContext, Statement
from service.engine.selection import Field


class _Required:
    """The default of an argument that has none: the client must give it."""

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Final[Any] = _Required()


@dataclass(frozen=True)
class Typed:
    """What fields and arguments are declared with: a GraphQL name, a type (SDL text) and a description."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Out(Typed):
    """A field of an answer type, with the Cypher expression that computes it (`type`: e.g. `[NetworkNode!]!`).

    In `cypher`, `{v}` stands for the variable of the value the field belongs to (and `{d}`, in a network node,
    for its distance). A field of an object type puts `{value}` where the nested value goes: an answer type's map,
    or a read type's projection (service/engine/projection.py), over the variable `over` (default `{v}`); `bind`
    sets the nested value's other tokens. A node field of an abstract type names the registry types it may be in
    `types`. `known` fields come from the arguments (the statement leaves them out); for a `sentence` field the
    statement returns `cypher`'s raw data under `#<name>` and `sentence` writes the text from it.
    """

    cypher: str = ""
    over: str = ""
    bind: tuple[tuple[str, str], ...] = ()
    types: tuple[str, ...] = ()
    known: bool = False
    sentence: Callable[[Mapping[str, Any]], str] | None = None


@dataclass(frozen=True)
class Answer:
    """An answer type of the network queries: its GraphQL name, description and fields."""

    name: str
    description: str
    fields: tuple[Out, ...]

    def field(self, name: str) -> Out:
        """The declaration of the field `name`."""
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True)
class Param(Typed):
    """An argument of a root field, with its default (REQUIRED: none; None: null)."""

    default: Any = None


@dataclass(frozen=True)
class Root(Typed):
    """A network root field (`type`: its answer type), its arguments, and the compiler of its one statement."""

    args: tuple[Param, ...]
    compile: Callable[[Field, CompileContext], Statement]


def named(sdl: str) -> str:
    """The named type of a type text: `[NetworkNode!]!` -> `NetworkNode`."""
    return sdl.strip("[]!")


def is_list(sdl: str) -> bool:
    """Whether a type text is a list."""
    return sdl.startswith("[")
