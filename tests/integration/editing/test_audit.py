"""The audit trail: fields on what a mutation writes, and auditLog (entity, since, first, privacy)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.integration.editing.conftest import Api
from tests.integration.editing.graph import build_small_graph, scalar

pytestmark = pytest.mark.integration

LOG = (
    "query($e: ID, $s: DateTime, $f: Int = 50) { auditLog(entity: $e, since: $s, first: $f) "
    "{ seq at actor op entityType entityId related before after } }"
)


async def test_every_written_node_and_relationship_is_audited(api: Api) -> None:
    await build_small_graph(api)
    missing = await scalar(
        api,
        "CALL () { MATCH (n) WHERE NOT n:ChangeEvent AND NOT n:ChangeSequence AND NOT n:ApiToken "
        "AND NOT n:_Migration AND NOT n:IdempotencyRecord RETURN n AS x "
        "UNION MATCH ()-[r]->() RETURN r AS x } "
        "WITH x WHERE x.createdAt IS NULL OR x.updatedAt IS NULL OR x.updatedBy IS NULL OR x.version IS NULL "
        "RETURN count(x)",
    )
    assert missing == 0


async def test_audit_log_of_an_entity_includes_its_links_and_records(api: Api) -> None:
    await build_small_graph(api)
    (await api.run('mutation { updateProject(input: {id: "proj-1", expectedVersion: 1, budgetEur: 100}) '
                   "{ changeSeq } }", role="editor")).ok()  # fmt: skip
    log = (await api.run(LOG, {"e": "Project:proj-1"}, role="editor")).ok()["auditLog"]
    assert [e["seq"] for e in log] == sorted((e["seq"] for e in log), reverse=True)
    kinds = [(e["op"], e["entityType"]) for e in log]
    assert kinds[0] == ("UPDATE", "PROJECT")
    assert ("CREATE", "PARTICIPATION") in kinds
    assert ("CREATE", "LINK") in kinds
    assert kinds[-1] == ("CREATE", "PROJECT")
    update = log[0]
    assert update["actor"] == "eddie"
    assert update["before"].get("budgetEur") is None
    assert update["after"]["budgetEur"] == 100.0
    assert update["before"]["version"] == 1
    assert update["after"]["version"] == 2


async def test_since_and_first(api: Api) -> None:
    await build_small_graph(api)
    everything = (await api.run(LOG, {"f": 500}, role="admin")).ok()["auditLog"]
    assert len(everything) >= 10
    assert len((await api.run(LOG, {"f": 3}, role="admin")).ok()["auditLog"]) == 3
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).date().isoformat()
    assert (await api.run(LOG, {"s": future}, role="admin")).ok()["auditLog"] == []
    assert len((await api.run(LOG, {"s": "2000-01-01T00:00:00Z", "f": 500}, role="admin")).ok()["auditLog"]) == len(
        everything
    )
    bad = await api.run(LOG, {"s": "yesterday"}, role="admin")  # not an instant: the DateTime scalar refuses it
    assert bad.code == "GRAPHQL_VALIDATION_FAILED"
    assert "DateTime" in bad.errors[0]["message"]
    bad = await api.run(LOG, {"f": 0}, role="admin")
    assert (bad.code, bad.field) == ("BAD_USER_INPUT", "first")


async def test_sensitive_changes_and_actors_are_hidden_from_the_public(api: Api) -> None:
    await build_small_graph(api)
    for role, sees_sensitive in [("anonymous", False), ("viewer", False), ("editor", True), ("admin", True)]:
        log = (await api.run(LOG, {"f": 500}, role=role)).ok()["auditLog"]
        touched = {r for e in log for r in e["related"]}
        assert ("Organisation:org-b" in touched) is sees_sensitive, role
        assert all((e["actor"] is None) is (role == "anonymous") for e in log), role
        direct = (await api.run(LOG, {"e": "Organisation:org-b"}, role=role)).ok()["auditLog"]
        assert bool(direct) is sees_sensitive, role
