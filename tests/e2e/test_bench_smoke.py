"""The benchmark harness runs end to end on the seed graph for a few seconds, the comparison with the reference
(@neo4j/graphql) included, so it cannot rot (no timings checked)."""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

from service.core.settings import REPO_ROOT, Settings
from tests.conftest import free_port
from tests.e2e.conftest import settings_env

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


async def test_bench_runs_on_the_seed_graph(
    writable_seeded_graph: AsyncDriver, settings: Settings, tmp_path: Path
) -> None:
    # writable: the mix's mutation changes project budgets
    run_harness_and_check(settings, tmp_path)


def run_program(argv: list[str], settings: Settings) -> None:
    """Run a benchmark program as a separate process against the test server; it must exit 0."""
    proc = subprocess.run(
        argv, cwd=REPO_ROOT, env=settings_env(settings), capture_output=True, text=True, timeout=600, check=False
    )
    assert proc.returncode == 0, proc.stderr[-4000:]


def run_harness_and_check(settings: Settings, tmp_path: Path) -> None:
    """Run `python -m bench` as a separate program against the test server, then read what it wrote."""
    argv = [
        sys.executable, "-m", "bench", "--current-server", "--graphs", "seed",
        "--duration", "0.4", "--warmup", "0.1", "--concurrency", "1,2", "--params", "2",
        "--profile", "--profile-requests", "2", "--out", str(tmp_path),
    ]  # fmt: skip
    run_program(argv, settings)
    [result_file] = list(tmp_path.glob("*-seed.json"))
    result = json.loads(result_file.read_text())
    assert result["machine"]["cores"] >= 1
    queries = result["queries"]
    assert {"projects_nested", "search", "path", "neighbourhood", "update_project"} <= set(queries)
    for name, q in queries.items():
        assert "skipped" not in q, (name, q.get("skipped"))
        assert q["statements_per_request"]["max"] >= 1
        assert set(q["runs"]) == {"1", "2"}
        for run in q["runs"].values():
            assert {"service", "floor", "driver", "ratio"} <= set(run)
    # read queries send one statement per root field
    assert queries["projects_nested"]["statements_per_request"]["max"] == queries["projects_nested"]["root_fields"]
    assert result["profile"]["queries"]
    assert result_file.with_suffix(".md").read_text().startswith("# Benchmark")
    assert result_file.with_suffix(".png").stat().st_size > 0
    # the side-by-side comparison: every query answered alike on both sides, then timed at each concurrency
    versus = result["versus"]
    assert versus["reference"]["@neo4j/graphql"] == "7.6.3"
    assert len(versus["queries"]) >= 8
    for name, q in versus["queries"].items():
        assert "skipped" not in q, (name, q.get("skipped"))
        assert q["parameter_sets_checked"] >= 1
        assert set(q["runs"]) == {"1", "2"}
        assert all(run["ratio"]["throughput"] for run in q["runs"].values())
    assert set(versus["geomean_throughput_ratio"]) == {"1", "2"}
    assert "Side by side with @neo4j/graphql" in result_file.with_suffix(".md").read_text()
    assert (tmp_path / f"{result_file.stem}-versus.png").stat().st_size > 0


async def test_two_trees_side_by_side_on_the_seed_graph(
    seeded_graph: AsyncDriver, settings: Settings, tmp_path: Path
) -> None:
    """bench/revisions.py serves HEAD with one of bench/gains/ applied and HEAD itself, checks they answer alike
    and times both; a tree that answers differently (a patch made here that adds 1 to a budget) is not timed."""
    run_revisions_and_check(settings, tmp_path)


def run_revisions_and_check(settings: Settings, tmp_path: Path) -> None:
    stats = "service/engine/stats.py"
    line = '            return f"head(COLLECT {{ {match} RETURN toFloat(sum({_V}.budgetEur)) }})"'
    head = subprocess.run(["git", "show", f"HEAD:{stats}"], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    lines = head.stdout.splitlines(keepends=True)
    changed = [x.replace("budgetEur)) }", "budgetEur)) + 1.0 }") if x.rstrip("\n") == line else x for x in lines]
    assert changed != lines, "the budget's statement moved: the test's patch needs the new line"
    wrong = tmp_path / "budget_off_by_one.patch"
    wrong.write_text("".join(difflib.unified_diff(lines, changed, f"a/{stats}", f"b/{stats}")))

    def run(before: str, queries: str, out: Path) -> dict[str, Any]:
        argv = [
            sys.executable, "-m", "bench.revisions", "--current-server", "--graph", "seed", "--before", before,
            "--queries", queries, "--concurrency", "1,2", "--rounds", "2", "--duration", "0.3", "--warmup", "0.1",
            "--params", "2", "--out", str(out),
        ]  # fmt: skip
        run_program(argv, settings)
        [found] = list(out.glob("*-seed-revisions-*.json"))
        assert found.with_suffix(".md").read_text().startswith("# seed graph: after / before")
        result: dict[str, Any] = json.loads(found.read_text())
        return result

    gain = "bench/gains/stats_from_counted_nodes.patch"
    result = run(f"HEAD+{gain}", "project_aggregates,path", tmp_path / "gain")
    assert result["before"]["patches"] == [gain]
    assert result["after"]["patches"] == []
    assert result["before"]["commit"] == result["after"]["commit"]
    for name in ("project_aggregates", "path"):
        q = result["queries"][name]
        assert "skipped" not in q, (name, q.get("skipped"))
        assert q["parameter_sets_checked"] >= 1
        assert set(q["runs"]) == {"1", "2"}
        for cell in q["runs"].values():
            assert cell["after"]["requests"] > 0
            assert cell["before"]["requests"] > 0
            assert len(cell["rounds"]["ratio"]["each"]) == 2

    differs = run(f"HEAD+{wrong}", "project_aggregates,path", tmp_path / "differs")
    assert "answers differ at .projectStats.budgetEur" in differs["queries"]["project_aggregates"]["skipped"]
    assert "runs" not in differs["queries"]["project_aggregates"]
    assert set(differs["queries"]["path"]["runs"]) == {"1", "2"}


def test_quickstart_compares_two_trees_on_fresh_homes(settings: Settings, tmp_path: Path) -> None:
    """bench/quickstart.py --before: each tree's own code starts a managed Neo4j on an empty home, seeds it and
    serves; both answer, and the result names the trees (the patch of bench/gains/ on the before side)."""
    gain = "bench/gains/password_by_neo4j_admin.patch"
    argv = [
        sys.executable, "bench/quickstart.py", "--before", f"HEAD+{gain}", "--rounds", "1",
        "--home", str(tmp_path / "home"), "--bolt-port", str(free_port()), "--http-port", str(free_port()),
        "--out", str(tmp_path), "--note", "smoke",
    ]  # fmt: skip
    run_program(argv, settings)
    [found] = list(tmp_path.glob("quickstart-trees-*.json"))
    result = json.loads(found.read_text())
    assert result["notes"] == ["smoke"]
    trees = result["trees"]
    assert trees["before"]["patches"] == [gain]
    assert trees["after"]["patches"] == []
    for side in ("before", "after"):
        assert trees[side]["case"] == "fresh"
        [seconds] = trees[side]["seconds_to_answer"]
        assert seconds is not None, f"{side} never answered"
    assert not (tmp_path / "home").exists()  # the scratch home is removed after the run
