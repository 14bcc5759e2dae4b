"""A small graph built through the API itself, for editing tests that need something to edit."""

from __future__ import annotations

from typing import Any

from tests.integration.editing.conftest import Api

SMALL_GRAPH = """
mutation Build {
  r: createRegion(input: {id: "wb", name: "Western Balkans"}) { changeSeq }
  c: createCountry(input: {name: "Bosnia and Herzegovina", iso2: "BA", iso3: "BIH", regionIds: ["Region:wb"]}) {
    changeSeq
  }
  t: createTheme(input: {name: "Prison reform"}) { changeSeq }
  g: createProgramme(input: {id: "prog-1", name: "Horizontal Facility", startDate: "2016-05",
                             endDate: "2019", countryIds: ["BA"]}) { changeSeq }
  p: createProject(input: {id: "proj-1", title: "Detention project", startDate: "2017-01-01",
                           endDate: "2019-12-31", status: COMPLETED, programmeIds: ["prog-1"], countryIds: ["BA"],
                           themeIds: ["prison-reform"]}) { changeSeq }
  a: createOrganisation(input: {id: "org-a", name: "Ministry of Justice", kind: NATIONAL_AUTHORITY,
                                authorityKind: MINISTRY_OF_JUSTICE, countryId: "BA"}) { changeSeq }
  b: createOrganisation(input: {id: "org-b", name: "Defenders Shelter", kind: CIVIL_SOCIETY, sensitive: true,
                                countryId: "BA"}) { changeSeq }
  n: createNetwork(input: {id: "net-1", name: "Prison Network"}) { changeSeq }
  pa: addParticipation(input: {organisationId: "org-a", projectId: "proj-1", role: PARTNER}) {
    participation { id }
  }
  pb: addParticipation(input: {organisationId: "org-b", projectId: "proj-1", role: CIVIL_SOCIETY_PARTNER}) {
    participation { id }
  }
  m: addMembership(input: {organisationId: "org-a", networkId: "net-1"}) { membership { id } }
}
"""


async def build_small_graph(api: Api) -> dict[str, Any]:
    """Region wb, country BA, theme, programme prog-1, project proj-1, organisations org-a and (sensitive) org-b
    partnering in proj-1, network net-1 with org-a as a member."""
    return (await api.run(SMALL_GRAPH, role="admin")).ok()


async def scalar(api: Api, cypher: str, **params: Any) -> Any:
    """The single value a read statement returns."""
    async with api.driver.session(database=api.settings.neo4j_database) as session:
        result = await session.run(cypher, params)  # type: ignore[arg-type]  # test-only ad hoc statements
        record = await result.single(strict=True)
        return record[0]
