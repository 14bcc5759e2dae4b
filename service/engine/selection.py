"""The selection tree the engine compiles: response keys, field names, coerced arguments, per concrete type.

The GraphQL layer builds it once per document and variables (field collection, fragments and @skip/@include
applied, arguments coerced); the engine compiles it to Cypher and puts the answer's keys in its order. Nothing
here knows GraphQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# The key a compiled value of an abstract type carries to name its concrete type when the selection differs by
# type (never a response key: GraphQL names cannot contain '#'); ordering drops it.
TYPENAME_HINT = "#typename"


@dataclass(frozen=True, slots=True)
class Field:
    """One selected field: its response key, its schema name, its arguments and its own selection."""

    key: str
    name: str
    args: Mapping[str, Any] = field(default_factory=dict)
    sub: Selection | None = None
    # Arguments given as a variable that nothing else in the document reads: argument -> variable. A statement
    # that depends on such an argument only through a parameter can be reused for any value of the variable.
    arg_vars: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Selection:
    """The fields selected on a composite value of type `type_name`.

    For an abstract type, `by_type` holds each possible concrete type's fields (fragments applied for that type);
    `varies` says whether they differ, in which case compiled values carry TYPENAME_HINT.
    """

    type_name: str
    fields: tuple[Field, ...]
    by_type: Mapping[str, tuple[Field, ...]] = field(default_factory=dict)
    varies: bool = False

    def for_type(self, type_name: str) -> tuple[Field, ...]:
        """The fields selected when the value is of the concrete type `type_name`."""
        return self.by_type.get(type_name, self.fields)

    def named(self, name: str) -> list[Field]:
        """The fields (one per response key) that select the schema field `name`."""
        return [f for f in self.fields if f.name == name]
