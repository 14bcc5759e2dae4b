"""The synthetic generator: reproducible rows, loaded and marked synthetic, cleared on demand."""

from __future__ import annotations

import pytest
from neo4j import AsyncDriver

from service.core.errors import ConflictError
from service.core.settings import REPO_ROOT
from service.model.enums import OrganisationKind
from service.seeding.synthetic import count_synthetic, generate, load_synthetic

pytestmark = pytest.mark.integration


@pytest.fixture
async def empty_graph(clean_graph: AsyncDriver) -> AsyncDriver:
    """An empty graph, schema kept (marked dirty, so the next seed-graph reader reloads the seeds)."""
    return clean_graph


COUNTRIES = ["BA", "MK", "MD", "KZ"]


def test_same_seed_same_graph() -> None:
    a = generate(orgs=300, projects=80, seed=7, countries=COUNTRIES)
    b = generate(orgs=300, projects=80, seed=7, countries=COUNTRIES)
    c = generate(orgs=300, projects=80, seed=8, countries=COUNTRIES)
    assert a == b
    assert a != c


def test_shape_covers_every_kind_and_role_class() -> None:
    plan = generate(orgs=50, projects=20, seed=1, countries=COUNTRIES)
    assert all(plan.nodes[f"Organisation:{k.value}"] for k in OrganisationKind)
    classes = {r[4] for r in plan.rels["PARTICIPATES_IN"]}  # columns: a, b, id, role, roleClass
    assert classes == {"PARTNERSHIP", "STRUCTURAL"}
    assert len(plan.nodes["Project"]) == 20


async def test_load_marks_synthetic_and_refuses_to_mix(empty_graph: AsyncDriver, database: str) -> None:
    args = {"orgs": 200, "projects": 40, "seed": 3, "seeds_path": REPO_ROOT / "seeds"}
    summary = await load_synthetic(empty_graph, database=database, **args)
    nodes, rels = await count_synthetic(empty_graph, database=database)
    assert nodes == summary.node_rows
    assert rels == summary.relationship_rows
    with pytest.raises(ConflictError):
        await load_synthetic(empty_graph, database=database, **args)
    again = await load_synthetic(empty_graph, database=database, clear=True, **args)
    assert (again.node_rows, again.relationship_rows) == (summary.node_rows, summary.relationship_rows)
    assert await count_synthetic(empty_graph, database=database) == (nodes, rels)
