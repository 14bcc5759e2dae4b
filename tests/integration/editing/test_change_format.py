"""One change-event format: every event keeps `before.<key>` / `after.<key>` properties, and the migration turns
events stored with JSON text (the old general pipeline's form) into it."""

from __future__ import annotations

import json

import pytest

from service.db.migrations import discover, migrate
from tests.integration.editing.conftest import Api
from tests.integration.editing.graph import build_small_graph, scalar

pytestmark = pytest.mark.integration

OLD_EVENT = """
CREATE (:ChangeSequence {id: 'graph', value: 2})
CREATE (:ChangeEvent {seq: 1, at: '2025-03-01T10:00:00.000+00:00', actor: 'ada', tokenId: 't1',
                      operation: 'updateTheme', op: 'UPDATE', entityType: 'Theme', entityId: 'prisons',
                      related: ['Theme:prisons'], sensitive: false, before: $before, after: $after})
CREATE (:ChangeEvent {seq: 2, at: '2025-03-01T11:00:00.000+00:00', actor: 'ada', tokenId: 't1',
                      operation: 'deleteTheme', op: 'DELETE', entityType: 'Theme', entityId: 'prisons',
                      related: ['Theme:prisons'], sensitive: false, before: $after})
RETURN 1
"""
BEFORE = {"id": "prisons", "name": "Prisons", "notes": ["a", "b"], "version": 1, "budgetEur": None}
AFTER = {"id": "prisons", "name": "Prison reform", "notes": ["a", "b"], "version": 2}


async def test_every_event_is_written_flat(api: Api) -> None:
    await build_small_graph(api)
    (await api.run('mutation { updateTheme(input: {id: "prison-reform", expectedVersion: 1, notes: ["n"]}) '
                   "{ changeSeq } }", role="editor")).ok()  # fmt: skip
    keys = await scalar(api, "MATCH (e:ChangeEvent) UNWIND keys(e) AS k RETURN collect(DISTINCT k)")
    assert "before" not in keys
    assert "after" not in keys
    assert {"after.name", "after.notes", "before.version", "before.name"} <= set(keys)


async def test_an_old_json_event_is_migrated(api: Api) -> None:
    await scalar(api, OLD_EVENT, before=json.dumps(BEFORE), after=json.dumps(AFTER))
    flatten = next(m for m in discover() if m.path.suffix == ".py" and m.name == "flatten_change_events")
    # Run the migration again through the migration runner, as a graph migrated before it existed would.
    await scalar(api, "MATCH (m:_Migration {version: $v}) DELETE m RETURN 1", v=flatten.version)
    assert await migrate(api.driver, database=api.settings.neo4j_database) == [
        f"V{flatten.version:04d}__flatten_change_events"
    ]
    props = await scalar(api, "MATCH (e:ChangeEvent {seq: 1}) RETURN properties(e)")
    assert "before" not in props
    assert "after" not in props
    assert (props["before.name"], props["after.name"], props["after.notes"]) == ("Prisons", "Prison reform", ["a", "b"])
    assert "before.budgetEur" not in props  # a null is no property
    log = (await api.run('{ auditLog(entity: "Theme:prisons") { seq op before after } }', role="admin")).ok()
    assert log["auditLog"] == [
        {"seq": 2, "op": "DELETE", "before": AFTER, "after": None},
        {"seq": 1, "op": "UPDATE", "before": {k: v for k, v in BEFORE.items() if v is not None}, "after": AFTER},
    ]
    # Run once more: nothing is left to convert, and nothing changes.
    await scalar(api, "MATCH (m:_Migration {version: $v}) DELETE m RETURN 1", v=flatten.version)
    await migrate(api.driver, database=api.settings.neo4j_database)
    assert await scalar(api, "MATCH (e:ChangeEvent {seq: 1}) RETURN properties(e)") == props
