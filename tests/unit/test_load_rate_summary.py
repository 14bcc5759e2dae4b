"""bench/load_rate.py's pure parts: the calibration's statement swap and the summary against the target."""

from __future__ import annotations

from typing import Any

import pytest

from bench.load_rate import TARGET_PER_SECOND, summarise, summary_markdown, unindexed
from service.seeding.cypher import SYNTHETIC_NODE, SYNTHETIC_REL


@pytest.mark.parametrize("key", sorted(SYNTHETIC_NODE))
def test_unindexed_node_statements_keep_their_properties_under_the_calibration_label(key: str) -> None:
    statement = SYNTHETIC_NODE[key]
    swapped = unindexed(statement)
    assert "(x:_LoadCalibration {" in swapped
    assert swapped.split("{", 1)[1] == statement.split("{", 1)[1]  # the same properties, written the same way


@pytest.mark.parametrize("key", sorted(SYNTHETIC_REL))
def test_unindexed_relationship_statements_use_the_calibration_type(key: str) -> None:
    swapped = unindexed(SYNTHETIC_REL[key])
    assert f"[:{key}" not in swapped
    assert "-[:_CALIBRATES" in swapped


def test_unindexed_refuses_a_statement_it_cannot_swap() -> None:
    with pytest.raises(ValueError, match="exactly one pattern"):
        unindexed("UNWIND $rows AS r CREATE (n:Organisation {id: r[0]})")


def _rates(nodes: int, rels: int) -> dict[str, Any]:
    return {"nodes_per_second": nodes, "relationships_per_second": rels, "entities_per_second": nodes + rels}


def test_summary_has_a_row_per_load_and_meets_the_target_only_when_both_rates_do() -> None:
    t = TARGET_PER_SECOND
    result: dict[str, Any] = {
        "calibration": {"thin": _rates(3 * t, 2 * t), "with_properties": _rates(t - 1, 2 * t)},
        "synthetic": {"batch": 20_000, "median": _rates(t, t), "runs": [_rates(t, t), _rates(t // 2, t * 3)]},
        "synthetic_offline": {
            "importer_nodes_per_second": t,
            "importer_relationships_per_second": t - 1,
            "nodes_per_second_end_to_end": 10,
            "relationships_per_second_end_to_end": 20,
        },
    }
    result["summary"] = summarise(result)
    assert [
        (row["nodes_per_second"], row["relationships_per_second"], row["meets_target"]) for row in result["summary"]
    ] == [
        (3 * t, 2 * t, True),
        (t - 1, 2 * t, False),
        (t, t, True),
        (t, t, True),  # the slowest run by entities/s: t + t < t // 2 + 3t
        (t, t - 1, False),
        (10, 20, False),
    ]
    table = summary_markdown(result).splitlines()
    assert len(table) == 2 + 6
    assert [line.rsplit("|", 2)[1].strip() for line in table[2:]] == ["met", "missed", "met", "met", "missed", "missed"]


def test_summary_of_an_offline_only_run_has_no_online_rows() -> None:
    result = {
        "synthetic_offline": {
            "importer_nodes_per_second": None,
            "importer_relationships_per_second": 5,
            "nodes_per_second_end_to_end": 1,
            "relationships_per_second_end_to_end": 2,
        }
    }
    rows = summarise(result)
    assert [row["load"].split(":")[0] for row in rows] == ["offline", "offline"]
    assert rows[0]["meets_target"] is False  # a stage the importer did not report cannot meet anything
