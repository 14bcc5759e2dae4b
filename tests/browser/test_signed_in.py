"""Signed-in work in the explorer, in Chromium: sign-in, an edit, a conflict between two browsers, a live update
seen by a second page, an import with its dry run, and an accessibility scan with axe-core."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from neo4j import AsyncDriver

from service.auth.repository import create_token
from service.core.settings import Settings
from service.engine.privacy import mirror_labels
from service.model.enums import TokenRole
from tests.browser.conftest import Browser

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

Issue = Callable[[str, TokenRole], Awaitable[str]]

ORGANISATION = """
query ($id: ID!) { node(id: $id) { ... on Organisation { name shortName version updatedBy sensitive } } }"""


@pytest.fixture
async def issue(seeded_graph: AsyncDriver, settings: Settings) -> AsyncIterator[Issue]:
    """`issue(name, role)`: a token for a person of that role; the tokens go again after the test (they are not
    seed data, so a test that only signs in leaves the seed graph as it found it)."""
    made: list[str] = []

    async def make(name: str, role: TokenRole) -> str:
        issued = await create_token(seeded_graph, settings=settings, name=name, role=role)
        made.append(issued.token.id)
        return issued.secret

    yield make
    await seeded_graph.execute_query(
        "MATCH (t:ApiToken) WHERE t.id IN $ids DETACH DELETE t", ids=made, database_=settings.neo4j_database
    )


async def test_sign_in_once_per_session_shows_sensitive_organisations_marked(
    browser: Browser, writable_seeded_graph: AsyncDriver, issue: Issue, settings: Settings
) -> None:
    await writable_seeded_graph.execute_query(
        "MATCH (o:Organisation {id: 'xk-oik'}) SET o.sensitive = true " + mirror_labels("o"),
        database_=settings.neo4j_database,
    )
    token = await issue("erin", TokenRole.EDITOR)
    assert (await browser.api(ORGANISATION, {"id": "Organisation:xk-oik"}))["node"] is None
    name = (await browser.api(ORGANISATION, {"id": "Organisation:xk-oik"}, token=token))["node"]["name"]

    seen = await browser.run("signIn", token=token, sensitiveId="Organisation:xk-oik", search="Ombudsperson Kosovo")

    assert "Nothing with the id" in seen["anonymousCard"], "anonymous callers do not see it"
    assert "not valid" in seen["refused"]
    assert seen["role"] == "editor"
    assert seen["card"]["title"] == f"{name}Sensitive"
    assert seen["card"]["edit"] is True
    assert seen["afterReload"] == "editor", "the session outlives a reload"
    assert seen["storedRole"] == "editor"
    assert seen["afterSignOut"] is None
    browser.keep_screenshot("signed-in")


async def test_an_edit_shows_a_field_error_then_saves_and_appears_in_the_history(
    browser: Browser, writable_seeded_graph: AsyncDriver, issue: Issue
) -> None:
    token = await issue("erin", TokenRole.EDITOR)
    before = (await browser.api(ORGANISATION, {"id": "Organisation:ba-hro"}))["node"]

    seen = await browser.run(
        "edit",
        token=token,
        id="Organisation:ba-hro",
        name=before["name"],
        shortName="HRO BiH (explorer)",
        participation="ba-hro--partner--ba-hf2-diversity",
        confidence="LOW",
    )

    assert seen["fieldError"]["invalid"] == "true"
    assert "name" in seen["fieldError"]["text"]
    after = (await browser.api(ORGANISATION, {"id": "Organisation:ba-hro"}))["node"]
    assert after["shortName"] == "HRO BiH (explorer)"
    assert after["version"] == before["version"] + 1
    assert after["updatedBy"] == "erin"
    assert seen["saved"]["version"] == str(after["version"])
    participation = await browser.api(
        'query { organisation(id: "ba-hro") { participations(first: 100) { edges { key confidence } } } }'
    )
    edges = participation["organisation"]["participations"]["edges"]
    assert next(e for e in edges if e["key"] == "ba-hro--partner--ba-hf2-diversity")["confidence"] == "LOW"
    history = seen["history"]
    assert "erin changed participation ba-hro--partner--ba-hf2-diversity" in history[0]
    assert "confidence" in history[0]
    assert "erin changed" in history[1]
    assert "HRO BiH (explorer)" in history[1]
    browser.keep_screenshot("edit-history")


async def test_a_conflict_between_two_browsers_shows_both_versions_and_overwrites(
    browser: Browser, writable_seeded_graph: AsyncDriver, issue: Issue
) -> None:
    alice = await issue("alice", TokenRole.EDITOR)
    bob = await issue("bob", TokenRole.EDITOR)
    before = (await browser.api(ORGANISATION, {"id": "Organisation:me-ombudsman"}))["node"]

    seen = await browser.run(
        "conflict", tokenA=alice, tokenB=bob, id="Organisation:me-ombudsman", shortA="PHRF (alice)", shortB="PHRF (bob)"
    )

    assert seen["conflict"]["who"].startswith("Changed by alice at ")
    assert f"now version {before['version'] + 1}" in seen["conflict"]["who"]
    assert seen["conflict"]["rows"]["shortName"] == ["PHRF (bob)", "PHRF (alice)"]
    after = (await browser.api(ORGANISATION, {"id": "Organisation:me-ombudsman"}))["node"]
    assert after["shortName"] == "PHRF (bob)"
    assert after["updatedBy"] == "bob"
    assert after["version"] == before["version"] + 2
    assert seen["after"] == {"shortName": "PHRF (bob)", "version": str(after["version"])}
    browser.keep_screenshot("conflict")


async def test_a_live_update_reaches_a_second_page(
    browser: Browser, writable_seeded_graph: AsyncDriver, issue: Issue
) -> None:
    token = await issue("erin", TokenRole.EDITOR)

    seen = await browser.run("live", token=token, id="Organisation:me-ombudsman", shortName="PHRF (live)")

    # An anonymous page: it is told of the change, not by whom (actors are for token holders).
    assert seen["card"]["notice"].startswith("Updated live: someone changed organisation me-ombudsman at ")
    assert seen["card"]["shortName"] == "PHRF (live)"
    assert seen["map"]["notice"] == seen["card"]["notice"]
    assert "PHRF (live)" in seen["map"]["state"]["status"]["text"]


async def test_an_upload_shows_its_dry_run_then_imports(
    browser: Browser, writable_seeded_graph: AsyncDriver, issue: Issue, tmp_path: Path
) -> None:
    token = await issue("ada", TokenRole.ADMIN)
    before = (await browser.api(ORGANISATION, {"id": "Organisation:ba-hro"}))["node"]
    csv_file = tmp_path / "organisations.csv"
    csv_file.write_text(
        "id,name,short_name,kind,country\n"
        "ba-explorer-ngo,Explorer Test NGO,ETN,CIVIL_SOCIETY,BA\n"
        f"ba-hro,{before['name']},HRO BiH (csv),NHRI,BA\n",
        encoding="utf-8",
    )
    assert (await browser.api(ORGANISATION, {"id": "Organisation:ba-explorer-ngo"}))["node"] is None

    seen = await browser.run("upload", token=token, files=[str(csv_file)])

    dry = seen["dryRun"]
    assert dry["counts"] == {"created": "2", "changed": "1", "unchanged": "1"}  # an organisation and its LOCATED_IN
    outcomes = {r["key"]: r["outcome"] for r in dry["records"]}
    assert outcomes["ba-explorer-ngo"] == "CREATED"
    assert outcomes["ba-hro"] == "CHANGED"
    changed = next(r for r in dry["records"] if r["key"] == "ba-hro")
    assert changed["changes"] == [["shortName", f"shortName: {before['shortName']} → HRO BiH (csv)"]]
    assert "Nothing is written yet" in dry["status"]
    assert seen["imported"]["counts"] == dry["counts"]
    created = (await browser.api(ORGANISATION, {"id": "Organisation:ba-explorer-ngo"}))["node"]
    assert created["name"] == "Explorer Test NGO"
    assert (await browser.api(ORGANISATION, {"id": "Organisation:ba-hro"}))["node"]["shortName"] == "HRO BiH (csv)"
    browser.keep_screenshot("import")


VIEWS = [
    ["map", "?sel=Organisation:ba-hro&colour=community&ar="],
    ["path", "?tab=path&from=Organisation:md-peoples-advocate&to=Organisation:ba-hro"],
    ["country links", "?tab=links&cell=AL:BA"],
    ["brokers", "?tab=analyses&an=brokers"],
    ["gaps", "?tab=analyses&an=gaps"],
    ["suggested partners", "?tab=analyses&an=suggested&ao=Organisation:ba-moj"],
    ["shared partners", "?tab=analyses&an=shared&aids=Organisation:ba-moj,Organisation:me-moj"],
    ["cross-border partners", "?tab=analyses&an=cross&ao=Organisation:ba-moj"],
    ["changes", "?tab=analyses&an=changes"],
    ["communities", "?tab=analyses&an=communities"],
    ["import", "?tab=import"],
]


async def test_no_serious_or_critical_accessibility_violations(browser: Browser, issue: Issue) -> None:
    token = await issue("erin", TokenRole.EDITOR)

    seen = await browser.run("axe", token=token, id="Organisation:ba-hro", views=VIEWS)

    assert seen["views"] == len(VIEWS) + 2
    grave = [v for v in seen["violations"] if v["impact"] in ("serious", "critical")]
    assert grave == [], grave
