"""Two versions of partnernet side by side in one run: a change measured before and after on the same graph.

    python -m bench.revisions --before HEAD+bench/gains/privacy_property_read.patch --after HEAD \\
        --queries region_countries,country_projects --graph 10k --rounds 2

Each side is a tree: a commit as `git archive` writes it, with patches applied in order when the spec names any
(`REV+one.patch+two.patch`; a patch path is relative to this checkout). bench/gains/ holds patches that take one
gain of issue 18 back out of today's code, so `--before HEAD+bench/gains/X.patch --after HEAD` measures that gain
on the code as it is, not on the commit that made it.

Both trees are served by this checkout's virtualenv, each from its own directory (PYTHONPATH, checked before
the run), with the same settings, one `partnernet serve` each, over the same Neo4j: the bench graph named by
`--graph`, which `python -m bench` builds (started here when it is not running, stopped after unless
`--keep-servers`). The queries are the side-by-side's (bench/queries/versus/, partnernet's documents, the same
parameter sets as `python -m bench`); every parameter set must answer the same on both sides (the whole `data`)
before anything is timed. Then each query at each concurrency runs on both sides in turn, `--rounds` times,
taking turns at going first, after one unmeasured run of each side: the report keeps the round with the median
after/before throughput ratio and shows the range over the rounds, with CPU per request of both service
processes and of Neo4j.

A benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import aiohttp

from bench.cli import concurrencies, positive
from bench.graphs import GRAPHS, current_server_graph, ensure_graph, stop_graph
from bench.load import Server, free_port, settings_env, start_server
from bench.machine import machine_facts
from bench.report import write_json
from bench.trees import Tree, check_imports_from, materialise, tree_env
from bench.versus import check_queries, deep_cursor, time_queries
from bench.versus import selected as selected_versus
from bench.versus_mix import SEED, draw_for_side_by_side
from bench.versus_report import number
from service.core.settings import REPO_ROOT, Settings
from service.db.driver import create_driver
from service.db.server import ManagedNeo4j

RESULTS = REPO_ROOT / "bench" / "results"
LABELS = ("after", "before")  # ours first: ratios are after / before
CONFIG = ("concurrency", "duration", "warmup", "rounds", "workers", "params", "seed")  # kept in the result


def log(msg: str) -> None:
    """A progress line on stderr."""
    print(f"[revisions {dt.datetime.now().strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def start_tree(settings: Settings, tree: Tree, name: str, workers: int, log_dir: Path) -> Server:
    """`partnernet serve` of `tree` on a free port: the run's settings, the tree's code."""
    env = tree_env(settings_env(settings), tree)
    check_imports_from(tree, env)
    port = free_port()
    argv = [sys.executable, "-m", "service", "serve", "--port", str(port), "--workers", str(workers)]
    return start_server(name, argv, env, port, log_dir, cwd=tree.path)


def _cpu(run: dict[str, Any], side: str, key: str) -> float | None:
    value = (run[side].get("cpu_ms_per_request") or {}).get(key)
    return None if value is None else float(value)


def markdown(result: dict[str, Any]) -> str:
    """The run as a Markdown table: per query and concurrency, both sides and the after/before ratio."""
    before, after = result["before"], result["after"]
    lines = [
        f"# {result['graph']} graph: after / before ({result['when']})",
        "",
        f"- before: `{before['spec']}` ({before['commit'][:12]}{', patched' if before['patches'] else ''})",
        f"- after: `{after['spec']}` ({after['commit'][:12]}{', patched' if after['patches'] else ''})",
        f"- {result['config']['rounds']} round(s) a cell of {result['config']['duration']} s after "
        f"{result['config']['warmup']} s of warm-up, {result['config']['workers']} worker(s) a side; "
        f"machine: {result['machine'].get('cpu')}, {result['machine'].get('cores')} cores",
        *(f"- note: {note}" for note in result.get("notes", [])),
        "",
        "| query | c | requests/s before | after | after / before (range) | p50 ms before / after "
        "| service CPU ms/request before / after | Neo4j CPU ms/request before / after |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, q in result["queries"].items():
        if "skipped" in q:
            why = str(q["skipped"]).replace("|", "\\|")  # a table cell
            lines.append(f"| {name} | skipped: {why} | | | | | | |")
            continue
        for c, run in q["runs"].items():
            b, a = run["before"], run["after"]
            spread = (run.get("rounds") or {}).get("ratio") or {}
            span = f" ({number(spread['min'], 2)}-{number(spread['max'], 2)})" if spread else ""
            lines.append(
                f"| {name} | {c} | {number(b['throughput_rps'])} | {number(a['throughput_rps'])} "
                f"| {number(run['ratio']['throughput'], 2)}{span} "
                f"| {number(b['p50_ms'], 2)} / {number(a['p50_ms'], 2)} "
                f"| {number(_cpu(run, 'before', 'app'), 2)} / {number(_cpu(run, 'after', 'app'), 2)} "
                f"| {number(_cpu(run, 'before', 'neo4j'), 2)} / {number(_cpu(run, 'after', 'neo4j'), 2)} |"
            )
    return "\n".join(lines) + "\n"


async def measure(args: argparse.Namespace, settings: Settings, before: Tree, after: Tree, tmp: Path) -> dict[str, Any]:
    """Start both trees, check their answers, time them; the result's `queries` part."""
    driver = create_driver(settings)
    try:
        vs = await draw_for_side_by_side(driver, database=settings.neo4j_database, seed=args.seed)
    finally:
        await driver.close()
    servers: list[Server] = []
    try:
        for tree, name in ((after, LABELS[0]), (before, LABELS[1])):
            servers.append(await asyncio.to_thread(start_tree, settings, tree, name, args.workers, tmp))
        after_url, before_url = (s.base_url + "/graphql" for s in servers)
        if any(q.name == "projects_deep_page" for q in args.queries):
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as http:
                await deep_cursor(http, after_url, vs)
        checked = await check_queries(
            args.queries, vs, after_url, before_url, count=args.params, seed=args.seed, labels=LABELS,
            same_document=True,
        )  # fmt: skip
        for item in checked:
            log(f"{item.query.name}: {item.problem or f'{len(item.ours)} parameter sets answer alike'}")
        neo4j_pid = ManagedNeo4j(settings).pid() if settings.uses_managed_server else None
        runs = await time_queries(
            checked, servers[0], servers[1], concurrency=args.concurrency, warmup_s=args.warmup,
            duration_s=args.duration, neo4j_pid=neo4j_pid, log=log, rounds=args.rounds, labels=LABELS,
            theirs_path="/graphql",
        )  # fmt: skip
    finally:
        for s in servers:
            s.stop()
    queries: dict[str, Any] = {}
    for item in checked:
        entry: dict[str, Any] = {"description": item.query.description, "parameter_sets_checked": len(item.ours)}
        if item.problem is not None:
            entry["skipped"] = item.problem
        else:
            entry["runs"] = runs.get(item.query.name, {})
        queries[item.query.name] = entry
    return queries


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Both trees written out, the graph's server started (or the current one), the measurement; the result."""
    base = Settings().model_copy(update={"rate_limit_per_minute": 0})
    with tempfile.TemporaryDirectory(prefix="partnernet-revisions-") as tmpdir:
        tmp = Path(tmpdir)
        before = materialise(args.before, tmp / "before")  # a bad spec stops the run before any graph is built
        after = materialise(args.after, tmp / "after")
        graph = (
            current_server_graph(args.graph, base)
            if args.current_server
            else ensure_graph(GRAPHS[args.graph], base, log=log)
        )
        try:
            when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            queries = asyncio.run(measure(args, graph.settings, before, after, tmp))
        finally:
            if not args.keep_servers:
                stop_graph(graph)
    return {
        "when": when,
        "graph": args.graph,
        "machine": machine_facts(graph.settings.neo4j_version),
        "before": before.describe(),
        "after": after.describe(),
        "config": {k: getattr(args, k) for k in CONFIG},
        "notes": args.note,
        "queries": queries,
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line, checked."""
    p = argparse.ArgumentParser(
        prog="python -m bench.revisions", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    p.add_argument("--before", required=True, help="the tree before the change: REV or REV+patch+...")
    p.add_argument("--after", default="HEAD", help="the tree after it (default HEAD)")
    p.add_argument(
        "--queries",
        type=selected_versus,
        default="all",
        help="comma-separated names of bench/queries/versus/, or 'all' (default)",
    )
    p.add_argument("--graph", choices=sorted(GRAPHS), default="10k", help="the bench graph (default 10k)")
    p.add_argument("--concurrency", type=concurrencies, default="1,8,32", help="distinct client counts")
    p.add_argument("--duration", type=float, default=5.0, help="measured seconds per run (default 5)")
    p.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds before each run (default 2)")
    p.add_argument("--rounds", type=positive, default=2, help="runs of each side per cell, in turns (default 2)")
    p.add_argument("--workers", type=positive, default=1, help="uvicorn workers a side (default 1)")
    p.add_argument("--params", type=positive, default=50, help="parameter sets per query (default 50)")
    p.add_argument("--seed", type=int, default=SEED, help=f"the parameters' seed (default {SEED}, as python -m bench)")
    p.add_argument("--out", type=Path, default=RESULTS, help="results folder (default bench/results)")
    p.add_argument("--keep-servers", action="store_true", help="leave the graph's Neo4j running")
    p.add_argument(
        "--current-server",
        action="store_true",
        help="use the server PARTNERNET_NEO4J_URI names, as it is (no build): for smoke tests",
    )
    p.add_argument("--note", action="append", default=[], help="a note for the result (repeatable)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Run, print the Markdown, and write the JSON and the Markdown into --out."""
    args = parse_args(argv)
    result = run(args)
    text = markdown(result)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = f"{result['when'][:10]}-{args.graph}-revisions-{result['when'][11:19].replace(':', '')}"
    write_json(result, args.out / f"{stem}.json")
    (args.out / f"{stem}.md").write_text(text, encoding="utf-8")
    print(json.dumps({"written": [f"{stem}.json", f"{stem}.md"]}), file=sys.stderr)


if __name__ == "__main__":
    main()
