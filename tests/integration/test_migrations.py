"""Migrations against the real Neo4j: applied once, recorded, harmless when run again."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import AsyncDriver

from service.db.migrations import applied_migrations, discover, migrate

pytestmark = pytest.mark.integration


async def test_migrate_twice_applies_nothing_the_second_time(driver: AsyncDriver, database: str) -> None:
    await migrate(driver, database=database)
    again = await migrate(driver, database=database)
    assert again == []
    versions = await applied_migrations(driver, database=database)
    assert versions == [m.version for m in discover()]


async def test_constraints_exist_after_migration(driver: AsyncDriver, database: str) -> None:
    result = await driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names", database_=database)
    names = set(result.records[0]["names"])
    assert {"country_id", "project_id", "organisation_id"} <= names


PY_MIGRATION = """
async def migrate(driver, *, database):
    await driver.execute_query("CREATE (:_MigrationProbe {at: 1})", database_=database)
"""


async def test_a_python_migration_runs_once_and_is_recorded(driver: AsyncDriver, database: str, tmp_path: Path) -> None:
    version = 9001  # far above the project's own, so the shared test graph's records do not hide it
    (tmp_path / f"V{version}__probe.py").write_text(PY_MIGRATION)
    try:
        assert await migrate(driver, database=database, directory=tmp_path) == [f"V{version}__probe"]
        assert await migrate(driver, database=database, directory=tmp_path) == []
        result = await driver.execute_query("MATCH (p:_MigrationProbe) RETURN count(p) AS n", database_=database)
        assert result.records[0]["n"] == 1
        assert version in await applied_migrations(driver, database=database)
    finally:
        await driver.execute_query(
            "MATCH (n) WHERE n:_MigrationProbe OR (n:_Migration AND n.version = $v) DETACH DELETE n",
            {"v": version},
            database_=database,
        )
