"""Where a side-by-side query's time goes in Neo4j: each side's own statements, run alone and in turns.

    python -m bench.versus_profile                                  # path, neighbourhood, project_search
    python -m bench.versus_profile --queries path --sets 20 --rounds 5 --per-round 300 --out profile.json

The side-by-side (bench/versus.py) measures whole requests: a service process and Neo4j, both busy at once. This
splits off the Neo4j half. For each named query of bench/queries/versus/, on the same parameter sets as the
side-by-side draws them:

- partnernet's statements are captured from the service in this process (bench/inproc.py's recorder);
- the reference's from @neo4j/graphql's own debug log (`DEBUG=@neo4j/graphql:execution`), with the server started
  as the harness starts it (Node.js and `npm ci` in bench/reference/ needed);
- both are PROFILEd (db hits, rows), then run in turns, `--per-round` statements a round cycling through the sets,
  each in an auto-commit read session (so the two sides differ only in their statements): Neo4j's CPU per
  statement from /proc when the server is the managed one, and the wall time per statement seen from here.

Run it against the bench graph's Neo4j: `PARTNERNET_NEO4J_URI`, and `PARTNERNET_NEO4J_HOME` of the managed server
for its CPU (for the 10k graph: `.partnernet/bench-10k`, Bolt port 7763, once `python -m bench --graphs 10k` has
built it; `partnernet neo4j start` with that home starts it). A benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from neo4j import READ_ACCESS, AsyncDriver

from bench.capture import _hits
from bench.inproc import Statement, in_process
from bench.load import process_cpu_seconds
from bench.mix import draw_sample
from bench.versus import start_reference
from bench.versus_mix import VERSUS_BY_NAME, VersusQuery, draw_versus_sample
from service.core.settings import Settings, get_settings
from service.db.driver import create_driver
from service.db.server import ManagedNeo4j

_TOKEN = re.compile(
    r"\s*(?:(?P<int>Integer \{ low: (?P<low>-?\d+), high: (?P<high>-?\d+) \})|(?P<str>'(?:[^'\\]|\\.)*')"
    r"|(?P<key>[A-Za-z_]\w*)(?=:)|(?P<word>true|false|null|undefined)|(?P<num>-?\d+(?:\.\d+)?(?:e-?\d+)?)"
    r"|(?P<punct>[{}\[\]:,]))"
)


def js_value(text: str) -> Any:
    """A value as Node's `util.inspect` prints it in the reference's debug log: objects, arrays, strings, numbers,
    neo4j `Integer`s, booleans and null."""
    out: list[str] = []
    pos = 0
    while pos < len(text.rstrip()):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ValueError(f"the reference's parameters cannot be read at {text[pos : pos + 40]!r}")
        pos = m.end()
        if m["int"]:
            out.append(str(int(m["high"]) * 2**32 + int(m["low"])))
        elif m["str"]:
            body = m["str"][1:-1].replace("\\'", "'")
            out.append(json.dumps(json.loads('"' + body.replace('"', '\\"') + '"')))
        elif m["key"]:
            out.append(json.dumps(m["key"]))
        elif m["word"]:
            out.append({"undefined": "null"}.get(m["word"], m["word"]))
        else:
            out.append(m["num"] or m["punct"])
    return json.loads("".join(out))


def reference_statements(log: str) -> list[Statement]:
    """The statements @neo4j/graphql ran, in order, from its debug log (its version probe left out)."""
    found = []
    for block in re.split(r"^\S+ @neo4j/graphql:execution executing cypher\n", log, flags=re.M)[1:]:
        m = re.match(r"\S+ @neo4j/graphql:execution (.*?)^\S+ @neo4j/graphql:execution cypher params: (.*?)\n(?=\S+ @)",
                     block, re.S | re.M)  # fmt: skip
        if m is None or "dbms.components()" in m[1]:
            continue
        found.append(Statement(m[1].strip(), js_value(m[2])))
    return found


@dataclass
class Side:
    """One side's statements for the parameter sets (one list per set) and what was measured of them."""

    name: str
    sets: list[list[Statement]]
    db_hits: list[int] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)  # Neo4j CPU per set's statements, one figure per round
    wall_ms: list[float] = field(default_factory=list)


async def _profile(driver: AsyncDriver, database: str, side: Side, samples: int) -> None:
    for statements in side.sets[:samples]:
        hits = rows = 0
        async with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            for st in statements:
                result = await session.run("PROFILE " + st.text.removeprefix("CYPHER 5"), st.params)
                rows += len([r async for r in result])
                hits += _hits((await result.consume()).profile)
        side.db_hits.append(hits)
        side.rows.append(rows)


async def _round(driver: AsyncDriver, database: str, side: Side, count: int, neo4j_pid: int | None) -> None:
    cpu0 = process_cpu_seconds(neo4j_pid) if neo4j_pid else None
    t0 = time.perf_counter()
    for i in range(count):
        async with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            for st in side.sets[i % len(side.sets)]:
                result = await session.run(st.text, st.params)
                await result.consume()
    side.wall_ms.append(1000 * (time.perf_counter() - t0) / count)
    cpu1 = process_cpu_seconds(neo4j_pid) if neo4j_pid else None
    if cpu0 is not None and cpu1 is not None:
        side.cpu_ms.append(1000 * (cpu1 - cpu0) / count)


async def _capture(
    settings: Settings, query: VersusQuery, pairs: list[tuple[dict[str, Any], dict[str, Any]]], tmp: Path
) -> tuple[Side, Side]:
    ours = Side("partnernet", [])
    async with in_process(settings) as svc:
        assert svc.recorder is not None
        for v, _ in pairs:
            svc.recorder.reset()
            status, body = await svc.post({"query": query.document, "variables": v})
            if status != 200 or (isinstance(body, dict) and body.get("errors")):
                raise SystemExit(f"{query.name}: partnernet answered HTTP {status}: {str(body)[:300]}")
            ours.sets.append([st for unit in svc.recorder.units for st in unit.statements])
    reference = await asyncio.to_thread(start_reference, settings, tmp, debug="@neo4j/graphql:execution")
    try:
        async with aiohttp.ClientSession() as http:
            for _, v in pairs:
                async with http.post(
                    reference.base_url + "/", json={"query": query.reference_document, "variables": v}
                ) as r:
                    body = await r.json()
                    if r.status != 200 or body.get("errors"):
                        raise SystemExit(f"{query.name}: the reference answered HTTP {r.status}: {str(body)[:300]}")
    finally:
        reference.stop()
    ran = reference_statements(reference.log.read_text(errors="replace"))
    per = len(ran) // len(pairs) if pairs else 0
    if per == 0 or len(ran) != per * len(pairs):
        raise SystemExit(f"{query.name}: {len(ran)} reference statements logged for {len(pairs)} requests")
    theirs = Side("reference", [ran[i * per : (i + 1) * per] for i in range(len(pairs))])
    return ours, theirs


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


async def main(args: argparse.Namespace) -> dict[str, Any]:
    settings = get_settings().model_copy(update={"rate_limit_per_minute": 0})
    neo4j_pid = ManagedNeo4j(settings).pid() if settings.uses_managed_server else None
    db = settings.neo4j_database
    driver = create_driver(settings)
    out: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "config": {k: v for k, v in vars(args).items() if k != "out"},
        "neo4j_cpu": neo4j_pid is not None,
        "queries": {},
    }
    try:
        base = await draw_sample(driver, database=db, rng=random.Random(args.seed))
        vs = await draw_versus_sample(driver, database=db, base=base)
        with tempfile.TemporaryDirectory(prefix="versus-profile-") as tmp:
            for name in args.queries.split(","):
                query = VERSUS_BY_NAME[name]
                pairs = query.variables(vs, random.Random(f"{args.seed}:versus:{name}"), args.sets)
                sides = await _capture(settings, query, pairs, Path(tmp))
                for side in sides:
                    await _profile(driver, db, side, args.profile_sets)
                    await _round(driver, db, side, args.per_round, neo4j_pid)  # warm-up, not kept
                    side.cpu_ms.clear()
                    side.wall_ms.clear()
                for r in range(args.rounds):
                    for side in sides if r % 2 == 0 else sides[::-1]:
                        await _round(driver, db, side, args.per_round, neo4j_pid)
                out["queries"][name] = {
                    s.name: {
                        "statements_per_request": len(s.sets[0]),
                        "statement": s.sets[0][-1].text,
                        "db_hits_median": _median([float(h) for h in s.db_hits]),
                        "rows_median": _median([float(n) for n in s.rows]),
                        "neo4j_cpu_ms_per_request": s.cpu_ms,
                        "neo4j_cpu_ms_median": _median(s.cpu_ms),
                        "wall_ms_per_request": s.wall_ms,
                        "wall_ms_median": _median(s.wall_ms),
                    }
                    for s in sides
                }
                print(f"{name}: done", file=sys.stderr, flush=True)
    finally:
        await driver.close()
    return out


def report(result: dict[str, Any]) -> str:
    lines = [
        "| query | db hits: partnernet / reference | Neo4j CPU ms: partnernet / reference | wall ms: partnernet / "
        "reference |",
        "|---|---|---|---|",
    ]
    for name, q in result["queries"].items():
        a, b = q["partnernet"], q["reference"]
        lines.append(
            f"| {name} | {a['db_hits_median']} / {b['db_hits_median']} | {a['neo4j_cpu_ms_median']} / "
            f"{b['neo4j_cpu_ms_median']} | {a['wall_ms_median']} / {b['wall_ms_median']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--queries", default="path,neighbourhood,project_search", help="names of bench/queries/versus/")
    parser.add_argument("--sets", type=int, default=20, help="parameter sets per query (default 20)")
    parser.add_argument("--profile-sets", type=int, default=5, help="sets PROFILEd for db hits (default 5)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds a side, taking turns (default 5)")
    parser.add_argument("--per-round", type=int, default=300, help="requests' statements a round (default 300)")
    parser.add_argument("--seed", type=int, default=7, help="the side-by-side's seed (default 7)")
    parser.add_argument("--out", type=Path, help="write the JSON here too")
    ns = parser.parse_args()
    found = asyncio.run(main(ns))
    if ns.out:
        ns.out.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    print(report(found))
