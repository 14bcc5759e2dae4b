"""`python -m bench`: build or reuse the graphs, capture the mix's Cypher, load service, floor and driver, report."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import pickle
import random
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.capture import Captured, capture_query, editor_token, find_deep_cursor, profile_query
from bench.floor import run_units
from bench.graphs import GRAPHS, BenchGraph, current_server_graph, ensure_graph, stop_graph
from bench.inproc import in_process
from bench.load import (
    CpuProbe,
    MutationSource,
    Server,
    Source,
    closed_loop_direct,
    closed_loop_http,
    process_cpu_seconds,
    start_floor,
    start_service,
)
from bench.machine import machine_facts, other_busy_processes
from bench.mix import MIX, MIX_BY_NAME, QuerySpec, Sample, draw_sample, project_versions
from bench.report import chart, markdown, median_round, versus_chart, write_json
from bench.versus import node_available, run_versus
from bench.versus import selected as selected_versus
from bench.versus_mix import SEED, VersusQuery
from service.core.settings import REPO_ROOT, Settings
from service.db.driver import create_driver
from service.db.server import ManagedNeo4j

RESULTS = REPO_ROOT / "bench" / "results"
MUTATION_POOL = 200  # distinct projects the mutation cycles through (more than the highest concurrency)


def log(msg: str) -> None:
    print(f"[bench {dt.datetime.now().strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark the GraphQL service against the bare Cypher it sends (see bench/README.md).",
    )
    p.add_argument("--graphs", default="seed,10k", help=f"comma-separated, of {', '.join(GRAPHS)} (default seed,10k)")
    p.add_argument("--queries", default="all", help="comma-separated query names of the mix, 'all' or 'none'")
    p.add_argument(
        "--versus",
        default="all",
        help="side-by-side queries against the reference (@neo4j/graphql, bench/reference/): comma-separated names "
        "of bench/queries/versus/, 'all' (default) or 'none'",
    )
    p.add_argument(
        "--concurrency",
        type=concurrencies,
        default="1,8,32",
        help="closed-loop clients per run, distinct: results are keyed by it (default 1,8,32; --rounds repeats)",
    )
    p.add_argument("--duration", type=float, default=10.0, help="measured seconds per run (default 10)")
    p.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds before each run (default 2)")
    p.add_argument(
        "--rounds",
        type=positive,
        default=1,
        help="runs per query and concurrency of service and floor, and of partnernet and the reference, taking "
        "turns; the report shows the round of the median ratio, and the range (and median extra CPU) over all "
        "rounds (default 1)",
    )
    p.add_argument("--workers", type=int, default=None, help="uvicorn workers (default PARTNERNET_WORKERS)")
    p.add_argument("--params", type=int, default=50, help="parameter sets per query (default 50)")
    p.add_argument("--seed", type=int, default=SEED, help=f"random seed of the parameters (default {SEED})")
    p.add_argument("--out", type=Path, default=RESULTS, help="results folder (default bench/results)")
    p.add_argument("--rebuild", action="store_true", help="rebuild the graphs even when present")
    p.add_argument(
        "--current-server",
        action="store_true",
        help="use the server PARTNERNET_NEO4J_URI names, as it is (no build): for smoke tests",
    )
    p.add_argument("--keep-servers", action="store_true", help="leave the graphs' Neo4j servers running")
    p.add_argument("--skip-driver", action="store_true", help="skip the in-process driver runs")
    p.add_argument("--profile", action="store_true", help="also profile the GraphQL layer with pyinstrument")
    p.add_argument("--profile-requests", type=int, default=200, help="requests per query under the profiler")
    p.add_argument("--note", action="append", default=[], help="a note for the report (repeatable)")
    return p.parse_args(argv)


def concurrencies(text: str) -> list[int]:
    """A comma-separated list of distinct client counts, each 1 or more."""
    try:
        values = [int(c) for c in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be whole numbers separated by commas, not {text!r}") from None
    if any(v < 1 for v in values) or len(set(values)) != len(values):
        raise argparse.ArgumentTypeError(f"must be distinct numbers of 1 or more, not {text!r}")
    return values


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _selected(arg: str) -> list[QuerySpec]:
    if arg == "all":
        return list(MIX)
    if arg == "none":
        return []
    names = [n.strip() for n in arg.split(",") if n.strip()]
    unknown = [n for n in names if n not in MIX_BY_NAME]
    if unknown:
        raise SystemExit(f"unknown queries: {', '.join(unknown)}; the mix has {', '.join(MIX_BY_NAME)}")
    return [MIX_BY_NAME[n] for n in names]


async def _counts(settings: Settings) -> dict[str, int]:
    driver = create_driver(settings)
    try:
        n, _, _ = await driver.execute_query("MATCH (n) RETURN count(n) AS c", database_=settings.neo4j_database)
        r, _, _ = await driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c", database_=settings.neo4j_database)
    finally:
        await driver.close()
    return {"nodes": int(n[0]["c"]), "relationships": int(r[0]["c"])}


async def prepare(graph: BenchGraph, specs: list[QuerySpec], args: argparse.Namespace) -> tuple[Sample, dict[str, Any]]:
    """Sample the graph, capture each query's statements through the in-process service, PROFILE them."""
    settings = graph.settings
    db = settings.neo4j_database
    driver = create_driver(settings)
    captured: dict[str, Any] = {}
    try:
        sample = await draw_sample(driver, database=db, rng=random.Random(args.seed))
        token = await editor_token(driver, settings) if any(s.operation == "mutation" for s in specs) else None
        async with in_process(settings) as svc:
            roots = await svc.root_fields()
            if any(s.name == "projects_deep_page" for s in specs):
                await find_deep_cursor(svc, sample)
            for spec in specs:
                missing = [r for r in spec.roots if r not in roots]
                if missing:
                    captured[spec.name] = f"root field(s) {', '.join(missing)} not in the schema yet"
                    continue
                count = max(args.params, MUTATION_POOL) if spec.operation == "mutation" else args.params
                headers = {"authorization": f"Bearer {token}"} if spec.operation == "mutation" and token else {}
                cap = await capture_query(svc, spec, sample, count=count, seed=args.seed, headers=headers)
                if cap.ok:
                    await profile_query(driver, database=db, cap=cap)
                captured[spec.name] = cap
                stm = f"{max(cap.statements)} statement(s)" if cap.statements else "-"
                log(f"captured {spec.name}: {len(cap.units)} parameter sets, {stm}, errors {cap.errors[:1]}")
        captured["__token__"] = token
    finally:
        await driver.close()
    return sample, captured


async def run_load(
    graph: BenchGraph,
    caps: dict[str, Captured],
    token: str | None,
    service: Server,
    floor: Server,
    args: argparse.Namespace,
) -> dict[str, dict[str, Any]]:
    """Every query at every concurrency against service, floor and driver, interleaved per query."""
    import orjson

    settings = graph.settings
    conc: list[int] = args.concurrency
    driver = create_driver(settings)
    out: dict[str, dict[str, Any]] = {}
    neo4j_pid = ManagedNeo4j(settings).pid() if settings.uses_managed_server else None

    def probes(server: Server) -> dict[str, CpuProbe]:
        found: dict[str, CpuProbe] = {"app": lambda: process_cpu_seconds(server.process.pid)}
        if neo4j_pid is not None:
            found["neo4j"] = lambda: process_cpu_seconds(neo4j_pid)
        return found

    try:
        for name, cap in caps.items():
            is_mutation = cap.spec.operation == "mutation"
            headers = {"authorization": f"Bearer {token}"} if is_mutation and token else {}
            runs: dict[str, Any] = {}
            if not is_mutation:
                # Every parameter set once through the driver before the first run, so that neither side meets
                # Neo4j's cold caches (page cache, full-text index) in its own measured window.
                for units in cap.units:
                    await run_units(driver, settings, units, {})
            for turn, c in enumerate(conc):
                timing = {"concurrency": c, "warmup_s": args.warmup, "duration_s": args.duration}
                floor_source = Source([orjson.dumps({"q": name, "i": i}) for i in range(len(cap.units))], graphql=False)

                async def run_service(
                    cap: Captured = cap, timing: dict[str, Any] = timing, headers: Any = headers
                ) -> Any:
                    source: Source
                    if cap.spec.operation == "mutation":
                        # The versions the projects are at now (a floor run just before moved them on).
                        ids = [v["id"].split(":", 1)[1] for v in cap.variables]
                        versions = await project_versions(driver, database=settings.neo4j_database, ids=ids)
                        source = MutationSource(cap.spec.document, cap.variables, versions)
                    else:
                        bodies = [orjson.dumps({"query": cap.spec.document, "variables": v}) for v in cap.variables]
                        source = Source(bodies, graphql=True)
                    return await closed_loop_http(
                        service.base_url + "/graphql",
                        source,
                        headers=headers,
                        target="service",
                        probes=probes(service),
                        **timing,
                    )

                async def run_floor(source: Source = floor_source, timing: dict[str, Any] = timing) -> Any:
                    return await closed_loop_http(
                        floor.base_url + "/q", source, target="floor", probes=probes(floor), **timing
                    )

                # Service and floor take turns at going first, so drift within a query's runs favours neither.
                pairs: list[tuple[Any, Any]] = []
                for r in range(args.rounds):
                    if (turn + r) % 2 == 0:
                        svc = await run_service()
                        flr = await run_floor()
                    else:
                        flr = await run_floor()
                        svc = await run_service()
                    pairs.append((svc.summary(), flr.summary()))
                run: dict[str, Any] = median_round(pairs)
                svc_rps = run["service"].get("throughput_rps") or 0.0
                flr_rps = run["floor"].get("throughput_rps") or 0.0
                if not args.skip_driver:
                    direct_versions: dict[str, int] = {}

                    async def direct(i: int, units: Any = cap.units, versions: Any = direct_versions) -> Any:
                        return await run_units(driver, settings, units[i], versions)

                    drv = await closed_loop_direct(direct, len(cap.units), **timing)
                    run["driver"] = drv.summary()
                runs[str(c)] = run
                spread = (
                    f" (rounds {run['rounds']['ratio']['min']}-{run['rounds']['ratio']['max']})"
                    if "rounds" in run
                    else ""
                )
                log(
                    f"{name} c={c}: service {svc_rps:.0f} rps p50 {run['service'].get('p50_ms') or 0:.1f} ms | "
                    f"floor {flr_rps:.0f} rps p50 {run['floor'].get('p50_ms') or 0:.1f} ms | "
                    f"ratio {run['ratio']['throughput']}{spread}"
                )
            out[name] = runs
    finally:
        await driver.close()
    return out


def _query_entry(cap: Captured | str, runs: dict[str, Any] | None) -> dict[str, Any]:
    if isinstance(cap, str):
        return {"skipped": cap}
    entry: dict[str, Any] = {
        "file": f"bench/queries/{cap.spec.file}",
        "operation": cap.spec.operation,
        "roots": list(cap.spec.roots),
        "root_fields": cap.root_fields,
        "parameter_sets": len(cap.units),
        "statements_per_request": {
            "median": statistics.median(cap.statements) if cap.statements else None,
            "max": max(cap.statements) if cap.statements else None,
        },
        "db_hits": statistics.median(cap.db_hits) if cap.db_hits else None,
        "rows": statistics.median(cap.rows) if cap.rows else None,
        "cypher": [st.text for unit in cap.units[0] for st in unit.statements] if cap.units else [],
        "runs": runs or {},
    }
    if cap.errors:
        entry["skipped"] = "errors while capturing: " + "; ".join(cap.errors[:2])
    return entry


def bench_graph(graph: BenchGraph, specs: list[QuerySpec], versus: list[VersusQuery], args: argparse.Namespace) -> Path:
    """One graph, end to end; returns the Markdown summary's path."""
    settings = graph.settings
    workers = args.workers or settings.workers or 1  # PARTNERNET_WORKERS, else one (serve's default in dev)
    started = dt.datetime.now(dt.UTC)
    facts = machine_facts(settings.neo4j_version)
    busy = other_busy_processes()
    counts = asyncio.run(_counts(settings))
    log(f"graph {graph.spec.name}: {counts['nodes']} nodes, {counts['relationships']} relationships")
    sample, captured = asyncio.run(prepare(graph, specs, args))
    token = captured.pop("__token__")
    caps = {n: c for n, c in captured.items() if isinstance(c, Captured) and c.ok}
    runs: dict[str, dict[str, Any]] = {}
    side_by_side: dict[str, Any] | None = None
    with tempfile.TemporaryDirectory(prefix="partnernet-bench-") as tmp:
        tmpdir = Path(tmp)
        units_file = tmpdir / "units.pickle"
        units_file.write_bytes(pickle.dumps({n: c.units for n, c in caps.items()}))
        service = start_service(settings, workers, tmpdir)
        floor = start_floor(settings, workers, tmpdir, units_file)
        try:
            runs = asyncio.run(run_load(graph, caps, token, service, floor, args))
            if versus and not node_available():
                side_by_side = {"skipped": "Node.js 20+ and npm are not on the PATH: the reference cannot run"}
                log(f"versus skipped: {side_by_side['skipped']}")
            elif versus:
                neo4j_pid = ManagedNeo4j(settings).pid() if settings.uses_managed_server else None
                side_by_side = asyncio.run(
                    run_versus(
                        settings, sample, versus, service, args=args, tmpdir=tmpdir, neo4j_pid=neo4j_pid, log=log
                    )
                )
        finally:
            service.stop()
            floor.stop()
    profile: dict[str, Any] | None = None
    stem = f"{started.date().isoformat()}-{graph.spec.name}"
    if args.profile:
        from bench.profiling import profile_graphql_layer

        profile = asyncio.run(profile_graphql_layer(settings, caps, token, args.profile_requests, args.out, stem))
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / profile["text"]).write_text(profile.pop("_text_body"), encoding="utf-8")
    spec = graph.spec
    description = (
        "the seed graph" if spec.kind == "seed" else f"synthetic, {spec.orgs} organisations, {spec.projects} projects"
    )
    result: dict[str, Any] = {
        "when": started.isoformat(timespec="seconds"),
        "graph": {"name": spec.name, "description": description, "counts": counts, "build": graph.build},
        "machine": facts,
        "busy_processes_at_start": busy,
        "load_average_end": [round(x, 2) for x in os.getloadavg()],
        "config": {
            "concurrency": args.concurrency,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "rounds": args.rounds,
            "workers": workers,
            "params": args.params,
            "seed": args.seed,
        },
        "notes": [*args.note, *sample.notes],
        "queries": {n: _query_entry(c, runs.get(n)) for n, c in captured.items()},
    }
    if profile is not None:
        result["profile"] = profile
    if side_by_side is not None:
        result["versus"] = side_by_side
    args.out.mkdir(parents=True, exist_ok=True)
    write_json(result, args.out / f"{stem}.json")
    png = args.out / f"{stem}.png"
    has_chart = chart(result, png)
    versus_png = args.out / f"{stem}-versus.png"
    has_versus_chart = side_by_side is not None and versus_chart(result, versus_png)
    md: Path = args.out / f"{stem}.md"
    md.write_text(
        markdown(result, png.name if has_chart else None, versus_png.name if has_versus_chart else None),
        encoding="utf-8",
    )
    log(f"wrote {md}, {stem}.json" + (f", {png.name}" if has_chart else ""))
    return md


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    specs = _selected(args.queries)
    versus = selected_versus(args.versus)
    base = Settings()
    names = [g.strip() for g in args.graphs.split(",") if g.strip()]
    unknown = [g for g in names if g not in GRAPHS and not args.current_server]
    if unknown:
        raise SystemExit(f"unknown graphs: {', '.join(unknown)}; known: {', '.join(GRAPHS)}")
    for name in names:
        if args.current_server:
            graph = current_server_graph(name, base)
        else:
            graph = ensure_graph(GRAPHS[name], base, log=log, rebuild=args.rebuild)
        try:
            md = bench_graph(graph, specs, versus, args)
            print(md.read_text(encoding="utf-8"))
        finally:
            if not args.keep_servers:
                stop_graph(graph)
