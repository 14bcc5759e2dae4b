"""bench/load_rate.py's pure parts: the calibration's statement swap and the summary against the targets."""

from __future__ import annotations

from typing import Any

import pytest

from bench.load_rate import OFFLINE_USABLE_SECONDS, ONLINE_OVER_FLOOR, summarise, summary_markdown, unindexed
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


def test_summary_holds_the_online_load_to_the_floor_and_the_offline_build_to_its_seconds() -> None:
    floor = _rates(1000, 2000)
    result: dict[str, Any] = {
        "calibration": {"thin": _rates(5000, 4000), "with_properties": _rates(1500, 3000), "with_schema": floor},
        "synthetic": {"batch": 20_000, "median": _rates(900, 1600), "runs": [_rates(900, 1600), _rates(700, 1500)]},
        "synthetic_offline": {
            "importer_nodes_per_second": 40_000,
            "importer_relationships_per_second": 200_000,
            "nodes_per_second_end_to_end": 3000,
            "relationships_per_second_end_to_end": 20_000,
            "end_to_end_seconds": OFFLINE_USABLE_SECONDS + 0.5,
        },
    }
    result["summary"] = summarise(result)
    assert [(row["nodes_per_second"], row["meets_target"]) for row in result["summary"]] == [
        (5000, None),  # the calibration rows are yardsticks
        (1500, None),
        (1000, None),
        (900, True),  # 0.9 and 0.8 of the floor
        (700, False),  # the slowest run by entities/s: 0.7 of the floor's nodes/s
        (40_000, None),
        (3000, False),  # half a second over
    ]
    assert result["summary"][3]["share_of_floor"] == (0.9, 0.8)
    assert ONLINE_OVER_FLOOR == 0.8
    table = summary_markdown(result).splitlines()
    assert len(table) == 2 + 7
    assert [line.rsplit("|", 2)[1].strip() for line in table[2:]] == ["", "", "", "met", "missed", "", "missed"]


def test_summary_of_an_offline_only_run_has_no_online_rows() -> None:
    result = {
        "synthetic_offline": {
            "importer_nodes_per_second": None,
            "importer_relationships_per_second": 5,
            "nodes_per_second_end_to_end": 1,
            "relationships_per_second_end_to_end": 2,
            "end_to_end_seconds": 59.0,
        }
    }
    rows = summarise(result)
    assert [row["load"].split(":")[0] for row in rows] == ["offline", "offline"]
    assert rows[1]["meets_target"] is True  # usable within 60 s
