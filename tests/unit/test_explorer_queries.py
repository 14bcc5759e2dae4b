"""Every GraphQL document the explorer page sends is valid against the schema the code builds (no browser, no DB)."""

from __future__ import annotations

import json
import shutil
import subprocess

from graphql import build_schema, parse, validate

from service.core.settings import REPO_ROOT, Settings
from service.gql.schema import build_schema as build_partnernet_schema
from tests.conftest import skip_unless_ci

NODE = shutil.which("node")
EXPLORER = REPO_ROOT / "explorer"

if NODE is None:
    skip_unless_ci("Node.js not found: it reads explorer/src/queries.js", allow_module_level=True)


def explorer_documents() -> dict[str, str]:
    """The documents explorer/src/documents.js lists, by name (Node imports the module as the page does)."""
    assert NODE is not None
    script = "import { documents } from './src/documents.js'; process.stdout.write(JSON.stringify(documents()));"
    done = subprocess.run(
        [NODE, "--input-type=module", "-e", script], cwd=EXPLORER, capture_output=True, text=True, check=True
    )
    docs: dict[str, str] = json.loads(done.stdout)
    return docs


def test_every_explorer_document_validates_against_the_schema() -> None:
    schema = build_schema(build_partnernet_schema(Settings()).as_str())
    docs = explorer_documents()
    assert {"SEARCH", "CARD_Nhri", "NEIGHBOURHOOD", "PATH", "COUNTRY_LINKS", "CELL"} <= docs.keys()
    analyses = {"BROKERS", "GAPS", "SUGGESTED", "SHARED", "CROSS_BORDER", "CHANGES", "COMMUNITIES"}
    signed_in = {"PROBE", "UPDATE_ORGANISATION", "UPDATE_PARTICIPATION", "AUDIT", "IMPORT", "GRAPH_CHANGED"}
    assert analyses | signed_in <= docs.keys()
    problems = {name: [e.message for e in validate(schema, parse(doc))] for name, doc in docs.items()}
    assert {name: errors for name, errors in problems.items() if errors} == {}
