"""Change events in one format: JSON-text `before`/`after` become `before.<key>`/`after.<key>` properties."""

# The form every event is written in now (service/editing/cypher.py: flatten). Cypher cannot parse JSON without
# APOC, hence a Python migration. It converts only events that still hold the old properties, a batch per
# transaction, so an interrupted run is simply run again.

from __future__ import annotations

import json
from typing import Any

from neo4j import AsyncDriver

BATCH = 1000

# Only the old form has a property named exactly `before` or `after`.
_OLD = (
    "MATCH (e:ChangeEvent) WHERE e.before IS NOT NULL OR e.after IS NOT NULL "
    "RETURN e.seq AS seq, e.before AS before, e.after AS after LIMIT $limit"
)
_FLATTEN = (
    "UNWIND $rows AS row MATCH (e:ChangeEvent {seq: row.seq}) "
    "FOREACH (k IN keys(row.before) | SET e['before.' + k] = row.before[k]) "
    "FOREACH (k IN keys(row.after) | SET e['after.' + k] = row.after[k]) "
    "REMOVE e.before, e.after"
)


def _properties(text: Any) -> dict[str, Any]:
    """The stored properties a JSON snapshot held (a property cannot be null or a map: nulls are left out, maps
    kept as JSON text)."""
    if not isinstance(text, str) or not text:
        return {}
    loaded = json.loads(text)
    if not isinstance(loaded, dict):
        return {}
    return {k: json.dumps(v, sort_keys=True) if isinstance(v, dict) else v for k, v in loaded.items() if v is not None}


async def migrate(driver: AsyncDriver, *, database: str) -> None:
    """Flatten every change event still kept in the JSON form."""
    while True:
        found = await driver.execute_query(_OLD, {"limit": BATCH}, database_=database)
        rows = [
            {"seq": r["seq"], "before": _properties(r["before"]), "after": _properties(r["after"])}
            for r in found.records
        ]
        if not rows:
            return
        await driver.execute_query(_FLATTEN, {"rows": rows}, database_=database)
