"""Every kind of caller against every kind of mutation: who may do what, and the code each refusal carries."""

from __future__ import annotations

import pytest

from tests.integration.editing.conftest import Api
from tests.integration.editing.graph import scalar

pytestmark = pytest.mark.integration

# The same fixture graph, written directly (fast): a project, a country, a theme nothing uses, an organisation.
SETUP = """
CREATE (:Project {id: 'proj-1', name: 'P', title: 'P', version: 1})
CREATE (:Country {id: 'BA', name: 'Bosnia and Herzegovina', iso2: 'BA', version: 1})
CREATE (:Theme {id: 'unused', name: 'Unused', version: 1})
CREATE (:Organisation:Donor {id: 'org-a', name: 'Donor A', kind: 'DONOR', version: 1})
"""

MUTATION_KINDS: dict[str, str] = {
    "create": 'createTheme(input: {name: "New theme"}) { changeSeq }',
    "update": 'updateProject(input: {id: "proj-1", expectedVersion: 1, title: "Renamed"}) { changeSeq }',
    "link": 'linkEntities(input: {kind: PROJECT_IMPLEMENTED_IN_COUNTRY, sourceId: "proj-1", targetId: "BA"}) '
    "{ changeSeq }",
    "participation": 'addParticipation(input: {organisationId: "org-a", projectId: "proj-1", role: FUNDER}) '
    "{ changeSeq }",
    "delete": 'deleteTheme(input: {id: "unused"}) { changeSeq }',
    "bulk": 'bulkEditLinks(add: [{kind: PROJECT_IMPLEMENTED_IN_COUNTRY, sourceId: "proj-1", targetId: "BA"}]) '
    "{ changeSeq }",
}
EDITOR_KINDS = {"create", "update", "link", "participation"}

# role -> the error code it gets, or None when its role decides.
FIXED: dict[str, str | None] = {
    "anonymous": "UNAUTHENTICATED",
    "viewer": "FORBIDDEN",
    "editor": None,
    "api_key_editor": None,
    "admin": None,
    "expired": "TOKEN_EXPIRED",
    "revoked": "TOKEN_REVOKED",
    "bad": "INVALID_TOKEN",
    "forged": "INVALID_TOKEN",
}


def expected(role: str, kind: str) -> str | None:
    """The code `role` gets for `kind`, None for success."""
    if FIXED[role] is not None:
        return FIXED[role]
    if role == "admin" or kind in EDITOR_KINDS:
        return None
    return "FORBIDDEN"


@pytest.mark.parametrize("kind", list(MUTATION_KINDS))
@pytest.mark.parametrize("role", list(FIXED))
async def test_role_against_mutation_kind(api: Api, role: str, kind: str) -> None:
    await scalar(api, SETUP + " RETURN 1")
    out = await api.run("mutation { " + MUTATION_KINDS[kind] + " }", role=role)
    code = expected(role, kind)
    if code is None:
        out.ok()
        assert await scalar(api, "MATCH (e:ChangeEvent) RETURN count(e)") >= 1
    else:
        # A top-level error: bad credentials fail the whole request, a missing token or a weak role the field.
        assert out.code == code, out.errors
        assert not any((out.data or {}).values())
        assert await scalar(api, "MATCH (e:ChangeEvent) RETURN count(e)") == 0


@pytest.mark.parametrize("role", list(FIXED))
async def test_reads_are_open_but_bad_credentials_fail(api: Api, role: str) -> None:
    out = await api.run("{ serviceInfo { version } }", role=role)
    code = FIXED[role] if FIXED[role] not in ("UNAUTHENTICATED", "FORBIDDEN") else None
    if code is None:
        assert out.ok()["serviceInfo"]["version"]
    else:
        assert out.code == code


async def test_the_actor_is_the_tokens_name(api: Api) -> None:
    await scalar(api, SETUP + " RETURN 1")
    (await api.run("mutation { " + MUTATION_KINDS["update"] + " }", role="api_key_editor")).ok()
    props = await scalar(api, "MATCH (p:Project {id: 'proj-1'}) RETURN properties(p)")
    assert (props["updatedBy"], props["version"], props["title"]) == ("sync", 2, "Renamed")
    actor = await scalar(api, "MATCH (e:ChangeEvent) RETURN e.actor")
    assert actor == "sync"
