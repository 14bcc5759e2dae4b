"""Versioned, idempotent migrations shipped in this package (V####__name.cypher or .py), each recorded with its
checksum so it runs once and an applied file that changed afterwards is refused."""

# The files live beside this module so that every install (a wheel, the Docker image) carries them: setuptools
# ships the .cypher files as package data and the .py migrations as modules of this package.

from __future__ import annotations

import hashlib
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from neo4j import AsyncDriver, RoutingControl

from service.core.errors import InvalidInputError, PartnernetError

MIGRATIONS_DIR = Path(__file__).resolve().parent
_NAME = re.compile(r"^V(\d{4})__([a-z0-9_]+)\.(cypher|py)$")

_APPLIED = "MATCH (m:_Migration) RETURN m.version AS version, m.name AS name, m.checksum AS checksum"
_RECORD = (
    "MERGE (m:_Migration {version: $version}) "
    "SET m.name = $name, m.checksum = $checksum, m.appliedAt = toString(datetime())"
)
_MIGRATION_CONSTRAINT = (
    "CREATE CONSTRAINT migration_version IF NOT EXISTS FOR (m:_Migration) REQUIRE m.version IS UNIQUE"
)


class MigrationError(PartnernetError):
    """The migrations cannot run: their folder is missing or empty, or an applied file changed since."""

    code = "MIGRATION"


@dataclass(frozen=True)
class Migration:
    """One migration file: its version, name, statements and checksum."""

    version: int
    name: str
    path: Path
    statements: tuple[str, ...]
    checksum: str

    @property
    def label(self) -> str:
        """`V0001__base`, as the CLI prints it."""
        return f"V{self.version:04d}__{self.name}"


def split_statements(text: str) -> tuple[str, ...]:
    """Split a .cypher file on semicolons that end a line; `//` comment lines are dropped."""
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    parts = re.split(r";\s*(?:\n|$)", body)
    return tuple(p.strip() for p in parts if p.strip())


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """All migration files in version order; a badly named file or a repeated version is an error, and so is a
    folder that is missing or holds no migration (an install without them must never look "up to date").

    Python files whose name starts with `_` (this package's own `__init__.py`) are not migrations."""
    if not directory.is_dir():
        raise MigrationError(f"the migrations folder {directory} does not exist: the install is incomplete")
    found: dict[int, Migration] = {}
    candidates = [*directory.glob("*.cypher"), *(p for p in directory.glob("*.py") if not p.name.startswith("_"))]
    for path in sorted(candidates):
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
    if not found:
        raise MigrationError(f"no migration files in {directory}: the install is incomplete")
    return [found[v] for v in sorted(found)]


def check_unchanged(migrations: list[Migration], applied: dict[int, str | None]) -> None:
    """Refuse when a file whose version is recorded as applied no longer has the recorded checksum.

    Migrations are append-only: an edit to an applied file would never run on databases that have it, so the
    schema would differ between installs. A record without a checksum (none is written so) is not compared."""
    changed = [m for m in migrations if applied.get(m.version) not in (None, m.checksum)]
    if changed:
        names = ", ".join(m.path.name for m in changed)
        raise MigrationError(
            f"{names} changed after it was applied to this database (checksum differs): restore the applied "
            "file and put the change in a new migration"
        )


async def migrate(driver: AsyncDriver, *, database: str, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply the migrations not yet recorded in the graph, in order; returns the names applied.

    Raises MigrationError, before anything runs, when the folder holds no migrations or an applied file changed."""
    migrations = discover(directory)
    await driver.execute_query(_MIGRATION_CONSTRAINT, database_=database)
    result = await driver.execute_query(_APPLIED, database_=database, routing_=RoutingControl.READ)
    applied: dict[int, str | None] = {rec["version"]: rec["checksum"] for rec in result.records}
    check_unchanged(migrations, applied)
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
        done.append(mig.label)
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
