"""The offline build's import files: one per statement, typed headers, every plan row, shared values filled in."""

from __future__ import annotations

import csv
from pathlib import Path

from service.seeding.offline import NODE_SPECS, REL_SPECS, importer_stages, write_import_files
from service.seeding.synthetic import generate

COUNTRIES = ["BA", "MK", "MD", "KZ"]
NOW = "2026-01-02T03:04:05+00:00"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_files_hold_every_row_with_typed_headers(tmp_path: Path) -> None:
    plan = generate(orgs=40, projects=10, seed=2, countries=COUNTRIES)
    nodes, rels = write_import_files(plan, countries=[*COUNTRIES, "XK"], directory=tmp_path, now=NOW)
    assert nodes[0][0] == "Country"
    assert sorted(labels for labels, _ in nodes[1:]) == sorted(s.name for s in NODE_SPECS.values())
    assert sorted(t for t, _ in rels) == sorted(REL_SPECS)
    counted = {labels: len(_read(path)) for labels, path in nodes}
    assert counted["Country"] == 5
    assert sum(counted.values()) - 5 == plan.node_count
    assert sum(len(_read(path)) for _, path in rels) == plan.rel_count

    nhri = _read(dict(nodes)["Organisation:Nhri"])
    first = plan.nodes["Organisation:NHRI"][0]
    assert nhri[0]["id:ID"] == first[0]
    assert nhri[0]["npmMandate:boolean"] == ("true" if first[4] else "false")
    assert (nhri[0]["kind"], nhri[0]["version:long"], nhri[0]["createdAt"]) == ("NHRI", "1", NOW)
    parts = _read(dict(rels)["PARTICIPATES_IN"])
    assert [parts[0][k] for k in (":START_ID", ":END_ID", "id", "role", "roleClass")] == plan.rels["PARTICIPATES_IN"][0]
    assert parts[0]["synthetic:boolean"] == "true"
    project = _read(dict(nodes)["Project"])[0]
    assert project["name"] == project["title"] == plan.nodes["Project"][0][1]


def test_importer_stage_times_are_parsed() -> None:
    report = """
Node import COMPLETED in 1s 60ms
Relationship import COMPLETED in 231ms
Relationship linking COMPLETED in 1m 2s 443ms
Post processing COMPLETED in 2s 865ms
IMPORT DONE in 6s 102ms.
"""
    assert importer_stages(report) == {
        "node_import": 1.06,
        "relationship_import": 0.231,
        "relationship_linking": 62.443,
        "post_processing": 2.865,
        "total": 6.102,
    }
