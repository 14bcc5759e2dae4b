"""Round trips: dump -> restore and export -> import give the same graph; GraphML/GEXF read back by networkx."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from neo4j import AsyncDriver

from service.core.errors import ConflictError
from service.engine.privacy import mirror_labels  # raw writes keep the Sensitive label in sync
from service.io.dump import DumpFormatError, parse_dump, read_dump, restore_dump, write_dump
from service.io.export_formats import ExportFormat
from service.io.export_source import GraphFilter, export_database
from service.io.imports import ImportFormat, import_files
from service.io.models import IMPORT_META_KEYS, ImportOutcome
from tests.conftest import wipe

pytestmark = pytest.mark.integration

ALL = GraphFilter(include_sensitive=True)


async def snapshot(driver: AsyncDriver, database: str, *, drop: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Every node and relationship with its full property map (minus `drop`), as sorted JSON texts."""
    async with driver.session(database=database) as s:
        nodes = [
            json.dumps([sorted(r["labels"]), {k: v for k, v in r["props"].items() if k not in drop}], sort_keys=True)
            async for r in await s.run(
                "MATCH (n) WHERE NOT n:_Migration AND NOT n:ApiToken RETURN labels(n) AS labels, properties(n) AS props"
            )
        ]
        rels = [
            json.dumps(
                [r["a"], r["type"], r["b"], {k: v for k, v in r["props"].items() if k not in drop}], sort_keys=True
            )
            async for r in await s.run(
                "MATCH (a)-[r]->(b) WHERE NOT a:_Migration AND NOT a:ApiToken "
                "RETURN [labels(a), a.id] AS a, type(r) AS type, [labels(b), b.id] AS b, properties(r) AS props"
            )
        ]
    return {"nodes": sorted(nodes), "rels": sorted(rels)}


async def export_text(driver: AsyncDriver, database: str, fmt: ExportFormat, flt: GraphFilter = ALL) -> str:
    return "".join([c async for c in export_database(driver, database=database, fmt=fmt, graph_filter=flt)])


async def test_dump_then_restore_gives_the_identical_graph(
    writable_seeded_graph: AsyncDriver, database: str, tmp_path: Path
) -> None:
    driver = writable_seeded_graph
    before = await snapshot(driver, database)
    out = tmp_path / "graph.jsonl.gz"
    summary = await write_dump(driver, database=database, out=out, can_see_sensitive=True)
    assert summary.nodes == len(before["nodes"])
    assert summary.relationships == len(before["rels"])
    dump = read_dump(out)
    assert dump.header["format"] == "partnernet-dump"
    assert dump.header["version"] == 1
    assert dump.header["neo4j"].startswith("5.")
    assert dump.header["counts"]["nodes"] == summary.nodes

    with pytest.raises(ConflictError, match="restore needs an empty one"):
        await restore_dump(driver, database=database, dump=dump)

    await wipe(driver, database)
    restored = await restore_dump(driver, database=database, dump=dump)
    assert restored.nodes == summary.nodes
    assert await snapshot(driver, database) == before

    # --force replaces whatever is there, in one transaction
    await restore_dump(driver, database=database, dump=dump, force=True)
    assert await snapshot(driver, database) == before


async def test_restore_checks_the_whole_file_first(clean_graph: AsyncDriver, database: str) -> None:
    header = json.dumps({"format": "partnernet-dump", "version": 1, "counts": {}})
    lines = [
        header,
        json.dumps({"kind": "node", "ref": 0, "labels": ["Region"], "props": {"id": "r", "name": "R"}}),
        "{not json",
        json.dumps({"kind": "rel", "type": "IN_REGION", "start": {"ref": 0}, "end": {"ref": 7}, "props": {}}),
        json.dumps({"kind": "end", "nodes": 1, "relationships": 1}),
    ]
    with pytest.raises(DumpFormatError) as err:
        parse_dump(lines)
    text = str(err.value)
    assert "line 3: not valid JSON" in text
    assert "line 4: end: node ref 7 is not defined above" in text
    assert "end line: it counts 1 nodes and 1 relationships, the file holds 1 and 0" in text
    with pytest.raises(DumpFormatError, match="the end line is missing"):
        parse_dump(lines[:2])
    with pytest.raises(DumpFormatError, match="this partnernet reads dump version 1"):
        parse_dump([json.dumps({"format": "partnernet-dump", "version": 99}), lines[-1]])
    assert (await snapshot(clean_graph, database))["nodes"] == []


async def test_csv_export_then_import_into_an_empty_graph_gives_the_same_graph(
    writable_seeded_graph: AsyncDriver, database: str
) -> None:
    driver = writable_seeded_graph
    before = await snapshot(driver, database)
    nodes_csv = await export_text(driver, database, ExportFormat.CSV_NODES)
    edges_csv = await export_text(driver, database, ExportFormat.CSV_EDGES)
    await wipe(driver, database)

    files = [("nodes.csv", nodes_csv), ("edges.csv", edges_csv)]
    report = await import_files(driver, database=database, fmt=ImportFormat.CSV, files=files)
    assert report.count(ImportOutcome.CREATED) == len(before["nodes"]) + len(before["rels"])
    after = await snapshot(driver, database, drop=IMPORT_META_KEYS)
    assert after == before

    # importing the same files again changes nothing
    again = await import_files(driver, database=database, fmt=ImportFormat.CSV, files=files)
    assert again.count(ImportOutcome.CREATED) == again.count(ImportOutcome.CHANGED) == 0
    assert await snapshot(driver, database, drop=IMPORT_META_KEYS) == before


async def test_graphml_and_gexf_read_back_by_networkx(seeded_graph: AsyncDriver, database: str) -> None:
    before = await snapshot(seeded_graph, database)
    graphml = nx.read_graphml(io.BytesIO((await export_text(seeded_graph, database, ExportFormat.GRAPHML)).encode()))
    gexf = nx.read_gexf(io.BytesIO((await export_text(seeded_graph, database, ExportFormat.GEXF)).encode()))
    for graph in (graphml, gexf):
        assert graph.number_of_nodes() == len(before["nodes"])
        assert graph.number_of_edges() == len(before["rels"])

    hro = graphml.nodes["Organisation:ba-hro"]
    assert hro["labels"] == "Nhri:Organisation"
    assert hro["kind"] == "NHRI"
    assert hro["ganhriStatus"] == "A"
    assert hro["countries"] == "BA"
    assert hro["confidence"] in ("HIGH", "MEDIUM", "LOW")
    assert hro["sources"].startswith("http")
    assert isinstance(hro["npmMandate"], bool)
    assert isinstance(hro["version"], int)
    gexf_hro = gexf.nodes["Organisation:ba-hro"]
    assert gexf_hro["label"] == hro["label"]
    assert gexf_hro["ganhriStatus"] == "A"

    project = graphml.nodes["Project:ba-hf2-detained"]
    assert project["startDate"] == "2019-05-24"
    assert project["budgetEur"] == pytest.approx(1000050.0)
    assert project["countries"] == "BA"
    assert project["status"] == "COMPLETED"

    pid = "ba-moj--partner--ba-hf2-detained"
    partner = graphml.edges["Organisation:ba-moj", "Project:ba-hf2-detained", pid]
    assert partner["id"] == pid
    assert partner["type"] == "PARTICIPATES_IN"
    assert partner["role"] == "PARTNER"
    assert partner["roleClass"] == "PARTNERSHIP"
    assert partner["since"] == "2019-05-24"
    assert partner["datesDerived"] is True
    gexf_partner = gexf.edges["Organisation:ba-moj", "Project:ba-hf2-detained", pid]
    assert gexf_partner["label"] == "PARTICIPATES_IN"
    assert gexf_partner["role"] == "PARTNER"
    assert gexf_partner["confidence"] == partner["confidence"]


async def test_filtered_and_json_exports(seeded_graph: AsyncDriver, database: str) -> None:
    text = await export_text(seeded_graph, database, ExportFormat.JSON, GraphFilter.create(["Nhri"]))
    doc = json.loads(text)
    assert doc["nodes"]
    assert all("Nhri" in n["labels"] for n in doc["nodes"])
    keys = {n["id"] for n in doc["nodes"]}
    assert all(e["source"] in keys and e["target"] in keys for e in doc["edges"])  # only links between NHRIs
    orgs = json.loads(
        await export_text(seeded_graph, database, ExportFormat.JSON, GraphFilter.create(["Organisation"]))
    )
    sensitive = json.loads(
        await export_text(seeded_graph, database, ExportFormat.JSON, GraphFilter.create(["Organisation"],
                                                                                        include_sensitive=True))
    )  # fmt: skip
    assert len(sensitive["nodes"]) >= len(orgs["nodes"])
    assert not any(n["properties"].get("sensitive") for n in orgs["nodes"])
    edge = next(e for e in sensitive["edges"] if e["type"] == "SUBUNIT_OF")
    assert edge["source"].startswith("Organisation:")
    assert edge["target"].startswith("Organisation:")


async def test_sensitive_organisations_travel_only_to_those_who_may_see_them(
    writable_seeded_graph: AsyncDriver, database: str, tmp_path: Path
) -> None:
    driver = writable_seeded_graph
    mark = "MATCH (o:Organisation {id: 'ba-hro'}) SET o.sensitive = true " + mirror_labels("o")
    await driver.execute_query(mark, database_=database)
    hidden = GraphFilter.create(["Organisation", "Network"])
    shown = GraphFilter.create(["Organisation", "Network"], include_sensitive=True)
    for fmt in (ExportFormat.JSON, ExportFormat.CSV_EDGES, ExportFormat.GRAPHML):
        public, full = await export_text(driver, database, fmt, hidden), await export_text(driver, database, fmt, shown)
        assert "Organisation:ba-hro" not in public
        assert "Organisation:ba-hro" in full
    doc = json.loads(await export_text(driver, database, ExportFormat.JSON, hidden))
    assert doc["edges"]
    assert all("ba-hro" not in (e["source"], e["target"]) for e in doc["edges"])

    out = tmp_path / "public.jsonl"
    summary = await write_dump(driver, database=database, out=out, can_see_sensitive=False)
    dump = read_dump(out)
    assert all(n["props"].get("id") != "ba-hro" for n in dump.nodes)
    assert summary.nodes == len(dump.nodes) == dump.header["counts"]["nodes"]
    assert summary.relationships == len(dump.rels) == sum(dump.header["counts"]["types"].values())
    full = await write_dump(driver, database=database, out=tmp_path / "full.jsonl", can_see_sensitive=True)
    assert full.nodes == summary.nodes + 1
