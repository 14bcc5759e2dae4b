"""Participations, memberships and structural links: success, failure codes, and all-or-nothing bulk changes."""

from __future__ import annotations

import pytest

from tests.integration.editing.conftest import ERRORS, Api
from tests.integration.editing.graph import build_small_graph, scalar

pytestmark = pytest.mark.integration

PARTICIPATION = (
    "participation { id organisation { id } project { id } programme { id } role roleClass since until datesDerived "
    "version }"
)


async def test_participation_add_update_end_delete(api: Api) -> None:
    await build_small_graph(api)
    added = (
        await api.run(
            'mutation { addParticipation(input: {organisationId: "Organisation:org-a", programmeId: "prog-1", '
            "role: FUNDER, iatiRole: 1, share: 0.85}) { " + PARTICIPATION + " changeSeq } }",
            role="editor",
        )
    ).ok()["addParticipation"]["participation"]
    assert added == {
        "id": "Participation:org-a--funder--prog-1",
        "organisation": {"id": "Organisation:org-a"},
        "project": None,
        "programme": {"id": "Programme:prog-1"},
        "role": "FUNDER",
        "roleClass": "STRUCTURAL",
        "since": "2016-05-01",  # the programme's dates, as the seed loader does
        "until": "2019-12-31",
        "datesDerived": True,
        "version": 1,
    }
    updated = (
        await api.run(
            'mutation { updateParticipation(input: {id: "org-a--funder--prog-1", expectedVersion: 1, '
            'role: CO_FUNDER, since: "2017"}) { ' + PARTICIPATION + " } }",
            role="editor",
        )
    ).ok()["updateParticipation"]["participation"]
    assert (updated["role"], updated["since"], updated["datesDerived"], updated["version"]) == (
        "CO_FUNDER",
        "2017-01-01",
        False,
        2,
    )
    ended = (
        await api.run(
            'mutation { endParticipation(input: {id: "Participation:org-a--partner--proj-1", until: "2018-06"}) '
            "{ " + PARTICIPATION + " } }",
            role="editor",
        )
    ).ok()["endParticipation"]["participation"]
    assert (ended["until"], ended["datesDerived"], ended["version"]) == ("2018-06-30", False, 2)
    again = await api.run(
        'mutation { endParticipation(input: {id: "org-a--partner--proj-1", until: "2019"}) { changeSeq '
        + ERRORS
        + " } }",
        role="editor",
    )
    assert (again.code, again.field) == ("CONFLICT", "input.until")
    deleted = (
        await api.run(
            'mutation { deleteParticipation(input: {id: "org-a--funder--prog-1"}) { deletedId } }', role="admin"
        )
    ).ok()
    assert deleted["deleteParticipation"]["deletedId"] == "Participation:org-a--funder--prog-1"
    assert await scalar(api, "MATCH ()-[r:PARTICIPATES_IN {id: 'org-a--funder--prog-1'}]->() RETURN count(r)") == 0


async def test_participation_failures(api: Api) -> None:
    await build_small_graph(api)
    cases = [
        ('organisationId: "org-a", projectId: "proj-1", role: PARTNER', "CONFLICT", "input.projectId"),
        ('organisationId: "org-a", projectId: "proj-1", programmeId: "prog-1", role: PARTNER', "BAD_USER_INPUT",
         "input.projectId"),
        ('organisationId: "nobody", projectId: "proj-1", role: PARTNER', "NOT_FOUND", "input.organisationId"),
        ('organisationId: "org-a", projectId: "none", role: PARTNER', "NOT_FOUND", "input.projectId"),
        ('organisationId: "org-a", projectId: "proj-1", role: FUNDER, since: "2019", until: "2018"',
         "BAD_USER_INPUT", "input.until"),
        ('organisationId: "org-a", projectId: "proj-1", role: FUNDER, share: 1.5', "BAD_USER_INPUT", "input.share"),
        ('organisationId: "org-a", projectId: "proj-1", role: FUNDER, iatiRole: 9', "BAD_USER_INPUT",
         "input.iatiRole"),
    ]  # fmt: skip
    for args, code, field in cases:
        out = await api.run("mutation { addParticipation(input: {" + args + "}) { changeSeq " + ERRORS + " } }",
                            role="editor")  # fmt: skip
        assert (out.code, out.field) == (code, field), (args, out.errors, out.user_errors)
    stale = await api.run(
        'mutation { updateParticipation(input: {id: "org-a--partner--proj-1", expectedVersion: 3, share: 0.5}) '
        "{ changeSeq " + ERRORS + " } }",
        role="editor",
    )
    assert (stale.code, stale.field) == ("STALE_UPDATE", "input.expectedVersion")
    missing = await api.run(
        'mutation { endParticipation(input: {id: "nope", until: "2020"}) { changeSeq ' + ERRORS + " } }", role="editor"
    )
    assert (missing.code, missing.field) == ("NOT_FOUND", "input.id")


async def test_a_second_participation_after_the_first_ended_gets_its_own_id(api: Api) -> None:
    await build_small_graph(api)
    (await api.run('mutation { endParticipation(input: {id: "org-a--partner--proj-1", until: "2017-12"}) '
                   "{ changeSeq } }", role="editor")).ok()  # fmt: skip
    out = await api.run(
        'mutation { addParticipation(input: {organisationId: "org-a", projectId: "proj-1", role: PARTNER, '
        'since: "2019-01-01"}) { participation { id since until } } }',
        role="editor",
    )
    assert out.ok()["addParticipation"]["participation"] == {
        "id": "Participation:org-a--partner--proj-1-2",
        "since": "2019-01-01",
        "until": None,
    }


async def test_membership_add_update_end_delete(api: Api) -> None:
    await build_small_graph(api)
    dup = await api.run(
        'mutation { addMembership(input: {organisationId: "org-a", networkId: "net-1"}) { changeSeq ' + ERRORS + " } }",
        role="editor",
    )
    assert (dup.code, dup.field) == ("CONFLICT", "input.networkId")
    added = (
        await api.run(
            'mutation { addMembership(input: {organisationId: "org-b", networkId: "Network:net-1", '
            'membershipStatus: FOUNDER, since: "2015", evidence: "founding charter"}) '
            "{ membership { id organisation { id } network { id } membershipStatus since evidence version } } }",
            role="editor",
        )
    ).ok()["addMembership"]["membership"]
    assert added == {
        "id": "Membership:org-b--member-of--net-1",
        "organisation": {"id": "Organisation:org-b"},
        "network": {"id": "Network:net-1"},
        "membershipStatus": "FOUNDER",
        "since": "2015-01-01",
        "evidence": "founding charter",
        "version": 1,
    }
    upd = await api.run(
        'mutation { updateMembership(input: {id: "org-b--member-of--net-1", expectedVersion: 1, '
        "membershipStatus: OBSERVER}) { membership { membershipStatus version } } }",
        role="editor",
    )
    assert upd.ok()["updateMembership"]["membership"] == {"membershipStatus": "OBSERVER", "version": 2}
    end = await api.run(
        'mutation { endMembership(input: {id: "org-b--member-of--net-1", until: "2014"}) { changeSeq '
        + ERRORS
        + " } }",
        role="editor",
    )
    assert (end.code, end.field) == ("BAD_USER_INPUT", "input.until")  # before it began
    end = await api.run(
        'mutation { endMembership(input: {id: "org-b--member-of--net-1", until: "2020"}) { membership { until } } }',
        role="editor",
    )
    assert end.ok()["endMembership"]["membership"]["until"] == "2020-12-31"
    gone = await api.run(
        'mutation { deleteMembership(input: {id: "org-b--member-of--net-1"}) { deletedId } }', role="admin"
    )
    assert gone.ok()["deleteMembership"]["deletedId"] == "Membership:org-b--member-of--net-1"


async def test_structural_links(api: Api) -> None:
    await build_small_graph(api)
    link = (
        await api.run(
            'mutation { linkEntities(input: {kind: NETWORK_OPERATED_BY_ORGANISATION, sourceId: "net-1", '
            'targetId: "org-a"}) { link { id kind source { id ... on Network { shortName } } '
            "target { __typename id name } updatedBy } changeSeq } }",
            role="editor",
        )
    ).ok()["linkEntities"]["link"]
    assert link == {
        "id": "net-1|OPERATED_BY|org-a",
        "kind": "NETWORK_OPERATED_BY_ORGANISATION",
        "source": {"id": "Network:net-1", "shortName": None},
        "target": {"__typename": "NationalAuthority", "id": "Organisation:org-a", "name": "Ministry of Justice"},
        "updatedBy": "eddie",
    }
    cases = [
        ('kind: NETWORK_OPERATED_BY_ORGANISATION, sourceId: "net-1", targetId: "org-a"', "CONFLICT", "input"),
        ('kind: PROJECT_IMPLEMENTED_IN_COUNTRY, sourceId: "proj-1", targetId: "XX"', "NOT_FOUND", "input.targetId"),
        ('kind: ORGANISATION_SUBUNIT_OF_ORGANISATION, sourceId: "org-a", targetId: "org-a"', "BAD_USER_INPUT",
         "input.targetId"),
        ('kind: PROJECT_PART_OF_PROGRAMME, sourceId: "Programme:prog-1", targetId: "prog-1"', "BAD_USER_INPUT",
         "input.sourceId"),
    ]  # fmt: skip
    for args, code, field in cases:
        out = await api.run("mutation { linkEntities(input: {" + args + "}) { changeSeq " + ERRORS + " } }",
                            role="editor")  # fmt: skip
        assert (out.code, out.field) == (code, field), (args, out.errors, out.user_errors)
    (await api.run('mutation { linkEntities(input: {kind: ORGANISATION_SUBUNIT_OF_ORGANISATION, sourceId: "org-b", '
                   'targetId: "org-a"}) { changeSeq } }', role="editor")).ok()  # fmt: skip
    cycle = await api.run(
        'mutation { linkEntities(input: {kind: ORGANISATION_SUBUNIT_OF_ORGANISATION, sourceId: "org-a", '
        'targetId: "org-b"}) { changeSeq ' + ERRORS + " } }",
        role="editor",
    )
    assert (cycle.code, cycle.field) == ("BAD_USER_INPUT", "input.targetId")
    unlinked = await api.run(
        'mutation { unlinkEntities(input: {kind: NETWORK_OPERATED_BY_ORGANISATION, sourceId: "net-1", '
        'targetId: "org-a"}) { link { id createdAt updatedBy target { id } } } }',
        role="editor",
    )
    gone = unlinked.ok()["unlinkEntities"]["link"]  # as it was
    assert (gone["id"], gone["updatedBy"], gone["target"]) == ("net-1|OPERATED_BY|org-a", "eddie",
                                                               {"id": "Organisation:org-a"})  # fmt: skip
    assert gone["createdAt"]
    missing = await api.run(
        'mutation { unlinkEntities(input: {kind: NETWORK_OPERATED_BY_ORGANISATION, sourceId: "net-1", '
        'targetId: "org-a"}) { changeSeq ' + ERRORS + " } }",
        role="editor",
    )
    assert (missing.code, missing.field) == ("NOT_FOUND", "input")


async def test_bulk_link_changes_apply_together(api: Api) -> None:
    await build_small_graph(api)
    before_seq = await scalar(api, "MATCH (s:ChangeSequence) RETURN s.value")
    out = await api.run(
        "mutation { bulkEditLinks("
        'add: [{kind: NETWORK_FORMED_IN_PROJECT, sourceId: "net-1", targetId: "proj-1"}, '
        '{kind: NETWORK_SUPPORTED_BY_ORGANISATION, sourceId: "net-1", targetId: "org-a"}], '
        'remove: [{kind: PROJECT_ADDRESSES_THEME, sourceId: "proj-1", targetId: "prison-reform"}]'
        ") { added removed changeSeq } }",
        role="admin",
    )
    data = out.ok()["bulkEditLinks"]
    assert (data["added"], data["removed"]) == (2, 1)
    stored = await scalar(
        api,
        "MATCH (:Network {id: 'net-1'})-[r]->(t) WITH type(r) + '>' + t.id AS link ORDER BY link RETURN collect(link)",
    )
    assert stored == ["FORMED_IN>proj-1", "SUPPORTED_BY>org-a"]
    assert await scalar(api, "MATCH (:Project {id: 'proj-1'})-[r:ADDRESSES]->() RETURN count(r)") == 0
    # one change event per link, in one transaction; the payload names the last
    assert data["changeSeq"] == before_seq + 3
    assert await scalar(api, "MATCH (e:ChangeEvent) WHERE e.seq > $seq RETURN count(e)", seq=before_seq) == 3


async def _graph_state(api: Api) -> list[int]:
    return await scalar(
        api,
        "MATCH (n) WITH count(n) AS nodes OPTIONAL MATCH ()-[r]->() WITH nodes, count(r) AS rels "
        "OPTIONAL MATCH (s:ChangeSequence) "
        "RETURN [nodes, rels, s.value, COUNT { (:ChangeEvent) }]",
    )


async def test_a_failing_bulk_change_leaves_nothing_behind(api: Api) -> None:
    await build_small_graph(api)
    before = await _graph_state(api)
    out = await api.run(
        "mutation { bulkEditLinks(add: ["
        '{kind: NETWORK_FORMED_IN_PROJECT, sourceId: "net-1", targetId: "proj-1"}, '
        '{kind: NETWORK_SUPPORTED_BY_ORGANISATION, sourceId: "net-1", targetId: "org-a"}, '
        '{kind: NETWORK_SUPPORTED_BY_ORGANISATION, sourceId: "net-1", targetId: "nobody"}'
        "]) { added changeSeq " + ERRORS + " } }",
        role="admin",
    )
    assert (out.code, out.field) == ("NOT_FOUND", "add.2.targetId")
    assert out.data is not None
    assert (out.data["bulkEditLinks"]["added"], out.data["bulkEditLinks"]["changeSeq"]) == (None, None)
    assert await _graph_state(api) == before
    assert await scalar(api, "MATCH (:Network {id: 'net-1'})-[r]->() RETURN count(r)") == 0


async def test_a_failing_multi_part_create_leaves_nothing_behind(api: Api) -> None:
    await build_small_graph(api)
    before = await _graph_state(api)
    out = await api.run(
        'mutation { createProject(input: {id: "proj-2", title: "Half made", programmeIds: ["prog-1"], '
        'countryIds: ["BA"], themeIds: ["prison-reform", "no-such-theme"]}) { changeSeq ' + ERRORS + " } }",
        role="editor",
    )
    assert (out.code, out.field) == ("NOT_FOUND", "input.themeIds")
    assert await _graph_state(api) == before
    assert await scalar(api, "MATCH (p:Project {id: 'proj-2'}) RETURN count(p)") == 0
