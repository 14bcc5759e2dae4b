"""Keyset cursors: written by the statement itself, made opaque on the way out, read back into a seek predicate.

A cursor names its row's sort values and id, so the next page seeks past it (`WHERE (sort, id) > (...)`) instead
of skipping rows: a deep page costs what the first does. The statement writes `c1|<signature>|<value>|...|<id>`,
each value `~` (null), `s<text>` (text with `~` and `|` escaped as `~~` and `~p`), `n<number>` or `b<true|false>`;
clients get that text as base64url (`encode`), an opaque string. The signature names the sort (e.g. `TITLE.ASC`),
so a cursor from another `orderBy` is refused.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Any

from service.core.errors import InvalidInputError
from service.engine.compilation import Params, string_literal
from service.model.spec import Scalar

_VERSION = "c1"
_UNESCAPE = re.compile(r"~(.)")
_NUMERIC = frozenset({Scalar.INT, Scalar.FLOAT})


@dataclass(frozen=True)
class SortKey:
    """One ORDER BY term: a Cypher expression, how its values are stored, whether null, and the direction."""

    expr: str
    type: Scalar
    nullable: bool
    ascending: bool

    def flipped(self) -> SortKey:
        return SortKey(self.expr, self.type, self.nullable, not self.ascending)


def order_by(keys: list[SortKey]) -> str:
    """The ORDER BY list (Cypher sorts nulls last ascending and first descending: null is the greatest)."""
    return ", ".join(f"{k.expr} {'ASC' if k.ascending else 'DESC'}" for k in keys)


def _component(key: SortKey) -> str:
    e = key.expr
    if key.type in _NUMERIC:
        text = f"'n' + toString({e})"
    elif key.type is Scalar.BOOL:
        text = f"'b' + toString({e})"
    else:
        text = f"'s' + replace(replace({e}, '~', '~~'), '|', '~p')"
    return text if not key.nullable else f"CASE WHEN {e} IS NULL THEN '~' ELSE {text} END"


def cursor_expr(signature: str, keys: list[SortKey]) -> str:
    """The Cypher expression of a row's cursor text (the last key is the unique tie-breaker)."""
    parts = " + '|' + ".join(_component(k) for k in keys)
    return f"{string_literal(_VERSION + '|' + signature + '|')} + {parts}"


def encode(text: str | None) -> str | None:
    """The opaque form clients see of a cursor text the statement wrote."""
    if text is None:
        return None
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def _text(cursor: str, field: str) -> str:
    padded = cursor + "=" * (-len(cursor) % 4)
    try:
        return base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError) as exc:
        raise InvalidInputError(f"{field}: not a cursor of this API", field=field) from exc


def _value(text: str, type_: Scalar) -> Any:
    if text == "~":
        return None
    tag, body = text[:1], text[1:]
    if tag == "s" and type_ not in _NUMERIC and type_ is not Scalar.BOOL:
        return _UNESCAPE.sub(lambda m: {"~": "~", "p": "|"}[m.group(1)], body)
    if tag == "n" and type_ in _NUMERIC:
        return int(body) if re.fullmatch(r"-?\d+", body) else float(body)
    if tag == "b" and type_ is Scalar.BOOL and body in ("true", "false"):
        return body == "true"
    raise ValueError(text)


def decode(cursor: str, signature: str, keys: list[SortKey], *, field: str) -> list[Any]:
    """The sort values and id a cursor names; InvalidInputError when it is malformed or from another sort."""
    parts = _text(str(cursor), field).split("|")
    if len(parts) < 3 or parts[0] != _VERSION:
        raise InvalidInputError(f"{field}: not a cursor of this API", field=field)
    if parts[1] != signature:
        raise InvalidInputError(f"{field}: the cursor was made for another orderBy", field=field)
    values = parts[2:]
    if len(values) != len(keys):
        raise InvalidInputError(f"{field}: not a cursor of this API", field=field)
    try:
        decoded = [_value(text, key.type) for text, key in zip(values, keys, strict=True)]
    except (ValueError, KeyError) as exc:
        raise InvalidInputError(f"{field}: not a cursor of this API", field=field) from exc
    if decoded[-1] is None:
        raise InvalidInputError(f"{field}: not a cursor of this API", field=field)
    return decoded


def seek(params: Params, keys: list[SortKey], values: list[Any]) -> str:
    """Rows strictly after the anchor `values` in the order `keys` (the last key is unique and never null).

    Written so the first key bounds a range (`x >= $v AND (x > $v OR ...)`), which an index on it can seek.
    """

    def after(i: int) -> str:
        key, value = keys[i], values[i]
        strict = ">" if key.ascending else "<"
        if i == len(keys) - 1:
            return f"{key.expr} {strict} {params.add(value)}"
        rest = after(i + 1)
        if value is None:
            if key.ascending:  # only nulls come after a null, tied on this key
                return f"({key.expr} IS NULL AND {rest})"
            return f"({key.expr} IS NOT NULL OR ({key.expr} IS NULL AND {rest}))"
        p = params.add(value)
        weak = ">=" if key.ascending else "<="
        core = f"({key.expr} {weak} {p} AND ({key.expr} {strict} {p} OR {rest}))"
        if key.ascending and key.nullable:
            return f"({core} OR {key.expr} IS NULL)"
        return core

    return after(0)
