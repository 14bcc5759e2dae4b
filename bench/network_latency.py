"""Latency of every network root field (issue 6) on whatever graph PARTNERNET_NEO4J_URI serves; prints a table.

Usage: python bench/network_latency.py [--runs 50] [--seed 7] [--warmup 5] [--only PREFIX]... [--slow PREFIX]...
Load the graph first, e.g. `partnernet seed synthetic --orgs 100000 --projects 50000 --seed 1`. Each query runs
in-process through the GraphQL schema (Strawberry execution, the real async driver, one Cypher statement each),
with parameters drawn from synthetic organisations by a fixed random seed. Reported per query: p50/p95/max of the
whole GraphQL execution, p50/p95 of the server's own time (result available + consumed), and db hits of one
PROFILE of the exact statement the service sent. Results also go to bench/results/ as JSON. Read-only.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from neo4j import AsyncDriver

from service.core.context import Context
from service.core.settings import REPO_ROOT, Settings
from service.db.driver import create_driver
from service.gql.schema import build_schema

RESULTS = REPO_ROOT / "bench" / "results"

SAMPLE_ORGS = (
    "MATCH (o:Organisation {synthetic: true})-[r:PARTICIPATES_IN]->() WHERE r.roleClass = 'PARTNERSHIP' "
    "WITH DISTINCT o LIMIT 20000 RETURN o.id AS id, COLLECT { MATCH (o)-[:LOCATED_IN]->(c) RETURN c.id }[0] AS c"
)


class CapturingDriver:
    """Forwards to the real driver; keeps the last statement, its parameters and the server's timings."""

    def __init__(self, inner: AsyncDriver) -> None:
        self._inner = inner
        self.last: tuple[str, dict[str, Any]] | None = None
        self.server_ms = 0.0

    async def execute_query(self, query: Any, params: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        self.last = (str(getattr(query, "text", query)), dict(params or {}))
        result = await self._inner.execute_query(query, params, **kwargs)
        s = result.summary
        self.server_ms = float((s.result_available_after or 0) + (s.result_consumed_after or 0))
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def queries(orgs: list[tuple[str, str]], rng: random.Random) -> dict[str, Callable[[], tuple[str, dict[str, Any]]]]:
    """Each query name -> a function drawing (document, variables) for one run."""

    def org() -> str:
        return rng.choice(orgs)[0]

    def country() -> str:
        return rng.choice(orgs)[1]

    node = "id key name kind countryCode"
    return {
        "path": lambda: (
            "query($a: ID!, $b: ID!) { path(from: $a, to: $b) { found paths { length hops { from { id } to { id } "
            "edge { id role since until } } nodes { " + node + " } } } }",
            {"a": org(), "b": org()},
        ),
        "path maxHops=4": lambda: (
            "query($a: ID!, $b: ID!) { path(from: $a, to: $b, maxHops: 4) { found paths { length hops { from { id } "
            "to { id } edge { id role since until } } nodes { " + node + " } } } }",
            {"a": org(), "b": org()},
        ),
        "path k=3 maxHops=6 partnership only": lambda: (
            "query($a: ID!, $b: ID!) { path(from: $a, to: $b, k: 3, via: [PARTICIPATES_IN]) "
            "{ found paths { length nodes { id } } } }",
            {"a": org(), "b": org()},
        ),
        "neighbourhood hops=2": lambda: (
            "query($a: ID!) { neighbourhood(id: $a) { truncated totalNodes nodes { " + node + " distance } "
            "edges { id source target role } } }",
            {"a": org()},
        ),
        "neighbourhood hops=3": lambda: (
            "query($a: ID!) { neighbourhood(id: $a, hops: 3) { truncated totalNodes nodes { id } "
            "edges { id source target } } }",
            {"a": org()},
        ),
        "sharedPartners (3 ids)": lambda: (
            "query($ids: [ID!]!) { sharedPartners(ids: $ids, minShared: 2) { truncated partners { node { id } "
            "actorCount direct via { id } } } }",
            {"ids": [org(), org(), org()]},
        ),
        "countryLinks (Western Balkans)": lambda: (
            '{ countryLinks(region: "western_balkans") { countries cells { countryA countryB links projects '
            "networks examples { id } } } }",
            {},
        ),
        "crossBorderPartners": lambda: (
            "query($a: ID!) { crossBorderPartners(org: $a) { truncated partners { node { id } countryCode "
            "links { via { id } roles } } } }",
            {"a": org()},
        ),
        "brokers (Western Balkans)": lambda: (
            '{ brokers(region: "western_balkans", top: 10) { brokers { node { id } score countriesReached } } }',
            {},
        ),
        "brokers (all countries)": lambda: ("{ brokers(top: 10) { brokers { node { id } score } } }", {}),
        "gaps (one country)": lambda: (
            "query($c: String!) { gaps(country: $c, limit: 100) { truncated gaps { kind subject { id } "
            "other { id } explanation } } }",
            {"c": country()},
        ),
        "suggestedPartners": lambda: (
            "query($a: ID!) { suggestedPartners(org: $a) { suggestions { node { id } score reason } } }",
            {"a": org()},
        ),
        "changes (one year)": lambda: (
            '{ changes(from: "2019-01-01", to: "2019-12-31") { total changes { kind date edge { id } } } }',
            {},
        ),
    }


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def profile(driver: AsyncDriver, database: str, statement: tuple[str, dict[str, Any]]) -> int:
    async with driver.session(database=database) as session:
        result = await session.run("PROFILE " + statement[0], statement[1])
        summary = await result.consume()
    total = 0
    stack = [summary.profile or {}]
    while stack:
        op = stack.pop()
        total += int(op.get("dbHits", 0))
        stack.extend(op.get("children", []))
    return total


async def run(runs: int, seed: int, warmup: int, only: list[str], slow: list[str]) -> dict[str, Any]:
    settings = Settings()
    driver = create_driver(settings)
    schema = build_schema(settings)
    rng = random.Random(seed)
    out: dict[str, Any] = {}
    try:
        records, _, _ = await driver.execute_query(SAMPLE_ORGS, database_=settings.neo4j_database)
        orgs = [(r["id"], r["c"]) for r in records if r["c"]]
        counts, _, _ = await driver.execute_query(
            "MATCH (o:Organisation) WITH count(o) AS orgs MATCH ()-[r]->() RETURN orgs, count(r) AS rels",
            database_=settings.neo4j_database,
        )
        out["graph"] = {"organisations": counts[0]["orgs"], "relationships": counts[0]["rels"]}
        for name, draw in queries(orgs, rng).items():
            if only and not any(name.startswith(o) for o in only):
                continue
            # Queries named by --slow (whole-graph analytics) run 5 times, not `runs`.
            n_runs = 5 if any(name.startswith(x) for x in slow) else runs
            capturing = CapturingDriver(driver)
            wall: list[float] = []
            server: list[float] = []
            errors = 0
            for i in range(warmup + n_runs):
                document, variables = draw()
                ctx = Context(driver=capturing, settings=settings)  # type: ignore[arg-type]
                started = time.perf_counter()
                result = await schema.execute(document, variable_values=variables, context_value=ctx)
                elapsed = (time.perf_counter() - started) * 1000
                if result.errors:
                    errors += 1
                if i >= warmup:
                    wall.append(elapsed)
                    server.append(capturing.server_ms)
            hits = await profile(driver, settings.neo4j_database, capturing.last) if capturing.last else 0
            out[name] = {
                "p50_ms": round(pct(wall, 0.5), 1),
                "p95_ms": round(pct(wall, 0.95), 1),
                "max_ms": round(max(wall), 1),
                "mean_ms": round(statistics.fmean(wall), 1),
                "server_p50_ms": round(pct(server, 0.5), 1),
                "server_p95_ms": round(pct(server, 0.95), 1),
                "db_hits_last_run": hits,
                "errors": errors,
            }
            row = out[name]
            print(
                f"{name:38} p50 {row['p50_ms']:8.1f}  p95 {row['p95_ms']:8.1f}  max {row['max_ms']:8.1f} ms  "
                f"server p50/p95 {row['server_p50_ms']:.0f}/{row['server_p95_ms']:.0f} ms  "
                f"db hits {hits:>10,}  errors {errors}",
                flush=True,
            )
    finally:
        await driver.close()
    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "neo4j": settings.neo4j_version},
        "runs": runs,
        "seed": seed,
        "results": out,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=50, help="timed runs per query (after the warm-up)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed runs per query first")
    parser.add_argument("--seed", type=int, default=7, help="random seed for the parameters")
    parser.add_argument("--only", action="append", default=[], help="run only queries whose name starts with this")
    parser.add_argument("--slow", action="append", default=[], help="run queries starting with this only 5 times")
    args = parser.parse_args()
    report = asyncio.run(run(args.runs, args.seed, args.warmup, args.only, args.slow))
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"network_latency-{dt.datetime.now(dt.UTC):%Y-%m-%dT%H%M%S}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {path.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
