"""Measure load rates (nodes/s, relationships/s) of the seed graph and a synthetic graph; prints JSON.

Usage: python bench/load_rate.py [--orgs 100000] [--projects 50000] [--seed 1] [--keep]
Runs against PARTNERNET_NEO4J_URI and WIPES that database first: use a benchmark instance, not a dev graph.
Results are also written to bench/results/ as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
from typing import Any

from service.db.driver import create_driver
from service.db.migrations import migrate
from service.seeding.loader import load_seed_dir
from service.seeding.synthetic import clear_synthetic, load_synthetic
from service.settings import REPO_ROOT, Settings

RESULTS = REPO_ROOT / "bench" / "results"
WIPE = "MATCH (n) WHERE NOT n:_Migration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


async def run(orgs: int, projects: int, seed: int, keep: bool) -> dict[str, Any]:
    settings = Settings()
    driver = create_driver(settings)
    db = settings.neo4j_database
    try:
        await migrate(driver, database=db)
        async with driver.session(database=db) as session:
            await (await session.run(WIPE)).consume()
        seed_sum = await load_seed_dir(driver, database=db, path=REPO_ROOT / "seeds")
        syn = await load_synthetic(
            driver, database=db, orgs=orgs, projects=projects, seed=seed, seeds_path=REPO_ROOT / "seeds"
        )
        if not keep:
            await clear_synthetic(driver, database=db)
    finally:
        await driver.close()
    rel_seconds = syn.seconds - syn.node_seconds
    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "neo4j": settings.neo4j_version,
        },
        "seed_graph": {
            "nodes": seed_sum.node_rows,
            "relationships": seed_sum.relationship_rows,
            "seconds": round(seed_sum.seconds, 3),
            "rows_per_second": round((seed_sum.node_rows + seed_sum.relationship_rows) / seed_sum.seconds),
            "note": "one transaction, MERGE with change detection; nodes and relationships timed together",
        },
        "synthetic": {
            "orgs": orgs,
            "projects": projects,
            "seed": seed,
            "nodes": syn.node_rows,
            "relationships": syn.relationship_rows,
            "node_seconds": round(syn.node_seconds, 3),
            "relationship_seconds": round(rel_seconds, 3),
            "nodes_per_second": round(syn.node_rows / syn.node_seconds),
            "relationships_per_second": round(syn.relationship_rows / rel_seconds),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="leave the synthetic graph in place")
    args = parser.parse_args()
    result = asyncio.run(run(args.orgs, args.projects, args.seed, args.keep))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"load_rate-{args.orgs}-{result['when'][:19].replace(':', '')}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    print(f"written to {out.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
