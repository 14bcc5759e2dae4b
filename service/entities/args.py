"""Argument declarations shared by every paginated field, so each says the same thing the same way."""

from __future__ import annotations

from typing import Annotated

import strawberry

from service.errors import PartnernetError

First = Annotated[
    int | None,
    strawberry.argument(description="Page forwards: at most this many edges (default 20, at most 100)."),
]
After = Annotated[str | None, strawberry.argument(description="Page forwards from the edge with this cursor.")]
Last = Annotated[
    int | None,
    strawberry.argument(description="Page backwards: at most this many edges before `before` (at most 100)."),
]
Before = Annotated[str | None, strawberry.argument(description="Page backwards from the edge with this cursor.")]
WHERE = "Only edges matching these conditions."
ORDER_BY = "Sort keys, most significant first; ties are broken by key. Default: by key."


class CompiledOnlyError(PartnernetError):
    """A field of the read API reached without the compiled statement that answers it."""

    code = "INTERNAL"


def compiled_only() -> CompiledOnlyError:
    """The error for a nested field resolved outside its root field's compiled statement."""
    return CompiledOnlyError("this field is answered by its root field's compiled statement")
