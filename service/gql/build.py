"""Strawberry types from declarations: the generators of model_types.py and api_types.py write through these.

Types are made at import time as real classes of a namespace module (their annotations are strings resolved
there), with Strawberry's public constructors: `strawberry.type`/`interface`/`input` and StrawberryField with
its arguments. Fields the compiled stage answers need no resolver.
"""

from __future__ import annotations

import dataclasses
import keyword
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import strawberry
from strawberry.annotation import StrawberryAnnotation
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.field import StrawberryField

REQUIRED: Any = strawberry.UNSET  # an argument or input field without a default is required


class _Unspecified:
    """The default of a field declaration that says nothing (outputs; inputs then default to null)."""


UNSPECIFIED: Any = _Unspecified()


@dataclass(frozen=True)
class Arg:
    """An argument of a field: GraphQL name, annotation text, description, default (REQUIRED: none)."""

    name: str
    type: str
    description: str
    default: Any = None


@dataclass(frozen=True)
class F:
    """A field: GraphQL name, annotation text (resolved in the namespace), description, arguments; for input
    fields, `default` (None: optional, REQUIRED: must be given)."""

    name: str
    type: str
    description: str
    args: tuple[Arg, ...] = ()
    default: Any = UNSPECIFIED


def python_name(name: str) -> str:
    """A Python attribute name for a GraphQL name (`in` -> `in_`, `from` -> `from_`)."""
    return name + "_" if keyword.iskeyword(name) or name in ("AND", "OR", "NOT") else name


class Namespace:
    """The module namespace generated types live in, so string annotations resolve among them."""

    def __init__(self, module: str, scope: MutableMapping[str, Any]) -> None:
        self.module = module
        self.scope = scope

    def annotation(self, text: str) -> StrawberryAnnotation:
        return StrawberryAnnotation(text, namespace=self.scope)  # type: ignore[arg-type]

    def _field(self, f: F) -> StrawberryField:
        # The type comes from the class's string annotation, resolved in the namespace module when the schema is
        # built (a type_annotation given here would be evaluated at once, before later types exist).
        field = StrawberryField(
            python_name=python_name(f.name),
            graphql_name=f.name,
            description=f.description,
            default=dataclasses.MISSING if f.default is REQUIRED or f.default is UNSPECIFIED else f.default,
        )
        if f.args:
            field.arguments = [
                StrawberryArgument(
                    python_name=python_name(a.name),
                    graphql_name=a.name,
                    type_annotation=self.annotation(a.type),
                    description=a.description,
                    default=a.default,
                )
                for a in f.args
            ]
        return field

    def make(
        self,
        name: str,
        description: str,
        fields: Sequence[F],
        *,
        kind: Literal["type", "interface", "input"] = "type",
        bases: Sequence[type] = (),
        namespace_extra: dict[str, Any] | None = None,
    ) -> type:
        """A new Strawberry object, interface or input type, registered in the namespace under `name`."""
        ns: dict[str, Any] = {"__module__": self.module, "__annotations__": {}, "__doc__": description}
        for f in fields:
            attr = python_name(f.name)
            if kind == "input" and f.default is UNSPECIFIED:
                # An input field is optional (default null) when its type is nullable, else the client must give it.
                f = dataclasses.replace(f, default=None if f.type.replace(" ", "").endswith("|None") else REQUIRED)
            ns["__annotations__"][attr] = f.type
            ns[attr] = self._field(f)
        ns.update(namespace_extra or {})
        cls = type(name, tuple(bases), ns)
        decorators: dict[str, Callable[..., Any]] = {
            "type": strawberry.type,
            "interface": strawberry.interface,
            "input": strawberry.input,
        }
        decorate = decorators[kind]
        made: type = decorate(cls, name=name, description=description)
        self.scope[name] = made
        return made
