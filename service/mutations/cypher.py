"""Mutation Cypher: values only as parameters; labels and types only from the closed sets of models.py."""

from __future__ import annotations

from typing import Final, LiteralString

from service.mutations.models import (
    LINK_PATTERNS,
    ORG_KIND_LABEL,
    EntityKind,
    LinkKind,
)
from service.seeding.models import OrgKind

# -- the change log and idempotency -------------------------------------------------------------------------------

# Taking the counter's write lock first serialises every mutation transaction: the seqs a transaction appends are
# allocated in commit order (so a reader tailing `seq > n` never skips one), and the version a transaction checks
# cannot change under it before it commits.
LOCK_SEQUENCE: Final[LiteralString] = (
    "MERGE (s:ChangeSequence {id: 'graph'}) ON CREATE SET s.value = 0 SET s.lockedAt = $now RETURN s.value AS value"
)

# Appends the events and moves the counter to the last seq they use, in one round trip.
APPEND_CHANGES: Final[LiteralString] = (
    "UNWIND $events AS e "
    "CREATE (c:ChangeEvent) SET c = e "
    "WITH count(c) AS appended "
    "MATCH (s:ChangeSequence {id: 'graph'}) SET s.value = $value"
)  # fmt: skip

CLAIM_IDEMPOTENCY_KEY: Final[LiteralString] = (
    "MERGE (r:IdempotencyRecord {scopedKey: $scopedKey}) "
    "ON CREATE SET r.key = $key, r.principal = $principal, r.operation = $operation, "
    "r.fingerprint = $fingerprint, r.createdAt = $now "
    "RETURN r.resultJson AS resultJson, r.fingerprint AS fingerprint, r.operation AS operation"
)

STORE_IDEMPOTENT_RESULT: Final[LiteralString] = (
    "MATCH (r:IdempotencyRecord {scopedKey: $scopedKey}) SET r.resultJson = $resultJson"
)

# -- entities -----------------------------------------------------------------------------------------------------

_AUDIT_NEW: Final[LiteralString] = (
    "x.createdAt = $now, x.updatedAt = $now, x.updatedBy = $actor, x.version = 1, x.synthetic = false"
)
_AUDIT_TOUCH: Final[LiteralString] = "x.updatedAt = $now, x.updatedBy = $actor, x.version = coalesce(x.version, 0) + 1"
_ALL_ORG_KIND_LABELS: Final[LiteralString] = (
    "NationalAuthority:Nhri:CivilSocietyOrganisation:Donor:InternationalOrganisation:CoeEntity"
)


def _lock_node(label: LiteralString) -> LiteralString:
    # The SET takes the node's write lock until commit; REMOVE leaves no trace.
    return (
        "MATCH (x:" + label + " {id: $id}) SET x._lock = true REMOVE x._lock "
        "RETURN properties(x) AS props"
    )  # fmt: skip


def _create_node(labels: LiteralString) -> LiteralString:
    return "CREATE (x:" + labels + ") SET x = $props, x.id = $id, " + _AUDIT_NEW + " RETURN properties(x) AS props"


def _update_node(label: LiteralString) -> LiteralString:
    return (
        "MATCH (x:" + label + " {id: $id}) SET x += $props, " + _AUDIT_TOUCH + " RETURN properties(x) AS props"
    )  # fmt: skip


def _delete_blockers(label: LiteralString) -> LiteralString:
    # Relationships pointing at the node belong to other records; its participations and memberships are records
    # of their own. Either would be lost or left dangling by a delete. Its other outgoing links go with it.
    return (
        "MATCH (x:" + label + " {id: $id}) "
        "CALL (x) { "
        "MATCH (x)<-[r]-() RETURN type(r) AS type, count(r) AS n "
        "UNION ALL "
        "MATCH (x)-[r:PARTICIPATES_IN|MEMBER_OF]->() RETURN type(r) AS type, count(r) AS n "
        "} "
        "WITH type, sum(n) AS n WHERE n > 0 "
        "RETURN type, n ORDER BY type"
    )  # fmt: skip


def _delete_node(label: LiteralString) -> LiteralString:
    return (
        "MATCH (x:" + label + " {id: $id}) "
        "OPTIONAL MATCH (x)-[r]->(y) "
        "WITH x, properties(x) AS before, collect({type: type(r), target: y.id}) AS links "
        "DETACH DELETE x "
        "RETURN before, [l IN links WHERE l.type IS NOT NULL] AS links"
    )  # fmt: skip


def _same_name(label: LiteralString) -> LiteralString:
    return (
        "MATCH (x:" + label + ") WHERE toLower(x.name) = toLower($name) AND x.id <> $id "
        "RETURN x.id AS id LIMIT 1"
    )  # fmt: skip


LOCK_NODE: Final[dict[EntityKind, LiteralString]] = {k: _lock_node(k.label) for k in EntityKind}
UPDATE_NODE: Final[dict[EntityKind, LiteralString]] = {k: _update_node(k.label) for k in EntityKind}
DELETE_BLOCKERS: Final[dict[EntityKind, LiteralString]] = {k: _delete_blockers(k.label) for k in EntityKind}
DELETE_NODE: Final[dict[EntityKind, LiteralString]] = {k: _delete_node(k.label) for k in EntityKind}
SAME_NAME: Final[dict[EntityKind, LiteralString]] = {k: _same_name(k.label) for k in EntityKind}
CREATE_NODE: Final[dict[EntityKind, LiteralString]] = {
    k: _create_node(k.label) for k in EntityKind if k is not EntityKind.ORGANISATION
}
CREATE_ORGANISATION: Final[dict[OrgKind, LiteralString]] = {
    kind: _create_node("Organisation:" + label) for kind, label in ORG_KIND_LABEL.items()
}
SET_ORGANISATION_KIND: Final[dict[OrgKind, LiteralString]] = {
    kind: "MATCH (x:Organisation {id: $id}) REMOVE x:" + _ALL_ORG_KIND_LABELS + " SET x:" + label
    for kind, label in ORG_KIND_LABEL.items()
}

# A country's natural key is its ISO code as well as its name; an organisation's is its name within its country.
SAME_COUNTRY: Final[LiteralString] = (
    "MATCH (x:Country) WHERE (x.iso2 = $iso2 OR toLower(x.name) = toLower($name)) AND x.id <> $id "
    "RETURN x.id AS id LIMIT 1"
)
SAME_ORGANISATION: Final[LiteralString] = (
    "MATCH (x:Organisation) WHERE toLower(x.name) = toLower($name) AND x.id <> $id "
    "OPTIONAL MATCH (x)-[:LOCATED_IN]->(c:Country) "
    "WITH x, collect(c.id) AS countries "
    "WHERE ($country IS NULL AND size(countries) = 0) OR $country IN countries "
    "RETURN x.id AS id LIMIT 1"
)
ORGANISATION_COUNTRY: Final[LiteralString] = (
    "MATCH (:Organisation {id: $id})-[:LOCATED_IN]->(c:Country) RETURN c.id AS id LIMIT 1"
)


def _exists(label: LiteralString) -> LiteralString:
    return (
        "UNWIND $ids AS id OPTIONAL MATCH (x:" + label + " {id: id}) "
        "RETURN id, x IS NOT NULL AS found, coalesce(x.sensitive, false) AS sensitive"
    )  # fmt: skip


EXISTING: Final[dict[EntityKind, LiteralString]] = {k: _exists(k.label) for k in EntityKind}

# -- structural links ---------------------------------------------------------------------------------------------


def _link_stmt(kind: LinkKind, body: LiteralString) -> LiteralString:
    p = LINK_PATTERNS[kind]
    return "MATCH (a:" + p.source.label + " {id: $a})-[r:" + p.rel + "]->(b:" + p.target.label + " {id: $b}) " + body


def _create_link(kind: LinkKind) -> LiteralString:
    p = LINK_PATTERNS[kind]
    return (
        "MATCH (a:" + p.source.label + " {id: $a}) MATCH (b:" + p.target.label + " {id: $b}) "
        "CREATE (a)-[x:" + p.rel + "]->(b) SET " + _AUDIT_NEW + " "
        "RETURN properties(x) AS props"
    )  # fmt: skip


def _reaches(kind: LinkKind) -> LiteralString:
    # Would a new a->b link close a cycle? (b already reaches a along the same type.)
    p = LINK_PATTERNS[kind]
    return (
        "MATCH (b:" + p.target.label + " {id: $b}), (a:" + p.source.label + " {id: $a}) "
        "RETURN EXISTS { MATCH (b)-[:" + p.rel + "*1..]->(a) } AS cycle"
    )  # fmt: skip


FIND_LINK: Final[dict[LinkKind, LiteralString]] = {k: _link_stmt(k, "RETURN properties(r) AS props") for k in LinkKind}
CREATE_LINK: Final[dict[LinkKind, LiteralString]] = {k: _create_link(k) for k in LinkKind}
DELETE_LINK: Final[dict[LinkKind, LiteralString]] = {
    k: _link_stmt(k, "WITH r, properties(r) AS before DELETE r RETURN before") for k in LinkKind
}
LINK_CYCLE: Final[dict[LinkKind, LiteralString]] = {
    k: _reaches(k) for k in LinkKind if LINK_PATTERNS[k].source is LINK_PATTERNS[k].target
}

# -- participations and memberships (relationships with an id and properties of their own) ------------------------

_RECORD_VIEW: Final[LiteralString] = (
    "RETURN properties(r) AS props, o.id AS organisation, t.id AS target, "
    "head([l IN labels(t) WHERE l IN ['Project', 'Programme', 'Network']]) AS targetLabel, "
    "coalesce(o.sensitive, false) AS sensitive"
)


def _lock_record(rel: LiteralString) -> LiteralString:
    return (
        "MATCH (o:Organisation)-[r:" + rel + " {id: $id}]->(t) SET r._lock = true REMOVE r._lock " + _RECORD_VIEW
    )  # fmt: skip


def _update_record(rel: LiteralString) -> LiteralString:
    return (
        "MATCH (o:Organisation)-[r:" + rel + " {id: $id}]->(t) "
        "SET r += $props, r.updatedAt = $now, r.updatedBy = $actor, r.version = coalesce(r.version, 0) + 1 "
        + _RECORD_VIEW
    )  # fmt: skip


def _delete_record(rel: LiteralString) -> LiteralString:
    return "MATCH (:Organisation)-[r:" + rel + " {id: $id}]->() WITH r, properties(r) AS before DELETE r RETURN before"


def _create_record(rel: LiteralString, target: LiteralString) -> LiteralString:
    return (
        "MATCH (o:Organisation {id: $organisation}) MATCH (t:" + target + " {id: $target}) "
        "CREATE (o)-[r:" + rel + "]->(t) "
        "SET r = $props, r.id = $id, r.createdAt = $now, r.updatedAt = $now, r.updatedBy = $actor, r.version = 1, "
        "r.synthetic = false "
        + _RECORD_VIEW
    )  # fmt: skip


def _same_record(rel: LiteralString, target: LiteralString, key: LiteralString) -> LiteralString:
    return (
        "MATCH (:Organisation {id: $organisation})-[r:" + rel + "]->(:" + target + " {id: $target}) "
        "WHERE r." + key + " = $key "
        "RETURN r.id AS id, r.since AS since, r.until AS until"
    )  # fmt: skip


LOCK_PARTICIPATION: Final[LiteralString] = _lock_record("PARTICIPATES_IN")
UPDATE_PARTICIPATION: Final[LiteralString] = _update_record("PARTICIPATES_IN")
DELETE_PARTICIPATION: Final[LiteralString] = _delete_record("PARTICIPATES_IN")
CREATE_PARTICIPATION: Final[dict[EntityKind, LiteralString]] = {
    EntityKind.PROJECT: _create_record("PARTICIPATES_IN", "Project"),
    EntityKind.PROGRAMME: _create_record("PARTICIPATES_IN", "Programme"),
}
SAME_PARTICIPATION: Final[dict[EntityKind, LiteralString]] = {
    EntityKind.PROJECT: _same_record("PARTICIPATES_IN", "Project", "role"),
    EntityKind.PROGRAMME: _same_record("PARTICIPATES_IN", "Programme", "role"),
}
PARTICIPATION_ID_TAKEN: Final[LiteralString] = "MATCH ()-[r:PARTICIPATES_IN {id: $id}]->() RETURN r.id AS id LIMIT 1"

LOCK_MEMBERSHIP: Final[LiteralString] = _lock_record("MEMBER_OF")
UPDATE_MEMBERSHIP: Final[LiteralString] = _update_record("MEMBER_OF")
DELETE_MEMBERSHIP: Final[LiteralString] = _delete_record("MEMBER_OF")
CREATE_MEMBERSHIP: Final[LiteralString] = _create_record("MEMBER_OF", "Network")
# Any membership of the same organisation in the same network, whatever its status.
SAME_MEMBERSHIP: Final[LiteralString] = (
    "MATCH (:Organisation {id: $organisation})-[r:MEMBER_OF]->(:Network {id: $target}) "
    "RETURN r.id AS id, r.since AS since, r.until AS until"
)
MEMBERSHIP_ID_TAKEN: Final[LiteralString] = "MATCH ()-[r:MEMBER_OF {id: $id}]->() RETURN r.id AS id LIMIT 1"

# -- one statement per update ---------------------------------------------------------------------------------------

# The whole of an entity update in one statement: the sequence lock (as LOCK_SEQUENCE), the bearer token's
# revocation check when the request deferred it ($checkToken, else null), the version check, the write, and the
# change event with its seq. `problem` names the error code when something refused the change; nothing is written
# then. The event keeps the entity's properties before and after as `before.<key>` / `after.<key>` properties
# (Cypher cannot write JSON; changes/models.py reads both forms).
_REFUSED_BY_TOKEN: Final[LiteralString] = (  # error codes, not a password
    "OPTIONAL MATCH (t:ApiToken {id: $checkToken}) "  # noqa: S105
    "WITH s, CASE "
    "WHEN $checkToken IS NULL THEN null "
    "WHEN t IS NULL THEN 'TOKEN_UNKNOWN' "
    "WHEN t.name <> $actor OR t.role <> $role THEN 'INVALID_TOKEN' "
    "WHEN t.revokedAt IS NOT NULL THEN 'TOKEN_REVOKED' "
    "WHEN t.expiresAt <= $now THEN 'TOKEN_EXPIRED' "
    "END AS refused "
)  # fmt: skip


def _update_in_one(label: LiteralString) -> LiteralString:
    return (
        "MERGE (s:ChangeSequence {id: 'graph'}) ON CREATE SET s.value = 0 SET s.lockedAt = $now "
        "WITH s " + _REFUSED_BY_TOKEN +
        "OPTIONAL MATCH (x:" + label + " {id: $id}) "
        "WITH s, x, properties(x) AS before, CASE "
        "WHEN refused IS NOT NULL THEN refused "
        "WHEN x IS NULL THEN 'NOT_FOUND' "
        "WHEN x.version IS NULL OR x.version <> $expectedVersion THEN 'STALE_UPDATE' "
        "END AS problem "
        "OPTIONAL CALL (s, x, before, problem) { "
        "WITH * WHERE problem IS NULL "
        "SET x += $props, " + _AUDIT_TOUCH + " "
        "WITH s, before, properties(x) AS after, s.value + 1 AS seq "
        "SET s.value = seq "
        "CREATE (c:ChangeEvent) SET c = $event, c.seq = seq, "
        "c.sensitive = coalesce(before.sensitive, false) OR coalesce(after.sensitive, false) "
        "FOREACH (k IN keys(before) | SET c['before.' + k] = before[k]) "
        "FOREACH (k IN keys(after) | SET c['after.' + k] = after[k]) "
        "RETURN after, seq "
        "} "
        "RETURN problem, before.version AS current, after, seq"
    )  # fmt: skip


UPDATE_IN_ONE: Final[dict[EntityKind, LiteralString]] = {k: _update_in_one(k.label) for k in EntityKind}
