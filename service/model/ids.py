"""Global ids `"<Type>:<key>"` (MODEL.md): parsing, and the keys a lookup, filter or input may name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Final

from service.core.errors import InvalidInputError
from service.model.catalog import PREFIX_TYPES, base_name

KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
# What KEY accepts, for error messages and the import templates.
KEY_HELP: Final = "letters, digits, '.', '_', '-'; at most 128"


def global_id(type_name: str, key: str) -> str:
    """The API's global id of a stored key (type names of organisation kinds become Organisation)."""
    return f"{base_name(type_name)}:{key}"


def parse_global_id(value: str, *, field: str = "id") -> tuple[str, str]:
    """(entity type name, key) of a global id; the type is `Organisation` for every organisation kind."""
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


def checked_key(type_name: str, value: str, *, field: str) -> str:
    """A key an input may write or name: `key_for_type`, then a KEY."""
    key = key_for_type(type_name, value.strip(), field=field)
    if not KEY.fullmatch(key):
        raise InvalidInputError(f"{field}: {value!r} is not an id ({KEY_HELP})", field=field)
    return key


def slug(text: str) -> str:
    """A lower-case ASCII id made from a name (`Ministry of Justice` -> `ministry-of-justice`)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return out[:80].rstrip("-") or "x"


def record_id(organisation: str, word: str, target: str) -> str:
    """A participation's or membership's key when none is given, the seed files' form `<org>--<word>--<target>`:
    `word` is the role of a participation, the relationship type (MEMBER_OF) of a membership, in lower case with
    '-' for '_' (`ba-moj--partner--prj-1`, `ba-hro--member-of--net-ennhri`)."""
    return f"{organisation}--{word.lower().replace('_', '-')}--{target}"
