"""Check and normalise mutation input before any write: ids, property values, dates and their order."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from service.core.errors import InvalidInputError
from service.mutations.models import ChangeEntity, EntityKind, FieldSpec, FieldType
from service.model.dates import parse_partial_date

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")
MAX_TEXT = 2_000
MAX_LIST = 200


def parse_id(kind: EntityKind | ChangeEntity, value: str, *, field: str) -> str:
    """The stored id of an entity named by its global id (`Organisation:ba-moj`) or its bare id (`ba-moj`)."""
    text = value.strip()
    head, sep, tail = text.partition(":")
    if sep:
        if head != kind.value:
            raise InvalidInputError(f"{field}: {value!r} names a {head}, expected a {kind.value}", field=field)
        text = tail
    if not _ID.match(text):
        raise InvalidInputError(
            f"{field}: {value!r} is not an id (letters, digits, '.', '_', '-'; at most 128)", field=field
        )
    return text


def slug(text: str) -> str:
    """A lower-case ASCII id made from a name (`Ministry of Justice` -> `ministry-of-justice`)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return out[:80].rstrip("-") or "x"


def check_idempotency_key(key: str | None) -> str | None:
    """The key, when it is 1-200 visible ASCII characters; None when absent."""
    if key is None or key == "":
        return None
    if not _IDEMPOTENCY_KEY.match(key):
        raise InvalidInputError("an idempotency key is 1-200 visible ASCII characters", field="idempotencyKey")
    return key


def _text(spec: FieldSpec, value: Any, field: str) -> str | None:
    if not isinstance(value, str):
        raise InvalidInputError(f"{field} must be a string", field=field)
    text = value.strip()
    if not text:
        if spec.required:
            raise InvalidInputError(f"{field} must not be empty", field=field)
        return None
    if len(text) > MAX_TEXT:
        raise InvalidInputError(f"{field} is longer than {MAX_TEXT} characters", field=field)
    return text


def _texts(spec: FieldSpec, value: Any, field: str) -> list[str]:
    if not isinstance(value, list | tuple):
        raise InvalidInputError(f"{field} must be a list of strings", field=field)
    if len(value) > MAX_LIST:
        raise InvalidInputError(f"{field} holds more than {MAX_LIST} items", field=field)
    out: list[str] = []
    for i, item in enumerate(value):
        text = _text(FieldSpec(spec.name, FieldType.TEXT, required=True), item, f"{field}[{i}]")
        assert text is not None  # required texts are never None
        if spec.type is FieldType.URL_LIST and not text.startswith(("https://", "http://")):
            raise InvalidInputError(f"{field}[{i}] must be an http(s) URL, got {text!r}", field=field)
        if text not in out:
            out.append(text)
    return out


def _number(spec: FieldSpec, value: Any, field: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInputError(f"{field} must be a number", field=field)
    if spec.type is FieldType.INT and not isinstance(value, int):
        raise InvalidInputError(f"{field} must be a whole number", field=field)
    if spec.minimum is not None and value < spec.minimum:
        raise InvalidInputError(f"{field} must be at least {spec.minimum:g}", field=field)
    return float(value) if spec.type is FieldType.FLOAT else value


def clean_value(spec: FieldSpec, value: Any, *, prefix: str = "") -> dict[str, Any]:
    """The stored properties for one input value (a date also writes its `<name>Precision`)."""
    field = prefix + spec.name
    if value is None:
        if spec.required:
            raise InvalidInputError(f"{field} is required", field=field)
        if spec.type in (FieldType.START_DATE, FieldType.END_DATE):
            return {spec.name: None, spec.name + "Precision": None}
        if spec.type in (FieldType.TEXT_LIST, FieldType.URL_LIST):
            return {spec.name: []}
        return {spec.name: None}
    match spec.type:
        case FieldType.TEXT:
            return {spec.name: _text(spec, value, field)}
        case FieldType.INT | FieldType.FLOAT:
            return {spec.name: _number(spec, value, field)}
        case FieldType.BOOL:
            if not isinstance(value, bool):
                raise InvalidInputError(f"{field} must be true or false", field=field)
            return {spec.name: value}
        case FieldType.ENUM:
            text = str(getattr(value, "value", value))
            if text not in spec.choices:
                raise InvalidInputError(f"{field} must be one of {', '.join(sorted(spec.choices))}", field=field)
            return {spec.name: text}
        case FieldType.TEXT_LIST | FieldType.URL_LIST:
            return {spec.name: _texts(spec, value, field)}
        case FieldType.START_DATE | FieldType.END_DATE:
            try:
                date = parse_partial_date(value)
            except ValueError as exc:
                raise InvalidInputError(f"{field}: {exc}", field=field) from None
            stored = date.last if spec.type is FieldType.END_DATE else date.first
            return {spec.name: stored, spec.name + "Precision": date.precision.value}
    raise AssertionError(spec.type)  # pragma: no cover  # the match covers every FieldType


def clean_props(
    specs: tuple[FieldSpec, ...], values: Mapping[str, Any], *, creating: bool, prefix: str = ""
) -> dict[str, Any]:
    """Validated stored properties for the given input values; on create, required fields must be present."""
    by_name = {s.name: s for s in specs}
    props: dict[str, Any] = {}
    for name, value in values.items():
        spec = by_name.get(name)
        if spec is None:
            raise InvalidInputError(f"{prefix}{name} cannot be set here", field=prefix + name)
        props |= clean_value(spec, value, prefix=prefix)
    if creating:
        for spec in specs:
            if spec.required and spec.name not in values:
                raise InvalidInputError(f"{prefix}{spec.name} is required", field=prefix + spec.name)
    return props


def check_period(props: Mapping[str, Any], start: str, end: str) -> None:
    """BAD_USER_INPUT on `end` when both dates are set and the end comes before the start."""
    first, last = props.get(start), props.get(end)
    if first is not None and last is not None and last < first:
        raise InvalidInputError(f"{end} ({last}) is before {start} ({first})", field=end)


def check_years(props: Mapping[str, Any]) -> None:
    """BAD_USER_INPUT when an action plan ends before it starts."""
    first, last = props.get("startYear"), props.get("endYear")
    if first is not None and last is not None and last < first:
        raise InvalidInputError(f"endYear ({last}) is before startYear ({first})", field="endYear")
