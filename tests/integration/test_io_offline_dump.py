"""The managed server's offline neo4j-admin dump and load, on a throwaway server of its own (home and ports)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from service.core.errors import LauncherError
from service.db.server import ManagedNeo4j
from tests.conftest import throwaway_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_admin_dump_and_load_round_trip(tmp_path: Path) -> None:
    settings = throwaway_settings(tmp_path / "neo4j")
    server = ManagedNeo4j(settings)
    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    db = settings.neo4j_database

    def run(cypher: str) -> list[dict[str, object]]:
        with GraphDatabase.driver(f"bolt://127.0.0.1:{settings.neo4j_bolt_port}", auth=auth) as drv:
            records, _, _ = drv.execute_query(cypher, database_=db)  # type: ignore[call-overload]  # test literals
            return [dict(r) for r in records]

    server.start()
    try:
        run("CREATE (:Region {id: 'r1', name: 'Region one'})-[:NEXT {w: 1}]->(:Region {id: 'r2', name: 'Two'})")
        with pytest.raises(LauncherError, match="stop the server first"):
            server.admin_dump(database=db, to_dir=tmp_path / "dumps")
    finally:
        server.stop()
    dump = server.admin_dump(database=db, to_dir=tmp_path / "dumps")
    assert dump.name == f"{db}.dump"
    assert dump.stat().st_size > 0

    with pytest.raises(LauncherError, match="load"):
        server.admin_load(database=db, dump_file=dump)  # the store exists: needs overwrite
    # Lose the store (cheaper than a third start to delete the data), then load it back from the dump.
    for sub in ("databases", "transactions"):
        shutil.rmtree(server.data_dir / sub / db)
    server.admin_load(database=db, dump_file=dump, overwrite=True)
    server.start()
    try:
        rows = run("MATCH (a:Region)-[r:NEXT]->(b:Region) RETURN a.id AS a, r.w AS w, b.name AS b")
        assert rows == [{"a": "r1", "w": 1, "b": "Two"}]
    finally:
        server.stop()
