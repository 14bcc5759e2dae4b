"""partnernet side by side with the reference (@neo4j/graphql under Apollo Server, bench/reference/) on one graph:
install and start the reference, check every parameter set answers the same on both sides, then time both."""

from __future__ import annotations

import asyncio
import json
import math
import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import orjson

from bench.load import CpuProbe, Server, Source, closed_loop_http, free_port, process_cpu_seconds
from bench.mix import Sample, answer_problems
from bench.reference.typedefs import type_definitions
from bench.report import median_round, ratios
from bench.versus_mix import VERSUS, VERSUS_BY_NAME, VersusQuery, VersusSample, draw_versus_sample
from service.core.settings import REPO_ROOT, Settings

REFERENCE_DIR = REPO_ROOT / "bench" / "reference"
REFERENCE_PACKAGES = ("@neo4j/graphql", "@apollo/server", "graphql", "neo4j-driver")
DEEP_POSITION = 10_000  # the deep page starts here, or 10 before the end on smaller graphs
Log = Callable[[str], None]


def selected(arg: str) -> list[VersusQuery]:
    """The side-by-side queries `--versus` names ('all', 'none' or a comma-separated list)."""
    if arg == "all":
        return list(VERSUS)
    if arg == "none":
        return []
    names = [n.strip() for n in arg.split(",") if n.strip()]
    unknown = [n for n in names if n not in VERSUS_BY_NAME]
    if unknown:
        raise SystemExit(f"unknown side-by-side queries: {', '.join(unknown)}; known: {', '.join(VERSUS_BY_NAME)}")
    return [VERSUS_BY_NAME[n] for n in names]


def node_available() -> bool:
    """Whether Node.js and npm are on the PATH (the reference needs both)."""
    return shutil.which("node") is not None and shutil.which("npm") is not None


def install_reference(log: Log) -> dict[str, Any]:
    """`npm ci` in bench/reference when its node_modules are missing or older than the lock file; the versions."""
    npm = shutil.which("npm")
    node = shutil.which("node")
    if npm is None or node is None:
        raise RuntimeError("the reference needs Node.js 20+ and npm on the PATH (bench/README.md)")
    lock = REFERENCE_DIR / "package-lock.json"
    stamp = REFERENCE_DIR / "node_modules" / ".package-lock.json"
    if not stamp.exists() or stamp.stat().st_mtime < lock.stat().st_mtime:
        log("installing the reference (npm ci in bench/reference)")
        subprocess.run(  # noqa: S603  # a fixed command line
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=REFERENCE_DIR, check=True
        )
    versions = {"node": subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()}  # noqa: S603
    for pkg in REFERENCE_PACKAGES:
        meta = json.loads((REFERENCE_DIR / "node_modules" / pkg / "package.json").read_text(encoding="utf-8"))
        versions[pkg] = meta["version"]
    return versions


def start_reference(settings: Settings, log_dir: Path, *, timeout_s: float = 90, debug: str | None = None) -> Server:
    """The reference server on a free port over the same Neo4j, once it answers `{ __typename }`; `debug` names
    @neo4j/graphql's debug channels to write to its log (e.g. `@neo4j/graphql:execution`: every statement)."""
    typedefs = log_dir / "reference-typeDefs.graphql"
    typedefs.write_text(type_definitions(), encoding="utf-8")
    port = free_port()
    env = (
        os.environ
        | {
            "REFERENCE_TYPEDEFS": str(typedefs),
            "REFERENCE_PORT": str(port),
            "NEO4J_URI": settings.neo4j_uri,
            "NEO4J_USER": settings.neo4j_user,
            "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
            "NEO4J_DATABASE": settings.neo4j_database,
            "NODE_ENV": "production",
        }
        | ({"DEBUG": debug} if debug else {})
    )
    log = log_dir / f"reference-{port}.log"
    node = shutil.which("node") or "node"
    with log.open("wb") as out:
        proc = subprocess.Popen(  # noqa: S603  # a fixed command line
            [node, "server.mjs"], cwd=REFERENCE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    body = b'{"query": "{ __typename }"}'
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the reference exited early:\n{log.read_text()[-3000:]}")
        if "ready" in log.read_text(errors="replace"):
            req = urllib.request.Request(base + "/", data=body, headers={"content-type": "application/json"})  # noqa: S310  # loopback
            with urllib.request.urlopen(req, timeout=5) as resp:  # noqa: S310  # loopback
                if resp.status == 200:
                    return Server("reference", base, proc, log)
        time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"the reference did not start within {timeout_s:.0f}s:\n{log.read_text()[-3000:]}")


@dataclass
class Checked:
    """One query's parameter sets, as both sides take them, once both answered alike."""

    query: VersusQuery
    ours: list[bytes]
    theirs: list[bytes]
    problem: str | None = None


def first_difference(a: Any, b: Any, path: str = "") -> str:
    """Where two answers first differ, as a path into them with both values."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if a.get(k) != b.get(k):
                return first_difference(a.get(k), b.get(k), f"{path}.{k}")
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        if len(a) != len(b):
            return f"{path}: {len(a)} items against {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return first_difference(x, y, f"{path}[{i}]")
    return f"{path}: {str(a)[:200]} against {str(b)[:200]}"


async def post_answer(http: aiohttp.ClientSession, url: str, body: bytes) -> dict[str, Any]:
    """POST one GraphQL body; the answer, or RuntimeError when the status or the answer reports a problem."""
    async with http.post(url, data=body, headers={"content-type": "application/json"}) as resp:
        answer: dict[str, Any] = orjson.loads(await resp.read())
        problems = answer_problems(answer)
        if resp.status != 200 or problems:
            raise RuntimeError(f"HTTP {resp.status}: {'; '.join(problems)[:300]}")
        return answer


async def deep_cursor(http: aiohttp.ClientSession, url: str, vs: VersusSample) -> None:
    """Walk partnernet's title-ordered project list to the cursor after item DEEP_POSITION (or 10 before the end)."""
    total = (await post_answer(http, url, orjson.dumps({"query": "{ projects { totalCount } }"})))["data"]
    target = min(DEEP_POSITION, max(0, int(total["projects"]["totalCount"]) - 10))
    doc = (
        "query($n: Int!, $after: String) { projects(first: $n, after: $after, orderBy: [{field: TITLE}]) "
        "{ pageInfo { endCursor } } }"
    )
    after, seen = None, 0
    while seen < target:
        n = min(100, target - seen)
        page = await post_answer(http, url, orjson.dumps({"query": doc, "variables": {"n": n, "after": after}}))
        after = page["data"]["projects"]["pageInfo"]["endCursor"]
        seen += n
    if seen:
        vs.deep_cursor, vs.deep_position = after, seen


async def check_queries(
    queries: list[VersusQuery],
    vs: VersusSample,
    ours_url: str,
    theirs_url: str,
    *,
    count: int,
    seed: int,
    labels: tuple[str, str] = ("partnernet", "reference"),
    same_document: bool = False,
) -> list[Checked]:
    """Every parameter set through both sides: kept when the answers are equal, else the query is reported with
    its first difference (or the side that failed) and not timed. Against the reference, both answers are
    compared in their canonical forms; with `same_document` (two versions of partnernet, bench/revisions.py)
    both sides take partnernet's document and the whole `data` is compared. This also warms both sides' caches."""
    out: list[Checked] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as http:

        async def answer(side: str, url: str, body: bytes, canonical: Callable[[Any], Any]) -> Any:
            try:
                return canonical((await post_answer(http, url, body))["data"])
            except (RuntimeError, KeyError, TypeError, aiohttp.ClientError, orjson.JSONDecodeError) as exc:
                raise LookupError(f"{side}: {type(exc).__name__}: {exc}") from exc

        for q in queries:
            pairs = q.pairs(vs, count, seed)
            checked = Checked(q, [], [])
            if not pairs:
                checked.problem = "no parameters could be drawn from this graph"
            for ours_vars, theirs_vars in pairs:
                ob = orjson.dumps({"query": q.document, "variables": ours_vars})
                tb = ob if same_document else orjson.dumps({"query": q.reference_document, "variables": theirs_vars})
                try:
                    a = await answer(labels[0], ours_url, ob, _as_is if same_document else q.ours)
                    b = await answer(labels[1], theirs_url, tb, _as_is if same_document else q.theirs)
                except LookupError as exc:
                    checked.problem = f"{ours_vars}: {exc}"
                    break
                if a != b:
                    checked.problem = f"{ours_vars}: answers differ at {first_difference(a, b) or 'top'}"
                    break
                checked.ours.append(ob)
                checked.theirs.append(tb)
            out.append(checked)
    return out


def _as_is(data: Any) -> Any:
    return data


def geometric_mean(values: list[float]) -> float | None:
    """The geometric mean of positive values (None when there are none)."""
    good = [v for v in values if v and v > 0]
    return round(math.exp(sum(math.log(v) for v in good) / len(good)), 3) if good else None


async def time_queries(
    checked: list[Checked],
    ours: Server,
    theirs: Server,
    *,
    concurrency: list[int],
    warmup_s: float,
    duration_s: float,
    neo4j_pid: int | None,
    log: Log,
    rounds: int = 1,
    labels: tuple[str, str] = ("partnernet", "reference"),
    theirs_path: str = "/",
) -> dict[str, dict[str, Any]]:
    """Closed-loop runs of each checked query against both sides at each concurrency, taking turns going first;
    with several `rounds`, the round whose throughput ratio is the median is kept, with every round's ratio.
    `labels` name the two sides in the result (ours first), `theirs_path` is where the other side answers."""

    def probes(server: Server) -> dict[str, CpuProbe]:
        found: dict[str, CpuProbe] = {"app": lambda: process_cpu_seconds(server.process.pid)}
        if neo4j_pid is not None:
            found["neo4j"] = lambda: process_cpu_seconds(neo4j_pid)
        return found

    out: dict[str, dict[str, Any]] = {}
    for item in checked:
        if item.problem is not None:
            continue

        async def side(server: Server, c: int, warmup: float, duration: float, item: Checked = item) -> Any:
            bodies, path = (item.ours, "/graphql") if server is ours else (item.theirs, theirs_path)
            return await closed_loop_http(
                server.base_url + path, Source(bodies, graphql=True), concurrency=c, warmup_s=warmup,
                duration_s=duration, target=server.name, probes=probes(server),
            )  # fmt: skip

        # Neo4j is shared: the side that runs a query first also warms Neo4j's code for that query (the search's
        # Lucene paths, plans, caches) for the other. Both sides run it once, unmeasured, before any timed run.
        for server in (ours, theirs):
            await side(server, concurrency[0], 0, max(warmup_s, 1.0))
        runs: dict[str, Any] = {}
        for turn, c in enumerate(concurrency):
            pairs = []
            for r in range(rounds):
                first, second = (ours, theirs) if (turn + r) % 2 == 0 else (theirs, ours)
                stats = {server.name: await side(server, c, warmup_s, duration_s) for server in (first, second)}
                a, b = stats[ours.name], stats[theirs.name]
                pairs.append((a.summary(), b.summary()))
                log(
                    f"{item.query.name} c={c}: {labels[0]} {a.throughput:.0f} rps p50 "
                    f"{a.percentile(50) or 0:.1f} ms | {labels[1]} {b.throughput:.0f} rps p50 "
                    f"{b.percentile(50) or 0:.1f} ms | ratio {ratios(a.summary(), b.summary())['throughput']}"
                )
            median = median_round(pairs)  # the round whose ratio is the median stands for all
            runs[str(c)] = {labels[0]: median["service"], labels[1]: median["floor"], "ratio": median["ratio"]}
            if "rounds" in median:
                runs[str(c)]["rounds"] = {"ratio": median["rounds"]["ratio"]}
        out[item.query.name] = runs
    return out


def summarise(
    checked: list[Checked], runs: dict[str, dict[str, Any]], versions: dict[str, Any], concurrency: list[int]
) -> dict[str, Any]:
    """The `versus` part of a run's JSON: versions, how privacy is matched, per query its check and runs, the
    geometric means of the throughput ratios and whether the goals are met."""
    queries: dict[str, Any] = {}
    for item in checked:
        entry: dict[str, Any] = {
            "description": item.query.description,
            "files": [
                f"bench/queries/versus/{item.query.name}.graphql",
                f"bench/queries/versus/{item.query.name}.reference.graphql",
            ],
            "parameter_sets_checked": len(item.ours),
            "runs": runs.get(item.query.name, {}),
        }
        if item.problem is not None:
            entry["skipped"] = item.problem
        queries[item.query.name] = entry
    geomean = {
        str(c): geometric_mean(
            [q["runs"][str(c)]["ratio"]["throughput"] for q in queries.values() if str(c) in q.get("runs", {})]
        )
        for c in concurrency
    }
    timed = [q for q in queries.values() if q.get("runs")]
    every = [q["runs"][str(c)]["ratio"]["throughput"] for q in timed for c in concurrency if str(c) in q["runs"]]
    p50 = [q["runs"]["1"]["ratio"]["p50"] for q in timed if "1" in q["runs"]]
    return {
        "reference": versions,
        "privacy": (
            "anonymous requests on both sides; every organisation kind of the reference carries "
            "@authorization(filter: [{requireAuthentication: false, where: {node: {sensitive: {eq: false}}}}]), "
            "its @cypher searches test the same property: what partnernet's rule asks of an anonymous caller"
        ),
        "queries": queries,
        "geomean_throughput_ratio": geomean,
        "goals": {
            "every_ratio_at_least_1_5": bool(every) and all(r is not None and r >= 1.5 for r in every),
            "geomean_at_least_2": bool(every) and all(g is not None and g >= 2 for g in geomean.values()),
            "p50_at_c1_no_higher": bool(p50) and all(r is not None and r <= 1 for r in p50),
        },
    }


async def run_versus(
    settings: Settings,
    sample: Sample,
    queries: list[VersusQuery],
    service: Server,
    *,
    args: Any,
    tmpdir: Path,
    neo4j_pid: int | None,
    log: Log,
) -> dict[str, Any]:
    """The whole comparison on one graph, against the running service; the JSON part it yields."""
    from service.db.driver import create_driver

    versions = install_reference(log)
    concurrency: list[int] = args.concurrency
    driver = create_driver(settings)
    try:
        vs = await draw_versus_sample(driver, database=settings.neo4j_database, base=sample)
    finally:
        await driver.close()
    reference = await asyncio.to_thread(start_reference, settings, tmpdir)
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as http:
            if any(q.name == "projects_deep_page" for q in queries):
                await deep_cursor(http, service.base_url + "/graphql", vs)
        checked = await check_queries(
            queries, vs, service.base_url + "/graphql", reference.base_url + "/", count=args.params, seed=args.seed
        )
        for item in checked:
            state = item.problem or f"{len(item.ours)} parameter sets answer alike"
            log(f"versus {item.query.name}: {state}")
        runs = await time_queries(
            checked,
            service,
            reference,
            concurrency=concurrency,
            warmup_s=args.warmup,
            duration_s=args.duration,
            neo4j_pid=neo4j_pid,
            log=log,
            rounds=args.rounds,
        )
    finally:
        reference.stop()
    return summarise(checked, runs, versions, concurrency) | {"deep_position": vs.deep_position}
