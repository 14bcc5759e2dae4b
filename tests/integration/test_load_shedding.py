"""Load shedding: past `PARTNERNET_MAX_IN_FLIGHT` requests running in one worker, the next is refused at once with
503, `Retry-After` and OVERLOADED (never queued); the requests already running finish normally, and the bound
frees as they do. The in-flight requests are held by a lock another transaction keeps, not by timing."""

from __future__ import annotations

import asyncio

import pytest
from neo4j import AsyncDriver

from service.auth.repository import create_token
from service.core.settings import Settings
from service.model.enums import TokenRole
from tests.asgi import Client, running
from tests.conftest import make_test_settings

pytestmark = pytest.mark.integration

BOUND = 2
GRAPHQL_RESPONSE = "application/graphql-response+json"
UPDATE = (
    'mutation($v: Int!, $s: String!) { updateOrganisation(input: {id: "md-moj", expectedVersion: $v, '
    "shortName: $s}) { changeSeq userErrors { code } } }"
)
READ = '{ organisation(id: "md-moj") { name } }'


async def _in_flight(client: Client, count: int) -> None:
    """Wait until the worker runs `count` requests (the app's own gauge of them)."""
    in_flight = client.app.state.in_flight
    async with asyncio.timeout(30):
        while in_flight.count < count:  # noqa: ASYNC110 - the app offers no event for it
            await asyncio.sleep(0.01)


async def test_past_the_bound_a_request_is_refused_at_once_and_the_running_ones_finish(
    writable_seeded_graph: AsyncDriver, database: str, settings: Settings
) -> None:
    editor = await create_token(writable_seeded_graph, settings=settings, name="shed", role=TokenRole.EDITOR)
    auth = {"authorization": f"Bearer {editor.secret}"}
    version = (
        await writable_seeded_graph.execute_query(
            "MATCH (o:Organisation {id: 'md-moj'}) RETURN o.version AS v", database_=database
        )
    ).records[0]["v"]
    own = make_test_settings(max_in_flight=BOUND, rate_limit_per_minute=0, query_timeout_s=30)
    async with running(own) as client, writable_seeded_graph.session(database=database) as holder:
        tx = await holder.begin_transaction()
        await tx.run("MATCH (o:Organisation {id: 'md-moj'}) SET o.lockedByTest = true")
        waiting = [
            asyncio.create_task(client.post(UPDATE, variables={"v": version, "s": f"MoJ {i}"}, headers=auth))
            for i in range(BOUND)
        ]
        try:
            await _in_flight(client, BOUND)
            refused = await client.post(READ, headers={"accept": GRAPHQL_RESPONSE})
            assert refused.status == 503
            assert refused.headers["retry-after"] == "1"
            assert refused.headers["content-type"].startswith(GRAPHQL_RESPONSE)
            assert [e["extensions"]["code"] for e in refused.json["errors"]] == ["OVERLOADED"]
            assert "data" not in refused.json
        finally:
            await tx.rollback()
        answers = await asyncio.gather(*waiting)
        # Both held requests ran to their end: one applied, the other met the version it changed.
        assert [a.status for a in answers] == [200] * BOUND
        errors = sorted(e["code"] for a in answers for e in a.json["data"]["updateOrganisation"]["userErrors"])
        assert errors == ["STALE_UPDATE"]  # the second met the version the first wrote
        # Freed: the same read is served now.
        served = await client.post(READ)
        assert served.status == 200
        assert served.json["data"]["organisation"]["name"]
