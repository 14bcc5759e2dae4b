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
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import orjson

from bench.graphs import GRAPHS, current_server_graph, ensure_graph, stop_graph
from bench.load import Server, free_port, settings_env, start_server
from bench.machine import machine_facts
from bench.report import write_json
from bench.versus import Checked, deep_cursor, first_difference, post_answer, time_queries
from bench.versus import selected as selected_versus
from bench.versus_mix import SEED, VersusQuery, VersusSample, draw_for_side_by_side
from service.core.settings import REPO_ROOT, Settings
from service.db.driver import create_driver
from service.db.server import ManagedNeo4j

LABELS = ("after", "before")  # ours first: ratios are after / before
CONFIG = ("concurrency", "duration", "warmup", "rounds", "workers", "params", "seed")  # kept in the result


def log(msg: str) -> None:
    print(f"[revisions {dt.datetime.now().strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Tree:
    """One side: what it was made from and where it lies."""

    spec: str
    commit: str
    patches: tuple[str, ...]
    path: Path

    def describe(self) -> dict[str, Any]:
        return {"spec": self.spec, "commit": self.commit, "patches": list(self.patches)}


def _git(*args: str, cwd: Path = REPO_ROOT, failure: str = "", env: dict[str, str] | None = None) -> bytes:
    """git's output; when it fails, the run stops with `failure` (or the command) and git's own message."""
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, check=False)  # noqa: S603, S607
    if done.returncode != 0:
        raise SystemExit(f"{failure or 'git ' + ' '.join(args)}: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def materialise(spec: str, dest: Path) -> Tree:
    """The tree `spec` names (`REV` or `REV+patch+...`), written to `dest`: the commit's files, then each patch
    applied; an unknown revision or a patch that does not apply stops the run, naming it."""
    rev, *patches = spec.split("+")
    if not rev:
        raise SystemExit(f"{spec!r}: a side is REV or REV+patch+..., e.g. HEAD+bench/gains/x.patch")
    found = _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", failure=f"{spec!r}: no commit {rev} here")
    commit = found.decode().strip()
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(_git("archive", "--format=tar", commit))) as tar:
        tar.extractall(dest, filter="data")
    for patch in patches:
        path = (REPO_ROOT / patch).resolve()
        if not path.is_file():
            raise SystemExit(f"{spec!r}: no patch file {patch}")
        failure = f"{spec!r}: {patch} does not apply to {rev} ({commit[:12]})"
        # As a plain patch tool: git looks for no repository above the tree (it may lie inside a checkout).
        outside = os.environ | {"GIT_CEILING_DIRECTORIES": str(dest.parent)}
        _git("apply", "--whitespace=nowarn", str(path), cwd=dest, failure=failure, env=outside)
    return Tree(spec, commit, tuple(patches), dest)


def tree_env(settings: Settings, tree: Tree) -> dict[str, str]:
    """The service's environment for `tree`: the run's settings, and the tree first on the import path."""
    return settings_env(settings) | {"PYTHONPATH": str(tree.path)}


def check_imports_from(tree: Tree, env: dict[str, str]) -> None:
    """Refuse to measure a tree whose `service` package would not be imported from the tree itself."""
    code = "import service, sys; sys.stdout.write(service.__file__)"
    done = subprocess.run(  # noqa: S603  # this interpreter, a fixed snippet
        [sys.executable, "-c", code], cwd=tree.path, env=env, capture_output=True, text=True, check=False
    )
    where = Path(done.stdout.strip()).resolve() if done.returncode == 0 else None
    if where is None or not where.is_relative_to(tree.path.resolve()):
        raise SystemExit(f"{tree.spec}: its service package is imported from {where or done.stderr.strip()}")


def start_tree(settings: Settings, tree: Tree, name: str, workers: int, log_dir: Path) -> Server:
    """`partnernet serve` of `tree` on a free port."""
    env = tree_env(settings, tree)
    check_imports_from(tree, env)
    port = free_port()
    argv = [sys.executable, "-m", "service", "serve", "--port", str(port), "--workers", str(workers)]
    return start_server(name, argv, env, port, log_dir, cwd=tree.path)


async def check_alike(
    queries: list[VersusQuery], vs: VersusSample, after_url: str, before_url: str, *, count: int, seed: int
) -> list[Checked]:
    """Every parameter set through both trees: a query is timed only when each answers the same `data`."""
    out: list[Checked] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as http:
        for q in queries:
            checked = Checked(q, [], [])
            pairs = q.pairs(vs, count, seed)
            if not pairs:
                checked.problem = "no parameters could be drawn from this graph"
            for variables, _ in pairs:
                body = orjson.dumps({"query": q.document, "variables": variables})
                try:
                    a = (await post_answer(http, after_url, body))["data"]
                    b = (await post_answer(http, before_url, body))["data"]
                except (RuntimeError, KeyError) as exc:
                    checked.problem = f"{variables}: {type(exc).__name__}: {exc}"
                    break
                if a != b:
                    checked.problem = f"{variables}: answers differ at {first_difference(a, b) or 'top'}"
                    break
                checked.ours.append(body)
                checked.theirs.append(body)
            out.append(checked)
    return out


def _f(x: float | None, digits: int = 1) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


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
            lines.append(f"| {name} | skipped: {q['skipped']} | | | | | | |")
            continue
        for c, run in q["runs"].items():
            b, a = run["before"], run["after"]
            spread = (run.get("rounds") or {}).get("ratio") or {}
            span = f" ({_f(spread['min'], 2)}-{_f(spread['max'], 2)})" if spread else ""
            lines.append(
                f"| {name} | {c} | {_f(b['throughput_rps'])} | {_f(a['throughput_rps'])} "
                f"| {_f(run['ratio']['throughput'], 2)}{span} | {_f(b['p50_ms'], 2)} / {_f(a['p50_ms'], 2)} "
                f"| {_f(_cpu(run, 'before', 'app'), 2)} / {_f(_cpu(run, 'after', 'app'), 2)} "
                f"| {_f(_cpu(run, 'before', 'neo4j'), 2)} / {_f(_cpu(run, 'after', 'neo4j'), 2)} |"
            )
    return "\n".join(lines) + "\n"


async def measure(args: argparse.Namespace, settings: Settings, before: Tree, after: Tree, tmp: Path) -> Any:
    """Start both trees, check their answers, time them; the result's `queries` part."""
    driver = create_driver(settings)
    try:
        vs = await draw_for_side_by_side(driver, database=settings.neo4j_database, seed=args.seed)
    finally:
        await driver.close()
    servers = [
        await asyncio.to_thread(start_tree, settings, tree, name, args.workers, tmp)
        for tree, name in ((after, LABELS[0]), (before, LABELS[1]))
    ]
    try:
        after_url, before_url = (s.base_url + "/graphql" for s in servers)
        if any(q.name == "projects_deep_page" for q in args.queries):
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as http:
                await deep_cursor(http, after_url, vs)
        checked = await check_alike(args.queries, vs, after_url, before_url, count=args.params, seed=args.seed)
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
    base = Settings().model_copy(update={"rate_limit_per_minute": 0})
    if args.current_server:
        graph = current_server_graph(args.graph, base)
    else:
        graph = ensure_graph(GRAPHS[args.graph], base, log=log)
    try:
        with tempfile.TemporaryDirectory(prefix="partnernet-revisions-") as tmpdir:
            tmp = Path(tmpdir)
            before = materialise(args.before, tmp / "before")
            after = materialise(args.after, tmp / "after")
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
    from bench.cli import _concurrencies, _positive

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
    p.add_argument("--concurrency", type=_concurrencies, default="1,8,32", help="distinct client counts")
    p.add_argument("--duration", type=float, default=5.0, help="measured seconds per run (default 5)")
    p.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds before each run (default 2)")
    p.add_argument("--rounds", type=_positive, default=2, help="runs of each side per cell, in turns (default 2)")
    p.add_argument("--workers", type=_positive, default=1, help="uvicorn workers a side (default 1)")
    p.add_argument("--params", type=int, default=50, help="parameter sets per query (default 50)")
    p.add_argument("--seed", type=int, default=SEED, help=f"the parameters' seed (default {SEED}, as python -m bench)")
    p.add_argument("--out", type=Path, default=None, help="write NAME.json and NAME.md to this folder")
    p.add_argument("--keep-servers", action="store_true", help="leave the graph's Neo4j running")
    p.add_argument(
        "--current-server",
        action="store_true",
        help="use the server PARTNERNET_NEO4J_URI names, as it is (no build): for smoke tests",
    )
    p.add_argument("--note", action="append", default=[], help="a note for the result (repeatable)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    result = run(args)
    text = markdown(result)
    print(text)
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        stem = f"{result['when'][:10]}-{args.graph}-revisions-{result['when'][11:19].replace(':', '')}"
        write_json(result, args.out / f"{stem}.json")
        (args.out / f"{stem}.md").write_text(text, encoding="utf-8")
        print(json.dumps({"written": [f"{stem}.json", f"{stem}.md"]}), file=sys.stderr)


if __name__ == "__main__":
    main()
