"""Entity mutations: every kind's create, update and delete, and each failure code with its field."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.editing.conftest import ERRORS, Api
from tests.integration.editing.graph import build_small_graph, scalar

pytestmark = pytest.mark.integration

# kind, create mutation, its input, payload field, update mutation, update input (besides id/expectedVersion)
ENTITY_CASES: list[tuple[str, str, str, str, str, str]] = [
    ("Region", "createRegion", '{name: "Caucasus"}', "region", "updateRegion", '{name: "South Caucasus"}'),
    ("Theme", "createTheme", '{name: "Anti-corruption"}', "theme", "updateTheme", '{notes: ["renamed"]}'),
    (
        "Country",
        "createCountry",
        '{name: "Montenegro", iso2: "ME", iso3: "MNE", coeMember: true, coeMemberSince: "2007-05-11"}',
        "country",
        "updateCountry",
        '{altNames: ["Crna Gora"]}',
    ),
    (
        "Programme",
        "createProgramme",
        '{name: "Partnership for Good Governance", shortName: "PGG", startDate: "2015", endDate: "2018"}',
        "programme",
        "updateProgramme",
        "{budgetEur: 1000000, status: COMPLETED}",
    ),
    (
        "Project",
        "createProject",
        '{title: "Judicial reform", status: ACTIVE, startDate: "2020-03", budgetEur: 2.5e6}',
        "project",
        "updateProject",
        '{title: "Judicial reform II", endDate: "2024"}',
    ),
    (
        "ActionPlan",
        "createActionPlan",
        '{name: "Action Plan for Montenegro", startYear: 2022, endYear: 2025}',
        "actionPlan",
        "updateActionPlan",
        '{adopted: "2022-02-01"}',
    ),
    (
        "CoeBody",
        "createCoeBody",
        '{name: "Venice Commission", role: "advisory"}',
        "coeBody",
        "updateCoeBody",
        '{shortName: "CDL"}',
    ),
    (
        "Network",
        "createNetwork",
        '{name: "Judicial Training Network", type: "professional"}',
        "network",
        "updateNetwork",
        '{shortName: "JTN"}',
    ),
    (
        "Organisation",
        "createOrganisation",
        '{name: "Ombudsman", kind: NHRI, ganhriStatus: A, ganhriStatusAsOf: "2023-10", npmMandate: true}',
        "organisation",
        "updateOrganisation",
        "{kind: CIVIL_SOCIETY, sensitive: true}",
    ),
]


# what each case's update leaves stored on the node (property names and values as the graph holds them)
STORED_AFTER_UPDATE: dict[str, dict[str, Any]] = {
    "Region": {"name": "South Caucasus"},
    "Theme": {"notes": ["renamed"]},
    "Country": {"altNames": ["Crna Gora"], "name": "Montenegro"},
    "Programme": {"budgetEur": 1000000.0, "status": "COMPLETED", "shortName": "PGG"},
    "Project": {"title": "Judicial reform II", "endDatePrecision": "YEAR", "budgetEur": 2.5e6},
    "ActionPlan": {"adopted": "2022-02-01", "startYear": 2022},
    "CoeBody": {"shortName": "CDL", "name": "Venice Commission"},
    "Network": {"shortName": "JTN", "type": "professional"},
    "Organisation": {"kind": "CIVIL_SOCIETY", "sensitive": True, "name": "Ombudsman"},
}


@pytest.mark.parametrize(("kind", "create", "data", "field", "update", "changes"), ENTITY_CASES)
async def test_create_update_delete_each_kind(
    api: Api, kind: str, create: str, data: str, field: str, update: str, changes: str
) -> None:
    created = (
        await api.run(f"mutation {{ {create}(input: {data}) {{ {field} {{ id key version createdAt updatedBy }} "
                      "changeSeq replayed } }", role="editor")
    ).ok()[create]  # fmt: skip
    obj = created[field]
    assert obj["id"] == f"{kind}:{obj['key']}"
    assert obj["version"] == 1
    assert obj["updatedBy"] == "eddie"
    assert created["changeSeq"] >= 1
    assert created["replayed"] is False

    upd_input = changes[:-1] + f', id: "{obj["id"]}", expectedVersion: 1}}'
    updated = (
        await api.run(f"mutation {{ {update}(input: {upd_input}) {{ {field} {{ id version updatedAt }} changeSeq }} }}",
                      role="editor")
    ).ok()[update]  # fmt: skip
    assert updated[field]["version"] == 2
    assert updated["changeSeq"] == created["changeSeq"] + 1
    stored = await scalar(api, f"MATCH (n:{kind} {{id: $key}}) RETURN properties(n)", key=obj["key"])
    expected = STORED_AFTER_UPDATE[kind]
    assert {name: _plain(stored.get(name)) for name in expected} == expected
    assert stored["version"] == 2

    delete = "delete" + create.removeprefix("create")
    deleted = (
        await api.run(f'mutation {{ {delete}(input: {{id: "{obj["id"]}", expectedVersion: 2}}) '
                      "{ deletedId changeSeq } }", role="admin")
    ).ok()[delete]  # fmt: skip
    assert deleted["deletedId"] == obj["id"]
    label = kind
    assert await scalar(api, f"MATCH (n:{label}) RETURN count(n)") == 0


async def test_created_values_are_stored_as_the_model_says(api: Api) -> None:
    data = (
        await api.run(
            'mutation { createProgramme(input: {name: "HF", startDate: "2016-05", endDate: "2019", '
            'sources: ["https://coe.int/hf"], confidence: MEDIUM}) { programme { id startDate startDatePrecision '
            "endDate endDatePrecision sources confidence } } }",
            role="editor",
        )
    ).ok()["createProgramme"]["programme"]
    assert data == {
        "id": "Programme:hf",
        "startDate": "2016-05-01",
        "startDatePrecision": "MONTH",
        "endDate": "2019-12-31",
        "endDatePrecision": "YEAR",
        "sources": ["https://coe.int/hf"],
        "confidence": "MEDIUM",
    }
    props = await scalar(api, "MATCH (p:Programme {id: 'hf'}) RETURN properties(p)")
    assert props["createdAt"] == props["updatedAt"]
    assert props["version"] == 1
    assert props["updatedBy"] == "eddie"
    assert props["synthetic"] is False


async def test_organisation_kind_label_follows_kind(api: Api) -> None:
    await build_small_graph(api)
    out = await api.run(
        'mutation { updateOrganisation(input: {id: "org-a", expectedVersion: 1, kind: DONOR}) '
        "{ organisation { __typename kind version ... on NationalAuthority { authorityKind } } } }",
        role="editor",
    )
    # The payload is the read type of the new kind: a Donor has no authorityKind, and the stored one is cleared.
    assert out.ok()["updateOrganisation"]["organisation"] == {"__typename": "Donor", "kind": "DONOR", "version": 2}
    props = await scalar(api, "MATCH (o:Organisation {id: 'org-a'}) RETURN properties(o)")
    assert "authorityKind" not in props
    labels = await scalar(api, "MATCH (o:Organisation {id: 'org-a'}) RETURN labels(o)")
    assert sorted(labels) == ["Donor", "Organisation"]


async def test_project_with_links_is_created_in_one_go(api: Api) -> None:
    await build_small_graph(api)
    links = await scalar(
        api,
        "MATCH (p:Project {id: 'proj-1'})-[r]->(x) RETURN collect(type(r) + '>' + x.id)",
    )
    assert sorted(links) == ["ADDRESSES>prison-reform", "IMPLEMENTED_IN>BA", "PART_OF>prog-1"]
    rel = await scalar(api, "MATCH (:Project {id: 'proj-1'})-[r:PART_OF]->() RETURN properties(r)")
    assert rel["version"] == 1
    assert rel["updatedBy"] == "ada"
    assert rel["createdAt"]


# -- failures --------------------------------------------------------------------------------------------------------

FAILURES: list[tuple[str, str, str, str]] = [
    # (name, document, code, field)
    (
        "bad date",
        'createProject(input: {title: "X", startDate: "2020-13"}) { changeSeq }',
        "BAD_USER_INPUT",
        "input.startDate",
    ),
    (
        "end before start",
        'createProject(input: {title: "X", startDate: "2020", endDate: "2019"}) { changeSeq }',
        "BAD_USER_INPUT",
        "input.endDate",
    ),
    ("empty name", 'createTheme(input: {name: "  "}) { changeSeq }', "BAD_USER_INPUT", "input.name"),
    (
        "bad url",
        'createTheme(input: {name: "T", sources: ["ftp://x"]}) { changeSeq }',
        "BAD_USER_INPUT",
        "input.sources",
    ),
    ("bad iso2", 'createCountry(input: {name: "Nowhere", iso2: "nw"}) { changeSeq }', "BAD_USER_INPUT", "input.iso2"),
    (
        "negative budget",
        'createProject(input: {title: "X", budgetEur: -1}) { changeSeq }',
        "BAD_USER_INPUT",
        "input.budgetEur",
    ),
    (
        "authority kind on a donor",
        'createOrganisation(input: {name: "D", kind: DONOR, authorityKind: COURT}) { changeSeq }',
        "BAD_USER_INPUT",
        "input.authorityKind",
    ),
    ("bad id", 'createTheme(input: {name: "T", id: "has space"}) { changeSeq }', "BAD_USER_INPUT", "input.id"),
    (
        "id of another type",
        'updateTheme(input: {id: "Project:proj-1", expectedVersion: 1, name: "x"}) { changeSeq }',
        "BAD_USER_INPUT",
        "input.id",
    ),
    (
        "nothing to change",
        'updateTheme(input: {id: "prison-reform", expectedVersion: 1}) { changeSeq }',
        "BAD_USER_INPUT",
        "input",
    ),
    (
        "missing",
        'updateProject(input: {id: "nope", expectedVersion: 1, title: "x"}) { changeSeq }',
        "NOT_FOUND",
        "input.id",
    ),
    (
        "missing link target",
        'createOrganisation(input: {name: "O", kind: DONOR, countryId: "ZZ"}) { changeSeq }',
        "NOT_FOUND",
        "input.countryId",
    ),
    ("duplicate id", 'createProject(input: {id: "proj-1", title: "Other"}) { changeSeq }', "CONFLICT", "input.id"),
    (
        "duplicate name",
        'createTheme(input: {name: "prison REFORM", id: "other"}) { changeSeq }',
        "CONFLICT",
        "input.name",
    ),
    (
        "duplicate country code",
        'createCountry(input: {name: "Bosnia", iso2: "BA", id: "BIH"}) { changeSeq }',
        "CONFLICT",
        "input.iso2",
    ),
    (
        "duplicate organisation in its country",
        'createOrganisation(input: {name: "ministry of justice", '
        'kind: NATIONAL_AUTHORITY, countryId: "BA"}) { changeSeq }',
        "CONFLICT",
        "input.name",
    ),
    (
        "stale",
        'updateProject(input: {id: "proj-1", expectedVersion: 7, title: "x"}) { changeSeq }',
        "STALE_UPDATE",
        "input.expectedVersion",
    ),
    (
        "stale delete",
        'deleteTheme(input: {id: "prison-reform", expectedVersion: 9}) { changeSeq }',
        "STALE_UPDATE",
        "input.expectedVersion",
    ),
    ("delete with participations", 'deleteProject(input: {id: "proj-1"}) { changeSeq }', "WOULD_ORPHAN", "input.id"),
    (
        "delete org with memberships",
        'deleteOrganisation(input: {id: "org-a"}) { changeSeq }',
        "WOULD_ORPHAN",
        "input.id",
    ),
    ("delete country in use", 'deleteCountry(input: {id: "BA"}) { changeSeq }', "WOULD_ORPHAN", "input.id"),
    ("delete region in use", 'deleteRegion(input: {id: "wb"}) { changeSeq }', "WOULD_ORPHAN", "input.id"),
    ("delete theme in use", 'deleteTheme(input: {id: "prison-reform"}) { changeSeq }', "WOULD_ORPHAN", "input.id"),
    ("delete missing", 'deleteNetwork(input: {id: "nope"}) { changeSeq }', "NOT_FOUND", "input.id"),
]


@pytest.mark.parametrize(("name", "document", "code", "field"), FAILURES, ids=[f[0] for f in FAILURES])
async def test_failures_are_user_errors_with_a_code_and_field(
    api: Api, name: str, document: str, code: str, field: str
) -> None:
    await build_small_graph(api)
    before = await _log_state(api)
    out = await api.run("mutation { " + document.replace("{ changeSeq }", "{ changeSeq " + ERRORS + " }") + " }",
                        role="admin")  # fmt: skip
    assert not out.errors, "a domain failure is no top-level error"
    assert (out.code, out.field) == (code, field), out.user_errors
    assert out.user_errors[0]["message"]
    assert out.data is not None
    assert next(iter(out.data.values()))["changeSeq"] is None
    assert await _log_state(api) == before, "a failed mutation must not write"


async def _log_state(api: Api) -> Any:
    return await scalar(
        api,
        "MATCH (n) WITH count(n) AS nodes "
        "OPTIONAL MATCH ()-[r]->() WITH nodes, count(r) AS rels "
        "OPTIONAL MATCH (s:ChangeSequence) RETURN [nodes, rels, s.value]",
    )


async def test_a_delete_removes_the_links_it_owns_and_logs_them(api: Api) -> None:
    await build_small_graph(api)
    out = await api.run(
        'mutation { createOrganisation(input: {id: "tmp", name: "Temp", kind: DONOR, countryId: "BA"}) { changeSeq } }',
        role="editor",
    )
    seq = out.ok()["createOrganisation"]["changeSeq"]
    deleted = (await api.run('mutation { deleteOrganisation(input: {id: "tmp"}) { changeSeq } }', role="admin")).ok()
    assert deleted["deleteOrganisation"]["changeSeq"] == seq + 2  # the node, then its LOCATED_IN link
    log = (await api.run('{ auditLog(entity: "Organisation:tmp") { op entityType entityId } }', role="admin")).ok()
    assert log["auditLog"] == [
        {"op": "DELETE", "entityType": "LINK", "entityId": "Link:tmp|LOCATED_IN|BA"},
        {"op": "DELETE", "entityType": "ORGANISATION", "entityId": "Organisation:tmp"},
        {"op": "CREATE", "entityType": "LINK", "entityId": "Link:tmp|LOCATED_IN|BA"},
        {"op": "CREATE", "entityType": "ORGANISATION", "entityId": "Organisation:tmp"},
    ]


async def test_a_kind_change_clears_what_the_new_kind_lacks(api: Api) -> None:
    (await api.run('mutation { createOrganisation(input: {id: "ombud", name: "Ombudsman", kind: NHRI, ganhriStatus: A, '
                   'ganhriStatusAsOf: "2023-10", npmMandate: true}) { changeSeq } }', role="editor")).ok()  # fmt: skip
    out = await api.run(
        'mutation { updateOrganisation(input: {id: "ombud", expectedVersion: 1, kind: CIVIL_SOCIETY}) '
        "{ organisation { __typename kind } } }",
        role="editor",
    )
    assert out.ok()["updateOrganisation"]["organisation"] == {"__typename": "CivilSocietyOrganisation",
                                                              "kind": "CIVIL_SOCIETY"}  # fmt: skip
    props = await scalar(api, "MATCH (o:Organisation {id: 'ombud'}) RETURN properties(o)")
    assert not [k for k in props if k.startswith(("ganhri", "npm"))], props
    # A kind-specific property the stored kind lacks is refused, and the write rolled back.
    refused = await api.run(
        'mutation { updateOrganisation(input: {id: "ombud", expectedVersion: 2, authorityKind: COURT, '
        'shortName: "O"}) { changeSeq ' + ERRORS + " } }",
        role="editor",
    )
    assert (refused.code, refused.field) == ("BAD_USER_INPUT", "input.authorityKind")
    assert await scalar(api, "MATCH (o:Organisation {id: 'ombud'}) RETURN [o.version, o.shortName]") == [2, None]


def _plain(value: Any) -> Any:
    """A stored value as the expectations above write it (Neo4j dates as ISO text)."""
    return value.iso_format() if hasattr(value, "iso_format") else value
