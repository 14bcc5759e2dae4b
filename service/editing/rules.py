"""The rules a mutation's input must keep, besides each value's own (model/values.py): ids, periods, kinds."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any, Final

from service.core.errors import InvalidInputError
from service.model.catalog import KINDS, NODES, entity_props, kind_type
from service.model.graph import EDGE_GROUPS, NODE_TYPES, ORGANISATION
from service.model.ids import KEY, KEY_HELP, checked_key
from service.model.spec import Prop
from service.model.values import clean, clean_value, disordered, ordered_pairs, writable_by_name

# Pairs whose second value may not come before the first (dates or years), on entities and records alike.
_PROPS: Final = [t.props for t in NODE_TYPES] + [g.props for g in EDGE_GROUPS]
PERIODS: Final = tuple(dict.fromkeys(pair for props in _PROPS for pair in ordered_pairs(props)))
# Organisation properties that only some kinds have (authorityKind, the GANHRI fields): prop -> the kinds.
_SHARED: Final = frozenset(p.name for p in NODES[ORGANISATION].props)
KIND_PROPS: Final[dict[str, frozenset[str]]] = {}
_KIND_PROPS: Final[dict[str, Prop]] = {}
for _kind in KINDS:
    for _prop in _kind.props:
        if _prop.name not in _SHARED:
            KIND_PROPS[_prop.name] = KIND_PROPS.get(_prop.name, frozenset()) | {_kind.kind_value or ""}
            _KIND_PROPS[_prop.name] = _prop
_IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,200}")


def input_props(props: tuple[Prop, ...], data: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """The stored properties an input sets (its writable fields that were given), validated; errors name
    `input.<field>`."""
    names = writable_by_name(props)
    given = {k: v for k, v in data.items() if k in names}
    return clean(props, given, creating=creating, prefix="input.")


def check_periods(merged: Mapping[str, Any]) -> None:
    """BAD_USER_INPUT on the later field of a pair whose end comes before its start."""
    for first, last in disordered(merged, PERIODS):
        raise InvalidInputError(f"{last} ({merged[last]}) is before {first} ({merged[first]})", field="input." + last)


@cache
def checked_props(type_name: str) -> tuple[str, ...]:
    """The stored properties that `check_periods` (and for an organisation `check_kind_props`) read of an entity as
    written: all that an update statement hands back of it."""
    names = {p.name for p in entity_props(type_name)}
    keys: list[str] = [k for pair in PERIODS for k in pair if k in names]
    if type_name == ORGANISATION:
        keys += ["kind", *KIND_PROPS]
    return tuple(dict.fromkeys(keys))


def check_kind_props(merged: Mapping[str, Any]) -> None:
    """BAD_USER_INPUT when an organisation holds a property its kind does not have (authorityKind on a donor)."""
    kind = merged.get("kind")
    for name, kinds in KIND_PROPS.items():
        if merged.get(name) is not None and kind not in kinds:
            listed = " or ".join(sorted(kinds))
            raise InvalidInputError(f"{name} applies only to organisations of kind {listed}", field="input." + name)


def cleared_by_kind(kind: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """The stored properties a change to `kind` clears: the kind-specific ones the new kind lacks and the input
    leaves out (a partial date with its precision)."""
    own = {p.name for p in kind_type(kind).props}
    out: dict[str, Any] = {}
    for prop in _KIND_PROPS.values():
        if prop.name not in own and prop.name not in given:
            out |= clean_value(prop, None)
    return out


def record_key(group: str, value: str, *, field: str) -> str:
    """The key of a participation or membership named by its global id (`Participation:x`) or its key."""
    text = str(value).strip()
    prefix, sep, rest = text.partition(":")
    if sep:
        if prefix != group:
            raise InvalidInputError(f"{field}: {value!r} is not the id of a {group}", field=field)
        text = rest
    if not KEY.fullmatch(text):
        raise InvalidInputError(f"{field}: {value!r} is not an id ({KEY_HELP})", field=field)
    return text


def entity_key(type_name: str, value: Any, *, field: str) -> str:
    """The key of an entity named in an input by its global id or key (checked as model/ids.py says)."""
    return checked_key(type_name, str(value), field=field)


def idempotency_key(value: Any) -> str | None:
    """The key when it is 1-200 visible ASCII characters; None when absent."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _IDEMPOTENCY_KEY.fullmatch(value):
        raise InvalidInputError("an idempotency key is 1-200 visible ASCII characters", field="idempotencyKey")
    return value
