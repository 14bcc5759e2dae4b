"""Dump, restore and export Cypher; values (and the labels of a restore) travel only as parameters, and every
statement that reads nodes out applies THE privacy predicate (service/engine/privacy.py) with `$canSeeSensitive`."""

from __future__ import annotations

from typing import Final, LiteralString

from service.engine.privacy import mirror_labels, visible_or_other
from service.model.graph import REL_TYPES
from service.seeding.cypher import name

# Organisations marked sensitive travel only to callers who may see them (MODEL.md, Privacy); `n` and `m` are the
# statements' node variables. The predicate's text holds only registry names and the parameter's name.
_VISIBLE_N: Final[LiteralString] = visible_or_other("n")
_VISIBLE_M: Final[LiteralString] = visible_or_other("m")

# `_Migration` nodes record the schema migrations (service/db/migrations/): a dump leaves them out, a restore
# into a migrated database keeps the target's own.
_DUMPED_N: Final[LiteralString] = "NOT n:_Migration AND " + _VISIBLE_N
_DUMPED_NM: Final[LiteralString] = _DUMPED_N + " AND NOT m:_Migration AND " + _VISIBLE_M
LABEL_COUNTS: Final[LiteralString] = (
    "MATCH (n) WHERE " + _DUMPED_N + " UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label"
)
TYPE_COUNTS: Final[LiteralString] = (
    "MATCH (n)-[r]->(m) WHERE " + _DUMPED_NM + " RETURN type(r) AS type, count(*) AS n ORDER BY type"
)
DUMP_NODE_COUNT: Final[LiteralString] = "MATCH (n) WHERE " + _DUMPED_N + " RETURN count(n) AS n"
NODE_COUNT: Final[LiteralString] = "MATCH (n) WHERE NOT n:_Migration RETURN count(n) AS n"
SERVER_VERSION: Final[LiteralString] = (
    "CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS version, edition"
)

DUMP_NODES: Final[LiteralString] = (
    "MATCH (n) WHERE " + _DUMPED_N + " "
    "RETURN elementId(n) AS eid, labels(n) AS labels, properties(n) AS props "
    "ORDER BY n.id, elementId(n)"
)
DUMP_RELS: Final[LiteralString] = (
    "MATCH (n)-[r]->(m) WHERE " + _DUMPED_NM + " "
    "RETURN elementId(n) AS a_eid, elementId(m) AS b_eid, type(r) AS type, properties(r) AS props "
    "ORDER BY type(r), n.id, m.id, r.id, elementId(r)"
)

# Dynamic labels and types (Cypher 5.26) take their names from parameters, checked by the restore first.
# A dump written before `sensitive` was mirrored as a label gains the label here (engine/privacy.py).
RESTORE_NODES: Final[LiteralString] = (
    "UNWIND $rows AS row CREATE (n:$(row.labels)) SET n = row.props "
    + mirror_labels("n")
    + "RETURN row.ref AS ref, elementId(n) AS eid"
)
RESTORE_RELS: Final[LiteralString] = (
    "UNWIND $rows AS row "
    "MATCH (a) WHERE elementId(a) = row.a "
    "MATCH (b) WHERE elementId(b) = row.b "
    "CREATE (a)-[r:$(row.type)]->(b) SET r = row.props"
)
WIPE: Final[LiteralString] = "MATCH (n) WHERE NOT n:_Migration DETACH DELETE n"

# -- export -----------------------------------------------------------------------------------------------------
# $labels: the model labels to keep (never bookkeeping nodes such as _Migration or ApiToken).
# A node's `countries`: those it is located or implemented in, or is for (every relationship type to a Country).
_TO_COUNTRY: Final[LiteralString] = "|".join(dict.fromkeys(name(r.type) for r in REL_TYPES if r.target == "Country"))
_KEEP_N: Final[LiteralString] = "any(l IN labels(n) WHERE l IN $labels) AND " + _VISIBLE_N + " "
_KEEP_M: Final[LiteralString] = "any(l IN labels(m) WHERE l IN $labels) AND " + _VISIBLE_M + " "
EXPORT_NODE_KEYS: Final[LiteralString] = (
    "MATCH (n) WHERE " + _KEEP_N + "UNWIND keys(n) AS key RETURN key, collect(DISTINCT valueType(n[key])) AS types"
)
EXPORT_REL_KEYS: Final[LiteralString] = (
    "MATCH (n)-[r]->(m) WHERE " + _KEEP_N + "AND " + _KEEP_M + "UNWIND keys(r) AS key "
    "RETURN key, collect(DISTINCT valueType(r[key])) AS types"
)
EXPORT_NODES: Final[LiteralString] = (
    "MATCH (n) WHERE " + _KEEP_N + ""
    "RETURN labels(n) AS labels, properties(n) AS props, "
    "COLLECT { MATCH (n)-[:" + _TO_COUNTRY + "]->(c:Country) RETURN c.id ORDER BY c.id } "
    "AS countries "
    "ORDER BY n.id, elementId(n)"
)
EXPORT_RELS: Final[LiteralString] = (
    "MATCH (n)-[r]->(m) WHERE " + _KEEP_N + "AND " + _KEEP_M + ""
    "RETURN labels(n) AS a_labels, n.id AS a_id, labels(m) AS b_labels, m.id AS b_id, type(r) AS type, "
    "properties(r) AS props "
    "ORDER BY type(r), n.id, m.id, r.id, elementId(r)"
)
