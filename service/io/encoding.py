"""Neo4j property values to JSON and back without loss (dumps, JSON exports), and as flat text for graph files."""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Mapping
from typing import Any

from neo4j import time as ntime
from neo4j.spatial import CartesianPoint, Point, WGS84Point

from service.core.errors import InvalidInputError

# Tagged forms for the values JSON cannot carry by itself; a dump is read back with exactly these tags.
_TEMPORAL: dict[str, type[Any]] = {
    "$date": ntime.Date,
    "$time": ntime.Time,
    "$datetime": ntime.DateTime,
}
_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}

LIST_JOIN = " | "


def to_json(value: Any) -> Any:
    """A JSON-safe form of a Neo4j property value; `from_json` gives the same value back."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return {"$float": "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")}
    if type(value) in (list, tuple):  # Duration and Point are tuples too: they are tagged below
        return [to_json(v) for v in value]
    if isinstance(value, bytes | bytearray):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, ntime.DateTime):
        return {"$datetime": value.iso_format()} if value.tzinfo is not None else {"$localdatetime": value.iso_format()}
    if isinstance(value, ntime.Date):
        return {"$date": value.iso_format()}
    if isinstance(value, ntime.Time):
        return {"$time": value.iso_format()} if value.tzinfo is not None else {"$localtime": value.iso_format()}
    if isinstance(value, ntime.Duration):
        return {"$duration": [value.months, value.days, value.seconds, value.nanoseconds]}
    if isinstance(value, Point):
        return {"$point": [value.srid, *[float(c) for c in value]]}
    raise InvalidInputError(f"cannot serialise a property value of type {type(value).__name__}")


def from_json(value: Any) -> Any:
    """The Neo4j property value a `to_json` form stands for; raises InvalidInputError on an unknown tag."""
    if isinstance(value, list):
        return [from_json(v) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) != 1:
        raise InvalidInputError(f"a property value cannot be a map: {json.dumps(value)[:80]}")
    (tag, raw), = value.items()  # fmt: skip
    if tag == "$float" and raw in _FLOATS:
        return _FLOATS[raw]
    if tag == "$bytes" and isinstance(raw, str):
        return base64.b64decode(raw)
    if tag in _TEMPORAL and isinstance(raw, str):
        return _TEMPORAL[tag].from_iso_format(raw)
    if tag == "$localdatetime" and isinstance(raw, str):
        return ntime.DateTime.from_iso_format(raw)
    if tag == "$localtime" and isinstance(raw, str):
        return ntime.Time.from_iso_format(raw)
    if tag == "$duration" and isinstance(raw, list) and len(raw) == 4:
        months, days, seconds, nanos = raw
        return ntime.Duration(months=months, days=days, seconds=seconds, nanoseconds=nanos)
    if tag == "$point" and isinstance(raw, list) and len(raw) >= 3:
        srid, *coords = raw
        cls = WGS84Point if srid in (4326, 4979) else CartesianPoint
        return cls(coords)
    raise InvalidInputError(f"unknown tagged value {tag!r}")


def props_to_json(props: Mapping[str, Any]) -> dict[str, Any]:
    """A property map in its JSON-safe form, keys sorted so dumps of the same graph are byte-identical."""
    return {k: to_json(props[k]) for k in sorted(props)}


def props_from_json(props: Mapping[str, Any]) -> dict[str, Any]:
    """The property map a `props_to_json` form stands for."""
    return {k: from_json(v) for k, v in props.items()}


def flat(value: Any) -> str | int | float | bool | None:
    """A value as one scalar for graph-file attributes: lists joined with ' | ', temporals as ISO text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if type(value) in (list, tuple):
        return LIST_JOIN.join(str(flat(v)) for v in value if v is not None)
    encoded = to_json(value)
    if isinstance(encoded, dict):
        (_, raw), = encoded.items()  # fmt: skip
        return raw if isinstance(raw, str) else json.dumps(raw)
    return str(encoded)
