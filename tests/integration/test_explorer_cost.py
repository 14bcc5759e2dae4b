"""Every document the explorer sends stays under the default cost budget, with the largest variables it can send
(explorer/src/documents.js lists both): the page never asks for more than the service's budget allows."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import AsyncIterator
from typing import Any

import pytest
from graphql import OperationType, parse
from graphql.language import OperationDefinitionNode
from neo4j import AsyncDriver

from service.auth.repository import create_token
from service.core.settings import REPO_ROOT, Settings
from service.model.enums import TokenRole
from tests.asgi import Client, running
from tests.conftest import make_test_settings, skip_unless_ci

pytestmark = pytest.mark.integration

NODE = shutil.which("node")
EXPLORER = REPO_ROOT / "explorer"


def explorer_catalogue() -> dict[str, tuple[str, dict[str, Any]]]:
    """name -> (document, largest variables), as explorer/src/documents.js lists them (Node imports it)."""
    if NODE is None:
        skip_unless_ci("Node.js not found: it reads explorer/src/documents.js")
    assert NODE is not None
    script = "import { catalogue } from './src/documents.js'; process.stdout.write(JSON.stringify(catalogue()));"
    done = subprocess.run(
        [NODE, "--input-type=module", "-e", script], cwd=EXPLORER, capture_output=True, text=True, check=True
    )
    listed: dict[str, list[Any]] = json.loads(done.stdout)
    return {name: (doc, variables) for name, (doc, variables) in listed.items()}


def operation_of(document: str) -> OperationType:
    (op,) = [d for d in parse(document).definitions if isinstance(d, OperationDefinitionNode)]
    return op.operation


@pytest.fixture(scope="module")
async def client(driver: AsyncDriver) -> AsyncIterator[Client]:
    async with running(make_test_settings(rate_limit_per_minute=0)) as app:
        yield app


async def test_every_explorer_document_stays_under_the_default_budget(
    client: Client, seeded_graph: AsyncDriver, settings: Settings
) -> None:
    budget = Settings().max_cost
    catalogue = explorer_catalogue()
    assert len(catalogue) >= 40
    # Mutations (the edits, the import, the role probe) cost what their payloads may return; an admin's token lets
    # each one through to the cost check, and their inputs name nothing that exists, so nothing is written.
    admin = (await create_token(seeded_graph, settings=settings, name="cost-check", role=TokenRole.ADMIN)).secret
    costs: dict[str, int] = {}
    try:
        for name, (document, variables) in catalogue.items():
            kind = operation_of(document)
            if kind is OperationType.SUBSCRIPTION:
                continue  # streamed over a WebSocket, one change at a time: no page to cost
            headers = {"authorization": f"Bearer {admin}"} if kind is OperationType.MUTATION else {}
            answer = (await client.post(document, variables=variables, extensions={"cost": True}, headers=headers)).json
            codes = [e.get("extensions", {}).get("code") for e in answer.get("errors", [])]
            assert "LIMIT_EXCEEDED" not in codes, (name, answer["errors"])
            assert "GRAPHQL_VALIDATION_FAILED" not in codes, (name, answer["errors"])
            reported = answer["extensions"]["cost"]
            assert reported["budget"] == budget
            costs[name] = int(reported["requested"])
    finally:
        await seeded_graph.execute_query(
            "MATCH (t:ApiToken {name: 'cost-check'}) DETACH DELETE t", database_=settings.neo4j_database
        )
    assert {n: c for n, c in costs.items() if c > budget} == {}
    # The analyses and the big views are costed, not waved through at zero.
    assert min(costs[n] for n in ("NEIGHBOURHOOD", "COMMUNITIES", "GAPS", "SHARED", "CARD_Nhri")) > 100
