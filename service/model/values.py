"""Input values checked against the registry: mutation inputs, seed files, CSV rows and IATI files alike.

Every text is NFC-normalised and stripped; a text with control characters, over its documented length, or not
matching its pattern is refused with an error naming the field. Numbers keep their ranges, enums their values,
partial dates (YYYY, YYYY-MM) their precision.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

from service.core.errors import InvalidInputError
from service.core.lru import LRU
from service.model.dates import parse_partial_date
from service.model.spec import Partial, Prop, Scalar, Write

# Line and paragraph separators count as control characters: a name or note is one line of text.
_EXTRA_CONTROLS = frozenset({"\u2028", "\u2029"})


def clean_text(value: Any, *, field: str, max_length: int, required: bool = False) -> str | None:
    """`value` as stored text: a string, NFC-normalised and stripped; None when empty (an error if `required`)."""
    if not isinstance(value, str):
        raise InvalidInputError(f"{field} must be a string", field=field)
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        if required:
            raise InvalidInputError(f"{field} must not be empty", field=field)
        return None
    bad = next((c for c in text if unicodedata.category(c) == "Cc" or c in _EXTRA_CONTROLS), None)
    if bad is not None:
        raise InvalidInputError(f"{field} holds a control character (U+{ord(bad):04X}); remove it", field=field)
    if len(text) > max_length:
        raise InvalidInputError(f"{field} is longer than {max_length} characters ({len(text)})", field=field)
    return text


def _texts(prop: Prop, value: Any, field: str) -> list[str]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidInputError(f"{field} must be a list of strings", field=field)
    if len(value) > prop.max_items:
        raise InvalidInputError(f"{field} holds more than {prop.max_items} items ({len(value)})", field=field)
    out: list[str] = []
    for i, item in enumerate(value):
        text = clean_text(item, field=f"{field}[{i}]", max_length=prop.max_length, required=True)
        assert text is not None  # required texts are never None
        if prop.type is Scalar.URL_LIST and not text.startswith(("https://", "http://")):
            raise InvalidInputError(f"{field}[{i}] must be an http(s) URL, got {text!r}", field=field)
        if prop.pattern is not None and not re.fullmatch(prop.pattern, text):
            raise InvalidInputError(f"{field}[{i}] must be {prop.pattern_help}, got {text!r}", field=field)
        if text not in out:
            out.append(text)
    return out


def _number(prop: Prop, value: Any, field: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInputError(f"{field} must be a number", field=field)
    if prop.type is Scalar.INT:
        if isinstance(value, float):
            if not value.is_integer():
                raise InvalidInputError(f"{field} must be a whole number", field=field)
            value = int(value)
    elif value != value or value in (float("inf"), float("-inf")):
        raise InvalidInputError(f"{field} must be a finite number", field=field)
    if prop.minimum is not None and value < prop.minimum:
        raise InvalidInputError(f"{field} must be at least {prop.minimum:g}", field=field)
    if prop.maximum is not None and value > prop.maximum:
        raise InvalidInputError(f"{field} must be at most {prop.maximum:g}", field=field)
    return float(value) if prop.type is Scalar.FLOAT else value


def _date(prop: Prop, value: Any, field: str) -> dict[str, Any]:
    try:
        date = parse_partial_date(value)
    except ValueError as exc:
        raise InvalidInputError(f"{field}: {exc}", field=field) from None
    if prop.partial is None:
        if date.precision.value != "DAY":
            raise InvalidInputError(f"{field} must be a full date YYYY-MM-DD, got {value!r}", field=field)
        return {prop.name: date.first}
    stored = date.last if prop.partial is Partial.END else date.first
    return {prop.name: stored, prop.name + "Precision": date.precision.value}


def _instant(value: Any, field: str) -> str:
    try:
        parsed = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise InvalidInputError(f"{field}: {value!r} is not an ISO date-time", field=field) from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def clean_value(prop: Prop, value: Any, *, field: str | None = None) -> dict[str, Any]:
    """The stored properties for one input value (a partial date also writes its `<name>Precision`)."""
    field = field or prop.name
    if value is None:
        if prop.write is Write.REQUIRED:
            raise InvalidInputError(f"{field} is required", field=field)
        if prop.partial is not None:
            return {prop.name: None, prop.name + "Precision": None}
        return {prop.name: [] if prop.type.is_list else None}
    match prop.type:
        case Scalar.STRING:
            text = clean_text(value, field=field, max_length=prop.max_length, required=prop.write is Write.REQUIRED)
            if text is not None and prop.pattern is not None and not re.fullmatch(prop.pattern, text):
                raise InvalidInputError(f"{field} must be {prop.pattern_help}, got {text!r}", field=field)
            return {prop.name: text}
        case Scalar.INT | Scalar.FLOAT:
            return {prop.name: _number(prop, value, field)}
        case Scalar.BOOL:
            if not isinstance(value, bool):
                raise InvalidInputError(f"{field} must be true or false", field=field)
            return {prop.name: value}
        case Scalar.ENUM:
            assert prop.enum is not None  # ENUM properties name their enum (Prop checks)
            text = str(getattr(value, "value", value))
            if text not in prop.enum._value2member_map_:
                allowed = ", ".join(str(v) for v in prop.enum)
                raise InvalidInputError(f"{field} must be one of {allowed}, got {text!r}", field=field)
            return {prop.name: text}
        case Scalar.STRING_LIST | Scalar.URL_LIST:
            return {prop.name: _texts(prop, value, field)}
        case Scalar.DATE:
            return _date(prop, value, field)
        case Scalar.DATETIME:
            return {prop.name: _instant(value, field)}
    raise AssertionError(prop.type)  # pragma: no cover  # the match covers every Scalar


# The writable properties of a tuple of properties, by name: id(tuple) -> (the tuple, the map). The registry's tuples
# live as long as the process (entity_props and org_props are cached for that); an entry holds its tuple, so the id
# cannot name another tuple while the entry lives.
_WRITABLE: Final = LRU(256)


def writable_by_name(props: tuple[Prop, ...]) -> Mapping[str, Prop]:
    """The properties of `props` an input may set, by name (computed once per tuple of the registry)."""
    hit = _WRITABLE.get_fresh(id(props))
    if hit is None or hit[0] is not props:
        hit = (props, {p.name: p for p in props if p.settable})
        _WRITABLE.put(id(props), hit)
    found: Mapping[str, Prop] = hit[1]
    return found


def clean(props: tuple[Prop, ...], values: Mapping[str, Any], *, creating: bool, prefix: str = "") -> dict[str, Any]:
    """Validated stored properties for the given input values (names as in the registry).

    A name the props do not declare writable is refused. On create, required properties must be given and the
    others left out take their declared default.
    """
    by_name = writable_by_name(props)
    out: dict[str, Any] = {}
    for name, value in values.items():
        prop = by_name.get(name)
        if prop is None:
            raise InvalidInputError(f"{prefix}{name} cannot be set here", field=prefix + name)
        out |= clean_value(prop, value, field=prefix + name)
    if creating:
        for prop in by_name.values():
            if prop.name in values:
                continue
            if prop.write is Write.REQUIRED:
                raise InvalidInputError(f"{prefix}{prop.name} is required", field=prefix + prop.name)
            if prop.default is not None:
                out[prop.name] = prop.default
    return out


def period(props: Sequence[Prop]) -> tuple[str, str] | None:
    """The (start, end) dates of a record that has a period: its one START and one END partial date."""
    starts = [p.name for p in props if p.partial is Partial.START]
    ends = [p.name for p in props if p.partial is Partial.END]
    return (starts[0], ends[0]) if len(starts) == 1 and len(ends) == 1 else None


def ordered_pairs(props: Sequence[Prop]) -> list[tuple[str, str]]:
    """(first, last) properties that must be in order: a period's start and end, and `start<X>`/`end<X>` twins
    (an action plan's startYear and endYear)."""
    own = period(props)
    names = {p.name for p in props}
    twins = [(n, "end" + n[5:]) for n in sorted(names) if n.startswith("start") and "end" + n[5:] in names]
    return list(dict.fromkeys([*([own] if own else []), *twins]))


def disordered(values: Mapping[str, Any], pairs: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """The (first, last) pairs set in `values` whose last comes before its first (dates or years)."""
    for first, last in pairs:
        a, b = values.get(first), values.get(last)
        if a is not None and b is not None and b < a:
            yield first, last
