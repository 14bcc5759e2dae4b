"""ISO 3166-1 countries and ISO 4217 currencies from pycountry, a maintained copy of the ISO lists (iso-codes)."""

from __future__ import annotations

import importlib.metadata
import re
from dataclasses import dataclass
from functools import cache
from typing import Final

import pycountry

ISO_SOURCE: Final = f"ISO 3166-1 (pycountry {importlib.metadata.version('pycountry')})"
_ALPHA3: Final = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class IsoCountry:
    """A country as ISO 3166-1 names it: `name` is its common short name (Bolivia), `other_names` the formal
    ones (Plurinational State of Bolivia, Bolivia, Plurinational State of)."""

    alpha2: str
    alpha3: str
    name: str
    other_names: tuple[str, ...]


@cache
def iso_country(alpha2: str) -> IsoCountry | None:
    """The ISO 3166-1 country with this alpha-2 code (upper case), or None (user-assigned codes such as XK too)."""
    found = pycountry.countries.get(alpha_2=alpha2)
    if found is None:
        return None
    names = [getattr(found, "common_name", None), found.name, getattr(found, "official_name", None)]
    shown = next(n for n in names if n)
    return IsoCountry(found.alpha_2, found.alpha_3, shown, tuple(dict.fromkeys(n for n in names if n and n != shown)))


def is_currency_code(code: str) -> bool:
    """Three upper-case letters (the form of an ISO 4217 code, withdrawn currencies included)."""
    return _ALPHA3.fullmatch(code) is not None


@cache
def is_current_currency(code: str) -> bool:
    """Whether ISO 4217 lists `code` as a currency in use today."""
    return pycountry.currencies.get(alpha_3=code) is not None
