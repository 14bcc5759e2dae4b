"""Migrations against the real Neo4j: applied once, recorded, harmless when run again."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import AsyncDriver

import service.db.migrations
from service.db.migrations import MigrationError, applied_migrations, discover, migrate

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


async def test_an_applied_migration_that_changed_is_refused_naming_it(
    driver: AsyncDriver, database: str, tmp_path: Path
) -> None:
    version = 9002
    path = tmp_path / f"V{version}__probe.cypher"
    path.write_text("CREATE INDEX probe_9002 IF NOT EXISTS FOR (n:_MigrationProbe) ON (n.at)\n")
    try:
        assert await migrate(driver, database=database, directory=tmp_path) == [f"V{version}__probe"]
        path.write_text("CREATE INDEX probe_9002 IF NOT EXISTS FOR (n:_MigrationProbe) ON (n.other)\n")
        later = tmp_path / f"V{version + 1}__later.cypher"
        later.write_text("CREATE INDEX probe_9003 IF NOT EXISTS FOR (n:_MigrationProbe) ON (n.later)\n")
        with pytest.raises(MigrationError, match=rf"V{version}__probe\.cypher changed after it was applied"):
            await migrate(driver, database=database, directory=tmp_path)
        # Refused before anything ran: the later migration is not applied either.
        assert version + 1 not in await applied_migrations(driver, database=database)
    finally:
        await driver.execute_query("DROP INDEX probe_9002 IF EXISTS", database_=database)
        await driver.execute_query("DROP INDEX probe_9003 IF EXISTS", database_=database)
        await driver.execute_query(
            "MATCH (n:_Migration) WHERE n.version IN [$v, $v + 1] DELETE n", {"v": version}, database_=database
        )


@pytest.mark.parametrize("make", ["missing", "empty"])
async def test_a_missing_or_empty_migrations_folder_is_an_error_not_up_to_date(
    driver: AsyncDriver, database: str, tmp_path: Path, make: str
) -> None:
    folder = tmp_path / "migrations"
    if make == "empty":
        folder.mkdir()
    with pytest.raises(MigrationError, match="the install is incomplete"):
        await migrate(driver, database=database, directory=folder)


def test_the_migrations_ship_inside_the_package() -> None:
    """They live in service/db/migrations/ (package data of the wheel; tests/e2e/test_wheel.py installs one)."""
    found = discover()
    assert found[0].path.parent == Path(service.db.migrations.__file__).parent
    assert [m.version for m in found] == list(range(1, len(found) + 1))
