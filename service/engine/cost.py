"""What a selection may cost, computed from the selection tree before any statement runs.

Like GitHub's API, a field that returns a page multiplies everything below it by the page size it asks for (or its
default): `projects(first: 100) { edges { node { participants(first: 100) { ... } } } }` may return 100 x 100
participants. The cost of a document is the number of objects it may return, every composite field counted once
per time it can occur; scalar fields are free. Bounds a field declares itself (network `limit`, `top`, `k`) count as
its page size.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from service.engine.selection import Field

# Arguments that bound how many items a field returns, in the order they are looked for.
_SIZE_ARGUMENTS: Final = ("first", "last", "limit", "top")
# The page size of a connection whose paging arguments are left out.
DEFAULT_PAGE: Final = 20
# A list field without a bound of its own (a project's countries, themes, ...) counts as this many items.
LIST_ITEMS: Final = 10
# `path` returns at most k paths of at most maxHops hops.
_PATH_FIELDS: Final = frozenset({"paths"})


def field_size(f: Field, default_page: int, lists: frozenset[str]) -> int:
    """How many items field `f` may return: its page size, its own bound, or LIST_ITEMS for a plain list."""
    args: Mapping[str, Any] = f.args
    for name in _SIZE_ARGUMENTS:
        value = args.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return max(value, 0)
    if "ids" in args and isinstance(args["ids"], list):
        return len(args["ids"])
    if "k" in args and isinstance(args["k"], int):
        return max(args["k"], 0) * max(int(args.get("maxHops") or 1), 1)
    if {"first", "last"} & set(args) or f.name in lists:
        return default_page if f.name not in lists else LIST_ITEMS
    return 1


def cost(fields: Iterable[Field], *, default_page: int = DEFAULT_PAGE, lists: frozenset[str] = frozenset()) -> int:
    """The number of objects `fields` may return.

    `lists` names the fields that return unbounded small lists (counted as LIST_ITEMS items each); a field with
    paging arguments left out counts as `default_page` items.
    """
    total = 0
    for f in fields:
        if f.sub is not None:
            total += sized_cost(f, item_cost(f, default_page, lists), default_page, lists)
    return total


def sized_cost(f: Field, unit: int, default_page: int = DEFAULT_PAGE, lists: frozenset[str] = frozenset()) -> int:
    """The cost of field `f` when one of its items costs `unit` (item_cost): its size times that, counting at least
    one item (a field answers at least its own object: an empty page is still a connection object)."""
    return max(field_size(f, default_page, lists), 1) * unit


def item_cost(f: Field, default_page: int = DEFAULT_PAGE, lists: frozenset[str] = frozenset()) -> int:
    """What one item of field `f` may cost: the item (a composite field's object) and everything below it. A
    mutation prepared once keeps it, and each request only sizes its root fields anew (sized_cost)."""
    if f.sub is None:
        return 0
    subs = f.sub.by_type.values() if f.sub.by_type else (f.sub.fields,)
    return 1 + max((cost(s, default_page=default_page, lists=lists) for s in subs), default=0)
