"""`bench/load_rate.py` (issue 4's load rates) runs end to end, online and offline, on a throwaway server of its own
(it wipes and then replaces the whole database), so it cannot rot. No rate is checked: rates are benchmarks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from neo4j import GraphDatabase

from service.core.settings import REPO_ROOT
from service.db.server import ManagedNeo4j
from service.seeding.synthetic import generate
from service.seeding.validate import read_seed_dir
from tests.conftest import throwaway_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ORGS, PROJECTS, SEED = 120, 40, 11


def test_load_rate_measures_every_way_of_loading(tmp_path: Path) -> None:
    settings = throwaway_settings(tmp_path / "neo4j")
    memory = {"PARTNERNET_NEO4J_HEAP": settings.neo4j_heap, "PARTNERNET_NEO4J_PAGECACHE": settings.neo4j_pagecache}
    env = settings.child_env(os.environ) | memory
    server = ManagedNeo4j(settings)
    server.start()
    try:
        proc = subprocess.run(
            [sys.executable, "bench/load_rate.py", "--orgs", str(ORGS), "--projects", str(PROJECTS),
             "--seed", str(SEED), "--mode", "both", "--repeat", "2", "--batch", "100", "--out", str(tmp_path)],
            cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
        auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
        with GraphDatabase.driver(settings.neo4j_uri, auth=auth) as driver:
            records, _, _ = driver.execute_query(
                "MATCH (n) WHERE n.synthetic = true RETURN count(n) AS n", database_=settings.neo4j_database
            )
    finally:
        server.stop()

    real = read_seed_dir(REPO_ROOT / "seeds")
    plan = generate(orgs=ORGS, projects=PROJECTS, seed=SEED, countries=real.regional_countries())
    (out,) = tmp_path.glob("load_rate-*-both-*.json")
    result = json.loads(out.read_text())
    assert records[0]["n"] == plan.node_count  # --mode both ends with the offline build, which is kept
    assert result["seed_graph"]["nodes"] > 0
    countries = {row[1] for key in ("LOCATED_IN", "IMPLEMENTED_IN") for row in plan.rels[key]}
    assert (result["calibration"]["nodes"], result["calibration"]["relationships"]) == (
        plan.node_count + len(countries),
        plan.rel_count,
    )
    assert result["calibration"]["with_properties_nodes"] == plan.node_count
    calibration = result["calibration"]
    for load in (calibration["thin"], calibration["with_properties"], calibration["with_schema"], *online_runs(result)):
        # the server is the managed one, so its CPU per row is known (0.0 is possible: ticks are 10 ms)
        assert load["server_cpu_us_per_node"] is not None
        assert load["server_cpu_us_per_relationship"] is not None
    online = result["synthetic"]
    assert (online["nodes"], online["relationships"], online["batch"]) == (plan.node_count, plan.rel_count, 100)
    assert len(online["runs"]) == 2
    assert all(run["nodes_per_second"] > 0 and run["relationships_per_second"] > 0 for run in online["runs"])
    offline = result["synthetic_offline"]
    assert (offline["nodes"], offline["relationships"]) == (plan.node_count, plan.rel_count)
    assert [row["load"].split(":")[0].split(",")[0] for row in result["summary"]] == [
        "calibration",
        "calibration",
        "calibration floor",
        "online",
        "online",
        "offline",
        "offline",
    ]
    table = out.with_suffix(".md").read_text().splitlines()
    assert len(table) == 2 + len(result["summary"])
    # the calibration rows and the importer's stages are yardsticks; the online and end-to-end rows have targets
    assert [line.rsplit("|", 2)[1].strip() in ("met", "missed") for line in table[2:]] == [
        False, False, False, True, True, False, True,
    ]  # fmt: skip


def online_runs(result: dict[str, Any]) -> list[dict[str, Any]]:
    return list(result["synthetic"]["runs"])
