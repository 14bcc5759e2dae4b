"""Bounds and argument checks shared by every network query: ids, roles, dates, hops, caps."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Final

from service.core.errors import InvalidInputError, LimitExceededError
from service.network.models import (
    DEFAULT_ROLES,
    NETWORK_LABELS,
    EntityRef,
    LinkFilter,
    LinkType,
    NetworkRole,
)

MAX_PATH_HOPS: Final = 6
DEFAULT_PATH_HOPS: Final = 6
MAX_PATHS: Final = 5
MAX_NEIGHBOURHOOD_HOPS: Final = 3
DEFAULT_NEIGHBOURHOOD_HOPS: Final = 2
DEFAULT_NODE_CAP: Final = 200
MAX_NODE_CAP: Final = 1000
MIN_SHARED_IDS: Final = 2
MAX_SHARED_IDS: Final = 10
DEFAULT_TOP: Final = 10
MAX_TOP: Final = 100
DEFAULT_ROWS: Final = 200
MAX_ROWS: Final = 1000
MAX_COUNTRIES: Final = 60
# suggestedPartners: connectors with more participants and members than this are hubs (they link nearly everyone)
# and do not generate candidates; theme-based candidates are capped per theme.
HUB_SIZE: Final = 100
CANDIDATES_PER_THEME: Final = 50


def parse_ref(value: str, *, argument: str, labels: Sequence[str] = NETWORK_LABELS) -> EntityRef:
    """A global id `"<Type>:<id>"` or a plain seed id, checked against the labels this argument accepts."""
    text = value.strip()
    if not text:
        raise InvalidInputError(f"`{argument}` must not be empty", field=argument)
    head, sep, tail = text.partition(":")
    if sep and head in (*NETWORK_LABELS, "Country", "Region", "Theme"):
        if head not in labels:
            raise InvalidInputError(
                f"`{argument}` must name one of {', '.join(labels)}; got a {head} id {value!r}", field=argument
            )
        if not tail:
            raise InvalidInputError(f"`{argument}` has an empty id after {head!r}: {value!r}", field=argument)
        return EntityRef(label=head, key=tail, raw=value)
    return EntityRef(label=None, key=text, raw=value)


def plain_key(value: str, *, argument: str, label: str) -> str:
    """The stored id behind `value` for an argument that names one label (a country, region, programme)."""
    return parse_ref(value, argument=argument, labels=(label,)).key


def check_range(value: int, *, argument: str, low: int, high: int) -> int:
    """`value` when low <= value <= high; LIMIT_EXCEEDED above, BAD_USER_INPUT below."""
    if value > high:
        raise LimitExceededError(f"`{argument}` is {value}; the most allowed is {high}", field=argument)
    if value < low:
        raise InvalidInputError(f"`{argument}` is {value}; it must be at least {low}", field=argument)
    return value


def check_date(value: str | None, *, argument: str, end: bool = False) -> str | None:
    """An ISO date `YYYY-MM-DD` or None; a `YYYY` or `YYYY-MM` means its first day (its last with `end`)."""
    if value is None:
        return None
    text = value.strip()
    for fmt, width in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        if len(text) == width:
            try:
                day = dt.datetime.strptime(text, fmt).date()  # a calendar date, no time zone
            except ValueError:
                break
            if end and width == 7:
                day = day.replace(day=calendar.monthrange(day.year, day.month)[1])
            elif end and width == 4:
                day = day.replace(month=12, day=31)
            return day.isoformat()
    raise InvalidInputError(f"`{argument}` must be a date YYYY-MM-DD; got {value!r}", field=argument)


def link_filter(
    roles: Iterable[NetworkRole] | None,
    as_of: str | None,
    *,
    via: Iterable[LinkType] | None = None,
    argument: str = "roles",
) -> LinkFilter:
    """The links a query follows: the given roles (default: partnership roles and MEMBER), narrowed by `via`."""
    chosen = tuple(dict.fromkeys(roles)) if roles is not None else DEFAULT_ROLES
    if via is not None:
        kinds = set(via)
        if not kinds:
            raise InvalidInputError("`via` must name at least one relationship type", field="via")
        chosen = tuple(
            r
            for r in chosen
            if (LinkType.MEMBER_OF in kinds if r is NetworkRole.MEMBER else LinkType.PARTICIPATES_IN in kinds)
        )
    if not chosen:
        raise InvalidInputError(f"`{argument}` leaves no link to follow; name at least one role", field=argument)
    return LinkFilter(roles=chosen, as_of=check_date(as_of, argument="asOf"))


def check_countries(values: Iterable[str] | None, *, argument: str) -> list[str]:
    """Country ids (ISO alpha-2 or `Country:<id>`), de-duplicated, at most MAX_COUNTRIES."""
    keys = list(dict.fromkeys(plain_key(v, argument=argument, label="Country").upper() for v in values or ()))
    if len(keys) > MAX_COUNTRIES:
        raise LimitExceededError(
            f"`{argument}` names {len(keys)} countries; the most allowed is {MAX_COUNTRIES}", field=argument
        )
    return keys
