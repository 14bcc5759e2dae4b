"""Entity updates as one statement: the count, the token check inside it, errors, the change log it writes."""

from __future__ import annotations

import asyncio

import pytest

from service.auth.models import TokenKind
from service.auth.repository import create_token, revoke_token
from service.model.enums import TokenRole
from tests.integration.counting import CountingDriver
from tests.integration.editing.conftest import ERRORS, Api
from tests.integration.editing.graph import build_small_graph, scalar

pytestmark = pytest.mark.integration

BUDGET = (
    'mutation($v: Int!, $b: Float!) { updateProject(input: {id: "proj-1", expectedVersion: $v, budgetEur: $b}) '
    "{ changeSeq project { id version budgetEur updatedBy } " + ERRORS + " } }"
)
READ = '{ project(id: "proj-1") { budgetEur } }'


def counting(api: Api) -> tuple[Api, CountingDriver]:
    """A copy of `api` whose requests go through a counting driver (same tokens, a fresh key cache)."""
    drv = CountingDriver(api.driver)
    return Api(api.schema, drv, api.settings, api.tokens), drv  # type: ignore[arg-type]  # a proxy of the driver


@pytest.mark.parametrize("role", ["editor", "api_key_editor"])
async def test_an_update_is_one_statement(api: Api, role: str) -> None:
    await build_small_graph(api)
    counted, drv = counting(api)
    # An API key is looked up once per process, then remembered; a JWT proves itself.
    first = (await counted.run(BUDGET, {"v": 1, "b": 1000.0}, role=role)).ok()["updateProject"]
    assert first["project"]["version"] == 2
    drv.statements.clear()
    second = (await counted.run(BUDGET, {"v": 2, "b": 2000.0}, role=role)).ok()["updateProject"]
    assert len(drv.statements) == 1, drv.statements
    assert "ApiToken" in drv.statements[0]  # the token's revocation is checked in the same statement
    assert second["changeSeq"] == first["changeSeq"] + 1
    assert second["project"] == {
        "id": "Project:proj-1",
        "version": 3,
        "budgetEur": 2000.0,
        "updatedBy": "eddie" if role == "editor" else "sync",
    }


async def test_the_change_log_keeps_before_and_after(api: Api) -> None:
    await build_small_graph(api)
    out = (await api.run(BUDGET, {"v": 1, "b": 1234.5}, role="editor")).ok()["updateProject"]
    log = (
        await api.run(
            'query { auditLog(entity: "Project:proj-1", first: 1) { seq op actor before after } }', role="editor"
        )
    ).ok()["auditLog"]
    assert log[0]["seq"] == out["changeSeq"]
    assert (log[0]["op"], log[0]["actor"]) == ("UPDATE", "eddie")
    assert log[0]["before"]["version"] == 1
    assert "budgetEur" not in log[0]["before"]
    assert (log[0]["after"]["version"], log[0]["after"]["budgetEur"]) == (2, 1234.5)
    assert log[0]["after"]["title"] == log[0]["before"]["title"] == "Detention project"
    assert list(log[0]["after"]) == sorted(log[0]["after"])
    last = await scalar(api, "MATCH (s:ChangeSequence) RETURN s.value")
    assert last == out["changeSeq"]


async def test_stale_missing_and_invalid_updates_write_nothing(api: Api) -> None:
    await build_small_graph(api)
    seq = await scalar(api, "MATCH (s:ChangeSequence) RETURN s.value")
    stale = await api.run(BUDGET, {"v": 7, "b": 1.0}, role="editor")
    assert (stale.code, stale.field) == ("STALE_UPDATE", "input.expectedVersion")
    assert "is at version 1, not 7" in stale.user_errors[0]["message"]
    assert stale.data == {"updateProject": {"changeSeq": None, "project": None, "userErrors": stale.user_errors}}
    missing = await api.run(
        'mutation { updateProject(input: {id: "nope", expectedVersion: 1, budgetEur: 1}) { changeSeq '
        + ERRORS
        + " } }",
        role="editor",
    )
    assert (missing.code, missing.field) == ("NOT_FOUND", "input.id")
    # The project runs 2017-2019: an end before the start breaks a rule checked on the written properties.
    bad = await api.run(
        'mutation { updateProject(input: {id: "proj-1", expectedVersion: 1, endDate: "2016-01-01"}) '
        "{ changeSeq " + ERRORS + " } }",
        role="editor",
    )
    assert (bad.code, bad.field) == ("BAD_USER_INPUT", "input.endDate"), bad.user_errors
    assert await scalar(api, "MATCH (s:ChangeSequence) RETURN s.value") == seq
    props = await scalar(api, "MATCH (p:Project {id: 'proj-1'}) RETURN properties(p)")
    assert (props["version"], props["endDate"]) == (1, "2019-12-31")


async def test_concurrent_updates_one_wins_and_seqs_stay_gapless(api: Api) -> None:
    await build_small_graph(api)
    start = await scalar(api, "MATCH (s:ChangeSequence) RETURN s.value")
    racing = [api.run(BUDGET, {"v": 1, "b": float(n)}, role="editor") for n in range(6)]
    # Writers taking the general path at the same time share the same sequence.
    themes = [
        api.run(f'mutation {{ createTheme(input: {{name: "Theme {n}"}}) {{ changeSeq }} }}', role="editor")
        for n in range(4)
    ]
    results = await asyncio.gather(*racing, *themes)
    winners = [r for r in results[:6] if not r.errors and not r.user_errors]
    assert len(winners) == 1
    assert {r.code for r in results[:6] if r.user_errors} == {"STALE_UPDATE"}
    seqs = await scalar(api, "MATCH (e:ChangeEvent) WHERE e.seq > $s RETURN collect(e.seq)", s=start)
    assert sorted(seqs) == list(range(start + 1, start + 6))
    assert await scalar(api, "MATCH (s:ChangeSequence) RETURN s.value") == start + 5


@pytest.mark.parametrize("kind", list(TokenKind))
async def test_a_token_revoked_after_use_is_refused_at_once(api: Api, kind: TokenKind) -> None:
    await build_small_graph(api)
    issued = await create_token(api.driver, settings=api.settings, name="temp", role=TokenRole.EDITOR, kind=kind)
    (await api.run(BUDGET, {"v": 1, "b": 1.0}, token=issued.secret)).ok()  # an API key is remembered now
    await revoke_token(api.driver, settings=api.settings, token_id=issued.token.id)
    refused = await api.run(BUDGET, {"v": 2, "b": 2.0}, token=issued.secret)
    assert refused.code == "TOKEN_REVOKED"  # a top-level error: the caller must renew its token
    assert refused.data == {"updateProject": None}
    assert await scalar(api, "MATCH (p:Project {id: 'proj-1'}) RETURN p.version") == 2
    # Reads and mutations on the general path check it too, and so do errors found before the statement.
    assert (await api.run(READ, token=issued.secret)).code == "TOKEN_REVOKED"
    theme = await api.run('mutation { createTheme(input: {name: "T"}) { changeSeq } }', token=issued.secret)
    assert theme.code == "TOKEN_REVOKED"
    empty = await api.run(
        'mutation { updateProject(input: {id: "proj-1", expectedVersion: 2}) { changeSeq ' + ERRORS + " } }",
        token=issued.secret,
    )
    assert empty.code == "TOKEN_REVOKED"  # not "give at least one field to change"
    missing = await api.run(BUDGET.replace('"proj-1"', '"nope"'), {"v": 2, "b": 2.0}, token=issued.secret)
    assert missing.code == "TOKEN_REVOKED"


async def test_a_token_unknown_to_the_graph_is_refused(api: Api) -> None:
    await build_small_graph(api)
    issued = await create_token(api.driver, settings=api.settings, name="gone", role=TokenRole.ADMIN)
    await scalar(api, "MATCH (t:ApiToken {id: $id}) DETACH DELETE t RETURN 1", id=issued.token.id)
    refused = await api.run(BUDGET, {"v": 1, "b": 1.0}, token=issued.secret)
    assert refused.code == "INVALID_TOKEN"
    assert await scalar(api, "MATCH (p:Project {id: 'proj-1'}) RETURN p.version") == 1


async def test_a_viewer_is_forbidden_and_a_revoked_viewer_hears_so(api: Api) -> None:
    await build_small_graph(api)
    assert (await api.run(BUDGET, {"v": 1, "b": 1.0}, role="viewer")).code == "FORBIDDEN"
    viewer = await create_token(api.driver, settings=api.settings, name="v", role=TokenRole.VIEWER)
    await revoke_token(api.driver, settings=api.settings, token_id=viewer.token.id)
    assert (await api.run(BUDGET, {"v": 1, "b": 1.0}, token=viewer.secret)).code == "TOKEN_REVOKED"


async def test_a_repeated_mutation_document_is_prepared_once_and_reads_each_requests_arguments(api: Api) -> None:
    await build_small_graph(api)
    pipeline = api.schema.pipeline  # type: ignore[attr-defined]  # the service's schema carries its pipeline
    document = BUDGET.replace("mutation(", "mutation RepeatedBudget(")  # a document of this test alone
    hits = pipeline.hits
    first = (await api.run(document, {"v": 1, "b": 1000.0}, role="editor")).ok()["updateProject"]
    second = (await api.run(document, {"v": 2, "b": 2000.0}, role="editor")).ok()["updateProject"]
    refused = await api.run(document, {"v": 2, "b": 3000.0}, role="editor")
    assert not refused.errors
    assert refused.data is not None
    stale = refused.data["updateProject"]
    assert pipeline.hits == hits + 2  # prepared by the first request, its arguments read again by the others
    assert (first["project"]["budgetEur"], second["project"]["budgetEur"]) == (1000.0, 2000.0)
    assert second["project"]["version"] == 3
    assert [e["code"] for e in stale["userErrors"]] == ["STALE_UPDATE"]
    assert stale["project"] is None
    assert (await api.run(READ, role="editor")).ok()["project"]["budgetEur"] == 2000.0


async def test_a_mutation_whose_payload_reads_a_variable_is_prepared_for_each_request(api: Api) -> None:
    await build_small_graph(api)
    pipeline = api.schema.pipeline  # type: ignore[attr-defined]  # the service's schema carries its pipeline
    document = (
        "mutation WithOrWithout($v: Int!, $b: Float!, $who: Boolean!) { updateProject(input: "
        '{id: "proj-1", expectedVersion: $v, budgetEur: $b}) { project { budgetEur updatedBy @include(if: $who) } } }'
    )
    hits = pipeline.hits
    shown = (await api.run(document, {"v": 1, "b": 10.0, "who": True}, role="editor")).ok()["updateProject"]
    hidden = (await api.run(document, {"v": 2, "b": 20.0, "who": False}, role="editor")).ok()["updateProject"]
    assert shown["project"] == {"budgetEur": 10.0, "updatedBy": "eddie"}
    assert hidden["project"] == {"budgetEur": 20.0}  # the @include of this request, not the first one's
    assert pipeline.hits == hits
