"""Versioned, idempotent migrations from schema/neo4j/ (V####__name.cypher or .py), each recorded so it runs once."""

from __future__ import annotations

import hashlib
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from neo4j import AsyncDriver, RoutingControl

from service.core.errors import InvalidInputError
from service.core.settings import REPO_ROOT

MIGRATIONS_DIR = REPO_ROOT / "schema" / "neo4j"
_NAME = re.compile(r"^V(\d{4})__([a-z0-9_]+)\.(cypher|py)$")

_APPLIED = "MATCH (m:_Migration) RETURN m.version AS version, m.checksum AS checksum"
_RECORD = (
    "MERGE (m:_Migration {version: $version}) "
    "SET m.name = $name, m.checksum = $checksum, m.appliedAt = toString(datetime())"
)
_MIGRATION_CONSTRAINT = (
    "CREATE CONSTRAINT migration_version IF NOT EXISTS FOR (m:_Migration) REQUIRE m.version IS UNIQUE"
)


@dataclass(frozen=True)
class Migration:
    """One migration file: its version, name, statements and checksum."""

    version: int
    name: str
    path: Path
    statements: tuple[str, ...]
    checksum: str


def split_statements(text: str) -> tuple[str, ...]:
    """Split a .cypher file on semicolons that end a line; `//` comment lines are dropped."""
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    parts = re.split(r";\s*(?:\n|$)", body)
    return tuple(p.strip() for p in parts if p.strip())


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """All migration files in version order; a badly named file or a repeated version is an error."""
    found: dict[int, Migration] = {}
    for path in sorted([*directory.glob("*.cypher"), *directory.glob("*.py")]):
        match = _NAME.match(path.name)
        if match is None:
            raise InvalidInputError(f"{path}: migration files are named V0001__snake_name.cypher (or .py)")
        version = int(match.group(1))
        if version in found:
            raise InvalidInputError(f"{path}: version {version} is also used by {found[version].path.name}")
        text = path.read_text(encoding="utf-8")
        found[version] = Migration(
            version=version,
            name=match.group(2),
            path=path,
            statements=split_statements(text) if path.suffix == ".cypher" else (),
            checksum=hashlib.sha256(text.encode()).hexdigest(),
        )
    return [found[v] for v in sorted(found)]


async def migrate(driver: AsyncDriver, *, database: str, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply the migrations not yet recorded in the graph, in order; returns the names applied."""
    migrations = discover(directory)
    await driver.execute_query(_MIGRATION_CONSTRAINT, database_=database)
    result = await driver.execute_query(_APPLIED, database_=database, routing_=RoutingControl.READ)
    applied = {rec["version"]: rec["checksum"] for rec in result.records}
    done: list[str] = []
    for mig in migrations:
        if mig.version in applied:
            continue
        if mig.path.suffix == ".py":
            await _run_python(mig, driver, database)
        for statement in mig.statements:
            # Schema statements cannot share a transaction with writes; each runs alone and is idempotent,
            # so a migration interrupted half-way is simply re-run.
            # The statement text comes from the project's own versioned migration files, never from input.
            await driver.execute_query(statement, database_=database)
        await driver.execute_query(
            _RECORD,
            {"version": mig.version, "name": mig.name, "checksum": mig.checksum},
            database_=database,
        )
        done.append(f"V{mig.version:04d}__{mig.name}")
    if done:
        await driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
    return done


async def _run_python(mig: Migration, driver: AsyncDriver, database: str) -> None:
    """Run a Python migration's `migrate` (the file is the project's own, versioned like the Cypher ones)."""
    spec = importlib.util.spec_from_file_location(f"partnernet_migration_v{mig.version:04d}", mig.path)
    assert spec is not None  # a .py path always gets a spec
    assert spec.loader is not None  # ... with a source loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    await module.migrate(driver, database=database)


async def applied_migrations(driver: AsyncDriver, *, database: str) -> list[int]:
    """Versions recorded in the graph, ascending."""
    result = await driver.execute_query(_APPLIED, database_=database, routing_=RoutingControl.READ)
    return sorted(rec["version"] for rec in result.records)
