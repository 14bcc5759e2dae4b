"""Migration discovery: naming, ordering and statement splitting, without a database."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.core.errors import InvalidInputError
from service.db.migrations import MIGRATIONS_DIR, discover, split_statements


def test_split_statements_drops_comments_and_blank_parts() -> None:
    text = (
        "// header\nCREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x);\n\n"
        "CREATE INDEX b IF NOT EXISTS\nFOR (n:B) ON (n.y);\n"
    )
    assert split_statements(text) == (
        "CREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x)",
        "CREATE INDEX b IF NOT EXISTS\nFOR (n:B) ON (n.y)",
    )


def test_project_migrations_are_ordered_and_idempotent() -> None:
    migs = discover(MIGRATIONS_DIR)
    assert [m.version for m in migs] == sorted(m.version for m in migs)
    assert migs[0].version == 1
    for mig in migs:
        for statement in mig.statements:
            upper = statement.upper()
            if upper.startswith("CREATE"):
                assert "IF NOT EXISTS" in upper, f"{mig.path.name}: {statement[:60]} is not idempotent"


def test_bad_file_name_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "0001_base.cypher").write_text("RETURN 1;")
    with pytest.raises(InvalidInputError, match="V0001__snake_name"):
        discover(tmp_path)


def test_repeated_version_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "V0001__a.cypher").write_text("RETURN 1;")
    (tmp_path / "V0001__b.cypher").write_text("RETURN 2;")
    with pytest.raises(InvalidInputError, match="version 1"):
        discover(tmp_path)


def test_python_migrations_are_ordered_with_the_cypher_ones(tmp_path: Path) -> None:
    (tmp_path / "V0001__schema.cypher").write_text("CREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x);\n")
    (tmp_path / "V0002__data.py").write_text("async def migrate(driver, *, database):\n    pass\n")
    (tmp_path / "V0003__more.cypher").write_text("CREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.y);\n")
    migs = discover(tmp_path)
    assert [(m.version, m.name, m.path.suffix) for m in migs] == [
        (1, "schema", ".cypher"),
        (2, "data", ".py"),
        (3, "more", ".cypher"),
    ]
    assert migs[1].statements == ()  # a Python migration's work is its `migrate` function


def test_other_files_in_the_folder_are_not_migrations(tmp_path: Path) -> None:
    (tmp_path / "V0001__base.cypher").write_text("RETURN 1;")
    (tmp_path / "README.md").write_text("notes")
    assert [m.name for m in discover(tmp_path)] == ["base"]
