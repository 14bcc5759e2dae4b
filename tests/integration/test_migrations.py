"""Migrations against the real Neo4j: applied once, recorded, harmless when run again."""

from __future__ import annotations

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
