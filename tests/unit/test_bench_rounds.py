"""bench/report.py's rounds: several service and floor runs per query and concurrency, reported by their median."""

from __future__ import annotations

from typing import Any

import pytest

from bench.cli import parse_args
from bench.report import extra_cpu, markdown, median_round


def _summary(rps: float, cpu_ms: float | None) -> dict[str, Any]:
    return {
        "throughput_rps": rps,
        "p50_ms": 1000.0 / rps,
        "p95_ms": None,
        "p99_ms": None,
        "requests": int(rps * 5),
        "errors": 0,
        "cpu_ms_per_request": None if cpu_ms is None else {"app": cpu_ms, "neo4j": 0.5},
    }


def test_one_round_is_reported_as_it_was() -> None:
    run = median_round([(_summary(80.0, 1.6), _summary(100.0, 1.0))])
    assert run["ratio"]["throughput"] == 0.8
    assert "rounds" not in run
    assert run["service"]["throughput_rps"] == 80.0


def test_the_round_of_the_median_ratio_stands_for_all() -> None:
    pairs = [
        (_summary(90.0, 1.5), _summary(100.0, 1.0)),  # 0.90, extra 0.5
        (_summary(60.0, 2.0), _summary(100.0, 1.0)),  # 0.60, extra 1.0
        (_summary(75.0, 1.7), _summary(100.0, 1.0)),  # 0.75, extra 0.7
    ]
    run = median_round(pairs)
    assert run["ratio"]["throughput"] == 0.75
    assert run["service"]["throughput_rps"] == 75.0  # that round's own summaries, not a blend
    rounds = run["rounds"]
    assert rounds["ratio"]["each"] == [0.9, 0.6, 0.75]
    assert (rounds["ratio"]["min"], rounds["ratio"]["max"], rounds["ratio"]["median"]) == (0.6, 0.9, 0.75)
    assert rounds["extra_cpu_ms"]["median"] == 0.7
    assert (rounds["extra_cpu_ms"]["min"], rounds["extra_cpu_ms"]["max"]) == (0.5, 1.0)


def test_an_even_count_takes_the_lower_middle_round() -> None:
    pairs = [(_summary(rps, 1.0), _summary(100.0, 1.0)) for rps in (90.0, 60.0, 80.0, 70.0)]
    assert median_round(pairs)["ratio"]["throughput"] == 0.7


def test_unknown_cpu_leaves_extra_out_but_keeps_the_ratio() -> None:
    run = median_round([(_summary(50.0, None), _summary(100.0, 1.0)), (_summary(70.0, 1.4), _summary(100.0, 1.0))])
    assert run["rounds"]["extra_cpu_ms"]["each"] == [None, 0.4]
    assert run["rounds"]["extra_cpu_ms"]["median"] == 0.4
    assert extra_cpu(_summary(50.0, None), _summary(100.0, 1.0)) is None


def test_no_round_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one round"):
        median_round([])


def test_rounds_must_be_positive() -> None:
    assert parse_args(["--rounds", "3"]).rounds == 3
    with pytest.raises(SystemExit):
        parse_args(["--rounds", "0"])


def test_concurrencies_must_be_distinct_and_positive() -> None:
    """Runs are keyed by their concurrency: `1,1,1` would keep only the last run and report it three times."""
    assert parse_args(["--concurrency", "1,8"]).concurrency == [1, 8]
    assert parse_args([]).concurrency == [1, 8, 32]
    for bad in ("1,1,1", "0,8", "1,x"):
        with pytest.raises(SystemExit):
            parse_args(["--concurrency", bad])


def test_the_report_shows_the_spread_over_rounds() -> None:
    pairs = [(_summary(rps, cpu), _summary(100.0, 1.0)) for rps, cpu in ((90.0, 1.5), (60.0, 2.0), (75.0, 1.7))]
    result = {
        "when": "2026-12-05T22:00:00",
        "graph": {"name": "seed", "description": "the seed graph", "counts": {"nodes": 1, "relationships": 1}},
        "machine": {
            "cores": 2,
            "memory_gib": 23.5,
            "cpu": "cpu",
            "os": "os",
            "python": "3.11",
            "neo4j": "5.26",
            "load_average": [0.1],
            "packages": {},
            "commit": "abc",
        },
        "config": {
            "concurrency": [8],
            "duration_s": 5,
            "warmup_s": 2,
            "rounds": 3,
            "workers": 1,
            "params": 50,
            "seed": 7,
        },
        "queries": {
            "update_project": {
                "statements_per_request": {"max": 1},
                "root_fields": 1,
                "db_hits": None,
                "runs": {"8": median_round(pairs)},
            }
        },
    }
    text = markdown(result, None)
    assert "3 rounds of service and floor runs" in text
    assert "| 75.0 | 100.0 | 0.75 (0.60-0.90) |" in text  # the median round, and the ratio's range
    assert "| 0.70 (0.50-1.00) |" in text  # extra CPU: the median over the rounds, and its range


def test_the_side_by_side_keeps_its_median_round_and_shows_the_range() -> None:
    from bench.versus_report import versus_markdown

    slow, fast = _summary(100.0, 1.0), _summary(200.0, 1.0)
    run = median_round([(fast, slow), (slow, fast), (fast, fast)])  # ratios 2.0, 0.5, 1.0: the median is 1.0
    assert run["ratio"]["throughput"] == 1.0
    cell = {"partnernet": run["service"], "reference": run["floor"], "ratio": run["ratio"], "rounds": run["rounds"]}
    result = {
        "config": {"concurrency": [1], "workers": 1, "rounds": 3},
        "versus": {
            "reference": {},
            "privacy": "anonymous on both sides",
            "queries": {"path": {"parameter_sets_checked": 50, "description": "a path", "runs": {"1": cell}}},
            "geomean_throughput_ratio": {"1": 1.0},
            "goals": {"every_ratio_at_least_1_5": False, "geomean_at_least_2": False, "p50_at_c1_no_higher": True},
        },
    }
    text = "\n".join(versus_markdown(result, None))
    assert "| path | 50 | 200.0 | 200.0 | **1.00x** (0.50-2.00) |" in text
    assert "3 rounds a cell" in text
