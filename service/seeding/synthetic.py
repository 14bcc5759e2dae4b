"""A reproducible synthetic graph of the seed graph's shape, at benchmark scale, marked `synthetic: true`.

Unlike the seed load (one transaction, MERGE, change detection), the synthetic load writes fresh nodes with
CREATE in many transactions of large UNWIND batches: it is for benchmarks and scale tests, where a failure is
fixed by `partnernet seed synthetic --clear` rather than by a rollback.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver

from service.errors import ConflictError
from service.seeding.cypher import SYNTHETIC_COUNT, SYNTHETIC_DELETE_BATCH, SYNTHETIC_NODE, SYNTHETIC_REL
from service.seeding.loader import batches, load_seed_graph
from service.seeding.models import (
    AuthorityKind,
    LoadSummary,
    MembershipStatus,
    OrgKind,
    ProjectStatus,
    Role,
    SeedGraph,
)
from service.seeding.validate import read_seed_dir

SYNTHETIC_BATCH = 20_000

# Share of each kind among synthetic organisations (national authorities dominate, as in the seeds).
KIND_MIX: tuple[tuple[OrgKind, float], ...] = (
    (OrgKind.NATIONAL_AUTHORITY, 0.62),
    (OrgKind.CIVIL_SOCIETY, 0.25),
    (OrgKind.NHRI, 0.04),
    (OrgKind.INTERNATIONAL, 0.04),
    (OrgKind.DONOR, 0.03),
    (OrgKind.COE_ENTITY, 0.02),
)
_THEMES = 60
_AUTHORITY_KINDS = list(AuthorityKind)

# progress(phase, rows_done, rows_total)
SyntheticProgress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SyntheticPlan:
    """Node rows per node statement and relationship rows per relationship statement, in load order."""

    nodes: dict[str, list[dict[str, Any]]]
    rels: dict[str, list[dict[str, Any]]]

    @property
    def node_count(self) -> int:
        return sum(len(v) for v in self.nodes.values())

    @property
    def rel_count(self) -> int:
        return sum(len(v) for v in self.rels.values())


def _base(node_id: str, name: str) -> dict[str, Any]:
    return {"id": node_id, "name": name, "synthetic": True, "confidence": "LOW", "sources": [], "notes": []}


def generate(*, orgs: int, projects: int, seed: int, countries: list[str]) -> SyntheticPlan:
    """Rows of a synthetic graph: same inputs, same rows (random.Random(seed) drives every choice)."""
    rng = random.Random(seed)  # noqa: S311  # reproducible test data, not security
    nodes: dict[str, list[dict[str, Any]]] = {key: [] for key in SYNTHETIC_NODE}
    rels: dict[str, list[dict[str, Any]]] = {key: [] for key in SYNTHETIC_REL}

    themes = [f"syn-theme-{i:03d}" for i in range(_THEMES)]
    nodes["Theme"] = [_base(t, f"Synthetic theme {i}") for i, t in enumerate(themes)]
    n_programmes = max(2, projects // 25)
    programmes = [f"syn-prog-{i:05d}" for i in range(n_programmes)]
    nodes["Programme"] = [
        _base(p, f"Synthetic programme {i}") | {"status": "ACTIVE", "type": "synthetic"}
        for i, p in enumerate(programmes)
    ]

    by_kind: dict[OrgKind, list[str]] = {k: [] for k, _ in KIND_MIX}
    home: dict[str, str] = {}
    kinds = [k for k, _ in KIND_MIX]
    weights = [w for _, w in KIND_MIX]
    for i in range(orgs):
        # the first organisations cover every kind once, so even a tiny graph has each kind
        kind = kinds[i] if i < len(kinds) else rng.choices(kinds, weights)[0]
        oid = f"syn-org-{i:06d}"
        props = _base(oid, f"Synthetic {kind.value.lower().replace('_', ' ')} {i}") | {
            "kind": kind.value,
            "category": "synthetic",
            "sensitive": False,
            "shortName": f"SO{i}",
        }
        if kind is OrgKind.NATIONAL_AUTHORITY:
            props["authorityKind"] = rng.choice(_AUTHORITY_KINDS).value
        if kind is OrgKind.NHRI:
            props["ganhriStatus"] = rng.choice(["A", "B", "NOT_ACCREDITED"])
            props["npmMandate"] = rng.random() < 0.5
        nodes[f"Organisation:{kind.value}"].append(props)
        by_kind[kind].append(oid)
        if kind in (OrgKind.NATIONAL_AUTHORITY, OrgKind.CIVIL_SOCIETY, OrgKind.NHRI):
            home[oid] = rng.choice(countries)
            rels["LOCATED_IN"].append({"a": oid, "b": home[oid]})

    local: dict[str, list[str]] = {}
    for oid, c in home.items():
        local.setdefault(c, []).append(oid)
    cso = frozenset(by_kind[OrgKind.CIVIL_SOCIETY])
    hubs = by_kind[OrgKind.COE_ENTITY] or by_kind[OrgKind.NATIONAL_AUTHORITY]
    donors = by_kind[OrgKind.DONOR] or hubs
    statuses = [s.value for s in ProjectStatus]
    part_seq = 0

    def participate(org: str, project: str, role: Role) -> None:
        nonlocal part_seq
        part_seq += 1
        props = {
            "id": f"syn-part-{part_seq:08d}",
            "role": role.value,
            "roleClass": role.role_class.value,
            "synthetic": True,
            "datesDerived": True,
            "confidence": "LOW",
        }
        rels["PARTICIPATES_IN"].append({"a": org, "b": project, "props": props})

    for j in range(projects):
        pid = f"syn-prj-{j:06d}"
        start = 2005 + rng.randrange(20)
        nodes["Project"].append(
            _base(pid, f"Synthetic project {j}")
            | {
                "title": f"Synthetic project {j}",
                "status": rng.choice(statuses),
                "startDate": f"{start}-01-01",
                "endDate": f"{start + rng.randrange(1, 5)}-12-31",
                "divisionAttribution": rng.choice(["HIGH", "MEDIUM", "LOW", "NONE"]),
            }
        )
        rels["PART_OF"].append({"a": pid, "b": rng.choice(programmes)})
        country = rng.choice(countries)
        rels["IMPLEMENTED_IN"].append({"a": pid, "b": country})
        for t in rng.sample(themes, 2):
            rels["ADDRESSES"].append({"a": pid, "b": t})
        # Hubs: a few CoE entities implement almost everything and a few donors fund it (structural roles).
        participate(hubs[min(int(rng.expovariate(1.5)), len(hubs) - 1)], pid, Role.IMPLEMENTER)
        participate(donors[min(int(rng.expovariate(1.0)), len(donors) - 1)], pid, Role.FUNDER)
        if rng.random() < 0.6:
            participate(rng.choice(hubs), pid, Role.CO_FUNDER)
        pool = local.get(country) or by_kind[OrgKind.NATIONAL_AUTHORITY] or hubs
        for org in rng.sample(pool, min(len(pool), rng.randint(4, 18))):
            role = Role.CIVIL_SOCIETY_PARTNER if org in cso else Role.PARTNER
            participate(org, pid, role if rng.random() < 0.8 else Role.BENEFICIARY)

    n_networks = max(3, orgs // 2_000)
    networks = [f"syn-net-{i:04d}" for i in range(n_networks)]
    nodes["Network"] = [_base(n, f"Synthetic network {i}") | {"type": "synthetic"} for i, n in enumerate(networks)]
    members = by_kind[OrgKind.NHRI] + by_kind[OrgKind.NATIONAL_AUTHORITY][: orgs // 5]
    m_seq = 0
    statuses_m = [s.value for s in MembershipStatus]
    for org in members:
        for net in rng.sample(networks, min(len(networks), rng.randint(1, 3))):
            m_seq += 1
            props = {
                "id": f"syn-mem-{m_seq:08d}",
                "membershipStatus": rng.choice(statuses_m),
                "synthetic": True,
            }
            rels["MEMBER_OF"].append({"a": org, "b": net, "props": props})
    return SyntheticPlan(nodes=nodes, rels=rels)


async def clear_synthetic(driver: AsyncDriver, *, database: str) -> None:
    """Delete every synthetic node and its relationships, in transactions of 10,000 nodes."""
    async with driver.session(database=database) as session:
        result = await session.run(SYNTHETIC_DELETE_BATCH)
        await result.consume()


async def count_synthetic(driver: AsyncDriver, *, database: str) -> tuple[int, int]:
    """(synthetic nodes, relationships leaving them) in the graph."""
    records, _, _ = await driver.execute_query(SYNTHETIC_COUNT, database_=database)
    return int(records[0]["nodes"]), int(records[0]["rels"])


async def load_plan(
    driver: AsyncDriver,
    *,
    database: str,
    plan: SyntheticPlan,
    progress: SyntheticProgress | None = None,
    batch_size: int = SYNTHETIC_BATCH,
) -> LoadSummary:
    """Write a synthetic plan: one transaction per batch; returns rows per label/type and the time taken."""
    started = time.perf_counter()
    node_seconds = 0.0
    async with driver.session(database=database) as session:
        for phase, statements, rows_by_key in (
            ("nodes", SYNTHETIC_NODE, plan.nodes),
            ("relationships", SYNTHETIC_REL, plan.rels),
        ):
            total = sum(len(r) for r in rows_by_key.values())
            done = 0
            for key, rows in rows_by_key.items():
                for chunk in batches(rows, batch_size):
                    result = await session.run(statements[key], rows=list(chunk))
                    await result.consume()
                    done += len(chunk)
                    if progress is not None:
                        progress(phase, done, total)
            if phase == "nodes":
                node_seconds = time.perf_counter() - started
    nodes: dict[str, int] = {}
    for key, rows in plan.nodes.items():
        label = key.split(":")[0]
        nodes[label] = nodes.get(label, 0) + len(rows)
    rels = {key: len(rows) for key, rows in plan.rels.items()}
    return LoadSummary(
        nodes=nodes,
        relationships=rels,
        nodes_created=plan.node_count,
        relationships_created=plan.rel_count,
        seconds=time.perf_counter() - started,
        node_seconds=node_seconds,
    )


async def load_synthetic(
    driver: AsyncDriver,
    *,
    database: str,
    orgs: int,
    projects: int,
    seed: int,
    seeds_path: Path,
    clear: bool = False,
    progress: SyntheticProgress | None = None,
) -> LoadSummary:
    """Load the real regions and countries, then a synthetic graph; refuses to mix two synthetic graphs."""
    if clear:
        await clear_synthetic(driver, database=database)
    existing, _ = await count_synthetic(driver, database=database)
    if existing:
        raise ConflictError(f"the graph already holds {existing} synthetic nodes; pass --clear to replace them")
    real = read_seed_dir(seeds_path)
    await load_seed_graph(driver, database=database, graph=SeedGraph(regions=real.regions, countries=real.countries))
    plan = generate(orgs=orgs, projects=projects, seed=seed, countries=[c.id for c in real.countries if c.regions])
    return await load_plan(driver, database=database, plan=plan, progress=progress)
