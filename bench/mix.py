"""The fixed query mix (bench/queries/*.graphql) and its fixed-seed parameter generator."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver, RoutingControl

QUERIES_DIR = Path(__file__).resolve().parent / "queries"


@dataclass
class Sample:
    """Values drawn from the graph once per run, from which every query's variables are made."""

    orgs: list[tuple[str, str | None]]  # (organisation id, its country id) of non-sensitive partner organisations
    by_country: dict[str, list[str]]
    regions: list[str]
    names: list[str]
    projects: list[tuple[str, int]]  # (project id, version) for the mutation
    deep_cursor: str | None = None
    deep_position: int = 0
    first_years: tuple[int, int] = (2005, 2020)
    notes: list[str] = field(default_factory=list)


def answer_problems(body: Any) -> list[str]:
    """What went wrong in a GraphQL answer: its top-level errors, then the `userErrors` of each root field's
    payload (a mutation's domain failures, such as a stale version, come back there with the data)."""
    if not isinstance(body, dict):
        return ["no JSON object in the answer"]
    problems = [str(e.get("message")) for e in body.get("errors") or []]
    for root, value in (body.get("data") or {}).items():
        if isinstance(value, dict):
            problems += [f"{root}: {e.get('code')}: {e.get('message')}" for e in value.get("userErrors") or []]
    return problems


VariablesFn = Callable[[Sample, random.Random, int], list[dict[str, Any]]]


@dataclass(frozen=True)
class QuerySpec:
    """One query of the mix: its document file, the root fields it needs, and how its variables are drawn."""

    name: str
    file: str
    operation: str  # "query" | "mutation"
    roots: tuple[str, ...]
    variables: VariablesFn

    @property
    def document(self) -> str:
        return (QUERIES_DIR / self.file).read_text(encoding="utf-8")


def _org(s: Sample, rng: random.Random) -> str:
    return "Organisation:" + rng.choice(s.orgs)[0]


def _status(rng: random.Random) -> str:
    return rng.choice(["ACTIVE", "COMPLETED", "PLANNED"])


def _nested(s: Sample, rng: random.Random, n: int) -> list[dict[str, Any]]:
    lo, hi = s.first_years
    return [{"status": _status(rng), "since": f"{rng.randint(lo, hi)}-01-01"} for _ in range(n)]


def _deep(s: Sample, rng: random.Random, n: int) -> list[dict[str, Any]]:
    return [{"after": s.deep_cursor} for _ in range(n)] if s.deep_cursor else []


def _search(s: Sample, rng: random.Random, n: int) -> list[dict[str, Any]]:
    out = []
    for _ in range(n):
        words = [w for w in re.findall(r"[^\W_]+", rng.choice(s.names)) if len(w) > 2 or w.isdigit()]
        k = min(len(words), 2)
        out.append({"text": " ".join(rng.sample(words, k)) if k else "justice"})
    return out


def _shared(s: Sample, rng: random.Random, n: int) -> list[dict[str, Any]]:
    crowded = [ids for ids in s.by_country.values() if len(ids) >= 3]
    out = []
    for _ in range(n):
        ids = rng.sample(rng.choice(crowded), 3) if crowded else [rng.choice(s.orgs)[0] for _ in range(3)]
        out.append({"ids": ["Organisation:" + i for i in ids]})
    return out


def _update(s: Sample, rng: random.Random, n: int) -> list[dict[str, Any]]:
    pool = s.projects[:n]
    return [
        {"id": "Project:" + pid, "version": version, "budget": float(rng.randrange(10_000, 5_000_000, 500))}
        for pid, version in pool
    ]


MIX: tuple[QuerySpec, ...] = (
    QuerySpec("projects_nested", "projects_nested.graphql", "query", ("projects",), _nested),
    QuerySpec("projects_first_page", "projects_first_page.graphql", "query", ("projects",), lambda s, r, n: [{}] * n),
    QuerySpec("projects_deep_page", "projects_deep_page.graphql", "query", ("projects",), _deep),
    QuerySpec("search", "search.graphql", "query", ("search",), _search),
    QuerySpec(
        "project_stats",
        "project_stats.graphql",
        "query",
        ("projectStats",),
        lambda s, r, n: [{"status": _status(r)} for _ in range(n)],
    ),
    QuerySpec(
        "path",
        "path.graphql",
        "query",
        ("path",),
        lambda s, r, n: [{"from": _org(s, r), "to": _org(s, r)} for _ in range(n)],
    ),
    QuerySpec(
        "neighbourhood",
        "neighbourhood.graphql",
        "query",
        ("neighbourhood",),
        lambda s, r, n: [{"id": _org(s, r)} for _ in range(n)],
    ),
    QuerySpec("shared_partners", "shared_partners.graphql", "query", ("sharedPartners",), _shared),
    QuerySpec(
        "country_links",
        "country_links.graphql",
        "query",
        ("countryLinks",),
        lambda s, r, n: [{"region": r.choice(s.regions)} for _ in range(n)],
    ),
    QuerySpec(
        "cross_border_partners",
        "cross_border_partners.graphql",
        "query",
        ("crossBorderPartners",),
        lambda s, r, n: [{"org": _org(s, r)} for _ in range(n)],
    ),
    QuerySpec("update_project", "update_project.graphql", "mutation", ("updateProject",), _update),
)
MIX_BY_NAME = {q.name: q for q in MIX}

# Anonymous callers do not see sensitive organisations, so the sample leaves them out.
_SAMPLE_ORGS = (
    "MATCH (o:Organisation)-[r:PARTICIPATES_IN]->() WHERE r.roleClass = 'PARTNERSHIP' AND NOT coalesce(o.sensitive, "
    "false) WITH DISTINCT o LIMIT 20000 "
    "RETURN o.id AS id, COLLECT { MATCH (o)-[:LOCATED_IN]->(c:Country) RETURN c.id }[0] AS country"
)
_SAMPLE_REGIONS = "MATCH (r:Region) WHERE EXISTS { (r)<-[:IN_REGION]-(:Country) } RETURN r.id AS id ORDER BY id"
_SAMPLE_NAMES = (
    "MATCH (n) WHERE (n:Organisation AND NOT coalesce(n.sensitive, false)) OR n:Project OR n:Programme "
    "OR n:Country OR n:Network WITH n LIMIT 50000 RETURN n.name AS name"
)
_SAMPLE_PROJECTS = (
    "MATCH (p:Project) WHERE p.version IS NOT NULL RETURN p.id AS id, p.version AS version ORDER BY id LIMIT 5000"
)
_PROJECT_VERSIONS = "MATCH (p:Project) WHERE p.id IN $ids RETURN p.id AS id, p.version AS version"
_YEARS = "MATCH (p:Project) WHERE p.startDate IS NOT NULL RETURN min(p.startDate) AS lo, max(p.startDate) AS hi"


async def draw_sample(driver: AsyncDriver, *, database: str, rng: random.Random) -> Sample:
    """Read the ids and names the generator draws from (a fixed query order, then a seeded shuffle)."""

    async def rows(cypher: Any, **params: Any) -> list[Any]:
        result = await driver.execute_query(cypher, params, database_=database, routing_=RoutingControl.READ)
        return list(result.records)

    orgs = sorted((r["id"], r["country"]) for r in await rows(_SAMPLE_ORGS))
    by_country: dict[str, list[str]] = {}
    for oid, country in orgs:
        if country:
            by_country.setdefault(country, []).append(oid)
    names = sorted(r["name"] for r in await rows(_SAMPLE_NAMES) if r["name"])
    projects = [(r["id"], int(r["version"])) for r in await rows(_SAMPLE_PROJECTS)]
    rng.shuffle(projects)
    years = (await rows(_YEARS))[0]
    lo = int(years["lo"][:4]) if years["lo"] else 2005
    hi = int(years["hi"][:4]) if years["hi"] else 2020
    return Sample(
        orgs=orgs,
        by_country=by_country,
        regions=[r["id"] for r in await rows(_SAMPLE_REGIONS)],
        names=names,
        projects=projects,
        first_years=(lo, max(lo, hi - 2)),
    )


async def project_versions(driver: AsyncDriver, *, database: str, ids: list[str]) -> dict[str, int]:
    """Current version of each project (for the mutation's expectedVersion)."""
    result = await driver.execute_query(
        _PROJECT_VERSIONS, {"ids": ids}, database_=database, routing_=RoutingControl.READ
    )
    return {r["id"]: int(r["version"]) for r in result.records}
