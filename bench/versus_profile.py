"""Where a side-by-side query's time goes in Neo4j: each side's own statements, run alone and in turns.

    export PARTNERNET_NEO4J_HOME=.partnernet/bench-10k PARTNERNET_NEO4J_BOLT_PORT=7763 \\
           PARTNERNET_NEO4J_HTTP_PORT=7863 PARTNERNET_NEO4J_URI=neo4j://127.0.0.1:7763
    partnernet neo4j start                       # the 10k graph that `python -m bench --graphs 10k` built
    python -m bench.versus_profile               # path, neighbourhood, project_search
    python -m bench.versus_profile --queries path --sets 20 --rounds 5 --seconds 3 --out profile.json

The side-by-side (bench/versus.py) measures whole requests: a service process and Neo4j, both busy at once. This
splits off the Neo4j half. For each named query of bench/queries/versus/, on the side-by-side's parameter sets:

- partnernet's statements are captured from the service in this process (bench/inproc.py's recorder);
- the reference's from @neo4j/graphql's own debug log (`DEBUG=@neo4j/graphql:execution`), the server started as
  the harness starts it (Node.js, and `npm ci` in bench/reference/, needed);
- both are PROFILEd (db hits, rows), then run in turns: a warm-up round a side, then `--rounds` rounds of
  `--seconds` each, cycling through the sets, every request's statements in one auto-commit read session (so the
  two sides differ only in their statements). Neo4j's CPU per request comes from /proc when the server is the
  managed one (PARTNERNET_NEO4J_HOME), counted in 10 ms ticks: a 3 s round holds a few hundred of them. Wall time
  per request is as this process saw it.

A benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from neo4j import READ_ACCESS, AsyncDriver

from bench.capture import median_or_none, profile_units
from bench.inproc import Statement, Unit, in_process
from bench.load import Server, process_cpu_seconds
from bench.versus import start_reference
from bench.versus_mix import VERSUS_BY_NAME, VariablesPair, VersusQuery, add_parameter_options, draw_for_side_by_side
from service.core.settings import Settings, get_settings
from service.db.driver import create_driver
from service.db.server import ManagedNeo4j

_TOKEN = re.compile(
    r"\s*(?:(?P<int>Integer \{ low: (?P<low>-?\d+), high: (?P<high>-?\d+) \})"
    r"|(?P<str>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`(?:[^`\\]|\\.)*`)"
    r"|(?P<key>[A-Za-z_$][\w$]*)(?=:)|(?P<word>true|false|null|undefined)"
    r"|(?P<num>-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)|(?P<punct>[{}\[\]:,]))"
)


def _js_string(token: str) -> str:
    """A string as Node prints it: in single quotes, or double quotes or backticks when it holds single quotes."""
    quote, body = token[0], token[1:-1]
    if quote != '"':
        body = body.replace("\\" + quote, quote).replace('"', '\\"')
    return str(json.loads('"' + body + '"'))


def js_value(text: str) -> Any:
    """A value as Node's `util.inspect` prints it in the reference's debug log: objects, arrays, strings, numbers,
    neo4j `Integer`s (two signed 32-bit halves), booleans and null."""
    out: list[str] = []
    pos, end = 0, len(text.rstrip())
    while pos < end:
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ValueError(f"the reference's parameters cannot be read at {text[pos : pos + 40]!r}")
        pos = m.end()
        if m["int"]:
            out.append(str(int(m["high"]) * 2**32 + (int(m["low"]) & 0xFFFFFFFF)))
        elif m["str"]:
            out.append(json.dumps(_js_string(m["str"])))
        elif m["key"]:
            out.append(json.dumps(m["key"]))
        elif m["word"]:
            out.append("null" if m["word"] == "undefined" else m["word"])
        else:
            out.append(m["num"] or m["punct"])
    return json.loads("".join(out))


_STATEMENT = re.compile(
    r"^\S+ @neo4j/graphql:execution (.*?)^\S+ @neo4j/graphql:execution cypher params: (.*?)\n(?=\S+ @|\Z)", re.S | re.M
)


def reference_statements(log: str) -> list[Statement]:
    """The statements @neo4j/graphql ran, in order, from its debug log (its version probe left out)."""
    found = []
    for block in re.split(r"^\S+ @neo4j/graphql:execution executing cypher\n", log, flags=re.M)[1:]:
        m = _STATEMENT.match(block)
        if m is None:
            raise ValueError(f"a statement of the reference's log cannot be read: {block[:200]!r}")
        if "dbms.components()" not in m[1]:
            found.append(Statement(m[1].strip(), js_value(m[2])))
    return found


@dataclass
class Side:
    """One side's statements for the parameter sets (one list per set) and what was measured of them."""

    name: str
    sets: list[list[Statement]] = field(default_factory=list)
    db_hits: list[int] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)  # Neo4j CPU per request, one figure per round
    wall_ms: list[float] = field(default_factory=list)


async def _round(driver: AsyncDriver, database: str, side: Side, seconds: float, neo4j_pid: int | None) -> None:
    cpu0 = process_cpu_seconds(neo4j_pid) if neo4j_pid else None
    t0 = time.perf_counter()
    count = 0
    while time.perf_counter() - t0 < seconds:
        async with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            for st in side.sets[count % len(side.sets)]:
                await (await session.run(st.text, st.params)).consume()
        count += 1
    side.wall_ms.append(1000 * (time.perf_counter() - t0) / count)
    cpu1 = process_cpu_seconds(neo4j_pid) if neo4j_pid else None
    if cpu0 is not None and cpu1 is not None:
        side.cpu_ms.append(1000 * (cpu1 - cpu0) / count)


async def _ours(settings: Settings, query: VersusQuery, pairs: list[VariablesPair]) -> Side:
    side = Side("partnernet")
    async with in_process(settings) as svc:
        assert svc.recorder is not None  # in_process records by default
        for ours, _ in pairs:
            svc.recorder.reset()
            status, body = await svc.post({"query": query.document, "variables": ours})
            if status != 200 or (isinstance(body, dict) and body.get("errors")):
                raise SystemExit(f"{query.name}: partnernet answered HTTP {status}: {str(body)[:300]}")
            side.sets.append([st for unit in svc.recorder.units for st in unit.statements])
    return side


async def _theirs(reference: Server, query: VersusQuery, pairs: list[VariablesPair]) -> Side:
    """Each request's statements: what the reference's log gained while it answered that request."""
    side = Side("reference")
    seen = len(reference_statements(reference.log.read_text(errors="replace")))
    async with aiohttp.ClientSession() as http:
        for _, theirs in pairs:
            body = {"query": query.reference_document, "variables": theirs}
            async with http.post(reference.base_url + "/", json=body) as r:
                answer = await r.json()
            if r.status != 200 or answer.get("errors"):
                raise SystemExit(f"{query.name}: the reference answered HTTP {r.status}: {str(answer)[:300]}")
            logged = reference_statements(reference.log.read_text(errors="replace"))
            if len(logged) == seen:
                raise SystemExit(f"{query.name}: the reference logged no statement for {theirs}")
            side.sets.append(logged[seen:])
            seen = len(logged)
    return side


async def main(args: argparse.Namespace) -> dict[str, Any]:
    settings = get_settings().model_copy(update={"rate_limit_per_minute": 0})
    neo4j_pid = ManagedNeo4j(settings).pid() if settings.uses_managed_server else None
    if neo4j_pid is None:
        print("Neo4j is not the managed server here: only wall times are measured", file=sys.stderr)
    db = settings.neo4j_database
    driver = create_driver(settings)
    out: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "config": {k: v for k, v in vars(args).items() if k != "out"},
        "queries": {},
    }
    try:
        vs = await draw_for_side_by_side(driver, database=db, seed=args.seed)
        queries = [VERSUS_BY_NAME[name] for name in args.queries]
        pairs = {q.name: q.pairs(vs, args.sets, args.seed) for q in queries}
        with tempfile.TemporaryDirectory(prefix="versus-profile-") as tmp:
            reference = await asyncio.to_thread(start_reference, settings, Path(tmp), debug="@neo4j/graphql:execution")
            try:
                theirs = {q.name: await _theirs(reference, q, pairs[q.name]) for q in queries}
            finally:
                reference.stop()
        for q in queries:
            sides = (await _ours(settings, q, pairs[q.name]), theirs[q.name])
            for side in sides:
                for statements in side.sets[: args.profile_sets]:
                    hits, rows = await profile_units(driver, database=db, units=[Unit("read", statements)])
                    side.db_hits.append(hits)
                    side.rows.append(rows)
                await _round(driver, db, side, args.seconds, neo4j_pid)  # warm-up, not kept
                side.cpu_ms.clear()
                side.wall_ms.clear()
            for r in range(args.rounds):
                for side in sides if r % 2 == 0 else sides[::-1]:
                    await _round(driver, db, side, args.seconds, neo4j_pid)
            out["queries"][q.name] = {
                s.name: {
                    "statements_per_request": sorted({len(x) for x in s.sets}),
                    "statement": s.sets[0][-1].text,
                    "db_hits_median": median_or_none(s.db_hits),
                    "rows_median": median_or_none(s.rows),
                    "neo4j_cpu_ms_per_request": s.cpu_ms,
                    "neo4j_cpu_ms_median": median_or_none(s.cpu_ms),
                    "wall_ms_per_request": s.wall_ms,
                    "wall_ms_median": median_or_none(s.wall_ms),
                }
                for s in sides
            }
            print(f"{q.name}: done", file=sys.stderr, flush=True)
    finally:
        await driver.close()
    return out


def _pair(a: float | None, b: float | None, digits: int) -> str:
    return " / ".join("-" if v is None else f"{v:,.{digits}f}" for v in (a, b))


def report(result: dict[str, Any]) -> str:
    """The Markdown table of a result: per query, both sides' medians."""
    lines = [
        "| query | Neo4j CPU ms per request: partnernet / reference | db hits | rows | wall ms per request |",
        "|---|---|---|---|---|",
    ]
    for name, q in result["queries"].items():
        a, b = q["partnernet"], q["reference"]
        cells = [
            _pair(a[key], b[key], digits)
            for key, digits in (
                ("neo4j_cpu_ms_median", 2),
                ("db_hits_median", 0),
                ("rows_median", 0),
                ("wall_ms_median", 2),
            )
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _queries(text: str) -> list[str]:
    names = text.split(",")
    unknown = [n for n in names if n not in VERSUS_BY_NAME]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown: {', '.join(unknown)}; known: {', '.join(VERSUS_BY_NAME)}")
    return names


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench.versus_profile", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    p.add_argument(
        "--queries",
        type=_queries,
        default="path,neighbourhood,project_search",
        help="comma-separated names of bench/queries/versus/ (default path,neighbourhood,project_search)",
    )
    p.add_argument("--profile-sets", type=int, default=5, help="sets run under PROFILE for db hits (default 5)")
    p.add_argument("--rounds", type=int, default=5, help="measured rounds a side, taking turns (default 5)")
    p.add_argument("--seconds", type=float, default=3.0, help="seconds a round (default 3)")
    add_parameter_options(p, sets=20)
    p.add_argument("--out", type=Path, help="also write the JSON here")
    return p.parse_args(argv)


if __name__ == "__main__":
    ns = parse_args()
    found = asyncio.run(main(ns))
    if ns.out:
        ns.out.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    print(report(found))
