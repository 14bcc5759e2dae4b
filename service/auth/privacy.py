"""The privacy rule of issue 7 (schema/MODEL.md, Privacy): sensitive organisations and small counts.

Reads call these with `Context.can_see_sensitive`; the Cypher predicate is the one the read compiler and the
network queries use, so every read applies the same rule.
"""

from __future__ import annotations

from typing import Final, LiteralString

from service.core.context import Context

# True for an organisation bound to `o` that the caller may see; the statement passes $canSeeSensitive.
VISIBLE_ORGANISATION: Final[LiteralString] = "(coalesce(o.sensitive, false) = false OR $canSeeSensitive)"


def visible_organisation(var: LiteralString) -> LiteralString:
    """VISIBLE_ORGANISATION for an organisation bound to `var` (a Cypher variable name of the statement)."""
    return "(coalesce(" + var + ".sensitive, false) = false OR $canSeeSensitive)"


def suppress_small_count(
    count: int | None, *, involves_sensitive: bool, can_see_sensitive: bool, threshold: int
) -> int | None:
    """The figure a caller may see for an aggregate count; None when it must be suppressed.

    An aggregate that counts sensitive organisations among others (e.g. a statistic that would be distorted by
    leaving them out) is shown to callers who cannot see them only when it is at least `threshold`, so that a
    small group cannot be narrowed down to a sensitive member. Counts computed over visible organisations only
    (the lengths of lists the caller can page through) involve no sensitive organisation and pass unchanged.
    """
    if count is None or can_see_sensitive or not involves_sensitive:
        return count
    return count if count >= threshold else None


def public_count(ctx: Context, count: int | None, *, involves_sensitive: bool) -> int | None:
    """`suppress_small_count` for the request's caller and the configured threshold."""
    return suppress_small_count(
        count,
        involves_sensitive=involves_sensitive,
        can_see_sensitive=ctx.can_see_sensitive,
        threshold=ctx.settings.privacy_count_threshold,
    )
