"""CPU per mutation in process: `updateProject` through the whole ASGI app, no HTTP server, no floor.

    python bench/mutation_cpu.py                          # 8 concurrent editors, 5 rounds of 1,600 mutations
    python bench/mutation_cpu.py --concurrency 1 --rounds 7

It runs against the Neo4j and graph that `PARTNERNET_NEO4J_URI` names, with the rate limit off (the seed graph is
enough: it updates the budget of up to 50 projects, each editor its own, following their versions as a client
would), with the request log on as `partnernet serve` has it. Each round reports this process's CPU time per
mutation (`time.process_time`: the service's work and the driver's, not Neo4j's); the median of the rounds is the
figure. Run it from a tree's root to measure that tree's code: two trees alternated a few times on the same server
compare two versions of the service (it also runs on trees from before `service.core`, whose settings were
`service.settings`). A benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, os.getcwd())

from bench.capture import editor_token
from bench.inproc import asgi_post, in_process

try:
    from service.core.settings import get_settings
except ImportError:  # a tree from before service/core
    from service.settings import get_settings  # type: ignore[no-redef]

QUERY = (Path.cwd() / "bench" / "queries" / "update_project.graphql").read_text()  # the measured tree's own
_PICK = "MATCH (p:Project) WHERE p.version IS NOT NULL RETURN p.id AS id, p.version AS v ORDER BY id LIMIT 50"


async def measure(concurrency: int, per_round: int, rounds: int) -> list[float]:
    """CPU microseconds per mutation, one figure per round."""
    settings = get_settings()
    async with in_process(settings, record=False) as svc:
        driver = svc.app.state.driver
        headers = {"authorization": f"Bearer {await editor_token(driver, settings)}"}
        records, _, _ = await driver.execute_query(_PICK, database_=settings.neo4j_database)
        versions = {r["id"]: r["v"] for r in records}
        if len(versions) < concurrency:
            raise SystemExit(
                f"the graph holds {len(versions)} projects with a version; {concurrency} editors need one each"
            )
        ids = sorted(versions)
        sent = 0

        async def one(editor: int) -> None:
            nonlocal sent
            mine = ids[editor::concurrency]
            pid = mine[sent % len(mine)]
            sent += 1
            variables: dict[str, Any] = {"id": "Project:" + pid, "version": versions[pid], "budget": float(1000 + sent)}
            status, raw = await asgi_post(
                svc.app, "/graphql", orjson.dumps({"query": QUERY, "variables": variables}), headers
            )
            answer = orjson.loads(raw)
            try:
                versions[pid] = answer["data"]["updateProject"]["project"]["version"]
            except (KeyError, TypeError):
                raise SystemExit(f"unexpected answer ({status}): {raw[:300]!r}") from None

        for _ in range(200):  # warm-up: documents prepared, connections open
            await one(0)
        out = []
        for _ in range(rounds):
            started = time.process_time()

            async def editor(e: int) -> None:
                for _ in range(per_round // concurrency):
                    await one(e)

            await asyncio.gather(*(editor(e) for e in range(concurrency)))
            out.append((time.process_time() - started) / (per_round // concurrency * concurrency) * 1e6)
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent editors (default 8)")
    parser.add_argument("--per-round", type=int, default=1600, help="mutations per round (default 1,600)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (default 5)")
    args = parser.parse_args()
    # One client sends every request here, far above the per-token rate limit that protects a real deployment.
    os.environ.setdefault("PARTNERNET_RATE_LIMIT_PER_MINUTE", "0")
    if args.concurrency < 1 or args.per_round < args.concurrency or args.rounds < 1:
        parser.error("--concurrency at least 1, --per-round at least --concurrency, --rounds at least 1")
    try:  # the request log as `partnernet serve` writes it, into a sink
        from service.http.logs import configure_logging

        sys.stderr = open(os.devnull, "w")  # noqa: SIM115  # for the process's lifetime
        configure_logging(get_settings())
    except ImportError:  # a tree from before the request log
        pass
    try:
        cpu = asyncio.run(measure(args.concurrency, args.per_round, args.rounds))
    except SystemExit as exc:  # its message would go to the sink above
        print(exc, file=sys.__stderr__)
        raise SystemExit(1) from None
    print(
        f"{os.getcwd()} c={args.concurrency}: CPU us per mutation, median {statistics.median(cpu):.0f}, "
        f"rounds {[round(x) for x in cpu]}",
        file=sys.__stdout__,
    )


if __name__ == "__main__":
    main()
