"""Bounds and argument checks shared by every network query: ids, roles, hops, caps, countries, periods."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from service.core.errors import InvalidInputError, LimitExceededError
from service.model.catalog import PREFIX_TYPES
from service.model.enums import DEFAULT_NETWORK_ROLES, NetworkLinkType, NetworkNodeKind, NetworkRole
from service.network.models import NETWORK_TYPES, ORGANISATION_KINDS, EntityRef, LinkFilter

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


def parse_ref(value: str, *, argument: str, labels: Sequence[str] = NETWORK_TYPES) -> EntityRef:
    """A global id `"<Type>:<id>"` or a plain seed id, checked against the labels this argument accepts."""
    text = value.strip()
    if not text:
        raise InvalidInputError(f"`{argument}` must not be empty", field=argument)
    head, sep, tail = text.partition(":")
    if sep and head in PREFIX_TYPES:  # a global id of any entity type: refused unless `labels` holds its type
        if head not in labels:
            article = "an" if head[0] in "AEIOU" else "a"
            raise InvalidInputError(
                f"`{argument}` must name one of {', '.join(labels)}; got {article} {head} id {value!r}", field=argument
            )
        if not tail:
            raise InvalidInputError(f"`{argument}` has an empty id after {head!r}: {value!r}", field=argument)
        return EntityRef(label=head, key=tail, raw=value)
    return EntityRef(label=None, key=text, raw=value)


def plain_key(value: str, *, argument: str, label: str) -> str:
    """The stored id behind `value` for an argument that names one label (a country, region, programme)."""
    return parse_ref(value, argument=argument, labels=(label,)).key


def optional_key(value: str | None, *, argument: str, label: str) -> str | None:
    """`plain_key` of an optional argument (None stays None)."""
    return None if value is None else plain_key(value, argument=argument, label=label)


def check_range(value: int, *, argument: str, low: int, high: int) -> int:
    """`value` when low <= value <= high; LIMIT_EXCEEDED above, BAD_USER_INPUT below."""
    if value > high:
        raise LimitExceededError(f"`{argument}` is {value}; the most allowed is {high}", field=argument)
    if value < low:
        raise InvalidInputError(f"`{argument}` is {value}; it must be at least {low}", field=argument)
    return value


def link_filter(
    roles: Iterable[str] | None, as_of: str | None, *, via: Iterable[str] | None = None, argument: str = "roles"
) -> LinkFilter:
    """The links a query follows: the given roles (default: partnership roles and MEMBER), narrowed by `via`.

    `as_of` is a day the Date scalar has checked already.
    """
    chosen = tuple(dict.fromkeys(NetworkRole(r) for r in roles)) if roles is not None else DEFAULT_NETWORK_ROLES
    if via is not None:
        kinds = {NetworkLinkType(v) for v in via}
        if not kinds:
            raise InvalidInputError("`via` must name at least one relationship type", field="via")
        member, participation = NetworkLinkType.MEMBER_OF in kinds, NetworkLinkType.PARTICIPATES_IN in kinds
        chosen = tuple(r for r in chosen if (member if r is NetworkRole.MEMBER else participation))
    if not chosen:
        raise InvalidInputError(f"`{argument}` leaves no link to follow; name at least one role", field=argument)
    return LinkFilter(roles=chosen, as_of=as_of)


def link_args(args: Mapping[str, Any]) -> LinkFilter:
    """The link filter of a root field's `roles` and `asOf` arguments."""
    return link_filter(args.get("roles"), args.get("asOf"))


def check_countries(values: Iterable[str] | None, *, argument: str) -> list[str]:
    """Country ids (ISO alpha-2 or `Country:<id>`), de-duplicated, at most MAX_COUNTRIES."""
    keys = list(dict.fromkeys(plain_key(v, argument=argument, label="Country").upper() for v in values or ()))
    if len(keys) > MAX_COUNTRIES:
        raise LimitExceededError(
            f"`{argument}` names {len(keys)} countries; the most allowed is {MAX_COUNTRIES}", field=argument
        )
    return keys


def check_period(start: str | None, end: str | None, *, start_arg: str, end_arg: str) -> dict[str, Any]:
    """The `$periodFrom`/`$periodUntil` parameters of two days (either may be null); the start must not be later."""
    if start is not None and end is not None and start > end:
        raise InvalidInputError(f"`{start_arg}` ({start}) is after `{end_arg}` ({end})", field=start_arg)
    return {"periodFrom": start, "periodUntil": end}


def kinds(values: Iterable[str] | None) -> list[NetworkNodeKind] | None:
    """The NetworkNodeKind values of a `kinds` argument (None when not given)."""
    return None if values is None else [NetworkNodeKind(v) for v in values]


def organisation_kinds(values: Iterable[str] | None, *, argument: str) -> list[str]:
    """Organisation kinds of a `kinds` argument (default: every kind); connector kinds are refused."""
    chosen = list(dict.fromkeys(kinds(values) or ORGANISATION_KINDS))
    for k in chosen:
        if not k.is_organisation:
            raise InvalidInputError(f"`{argument}` takes organisation kinds only; got {k.value}", field=argument)
    return [k.value for k in chosen]
