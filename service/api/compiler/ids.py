"""Global ids `"<Type>:<key>"` (MODEL.md): parsing, and the keys a lookup or id filter may name."""

from __future__ import annotations

from collections.abc import Sequence

from service.api.compiler.catalog import PREFIX_TYPES
from service.errors import InvalidInputError


def parse_global_id(value: str, *, field: str = "id") -> tuple[str, str]:
    """(type name, key) of a global id; the type is `Organisation` for every organisation kind."""
    prefix, sep, key = str(value).partition(":")
    type_name = PREFIX_TYPES.get(prefix) if sep else None
    if type_name is None or not key:
        known = ", ".join(sorted(PREFIX_TYPES))
        raise InvalidInputError(
            f"{value!r} is not a global id: expected '<Type>:<key>' with Type one of {known}", field=field
        )
    return type_name, key


def key_for_type(type_name: str, value: str, *, field: str = "id") -> str:
    """The key named by `value`, a global id of `type_name` or a plain key (which never contains a colon)."""
    if ":" not in str(value):
        return str(value)
    found, key = parse_global_id(value, field=field)
    if found != type_name:
        raise InvalidInputError(f"{value!r} is the id of a {found}, not of a {type_name}", field=field)
    return key


def keys_for_type(type_name: str, values: Sequence[str], *, field: str) -> list[str]:
    """`key_for_type` for each value, in order."""
    return [key_for_type(type_name, v, field=field) for v in values]
