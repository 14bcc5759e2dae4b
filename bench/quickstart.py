"""`python bench/quickstart.py`: how long `make run` takes to answer, and how long the seed load takes.

It runs `make run` as a newcomer would, against a Neo4j home and ports of its own (never the dev or test
servers), and times the first answered GraphQL query from the moment `make` starts. Three cases:

- `fresh`: an empty home (the first `make run` of a clone whose downloads are cached: the JVM writes its class
  archive, the database is created, migrated and seeded);
- `restart`: the home as `fresh` left it, Neo4j stopped (a day's first `make run`);
- `running`: Neo4j still running (`make run` again after stopping the server).

Then the seed load itself on the running server: plain and `--if-changed`, with the plans cached, and plain with
Neo4j's query caches cleared (a server that has not planned the load statements yet). Results go to
bench/results/quickstart-<when>.json; nothing is asserted.

With `--before SPEC` (and `--after`, default HEAD; bench/revisions.py's trees: a commit with patches applied, such
as bench/gains/'s), one case (`--case fresh` or `restart`) runs for two trees in one run: `make run`'s three steps
(start the managed Neo4j, load the seeds, serve: the tree's own `make run` recipe without its install and explorer
steps) run by each tree's own code, `--rounds` times each, taking turns at going first, after one untimed run.
Results go to bench/results/quickstart-trees-<when>.json.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.cli import positive  # noqa: E402
from bench.load import free_port  # noqa: E402  # the repository root is on the path only now
from bench.machine import machine_facts  # noqa: E402
from bench.trees import Tree, check_imports_from, materialise, tree_env  # noqa: E402
from service.core.settings import Settings  # noqa: E402
from service.db.server import ManagedNeo4j  # noqa: E402

QUERY = b'{"query": "{ countries(first: 1) { totalCount edges { node { name } } } }"}'


def _env(home: Path, bolt: int, http: int, port: int) -> dict[str, str]:
    return os.environ | {
        "PARTNERNET_NEO4J_HOME": str(home),
        "PARTNERNET_NEO4J_BOLT_PORT": str(bolt),
        "PARTNERNET_NEO4J_HTTP_PORT": str(http),
        "PARTNERNET_NEO4J_URI": f"neo4j://127.0.0.1:{bolt}",
        "PARTNERNET_HTTP_PORT": str(port),
    }


def _answers(port: int) -> bool:
    req = urllib.request.Request(  # loopback
        f"http://127.0.0.1:{port}/graphql", data=QUERY, headers={"content-type": "application/json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=2) as resp:  # noqa: S310  # loopback
            body = json.loads(resp.read())
    except OSError:
        return False
    return bool(body.get("data", {}).get("countries", {}).get("totalCount"))


def time_make_run(env: dict[str, str], port: int, *, timeout_s: float = 180) -> dict[str, Any]:
    """Seconds from `make run` to the first answered query; the make output's last lines."""
    log = Path(env["PARTNERNET_NEO4J_HOME"]).with_suffix(".make.log")
    make = [shutil.which("make") or "make", "--no-print-directory", "run"]
    answered = _time_to_answer(make, ROOT, env, port, log, timeout_s)
    return {"seconds_to_answer": answered, "make_output_tail": log.read_text(errors="replace").splitlines()[-8:]}


def _time_to_answer(
    argv: list[str], cwd: Path, env: dict[str, str], port: int, log: Path, timeout_s: float
) -> float | None:
    """Seconds from starting `argv` (in a session of its own) to the first answered query; the process group is
    stopped then (never the Neo4j, which runs in its own session). None, with the log's tail on stderr, when
    nothing answered in time or the command ended first."""
    started = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(  # noqa: S603  # a fixed command line
            argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    answered = None
    try:
        while time.perf_counter() - started < timeout_s and proc.poll() is None:
            if _answers(port):
                answered = time.perf_counter() - started
                break
            time.sleep(0.1)
    finally:
        with contextlib.suppress(ProcessLookupError):  # the command may have ended already
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    if answered is None:
        print(f"{' '.join(argv)} (in {cwd}) did not answer; {log}:\n{log.read_text(errors='replace')[-3000:]}",
              file=sys.stderr)  # fmt: skip
    return None if answered is None else round(answered, 2)


def time_tree_run(tree: Tree, env: dict[str, str], port: int, log: Path, *, timeout_s: float = 180) -> float | None:
    """Seconds from the start of the tree's own `make run` recipe (its Makefile; `install` and `explorer` left
    out, the tree's code run by this interpreter as `python -m service`) to the first answered query."""
    make = shutil.which("make") or "make"
    argv = [make, "--no-print-directory", "-o", "install", "-o", "explorer", "run", "PN=python -m service"]
    return _time_to_answer(argv, tree.path, tree_env(env, tree), port, log, timeout_s)


def compare_trees(args: argparse.Namespace, env: dict[str, str], port: int, server: ManagedNeo4j) -> dict[str, Any]:
    """One case for two trees in one run: `--rounds` rounds, the trees taking turns at going first, after one
    untimed run of the after tree (the jars, the class-data archive and the OS's file cache in place for both).
    `fresh`: each timed run on an empty home. `restart`: each tree first brings up an empty home (not timed: the
    seeds are loaded), the server is stopped, then the timed run starts it again. The server is stopped and its
    home removed before and after each."""
    logs = args.home.parent

    def run(name: str, tree: Tree, what: str) -> float | None:
        server.stop()
        if what != "restart":
            shutil.rmtree(args.home, ignore_errors=True)
        return time_tree_run(tree, env, port, logs / f"{args.home.name}-{name}-{what}.log")

    with tempfile.TemporaryDirectory(prefix="partnernet-quickstart-") as tmp:
        trees = {
            "before": materialise(args.before, Path(tmp) / "before"),
            "after": materialise(args.after, Path(tmp) / "after"),
        }
        for tree in trees.values():
            check_imports_from(tree, tree_env(env, tree))
        server.ensure_jars()
        if run("after", trees["after"], "warm-up") is None:
            raise SystemExit("the after tree's untimed first run did not answer")
        seconds: dict[str, list[float | None]] = {name: [] for name in trees}
        for r in range(args.rounds):
            for name in ("before", "after") if r % 2 == 0 else ("after", "before"):
                if args.case == "restart" and run(name, trees[name], "setup") is None:
                    raise SystemExit(f"{name}: the untimed run that seeds the home did not answer")
                seconds[name].append(run(name, trees[name], args.case if args.case == "restart" else f"r{r + 1}"))
                print(f"round {r + 1} {name}: {seconds[name][-1]} s", file=sys.stderr, flush=True)
        server.stop()
        shutil.rmtree(args.home, ignore_errors=True)
    out: dict[str, Any] = {}
    for name, tree in trees.items():
        known = [x for x in seconds[name] if x is not None]
        out[name] = tree.describe() | {
            "case": args.case,
            "seconds_to_answer": seconds[name],
            "median": statistics.median(known) if known else None,
        }
    return out


def time_seed_loads(env: dict[str, str], repeat: int) -> dict[str, Any]:
    """Wall seconds of `partnernet seed load` (the whole command) and of the load alone, as it reports it."""
    pn = str(ROOT / ".venv" / "bin" / "partnernet")
    out: dict[str, Any] = {}

    def run(*args: str) -> dict[str, Any]:
        t = time.perf_counter()
        done = subprocess.run([pn, *args], env=env, capture_output=True, text=True, check=True)  # noqa: S603
        tail = done.stdout.strip().splitlines()[-1:]
        return {"command_seconds": round(time.perf_counter() - t, 2), "said": tail}

    clear = [str(ROOT / ".venv" / "bin" / "python"), "-c", (
        "import asyncio; from service.core.settings import Settings; from service.db.driver import create_driver\n"
        "async def main():\n    d = create_driver(Settings())\n"
        "    await d.execute_query('CALL db.clearQueryCaches()')\n    await d.close()\nasyncio.run(main())"
    )]  # fmt: skip
    out["plain_cached_plans"] = [run("seed", "load", "seeds") for _ in range(repeat)]
    out["if_changed"] = [run("seed", "load", "seeds", "--if-changed") for _ in range(repeat)]
    cold = []
    for _ in range(repeat):
        subprocess.run(clear, env=env, check=True, cwd=ROOT)  # noqa: S603
        cold.append(run("seed", "load", "seeds"))
    out["plain_plans_cleared"] = cold
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", type=Path, default=ROOT / ".partnernet" / "quickstart", help="a scratch Neo4j home")
    p.add_argument("--bolt-port", type=int, default=7765)
    p.add_argument("--http-port", type=int, default=7865)
    p.add_argument("--repeat", type=int, default=3, help="seed loads per case (default 3)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    p.add_argument(
        "--before",
        help="compare two trees instead (bench/revisions.py's REV or REV+patch+...) in one case (--case), "
        "each tree's own `make run` recipe run by its code",
    )
    p.add_argument("--after", help="with --before: the tree after the change (default HEAD)")
    p.add_argument("--rounds", type=positive, help="with --before: timed runs of each tree (default 3)")
    p.add_argument(
        "--case",
        choices=("fresh", "restart"),
        help="with --before: an empty home (fresh, the default), or a seeded home whose Neo4j was stopped",
    )
    p.add_argument("--note", action="append", default=[], help="a note for the result (repeatable)")
    args = p.parse_args()
    tree_options = {"after": "HEAD", "rounds": 3, "case": "fresh"}  # their defaults, with --before only
    given = [f"--{name}" for name in tree_options if getattr(args, name) is not None]
    if given and not args.before:
        p.error(f"{', '.join(given)}: only with --before")
    for name, default in tree_options.items():
        if getattr(args, name) is None:
            setattr(args, name, default)
    port = free_port()
    env = _env(args.home, args.bolt_port, args.http_port, port)
    settings = Settings(
        neo4j_home=args.home, neo4j_bolt_port=args.bolt_port, neo4j_http_port=args.http_port,
        neo4j_uri=f"neo4j://127.0.0.1:{args.bolt_port}",
    )  # fmt: skip
    server = ManagedNeo4j(settings)
    server.stop()
    shutil.rmtree(args.home, ignore_errors=True)
    result: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_facts(settings.neo4j_version),
        "notes": args.note,
    }
    try:
        if args.before:
            result["trees"] = compare_trees(args, env, port, server)
        else:
            _make_run_cases(result, env, port, server, args.repeat)
    finally:
        server.stop()
        result["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    args.out.mkdir(parents=True, exist_ok=True)
    kind = "quickstart-trees" if args.before else "quickstart"
    path = args.out / f"{kind}-{result['when'].replace(':', '')[:17]}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "machine"}, indent=2))
    print(f"wrote {path}", file=sys.stderr)


def _make_run_cases(result: dict[str, Any], env: dict[str, str], port: int, server: ManagedNeo4j, repeat: int) -> None:
    """`make run` on a fresh home, after a stop, and with Neo4j running; then the seed loads."""
    result["fresh"] = time_make_run(env, port)
    server.stop()
    result["restart"] = time_make_run(env, port)
    result["running"] = time_make_run(env, port)
    result["seed_load"] = time_seed_loads(env, repeat)


if __name__ == "__main__":
    main()
