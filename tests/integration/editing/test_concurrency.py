"""Optimistic concurrency and idempotency: racing updates, retried requests, keys reused for other requests."""

from __future__ import annotations

import asyncio

import pytest

from tests.integration.editing.conftest import ERRORS, Api
from tests.integration.editing.graph import build_small_graph, scalar

pytestmark = pytest.mark.integration

UPDATE = (
    'mutation($t: String!) { updateProject(input: {id: "proj-1", expectedVersion: 1, title: $t}) '
    "{ changeSeq " + ERRORS + " } }"
)


async def test_concurrent_updates_with_the_same_version_one_wins(api: Api) -> None:
    await build_small_graph(api)
    results = await asyncio.gather(*(api.run(UPDATE, {"t": f"Title {n}"}, role="editor") for n in range(6)))
    winners = [r for r in results if not r.errors and not r.user_errors]
    losers = [r for r in results if r.user_errors]
    assert len(winners) == 1
    assert {r.code for r in losers} == {"STALE_UPDATE"}
    assert {r.field for r in losers} == {"input.expectedVersion"}
    assert all(r.data == {"updateProject": {"changeSeq": None, "userErrors": r.user_errors}} for r in losers)
    props = await scalar(api, "MATCH (p:Project {id: 'proj-1'}) RETURN properties(p)")
    assert props["version"] == 2
    updates = await scalar(api, "MATCH (e:ChangeEvent {entityId: 'proj-1', op: 'UPDATE'}) RETURN count(e)")
    assert updates == 1


async def test_concurrent_writers_get_consecutive_seqs(api: Api) -> None:
    results = await asyncio.gather(
        *(api.run(f'mutation {{ createTheme(input: {{name: "Theme {n}"}}) {{ changeSeq }} }}', role="editor")
          for n in range(8))
    )  # fmt: skip
    seqs = sorted(r.ok()["createTheme"]["changeSeq"] for r in results)
    assert seqs == list(range(seqs[0], seqs[0] + 8))
    logged = await scalar(api, "MATCH (e:ChangeEvent) RETURN collect(e.seq)")
    assert sorted(logged) == seqs


CREATE = (
    'mutation($k: String) { createTheme(input: {name: "Once"}, idempotencyKey: $k) '
    "{ theme { id } changeSeq replayed " + ERRORS + " } }"
)


async def test_a_retried_request_applies_once(api: Api) -> None:
    first = (await api.run(CREATE, {"k": "req-1"}, role="editor")).ok()["createTheme"]
    again = (await api.run(CREATE, {"k": "req-1"}, role="editor")).ok()["createTheme"]
    assert first["replayed"] is False
    assert again == {**first, "replayed": True}
    assert await scalar(api, "MATCH (t:Theme) RETURN count(t)") == 1
    assert await scalar(api, "MATCH (e:ChangeEvent) RETURN count(e)") == 1
    record = await scalar(api, "MATCH (r:IdempotencyRecord) RETURN properties(r)")
    assert (record["key"], record["principal"]) == ("req-1", "eddie")
    assert record["createdAt"]
    assert record["resultJson"]


async def test_the_idempotency_key_header_works_too(api: Api) -> None:
    headers = {"idempotency-key": "hdr-1"}
    first = (await api.run(CREATE, role="editor", headers=headers)).ok()["createTheme"]
    again = (await api.run(CREATE, role="editor", headers=headers)).ok()["createTheme"]
    assert again["replayed"] is True
    assert again["changeSeq"] == first["changeSeq"]


async def test_concurrent_retries_apply_once(api: Api) -> None:
    results = await asyncio.gather(*(api.run(CREATE, {"k": "race"}, role="editor") for _ in range(5)))
    payloads = [r.ok()["createTheme"] for r in results]
    assert sorted(p["replayed"] for p in payloads) == [False, True, True, True, True]
    assert len({p["changeSeq"] for p in payloads}) == 1
    assert await scalar(api, "MATCH (t:Theme) RETURN count(t)") == 1


async def test_a_key_reused_for_another_request_is_a_conflict(api: Api) -> None:
    (await api.run(CREATE, {"k": "k2"}, role="editor")).ok()
    other = await api.run(
        'mutation { createTheme(input: {name: "Other"}, idempotencyKey: "k2") { changeSeq ' + ERRORS + " } }",
        role="editor",
    )
    assert (other.code, other.field) == ("CONFLICT", "idempotencyKey")
    # The same request with another selection is another request too: a retry sends the same document.
    other = await api.run(
        'mutation { createTheme(input: {name: "Once"}, idempotencyKey: "k2") { changeSeq ' + ERRORS + " } }",
        role="editor",
    )
    assert (other.code, other.field) == ("CONFLICT", "idempotencyKey")


async def test_keys_are_per_caller(api: Api) -> None:
    (await api.run(CREATE, {"k": "shared"}, role="editor")).ok()
    other = await api.run(
        'mutation { createTheme(input: {name: "Twice"}, idempotencyKey: "shared") { replayed } }', role="admin"
    )
    assert other.ok()["createTheme"]["replayed"] is False


async def test_a_failed_request_is_not_remembered(api: Api) -> None:
    doc = (
        'mutation { addMembership(input: {organisationId: "org-z", networkId: "net-1"}, idempotencyKey: "m1") '
        "{ replayed " + ERRORS + " } }"
    )
    await build_small_graph(api)
    failed = await api.run(doc, role="editor")
    assert failed.code == "NOT_FOUND"
    (await api.run('mutation { createOrganisation(input: {id: "org-z", name: "Z", kind: DONOR}) { changeSeq } }',
                   role="editor")).ok()  # fmt: skip
    assert (await api.run(doc, role="editor")).ok()["addMembership"]["replayed"] is False


async def test_bad_idempotency_keys_are_rejected(api: Api) -> None:
    out = await api.run(CREATE, {"k": "has space"}, role="editor")
    assert (out.code, out.field) == ("BAD_USER_INPUT", "idempotencyKey")


async def test_an_update_with_a_key_is_applied_once(api: Api) -> None:
    await build_small_graph(api)
    doc = (
        'mutation { updateProject(input: {id: "proj-1", expectedVersion: 1, budgetEur: 7}, idempotencyKey: "u1") '
        "{ project { version budgetEur participants { totalCount } } changeSeq replayed " + ERRORS + " } }"
    )
    first = (await api.run(doc, role="editor")).ok()["updateProject"]
    again = (await api.run(doc, role="editor")).ok()["updateProject"]
    assert first["project"] == {"version": 2, "budgetEur": 7.0, "participants": {"totalCount": 2}}
    assert again == {**first, "replayed": True}  # not STALE_UPDATE: the first answer again
    assert await scalar(api, "MATCH (p:Project {id: 'proj-1'}) RETURN p.version") == 2
    assert await scalar(api, "MATCH (e:ChangeEvent {entityId: 'proj-1', op: 'UPDATE'}) RETURN count(e)") == 1


async def test_a_header_key_covers_each_mutation_of_the_request(api: Api) -> None:
    doc = (
        'mutation { a: createTheme(input: {name: "A"}) { changeSeq replayed } '
        'b: createTheme(input: {name: "B"}) { changeSeq replayed } }'
    )
    headers = {"idempotency-key": "two-in-one"}
    first = (await api.run(doc, role="editor", headers=headers)).ok()
    again = (await api.run(doc, role="editor", headers=headers)).ok()
    assert [first["a"]["replayed"], first["b"]["replayed"]] == [False, False]
    assert again == {"a": {**first["a"], "replayed": True}, "b": {**first["b"], "replayed": True}}
    assert await scalar(api, "MATCH (t:Theme) RETURN count(t)") == 2
