"""A reproducible synthetic graph of the seed graph's shape, at benchmark scale, marked `synthetic: true`.

Unlike the seed load (one transaction, MERGE, change detection), the synthetic load writes fresh nodes with
CREATE in many transactions of large UNWIND batches, two in flight at a time: it is for benchmarks and scale
tests, where a failure is fixed by `partnernet seed synthetic --clear` rather than by a rollback. Relationships
find their endpoints by the element ids the node statements return (see bench/README.md for the measurements
behind each choice).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, LiteralString

from neo4j import AsyncDriver, AsyncManagedTransaction

from service.core.errors import ConflictError
from service.model import enums
from service.model.enums import OrganisationKind, ParticipationRole
from service.seeding.cypher import (
    SYNTHETIC_COUNT,
    SYNTHETIC_COUNTRY_IDS,
    SYNTHETIC_DELETE_BATCH,
    SYNTHETIC_NODE,
    SYNTHETIC_REL,
    synthetic_org_key,
)
from service.seeding.loader import load_seed_graph
from service.seeding.models import LoadSummary
from service.seeding.validate import read_seed_dir

SYNTHETIC_BATCH = 20_000
# Write transactions in flight at once: one runs on the server while the client packs the next, and on two
# cores both run; deadlocks on hub nodes are retried by execute_write (the whole batch rolls back first).
SYNTHETIC_CONCURRENCY = 2

# Share of each kind among synthetic organisations (national authorities dominate, as in the seeds).
KIND_MIX: tuple[tuple[OrganisationKind, float], ...] = (
    (OrganisationKind.NATIONAL_AUTHORITY, 0.62),
    (OrganisationKind.CIVIL_SOCIETY, 0.25),
    (OrganisationKind.NHRI, 0.04),
    (OrganisationKind.INTERNATIONAL, 0.04),
    (OrganisationKind.DONOR, 0.03),
    (OrganisationKind.COE_ENTITY, 0.02),
)
_THEMES = 60
_AUTHORITY_KINDS = [k.value for k in enums.AuthorityKind]
_GANHRI = [g.value for g in enums.GanhriStatus]

# progress(phase, rows_done, rows_total)
SyntheticProgress = Callable[[str, int, int], None]
Row = list[Any]


@dataclass(frozen=True)
class SyntheticPlan:
    """Compact rows per node statement and relationship statement, in load order.

    Columns are at the positions service.seeding.cypher declares (SYNTHETIC_NODE_SHAPES, SYNTHETIC_REL_SHAPES);
    relationship rows start with the ids of their start and end nodes.
    """

    nodes: dict[str, list[Row]]
    rels: dict[str, list[Row]]

    @property
    def node_count(self) -> int:
        return sum(len(v) for v in self.nodes.values())

    @property
    def rel_count(self) -> int:
        return sum(len(v) for v in self.rels.values())


def generate(*, orgs: int, projects: int, seed: int, countries: list[str]) -> SyntheticPlan:
    """Rows of a synthetic graph: same inputs, same rows (random.Random(seed) drives every choice)."""
    rng = random.Random(seed)  # noqa: S311  # reproducible test data, not security
    nodes: dict[str, list[Row]] = {key: [] for key in SYNTHETIC_NODE}
    rels: dict[str, list[Row]] = {key: [] for key in SYNTHETIC_REL}

    themes = [f"syn-theme-{i:03d}" for i in range(_THEMES)]
    nodes["Theme"] = [[t, f"Synthetic theme {i}"] for i, t in enumerate(themes)]
    n_programmes = max(2, projects // 25)
    programmes = [f"syn-prog-{i:05d}" for i in range(n_programmes)]
    nodes["Programme"] = [[p, f"Synthetic programme {i}"] for i, p in enumerate(programmes)]

    by_kind: dict[OrganisationKind, list[str]] = {k: [] for k, _ in KIND_MIX}
    home: dict[str, str] = {}
    kinds = [k for k, _ in KIND_MIX]
    weights = [w for _, w in KIND_MIX]
    rows_of = {k: nodes[synthetic_org_key(k.value)] for k in kinds}
    label_of = {k: k.value.lower().replace("_", " ") for k in kinds}
    located = rels["LOCATED_IN"]
    for i in range(orgs):
        # the first organisations cover every kind once, so even a tiny graph has each kind
        kind = kinds[i] if i < len(kinds) else rng.choices(kinds, weights)[0]
        oid = f"syn-org-{i:06d}"
        row: Row = [oid, f"Synthetic {label_of[kind]} {i}", f"SO{i}"]
        if kind is OrganisationKind.NATIONAL_AUTHORITY:
            row.append(rng.choice(_AUTHORITY_KINDS))
        elif kind is OrganisationKind.NHRI:
            row.append(rng.choice(_GANHRI))
            row.append(rng.random() < 0.5)
        rows_of[kind].append(row)
        by_kind[kind].append(oid)
        if kind in (OrganisationKind.NATIONAL_AUTHORITY, OrganisationKind.CIVIL_SOCIETY, OrganisationKind.NHRI):
            home[oid] = rng.choice(countries)
            located.append([oid, home[oid]])

    local: dict[str, list[str]] = {}
    for oid, c in home.items():
        local.setdefault(c, []).append(oid)
    cso = frozenset(by_kind[OrganisationKind.CIVIL_SOCIETY])
    hubs = by_kind[OrganisationKind.COE_ENTITY] or by_kind[OrganisationKind.NATIONAL_AUTHORITY]
    donors = by_kind[OrganisationKind.DONOR] or hubs
    statuses = [s.value for s in enums.ProjectStatus]
    attributions = [a.value for a in enums.DivisionAttribution]
    # role -> (role, roleClass) as stored
    role_cols = {r: (r.value, r.role_class.value) for r in ParticipationRole}
    Role = ParticipationRole
    implementer, funder, co_funder = role_cols[Role.IMPLEMENTER], role_cols[Role.FUNDER], role_cols[Role.CO_FUNDER]
    cso_partner, partner, beneficiary = (
        role_cols[Role.CIVIL_SOCIETY_PARTNER], role_cols[Role.PARTNER], role_cols[Role.BENEFICIARY]
    )  # fmt: skip
    parts = rels["PARTICIPATES_IN"]
    project_rows = nodes["Project"]
    part_of, implemented_in, addresses = rels["PART_OF"], rels["IMPLEMENTED_IN"], rels["ADDRESSES"]
    fallback_pool = by_kind[OrganisationKind.NATIONAL_AUTHORITY] or hubs

    for j in range(projects):
        pid = f"syn-prj-{j:06d}"
        start = 2005 + rng.randrange(20)
        status = rng.choice(statuses)
        end = f"{start + rng.randrange(1, 5)}-12-31"
        project_rows.append([pid, f"Synthetic project {j}", status, f"{start}-01-01", end, rng.choice(attributions)])
        part_of.append([pid, rng.choice(programmes)])
        country = rng.choice(countries)
        implemented_in.append([pid, country])
        for t in rng.sample(themes, 2):
            addresses.append([pid, t])
        # Hubs: a few CoE entities implement almost everything and a few donors fund it (structural roles).
        parts.append([hubs[min(int(rng.expovariate(1.5)), len(hubs) - 1)], pid, *implementer])
        parts.append([donors[min(int(rng.expovariate(1.0)), len(donors) - 1)], pid, *funder])
        if rng.random() < 0.6:
            parts.append([rng.choice(hubs), pid, *co_funder])
        pool = local.get(country) or fallback_pool
        for org in rng.sample(pool, min(len(pool), rng.randint(4, 18))):
            role = cso_partner if org in cso else partner
            parts.append([org, pid, *(role if rng.random() < 0.8 else beneficiary)])
    for seq, part in enumerate(parts, start=1):
        part.insert(2, f"syn-part-{seq:08d}")

    n_networks = max(3, orgs // 2_000)
    networks = [f"syn-net-{i:04d}" for i in range(n_networks)]
    nodes["Network"] = [[n, f"Synthetic network {i}"] for i, n in enumerate(networks)]
    members = by_kind[OrganisationKind.NHRI] + by_kind[OrganisationKind.NATIONAL_AUTHORITY][: orgs // 5]
    m_seq = 0
    statuses_m = [s.value for s in enums.MembershipStatus]
    member_of = rels["MEMBER_OF"]
    for org in members:
        for net in rng.sample(networks, min(len(networks), rng.randint(1, 3))):
            m_seq += 1
            member_of.append([org, net, f"syn-mem-{m_seq:08d}", rng.choice(statuses_m)])
    return SyntheticPlan(nodes=nodes, rels=rels)


async def clear_synthetic(driver: AsyncDriver, *, database: str) -> None:
    """Delete every synthetic node and its relationships, in transactions of 1,000 nodes (hubs hold thousands of
    relationships each, so bigger batches can outlast the transaction timeout)."""
    async with driver.session(database=database) as session:
        result = await session.run(SYNTHETIC_DELETE_BATCH)
        await result.consume()


async def count_synthetic(driver: AsyncDriver, *, database: str) -> tuple[int, int]:
    """(synthetic nodes, relationships leaving them) in the graph."""
    records, _, _ = await driver.execute_query(SYNTHETIC_COUNT, database_=database)
    return int(records[0]["nodes"]), int(records[0]["rels"])


def chunks(rows: Sequence[Row], size: int) -> list[Sequence[Row]]:
    """`rows` in consecutive batches of `size`."""
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def by_element_id(element_ids: Mapping[str, str], *, values: bool = True) -> Callable[[Sequence[Row]], list[Row]]:
    """A `prepare` for relationship rows: their start and end ids replaced by element ids, then the relationship's
    own values (left out when not `values`)."""

    def prepare(chunk: Sequence[Row]) -> list[Row]:
        if values:
            return [[element_ids[r[0]], element_ids[r[1]], *r[2:]] for r in chunk]
        return [[element_ids[r[0]], element_ids[r[1]]] for r in chunk]

    return prepare


async def _write_batch(tx: AsyncManagedTransaction, cypher: LiteralString, rows: list[Row], now: str) -> list[Row]:
    result = await tx.run(cypher, rows=rows, now=now)
    record = await result.single()
    return [] if record is None else list(record["ids"])  # node statements return ids, links nothing


async def write_batches(
    driver: AsyncDriver,
    *,
    database: str,
    jobs: Sequence[tuple[LiteralString, Sequence[Row]]],
    concurrency: int,
    prepare: Callable[[Sequence[Row]], list[Row]],
    on_done: Callable[[int], None],
) -> list[list[Row]]:
    """Run every (statement, rows) job in its own write transaction, `concurrency` at a time, in any order."""
    gate = asyncio.Semaphore(concurrency)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

    async def one(cypher: LiteralString, chunk: Sequence[Row]) -> list[Row]:
        async with gate:
            rows = prepare(chunk)  # while the other transaction runs on the server
            async with driver.session(database=database) as session:
                out = await session.execute_write(_write_batch, cypher, rows, now)
            on_done(len(chunk))
            return out

    return await asyncio.gather(*(one(cypher, chunk) for cypher, chunk in jobs))


async def load_plan(
    driver: AsyncDriver,
    *,
    database: str,
    plan: SyntheticPlan,
    progress: SyntheticProgress | None = None,
    batch_size: int = SYNTHETIC_BATCH,
    concurrency: int = SYNTHETIC_CONCURRENCY,
) -> LoadSummary:
    """Write a synthetic plan, nodes then relationships, in transactions of `batch_size` rows run `concurrency`
    at a time (not atomic: a failed load is replaced with --clear); returns rows per label/type and times."""
    started = time.perf_counter()
    done = {"nodes": 0, "relationships": 0}

    def tick(phase: str, total: int) -> Callable[[int], None]:
        def on_done(n: int) -> None:
            done[phase] += n
            if progress is not None:
                progress(phase, done[phase], total)

        return on_done

    node_jobs = [(SYNTHETIC_NODE[k], chunk) for k, rows in plan.nodes.items() for chunk in chunks(rows, batch_size)]
    results = await write_batches(
        driver,
        database=database,
        jobs=node_jobs,
        concurrency=concurrency,
        prepare=list,
        on_done=tick("nodes", plan.node_count),
    )
    element_ids: dict[str, str] = {node_id: eid for pairs in results for node_id, eid in pairs}
    # Endpoints the plan did not create (the real countries) are looked up once.
    records, _, _ = await driver.execute_query(SYNTHETIC_COUNTRY_IDS, database_=database)
    element_ids.update(dict(records[0]["ids"]))
    node_seconds = time.perf_counter() - started

    rel_jobs = [(SYNTHETIC_REL[k], chunk) for k, rows in plan.rels.items() for chunk in chunks(rows, batch_size)]
    await write_batches(
        driver,
        database=database,
        jobs=rel_jobs,
        concurrency=concurrency,
        prepare=by_element_id(element_ids),
        on_done=tick("relationships", plan.rel_count),
    )
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
    await load_seed_graph(driver, database=database, graph=real.places())
    plan = generate(orgs=orgs, projects=projects, seed=seed, countries=real.regional_countries())
    return await load_plan(driver, database=database, plan=plan, progress=progress)
