"""The privacy rule (schema/MODEL.md, Privacy), written once: every read, count, aggregate and export uses it.

An organisation marked sensitive is visible only to callers who may see sensitive organisations (editors and
admins); statements pass `$canSeeSensitive`.
"""

from __future__ import annotations

from service.engine.compilation import CAN_SEE_SENSITIVE


def visible(var: str) -> str:
    """The predicate that holds for the organisation bound to `var` when the caller may see it."""
    return f"(coalesce({var}.sensitive, false) = false OR ${CAN_SEE_SENSITIVE})"


def visible_or_other(var: str) -> str:
    """`visible` for a node that may or may not be an organisation (only organisations are ever hidden)."""
    return f"(NOT {var}:Organisation OR {visible(var)})"
