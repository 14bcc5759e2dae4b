"""The cost budget, property-based: for random nested documents over the seed graph, the cost computed before any
statement runs is an upper bound on the objects the answer holds, and asking for larger pages never lowers it."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import AsyncDriver

from tests.asgi import Client, running
from tests.conftest import make_test_settings

pytestmark = pytest.mark.integration

PAGE = st.integers(min_value=0, max_value=12)


def _name(selection: str) -> str:
    """The field a selection asks for (two selections of one field with different arguments would conflict)."""
    return re.split(r"[ (]", selection, maxsplit=1)[0]


def _project(depth: int) -> st.SearchStrategy[str]:
    leaves = st.sampled_from(["title", "status", "countries { name }", "themes { name }"])
    parts = [leaves]
    if depth > 0:
        parts.append(
            st.tuples(PAGE, _organisation(depth - 1)).map(
                lambda a: f"participants(first: {a[0]}) {{ totalCount edges {{ role node {{ {a[1]} }} }} }}"
            )
        )
    return st.lists(st.one_of(*parts), min_size=1, max_size=3, unique_by=_name).map(" ".join)


def _organisation(depth: int) -> st.SearchStrategy[str]:
    leaves = st.sampled_from(["name", "kind", "subunits { name }", "parent { name }"])
    parts = [leaves]
    if depth > 0:
        parts.append(
            st.tuples(PAGE, _project(depth - 1)).map(
                lambda a: f"participations(first: {a[0]}) {{ edges {{ since node {{ {a[1]} }} }} }}"
            )
        )
    return st.lists(st.one_of(*parts), min_size=1, max_size=3, unique_by=_name).map(" ".join)


DOCUMENTS = st.one_of(
    st.tuples(PAGE, _project(2)).map(lambda a: f"{{ projects(first: {a[0]}) {{ edges {{ node {{ {a[1]} }} }} }} }}"),
    st.tuples(PAGE, _organisation(2)).map(
        lambda a: f"{{ organisations(first: {a[0]}) {{ edges {{ node {{ {a[1]} }} }} }} }}"
    ),
)


def objects(value: Any) -> int:
    """The objects a value holds, itself included."""
    if isinstance(value, dict):
        return 1 + sum(objects(v) for v in value.values())
    if isinstance(value, list):
        return sum(objects(v) for v in value)
    return 0


def draw(strategy: st.SearchStrategy[str], count: int) -> list[str]:
    examples: list[str] = []

    @settings(max_examples=count, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(document=strategy)
    def collect(document: str) -> None:
        examples.append(document)

    collect()
    return examples


@pytest.fixture(scope="module")
async def client(driver: AsyncDriver) -> AsyncIterator[Client]:
    async with running(make_test_settings(rate_limit_per_minute=0)) as app:
        yield app


async def cost_and_answer(client: Client, document: str) -> tuple[int, dict[str, Any]]:
    answer = (await client.post(document, extensions={"cost": True})).json
    assert not answer.get("errors"), (document, answer["errors"])
    return int(answer["extensions"]["cost"]["requested"]), answer["data"]


async def test_the_cost_bounds_the_objects_of_the_answer(client: Client, seeded_graph: AsyncDriver) -> None:
    for document in draw(DOCUMENTS, 60):
        cost, data = await cost_and_answer(client, document)
        held = objects(data) - 1  # the root `data` object is not the document's
        assert held <= cost, (document, held, cost)


async def test_larger_pages_never_cost_less(client: Client, seeded_graph: AsyncDriver) -> None:
    for document in draw(DOCUMENTS, 40):
        bigger = re.sub(r"first: (\d+)", lambda m: f"first: {int(m[1]) + 3}", document)
        assert (await cost_and_answer(client, document))[0] <= (await cost_and_answer(client, bigger))[0], document
