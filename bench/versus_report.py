"""The side-by-side part of a run's report: Markdown tables and a chart of partnernet's throughput over the
reference's, per query and concurrency."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def number(x: float | None, digits: int = 1) -> str:
    """A figure for a Markdown table: thousands separated, `digits` decimals, "-" when unknown."""
    return "-" if x is None else f"{x:,.{digits}f}"


def _cell(run: dict[str, Any], side: str, key: str) -> float | None:
    value: float | None = run.get(side, {}).get(key)
    return value


def _spread(run: dict[str, Any]) -> str:
    """` (1.20-1.35)`: the range of the throughput ratio over the rounds, when there were several."""
    spread = run.get("rounds", {}).get("ratio")
    return f" ({number(spread['min'], 2)}-{number(spread['max'], 2)})" if spread else ""


def versus_markdown(result: dict[str, Any], chart_name: str | None) -> list[str]:
    """The section's lines (empty when the run had no comparison)."""
    vs = result.get("versus")
    if not vs:
        return []
    if vs.get("skipped"):
        return ["", "## Side by side with @neo4j/graphql", "", f"Skipped: {vs['skipped']}."]
    conc = result["config"]["concurrency"]
    ref = vs["reference"]
    lines = [
        "",
        "## Side by side with @neo4j/graphql",
        "",
        f"Reference: @neo4j/graphql {ref.get('@neo4j/graphql')} under @apollo/server {ref.get('@apollo/server')}'s "
        f"standalone server (graphql {ref.get('graphql')}, neo4j-driver {ref.get('neo4j-driver')}, Node.js "
        f"{ref.get('node')}), one process; partnernet: `partnernet serve` with {result['config']['workers']} "
        "worker(s). Same Neo4j, same closed-loop clients and timings as above; the type definitions are generated "
        "from partnernet's registry (bench/reference/typedefs.py). Every parameter set was sent to both sides and "
        "their answers compared (bench/versus_mix.py) before any timing. Privacy: " + vs["privacy"] + ".",
        "",
        "Throughput (requests/s) and *ratio* = partnernet / reference"
        + (
            f"; {result['config']['rounds']} rounds a cell, taking turns: the round with the median ratio, the "
            "range over the rounds in brackets:"
            if result["config"].get("rounds", 1) > 1
            else ":"
        ),
        "",
        "| query | sets | " + " | ".join(f"c={c} partnernet | c={c} reference | c={c} ratio" for c in conc) + " |",
        "|" + "---|" * (2 + 3 * len(conc)),
    ]
    skipped: list[str] = []
    for name, q in vs["queries"].items():
        if q.get("skipped"):
            skipped.append(f"- {name}: {q['skipped']}")
            continue
        cells = [name, str(q["parameter_sets_checked"])]
        for c in conc:
            run = q["runs"].get(str(c), {})
            cells += [
                number(_cell(run, "partnernet", "throughput_rps")),
                number(_cell(run, "reference", "throughput_rps")),
                f"**{number(run.get('ratio', {}).get('throughput'), 2)}x**" + _spread(run),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    geo = vs["geomean_throughput_ratio"]
    geo_cells = ["geometric mean", ""] + [x for c in conc for x in ("", "", f"**{number(geo.get(str(c)), 2)}x**")]
    lines.append("| " + " | ".join(geo_cells) + " |")
    lines += [
        "",
        "Latency p50 / p99 (ms), partnernet against reference:",
        "",
        "| query | " + " | ".join(f"c={c} partnernet | c={c} reference" for c in conc) + " |",
        "|" + "---|" * (1 + 2 * len(conc)),
    ]
    for name, q in vs["queries"].items():
        if q.get("skipped"):
            continue
        cells = [name]
        for c in conc:
            run = q["runs"].get(str(c), {})
            for side in ("partnernet", "reference"):
                cells.append(f"{number(_cell(run, side, 'p50_ms'))} / {number(_cell(run, side, 'p99_ms'))}")
        lines.append("| " + " | ".join(cells) + " |")
    goals = vs["goals"]
    lines += ["", "What each query asks (partnernet's document, then the reference's, in bench/queries/versus/):", ""]
    lines += [f"- {name}: {q['description']}" for name, q in vs["queries"].items()]
    lines += [
        "",
        "Goals (issue 18): every throughput ratio >= 1.5: "
        f"{'met' if goals['every_ratio_at_least_1_5'] else 'missed'}; geometric mean >= 2 at every concurrency: "
        f"{'met' if goals['geomean_at_least_2'] else 'missed'}; p50 at c=1 no higher than the reference's: "
        f"{'met' if goals['p50_at_c1_no_higher'] else 'missed'}.",
    ]
    errors = [
        f"- {name} c={c} {side}: {run[side]['errors']} errors, first: {run[side]['first_error']}"
        for name, q in vs["queries"].items()
        for c, run in q.get("runs", {}).items()
        for side in ("partnernet", "reference")
        if run.get(side, {}).get("errors")
    ]
    if skipped:
        lines += ["", "Not timed (the answers differed or failed):", "", *skipped]
    if errors:
        lines += ["", "Errors during the side-by-side runs:", "", *errors]
    if chart_name:
        lines += ["", f"![partnernet throughput over the reference's, per query]({chart_name})"]
    return lines


def versus_chart(result: dict[str, Any], path: Path) -> bool:
    """Bars of partnernet's throughput over the reference's per query, one per concurrency, with the goals."""
    vs = result.get("versus") or {}
    names = [n for n, q in vs.get("queries", {}).items() if q.get("runs")]
    if not names:
        return False
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    conc = result["config"]["concurrency"]
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(names) + 2))
    height = 0.8 / len(conc)
    colours = ["#1e8449", "#2471a3", "#884ea0", "#ca6f1e"]
    for k, c in enumerate(conc):
        ys = [i + (k - (len(conc) - 1) / 2) * height for i in range(len(names))]
        values = [vs["queries"][n]["runs"].get(str(c), {}).get("ratio", {}).get("throughput") or 0 for n in names]
        ax.barh(ys, values, height=height, color=colours[k % len(colours)], label=f"c={c}")
    for x, style in ((1.0, "-"), (1.5, "--"), (2.0, ":")):
        ax.axvline(x, color="black", linestyle=style, linewidth=0.8)
    ax.set_xscale("log")
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels(names)
    ax.invert_yaxis()
    ax.set_xlabel("partnernet throughput / reference throughput (log; lines at 1, 1.5 and 2)")
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(axis="x", which="both", alpha=0.3)
    fig.suptitle(f"partnernet vs @neo4j/graphql, graph {result['graph']['name']} ({result['when'][:10]})")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True
