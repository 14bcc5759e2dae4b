"""Write a run's results: JSON, a Markdown summary, and a PNG chart of latency percentiles (service beside floor)."""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.versus_report import number, versus_chart, versus_markdown

TARGETS = ("service", "floor", "driver")
__all__ = ["chart", "extra_cpu", "markdown", "median_round", "ratios", "versus_chart", "write_json"]


def ratios(service: dict[str, Any], floor: dict[str, Any]) -> dict[str, float | None]:
    """service/floor for throughput and each latency percentile."""

    def div(a: float | None, b: float | None) -> float | None:
        return round(a / b, 3) if a is not None and b else None

    return {
        "throughput": div(service.get("throughput_rps"), floor.get("throughput_rps")),
        "p50": div(service.get("p50_ms"), floor.get("p50_ms")),
        "p95": div(service.get("p95_ms"), floor.get("p95_ms")),
        "p99": div(service.get("p99_ms"), floor.get("p99_ms")),
    }


def extra_cpu(service: dict[str, Any], floor: dict[str, Any]) -> float | None:
    """CPU ms per request the service's process spends beyond the floor's (None when either is unknown)."""
    a = (service.get("cpu_ms_per_request") or {}).get("app")
    b = (floor.get("cpu_ms_per_request") or {}).get("app")
    return round(a - b, 3) if a is not None and b is not None else None


def median_round(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """One query's runs at one concurrency from (service, floor) summaries of one or more rounds: the round whose
    throughput ratio is the median (the lower middle of an even count) with its ratios, and, over two or more
    rounds, `rounds`: each round's ratio and extra CPU, their range and their medians."""
    if not pairs:
        raise ValueError("median_round needs at least one round")
    measured = [(ratios(svc, flr), svc, flr) for svc, flr in pairs]
    ordered = sorted(measured, key=lambda m: m[0]["throughput"] if m[0]["throughput"] is not None else -1.0)
    ratio, svc, flr = ordered[(len(ordered) - 1) // 2]
    run: dict[str, Any] = {"service": svc, "floor": flr, "ratio": ratio}
    if len(pairs) > 1:
        every = [m[0]["throughput"] for m in measured]
        extras = [extra_cpu(s, f) for _, s, f in measured]
        known_r = [x for x in every if x is not None]
        known_e = [x for x in extras if x is not None]
        run["rounds"] = {
            "ratio": {
                "each": every,
                "min": min(known_r, default=None),
                "max": max(known_r, default=None),
                "median": statistics.median(known_r) if known_r else None,
            },
            "extra_cpu_ms": {
                "each": extras,
                "min": min(known_e, default=None),
                "max": max(known_e, default=None),
                "median": round(statistics.median(known_e), 3) if known_e else None,
            },
        }
    return run


def write_json(result: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")


def _rows(
    result: dict[str, Any],
    first: Callable[[str, dict[str, Any]], list[str]],
    per_run: Callable[[dict[str, Any]], list[str]],
    *,
    skipped: Callable[[str, dict[str, Any]], str] | None = None,
) -> list[str]:
    """One Markdown row per query: the `first` cells, then `per_run` cells for each concurrency in turn. A skipped
    query has the row `skipped` makes, or none."""
    rows: list[str] = []
    for name, q in result["queries"].items():
        if q.get("skipped"):
            if skipped is not None:
                rows.append(skipped(name, q))
            continue
        cells = first(name, q)
        for c in result["config"]["concurrency"]:
            cells += per_run(q["runs"].get(str(c), {}))
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _spread(run: dict[str, Any], key: str) -> str:
    """` (min-max)` of a figure over the rounds, when there were several."""
    found = run.get("rounds", {}).get(key)
    if not found or found.get("min") is None:
        return ""
    return f" ({number(found['min'], 2)}-{number(found['max'], 2)})"


def _cpu_cells(run: dict[str, Any]) -> list[str]:
    """CPU per request of service, floor and Neo4j in one cell, and the service's extra over the floor (over
    several rounds: their median, and their range)."""
    svc = run.get("service", {}).get("cpu_ms_per_request") or {}
    flr = run.get("floor", {}).get("cpu_ms_per_request") or {}
    rounds = run.get("rounds", {}).get("extra_cpu_ms")
    extra = rounds["median"] if rounds else extra_cpu(run.get("service", {}), run.get("floor", {}))
    cell = number(extra, 2) + _spread(run, "extra_cpu_ms")
    return [f"{number(svc.get('app'), 2)} / {number(flr.get('app'), 2)} / {number(svc.get('neo4j'), 2)}", cell]


def markdown(result: dict[str, Any], chart_name: str | None, versus_chart_name: str | None = None) -> str:
    """The summary: machine facts, then per query throughput and latency, service against floor."""
    m = result["machine"]
    g = result["graph"]
    cfg = result["config"]
    conc = cfg["concurrency"]
    lines = [
        f"# Benchmark: graph `{g['name']}` ({result['when']})",
        "",
        f"Graph: {g.get('counts', {}).get('nodes', '?')} nodes, {g.get('counts', {}).get('relationships', '?')} "
        f"relationships ({g['description']}). Machine: {m['cores']} cores, {m['memory_gib']} GiB, {m['cpu']}; "
        f"{m['os']}; Python {m['python']}; Neo4j {m['neo4j']}; load average at start "
        f"{', '.join(str(x) for x in m['load_average'])} and at end "
        f"{', '.join(str(x) for x in result.get('load_average_end', []))}.",
        "",
        "Packages: " + ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v) + f". Commit {m['commit']}.",
        "",
        f"Closed-loop aiohttp clients over loopback, {cfg['warmup_s']} s warm-up then {cfg['duration_s']} s per "
        f"run; uvicorn with {cfg['workers']} worker(s) for both the service and the floor; {cfg['params']} "
        f"parameter sets per query (seed {cfg['seed']}). *service* = `partnernet serve` /graphql; *floor* = the "
        "same Cypher from a bare Starlette endpoint (same driver settings, records as JSON); *driver* = the same "
        "Cypher straight through the async driver in the client process. Ratios are service/floor.",
        "",
    ]
    if cfg.get("rounds", 1) > 1:
        lines += [
            f"{cfg['rounds']} rounds of service and floor runs per query and concurrency, taking turns at going "
            "first: each row shows the round of the median ratio, with the range of the ratio over the rounds in "
            "brackets; *extra* CPU is the median over the rounds, with its range.",
            "",
        ]
    for note in result.get("notes", []):
        lines.append(f"> {note}")
    if result.get("notes"):
        lines.append("")
    head = "| query | stmts / root fields | db hits | " + " | ".join(
        f"c={c} service rps | c={c} floor rps | c={c} ratio" for c in conc
    )
    lines += ["## Throughput (requests/s)", "", head + " |", "|" + "---|" * (3 + 3 * len(conc))]
    lines += _rows(
        result,
        lambda name, q: [
            name,
            f"{number(q['statements_per_request'].get('max'), 0)} / {q['root_fields']}",
            number(q.get("db_hits"), 0),
        ],
        lambda run: [
            number(run.get("service", {}).get("throughput_rps")),
            number(run.get("floor", {}).get("throughput_rps")),
            number(run.get("ratio", {}).get("throughput"), 2) + _spread(run, "ratio"),
        ],
        skipped=lambda name, q: f"| {name} | skipped: {q['skipped']} |" + " |" * (1 + 3 * len(conc)),
    )
    lines += [
        "",
        "## Latency (ms): p50 / p95 / p99",
        "",
        "| query | " + " | ".join(f"c={c} service | c={c} floor | c={c} driver | c={c} p50 ratio" for c in conc) + " |",
        "|" + "---|" * (1 + 4 * len(conc)),
    ]
    lines += _rows(
        result,
        lambda name, q: [name],
        lambda run: [
            *(
                f"{number(s.get('p50_ms'))} / {number(s.get('p95_ms'))} / {number(s.get('p99_ms'))}"
                for s in (run.get(t, {}) for t in TARGETS)
            ),
            number(run.get("ratio", {}).get("p50"), 2),
        ],
    )
    lines += [
        "",
        "## CPU per request (ms): service process / floor process / Neo4j (during the service run)",
        "",
        "CPU seconds of each uvicorn process tree and of the Neo4j server over the measured window, divided by the "
        "requests completed: unlike wall-clock figures, these barely move when other processes share the cores. "
        "*extra* is what the service's process spends beyond the floor's for the same Cypher.",
        "",
        "| query | " + " | ".join(f"c={c} service / floor / neo4j | c={c} extra" for c in conc) + " |",
        "|" + "---|" * (1 + 2 * len(conc)),
    ]
    lines += _rows(result, lambda name, q: [name], _cpu_cells)
    errs = [
        f"- {name} c={c} {t}: {s['errors']} errors, first: {s['first_error']}"
        for name, q in result["queries"].items()
        for c, run in q.get("runs", {}).items()
        for t, s in run.items()
        if t in TARGETS and s.get("errors")
    ]
    if errs:
        lines += ["", "## Errors during the runs", "", *errs]
    if chart_name:
        lines += ["", f"![latency percentiles per query, service beside floor]({chart_name})"]
    lines += versus_markdown(result, versus_chart_name)
    return "\n".join(lines) + "\n"


def chart(result: dict[str, Any], path: Path) -> bool:
    """One panel per concurrency: per query, p50 bars with p95 (dot) and p99 (tick) for service, floor, driver."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [n for n, q in result["queries"].items() if not q.get("skipped") and q.get("runs")]
    conc = result["config"]["concurrency"]
    if not names:
        return False
    fig, axes = plt.subplots(1, len(conc), figsize=(6 * len(conc), 0.55 * len(names) + 2), sharey=True)
    if len(conc) == 1:
        axes = [axes]
    colours = {"service": "#c0392b", "floor": "#2471a3", "driver": "#7f8c8d"}
    height = 0.27
    for ax, c in zip(axes, conc, strict=True):
        for k, target in enumerate(TARGETS):
            ys, p50, p95, p99 = [], [], [], []
            for i, name in enumerate(names):
                s = result["queries"][name]["runs"].get(str(c), {}).get(target, {})
                if s.get("p50_ms") is None:
                    continue
                ys.append(i + (k - 1) * height)
                p50.append(s["p50_ms"])
                p95.append(s["p95_ms"])
                p99.append(s["p99_ms"])
            ax.barh(ys, p50, height=height, color=colours[target], label=f"{target} p50")
            ax.scatter(p95, ys, color="black", s=10, zorder=3, label="p95" if k == 0 else None)
            ax.scatter(p99, ys, color="black", marker="|", s=60, zorder=3, label="p99" if k == 0 else None)
        ax.set_xscale("log")
        ax.set_title(f"concurrency {c}")
        ax.set_xlabel("latency (ms, log scale)")
        ax.grid(axis="x", which="both", alpha=0.3)
    axes[0].set_yticks(range(len(names)))
    axes[0].set_yticklabels(names)
    axes[0].invert_yaxis()
    axes[-1].legend(loc="lower right", fontsize=8)
    fig.suptitle(f"partnernet: service vs floor, graph {result['graph']['name']} ({result['when'][:10]})")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True
