"""Where a running service's process spends its CPU on one side-by-side query, package by package (py-spy).

    partnernet serve --port 8111 --workers 1     # PARTNERNET_RATE_LIMIT_PER_MINUTE=0, on the graph to profile
    python -m bench.profile_layers --url http://127.0.0.1:8111 --query path --concurrency 32
    python -m bench.profile_layers --raw stacks.txt            # count a py-spy raw file recorded earlier

It draws the side-by-side's parameter sets for the query from the graph that PARTNERNET_NEO4J_URI names (the
service's own graph: on another, the requests fail and the run stops), warms the service up, then sends the
query from closed-loop clients in this process while `py-spy record --format raw --subprocesses` samples the
service's process (`--pid`, or the one listening on the URL's port) and its workers. Each sample is charged to
the package of its innermost frame in a known package (bench/profiling.py's `package_of`: the driver, Strawberry,
graphql-core, Starlette, uvicorn, each package of service/), looking through asyncio's frames: the driver's socket
writes count as the driver's. A sample with no such frame inside the event loop is the loop's own work (uvloop's
socket reads and writes and its callbacks): `asyncio (event loop)`. py-spy must be on the PATH (`pip install
py-spy`; it reads another process's memory, which needs ptrace rights). A profile, not a benchmark: the sampler
slows the service down.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import orjson

from bench.load import Source, closed_loop_http
from bench.profiling import OTHER, package_of
from bench.versus_mix import VERSUS_BY_NAME, add_parameter_options, draw_for_side_by_side
from service.core.settings import get_settings
from service.db.driver import create_driver

EVENT_LOOP = "asyncio (event loop)"
_FRAME = re.compile(r"^(?P<function>.*) \((?P<path>[^()]*?)(?::\d+)?\)$")
_LOOP_RUN = "(asyncio/runners.py"  # Runner.run: the frames after it are a task's or a callback's


def _package(frame: str) -> str:
    m = _FRAME.match(frame)
    return package_of(m["path"], m["function"]) if m else OTHER


def layer_shares(raw: str) -> tuple[int, list[tuple[str, float]]]:
    """(samples, [(package, share of samples)]) of py-spy's raw output (`frame;frame;... count` a line, root
    first), each sample charged as the module's docstring says."""
    counts: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack or not n.isdigit():
            continue
        frames = stack.split(";")
        loop = max((i for i, f in enumerate(frames) if _LOOP_RUN in f), default=-1)
        owner = EVENT_LOOP if loop >= 0 else OTHER
        for frame in reversed(frames[loop + 1 :]):
            package = _package(frame)
            if package not in (OTHER, "asyncio"):
                owner = package
                break
        counts[owner] += int(n)
        total += int(n)
    return total, [(name, n / total) for name, n in counts.most_common()]


def _listening_pid(port: int) -> int:
    ss = shutil.which("ss")
    if ss is None:
        raise SystemExit("`ss` (iproute2) is not on the PATH to find the service's process: pass --pid")
    out = subprocess.run([ss, "-ltnpH", f"sport = :{port}"], capture_output=True, text=True, check=True).stdout  # noqa: S603  # ss with fixed arguments
    pids = sorted({int(p) for p in re.findall(r"pid=(\d+)", out)})
    if not pids:
        raise SystemExit(f"no process listens on port {port} (or ss cannot name it): pass --pid")
    return pids[0]  # workers share the parent's socket; py-spy --subprocesses samples them all from the parent


async def _bodies(query: str, sets: int, seed: int) -> list[bytes]:
    settings = get_settings()
    driver = create_driver(settings)
    try:
        vs = await draw_for_side_by_side(driver, database=settings.neo4j_database, seed=seed)
    finally:
        await driver.close()
    q = VERSUS_BY_NAME[query]
    return [orjson.dumps({"query": q.document, "variables": ours}) for ours, _ in q.pairs(vs, sets, seed)]


async def _load(url: str, bodies: list[bytes], concurrency: int, seconds: float) -> float:
    stats = await closed_loop_http(
        url, Source(bodies, graphql=True), concurrency=concurrency, warmup_s=0, duration_s=seconds, target="service"
    )
    if stats.errors:
        raise SystemExit(f"{stats.errors} requests failed: {stats.first_error}")
    return stats.throughput


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench.profile_layers", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    p.add_argument("--url", default="http://127.0.0.1:8000", help="the running service (default http://127.0.0.1:8000)")
    p.add_argument("--pid", type=int, help="the service's process (default: the one listening on the URL's port)")
    p.add_argument("--query", default="path", choices=sorted(VERSUS_BY_NAME), help="a query of bench/queries/versus/")
    p.add_argument("--concurrency", type=int, default=32, help="closed-loop clients (default 32)")
    p.add_argument("--seconds", type=int, default=18, help="seconds py-spy samples (default 18)")
    p.add_argument("--warmup", type=float, default=3.0, help="seconds of load before sampling (default 3)")
    p.add_argument("--rate", type=int, default=250, help="samples a second (default 250)")
    add_parameter_options(p, sets=50)
    p.add_argument("--raw", type=Path, help="only count this py-spy raw file")
    return p.parse_args(argv)


def main() -> None:
    args = parse_args()
    if args.raw is None:
        spy = shutil.which("py-spy")
        if spy is None:
            raise SystemExit("py-spy is not on the PATH: pip install py-spy")
        url = args.url.rstrip("/") + "/graphql"
        pid = args.pid or _listening_pid(urlsplit(args.url).port or 80)
        bodies = asyncio.run(_bodies(args.query, args.sets, args.seed))
        asyncio.run(_load(url, bodies, args.concurrency, args.warmup))
        args.raw = Path(tempfile.mkdtemp(prefix="profile-layers-")) / f"{args.query}-c{args.concurrency}.txt"
        cmd = [spy, "record", "-p", str(pid), "-r", str(args.rate), "-d", str(args.seconds), "-f", "raw"]
        sampler = subprocess.Popen([*cmd, "--subprocesses", "--nonblocking", "-o", str(args.raw)])  # noqa: S603  # py-spy, fixed arguments
        try:
            rps = asyncio.run(_load(url, bodies, args.concurrency, args.seconds + 1))
        except BaseException:
            sampler.terminate()
            raise
        if sampler.wait(timeout=args.seconds + 30) != 0:
            raise SystemExit(f"py-spy failed (exit {sampler.returncode})")
        print(f"{args.query} at c={args.concurrency}: {rps:.0f} requests/s while sampled; raw stacks in {args.raw}")
    total, shares = layer_shares(args.raw.read_text())
    print(f"{total} samples of the service's CPU (idle time left out)\n\n| package | share |\n|---|---|")
    for name, share in shares:
        print(f"| {name} | {100 * share:.1f}% |")


if __name__ == "__main__":
    main()
