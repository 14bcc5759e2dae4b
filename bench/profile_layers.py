"""Where a running service's process spends its CPU on one side-by-side query, layer by layer (py-spy).

    python -m bench.profile_layers --url http://127.0.0.1:8000 --query path --concurrency 32
    python -m bench.profile_layers --raw stacks.txt            # bucket a py-spy raw file recorded earlier

It sends the query of bench/queries/versus/ with the side-by-side's parameter sets (drawn from the graph that
`PARTNERNET_NEO4J_URI` names, as bench/versus.py draws them) from closed-loop clients in this process, while
`py-spy record --format raw` samples the service's process (`--pid`, or the one listening on the URL's port), and
then puts each sample in the layer of its innermost known frame: the driver, the service's own packages, Strawberry,
graphql-core, the HTTP server, Starlette, or the event loop (uvloop's own work: socket reads and writes, callbacks).
py-spy must be on the PATH (`pip install py-spy`; reading another process's memory needs ptrace rights, as root has
them here). A profile, not a benchmark: the rates it prints are slowed by the sampler.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import orjson

from bench.load import Source, closed_loop_http
from bench.mix import draw_sample
from bench.versus_mix import VERSUS_BY_NAME, draw_versus_sample
from service.core.settings import get_settings
from service.db.driver import create_driver

# The first rule that matches a sample's innermost frame with a known file wins; frames read `func (path:line)`.
LAYERS: tuple[tuple[str, str], ...] = (
    ("driver (Bolt, packstream, pool, its socket writes)", r"\(neo4j(_rust_ext)?/"),
    ("service: engine (statement compiler)", r"\(service/engine/"),
    ("service: gql (pipeline, collection, answer)", r"\(service/gql/"),
    ("service: network", r"\(service/network/"),
    ("service: db (read helper, observed driver)", r"\(service/db/"),
    ("service: http (endpoint, edge, admission, log)", r"\(service/http/"),
    ("service: other", r"\(service/"),
    ("Strawberry", r"\(strawberry/"),
    ("graphql-core", r"\(graphql/"),
    ("HTTP server (uvicorn, httptools)", r"\((uvicorn|httptools)/"),
    ("ASGI (Starlette)", r"\(starlette/"),
    ("event loop (uvloop: socket I/O, callbacks)", r"\((asyncio|uvloop)/"),
)


def layer_shares(raw: str) -> tuple[int, list[tuple[str, float]]]:
    """(samples, [(layer, share of samples)]) of py-spy's raw output: `frame;frame;... count` per line, root
    first."""
    counts: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack or not n.isdigit():
            continue
        total += int(n)
        frames = stack.split(";")
        for frame in reversed(frames):
            hit = next((name for name, pattern in LAYERS if re.search(pattern, frame)), None)
            if hit is not None:
                counts[hit] += int(n)
                break
        else:
            counts["other"] += int(n)
    return total, [(name, n / total) for name, n in counts.most_common()] if total else []


def _pid_on_port(port: int) -> int:
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607  # a fixed command line
    m = re.search(r"pid=(\d+)", out)
    if m is None:
        raise SystemExit(f"no process listens on port {port} (or ss cannot name it); pass --pid")
    return int(m[1])


async def _load(url: str, query: str, concurrency: int, seconds: float, sets: int, seed: int) -> float:
    settings = get_settings()
    driver = create_driver(settings)
    try:
        base = await draw_sample(driver, database=settings.neo4j_database, rng=random.Random(seed))
        vs = await draw_versus_sample(driver, database=settings.neo4j_database, base=base)
    finally:
        await driver.close()
    q = VERSUS_BY_NAME[query]
    pairs = q.variables(vs, random.Random(f"{seed}:versus:{query}"), sets)
    bodies = [orjson.dumps({"query": q.document, "variables": ours}) for ours, _ in pairs]
    stats = await closed_loop_http(
        url + "/graphql", Source(bodies, graphql=True), concurrency=concurrency, warmup_s=0, duration_s=seconds,
        target="partnernet",
    )  # fmt: skip
    if stats.errors:
        raise SystemExit(f"{stats.errors} requests failed: {stats.first_error}")
    return stats.throughput


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running service (default port 8000)")
    parser.add_argument("--pid", type=int, help="the service's process (default: the one listening on the port)")
    parser.add_argument("--query", default="path", help="a query of bench/queries/versus/ (default path)")
    parser.add_argument("--concurrency", type=int, default=32, help="closed-loop clients (default 32)")
    parser.add_argument("--seconds", type=float, default=18, help="how long py-spy samples (default 18)")
    parser.add_argument("--rate", type=int, default=250, help="samples a second (default 250)")
    parser.add_argument("--sets", type=int, default=50, help="parameter sets (default 50, as the side-by-side)")
    parser.add_argument("--seed", type=int, default=7, help="the side-by-side's seed (default 7)")
    parser.add_argument("--raw", type=Path, help="only bucket this py-spy raw file")
    args = parser.parse_args()
    if args.raw is None:
        spy = shutil.which("py-spy")
        if spy is None:
            raise SystemExit("py-spy is not on the PATH: pip install py-spy")
        pid = args.pid or _pid_on_port(int(args.url.rsplit(":", 1)[1].split("/")[0]))
        args.raw = Path(tempfile.mkdtemp(prefix="profile-layers-")) / f"{args.query}-c{args.concurrency}.txt"
        cmd = [spy, "record", "-p", str(pid), "-r", str(args.rate), "-d", str(int(args.seconds)), "-f", "raw"]
        sampler = subprocess.Popen([*cmd, "--nonblocking", "-o", str(args.raw)], stdout=subprocess.DEVNULL)  # noqa: S603  # py-spy, fixed arguments
        rps = asyncio.run(_load(args.url, args.query, args.concurrency, args.seconds + 2, args.sets, args.seed))
        if sampler.wait() != 0:
            raise SystemExit(f"py-spy failed (exit {sampler.returncode})")
        print(f"{args.query} at c={args.concurrency}: {rps:.0f} requests/s while sampled; raw stacks in {args.raw}")
    total, shares = layer_shares(args.raw.read_text())
    print(f"{total} samples of the service's process (idle time left out)\n\n| layer | share of its CPU |\n|---|---|")
    for name, share in shares:
        print(f"| {name} | {100 * share:.1f}% |")


if __name__ == "__main__":
    sys.exit(main())
