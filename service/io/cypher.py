"""Dump, restore and export Cypher; values (and the labels of a restore) travel only as parameters."""

from __future__ import annotations

from typing import Final, LiteralString

# `_Migration` nodes record the schema migrations (service/db/migrations.py): a dump leaves them out, a restore
# into a migrated database keeps the target's own.
LABEL_COUNTS: Final[LiteralString] = (
    "MATCH (n) WHERE NOT n:_Migration UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label"
)
TYPE_COUNTS: Final[LiteralString] = (
    "MATCH (a)-[r]->(b) WHERE NOT a:_Migration AND NOT b:_Migration RETURN type(r) AS type, count(*) AS n ORDER BY type"
)
NODE_COUNT: Final[LiteralString] = "MATCH (n) WHERE NOT n:_Migration RETURN count(n) AS n"
SERVER_VERSION: Final[LiteralString] = (
    "CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS version, edition"
)

DUMP_NODES: Final[LiteralString] = (
    "MATCH (n) WHERE NOT n:_Migration "
    "RETURN elementId(n) AS eid, labels(n) AS labels, properties(n) AS props "
    "ORDER BY n.id, elementId(n)"
)
DUMP_RELS: Final[LiteralString] = (
    "MATCH (a)-[r]->(b) WHERE NOT a:_Migration AND NOT b:_Migration "
    "RETURN elementId(a) AS a_eid, elementId(b) AS b_eid, type(r) AS type, properties(r) AS props "
    "ORDER BY type(r), a.id, b.id, r.id, elementId(r)"
)

# Dynamic labels and types (Cypher 5.26) take their names from parameters, checked by the restore first.
RESTORE_NODES: Final[LiteralString] = (
    "UNWIND $rows AS row CREATE (n:$(row.labels)) SET n = row.props RETURN row.ref AS ref, elementId(n) AS eid"
)
RESTORE_RELS: Final[LiteralString] = (
    "UNWIND $rows AS row "
    "MATCH (a) WHERE elementId(a) = row.a "
    "MATCH (b) WHERE elementId(b) = row.b "
    "CREATE (a)-[r:$(row.type)]->(b) SET r = row.props"
)
WIPE: Final[LiteralString] = "MATCH (n) WHERE NOT n:_Migration DETACH DELETE n"

# -- export -----------------------------------------------------------------------------------------------------
# $labels: the model labels to keep (never bookkeeping nodes such as _Migration or ApiToken); $sensitive: whether
# organisations marked sensitive travel.
_NODE_FILTER: Final[LiteralString] = (
    "any(l IN labels(n) WHERE l IN $labels) AND ($sensitive OR coalesce(n.sensitive, false) = false) "
)
EXPORT_NODE_KEYS: Final[LiteralString] = (
    "MATCH (n) WHERE " + _NODE_FILTER + "UNWIND keys(n) AS key RETURN key, collect(DISTINCT valueType(n[key])) AS types"
)
EXPORT_REL_KEYS: Final[LiteralString] = (
    "MATCH (n)-[r]->(m) WHERE " + _NODE_FILTER + "WITH r, m AS n WHERE " + _NODE_FILTER + "UNWIND keys(r) AS key "
    "RETURN key, collect(DISTINCT valueType(r[key])) AS types"
)
EXPORT_NODES: Final[LiteralString] = (
    "MATCH (n) WHERE " + _NODE_FILTER + ""
    "RETURN labels(n) AS labels, properties(n) AS props, "
    "COLLECT { MATCH (n)-[:LOCATED_IN|IMPLEMENTED_IN|FOR_COUNTRY]->(c:Country) RETURN c.id ORDER BY c.id } "
    "AS countries "
    "ORDER BY n.id, elementId(n)"
)
EXPORT_RELS: Final[LiteralString] = (
    "MATCH (n)-[r]->(m) WHERE " + _NODE_FILTER + "WITH n AS a, r, m AS n WHERE " + _NODE_FILTER + ""
    "RETURN labels(a) AS a_labels, a.id AS a_id, labels(n) AS b_labels, n.id AS b_id, type(r) AS type, "
    "properties(r) AS props "
    "ORDER BY type(r), a.id, n.id, r.id, elementId(r)"
)
