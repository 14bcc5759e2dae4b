"""Cypher of the write pipeline, built from the registry: names only from it, values only as parameters."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Final

from service.editing.rules import checked_props
from service.engine.compilation import string_literal
from service.engine.privacy import mirror_labels
from service.model.catalog import GROUPS, KINDS, LINK_TYPES, NODES, is_private, match_label, record_targets
from service.model.graph import EDGE_GROUPS, ORGANISATION
from service.model.spec import Rel, Shape

# -- the sequence lock, the deferred token check, idempotency, the change log ------------------------------------------

# Taking the counter's write lock first serialises every mutation: the seqs a transaction appends are handed out
# in commit order (a reader tailing `seq > n` never skips one), and a version checked cannot change before commit.
LOCK: Final = "MERGE (s:ChangeSequence {id: 'graph'}) ON CREATE SET s.value = 0 SET s.lockedAt = $now WITH s "

# The revocation check of a bearer token accepted without a lookup ($checkToken: its id, or null for none);
# `refused` names the reason, matching service/auth's errors.
REVOCATION_CHECK: Final = (
    "OPTIONAL MATCH (tok:ApiToken {id: $checkToken}) "
    "WITH s, CASE WHEN $checkToken IS NULL THEN null "
    "WHEN tok IS NULL THEN 'TOKEN_UNKNOWN' "
    "WHEN tok.name <> $actor OR tok.role <> $role THEN 'INVALID_TOKEN' "
    "WHEN tok.revokedAt IS NOT NULL THEN 'TOKEN_REVOKED' "
    "WHEN tok.expiresAt <= $now THEN 'TOKEN_EXPIRED' END AS refused "
)

# The first statement of a mutation of several: the lock, the token check, and the claim of an idempotency key.
PROLOGUE: Final = (
    LOCK + REVOCATION_CHECK + "OPTIONAL CALL (refused) { "
    "WITH refused WHERE refused IS NULL AND $scopedKey IS NOT NULL "
    "MERGE (r:IdempotencyRecord {scopedKey: $scopedKey}) "
    "ON CREATE SET r.key = $key, r.principal = $actor, r.operation = $operation, r.fingerprint = $fingerprint, "
    "r.createdAt = $now "
    "RETURN r.resultJson AS resultJson, r.fingerprint AS fingerprint, r.operation AS recorded } "
    "RETURN refused, resultJson, fingerprint, recorded"
)

STORE_RESULT: Final = "MATCH (r:IdempotencyRecord {scopedKey: $scopedKey}) SET r.resultJson = $resultJson"


def flatten(event: str, before: str, after: str) -> str:
    """THE change-event format: the maps `before` and `after` kept on the event as `before.<key>` and
    `after.<key>` properties (service/changes reads them back)."""
    return (
        f"FOREACH (k IN keys(coalesce({before}, {{}})) | SET {event}['before.' + k] = {before}[k]) "
        f"FOREACH (k IN keys(coalesce({after}, {{}})) | SET {event}['after.' + k] = {after}[k]) "
    )


def finish(subject: str | None, value: str) -> str:
    """The last statement of a mutation of several: append `$changes` with consecutive seqs, move the counter,
    then project the payload's `value` from what `subject` binds."""
    return (
        "MATCH (s:ChangeSequence {id: 'graph'}) "
        "CALL (s) { UNWIND range(0, size($changes) - 1) AS i WITH s, i, $changes[i] AS ch "
        "CREATE (c:ChangeEvent) SET c = ch.event, c.seq = s.value + 1 + i " + flatten("c", "ch.before", "ch.after")
        + "} SET s.value = s.value + size($changes) WITH s "
        + (subject + " " if subject else "")
        + f"RETURN s.value AS seq, {value} AS value"
    )  # fmt: skip


def audit_new(var: str) -> str:
    """SET items of the audit fields of something just created."""
    return (
        f"{var}.createdAt = $now, {var}.updatedAt = $now, {var}.updatedBy = $actor, {var}.version = 1, "
        f"{var}.synthetic = false"
    )


def audit_touch(var: str) -> str:
    """SET items of the audit fields of something changed."""
    return f"{var}.updatedAt = $now, {var}.updatedBy = $actor, {var}.version = coalesce({var}.version, 0) + 1"


# -- entities ----------------------------------------------------------------------------------------------------------

_KIND_LABELS: Final = ":".join(k.node_label for k in KINDS)


def lookup(types: Sequence[str]) -> str:
    """For each `$keys[i]`, the entity of `types[i]` with that key (its properties and sensitivity) or null."""
    items = [
        f"head(COLLECT {{ MATCH (n:{match_label(t)} {{id: $keys[{i}]}}) "
        "RETURN {sensitive: coalesce(n.sensitive, false), props: properties(n)} })"
        for i, t in enumerate(types)
    ]
    return "RETURN [" + ", ".join(items) + "] AS found"


def _scope(type_name: str, component: str) -> Rel:
    """The relationship a natural key's non-property component names (an organisation's `country`)."""
    return next(r for r in NODES[type_name].rels if r.shape is Shape.ONE and r.target.lower() == component)


@cache
def natural_key_conflict(type_name: str) -> str:
    """`'<field>|<key>'` of another entity of the type sharing a natural key with `x`, or null.

    Each property of the type's natural key is unique on its own (case-insensitively), within the related node
    when the key also names a relationship (an organisation's name within its country).
    """
    node, label = NODES[type_name], match_label(type_name)
    props = [k for k in node.natural_key if node.prop(k) is not None]
    scope = ""
    for component in node.natural_key:
        if node.prop(component) is None:
            rel = _scope(type_name, component)
            far = match_label(rel.target)
            scope += (
                f" AND coalesce(head(COLLECT {{ MATCH (d)-[:{rel.type}]->(dc:{far}) RETURN dc.id }}), '') = "
                f"coalesce(head(COLLECT {{ MATCH (x)-[:{rel.type}]->(xc:{far}) RETURN xc.id }}), '')"
            )
    checks = [
        f"head(COLLECT {{ MATCH (d:{label}) WHERE d.id <> x.id AND toLower(d.{k}) = toLower(x.{k}){scope} "
        f"RETURN {string_literal(k + '|')} + d.id LIMIT 1 }})"
        for k in props
    ]
    return checks[0] if len(checks) == 1 else f"coalesce({', '.join(checks)})"


def create_entity(type_name: str, labels: str, rels: Sequence[Rel]) -> str:
    """Create `x` with `$props` and `$id`, and its links along `rels` to the keys `$links[i]`."""
    mirror = mirror_labels("x") if is_private(type_name) else ""
    parts = [f"CREATE (x:{labels}) SET x = $props, x.id = $id, {audit_new('x')} {mirror}WITH x "]
    for i, rel in enumerate(rels):
        assert rel.out  # a create input names the targets of outgoing relationships
        parts.append(
            f"CALL (x) {{ UNWIND $links[{i}] AS k MATCH (t:{match_label(rel.target)} {{id: k}}) "
            f"CREATE (x)-[r:{rel.type}]->(t) SET {audit_new('r')} "
            "RETURN collect({target: t.id, props: properties(r), sensitive: coalesce(t.sensitive, false)}) "
            f"AS made{i} }} "
        )
    made = "[" + ", ".join(f"made{i}" for i in range(len(rels))) + "]"
    return (
        "".join(parts)
        + f"RETURN properties(x) AS props, {made} AS links, {natural_key_conflict(type_name)} AS conflict"
    )


@lru_cache(maxsize=512)  # `value` comes from PayloadShape's cache: the same text for each request of a document
def update_entity(type_name: str, *, kind_label: str | None, check_key: bool, value: str) -> str:
    """An entity update in one statement: the lock, the token check, the version check, the write (moving an
    organisation's kind label), its change event and the payload's `value`.

    `problem` names what refused the change (a token's reason, NOT_FOUND, STALE_UPDATE); nothing is written then.
    `conflict` is a natural-key clash the write made (the caller rolls back).
    """
    relabel = f"REMOVE x:{_KIND_LABELS} SET x:{kind_label} " if kind_label else ""
    if is_private(type_name):
        relabel += mirror_labels("x")
    conflict = natural_key_conflict(type_name) if check_key else "null"
    # Of the entity as written, only its new version and what the checks read come back (service/editing/rules.py),
    # not the whole entity; the benchmark's floor follows versions through `after.version` (bench/floor.py).
    checked = "after {" + ", ".join(f".`{k}`" for k in ("version", *checked_props(type_name))) + "} AS after"
    return (
        LOCK + REVOCATION_CHECK + f"OPTIONAL MATCH (x:{match_label(type_name)} {{id: $id}}) "
        "WITH s, x, properties(x) AS before, CASE WHEN refused IS NOT NULL THEN refused "
        "WHEN x IS NULL THEN 'NOT_FOUND' "
        "WHEN x.version IS NULL OR x.version <> $expectedVersion THEN 'STALE_UPDATE' END AS problem "
        "OPTIONAL CALL (s, x, before, problem) { WITH * WHERE problem IS NULL "
        f"SET x += $props, {audit_touch('x')} {relabel}"
        "WITH s, x, before, properties(x) AS after, s.value + 1 AS seq SET s.value = seq "
        "CREATE (c:ChangeEvent) SET c = $event, c.seq = seq, "
        "c.sensitive = coalesce(before.sensitive, false) OR coalesce(after.sensitive, false) "
        + flatten("c", "before", "after")
        + f"RETURN {checked}, seq, {conflict} AS conflict, {value} AS value }} "
        "RETURN problem, before.version AS current, after, seq, conflict, value"
    )  # fmt: skip


@cache
def inspect_entity(type_name: str) -> str:
    """Lock `x`; its properties and the types of the relationships a delete would leave dangling (any pointing
    at it, and its own records)."""
    records = "|".join(g.type for g in EDGE_GROUPS)
    return (
        f"MATCH (x:{match_label(type_name)} {{id: $id}}) SET x._lock = true REMOVE x._lock "
        "RETURN properties(x) AS props, "
        f"COLLECT {{ MATCH (x)<-[r]-() RETURN type(r) }} + COLLECT {{ MATCH (x)-[r:{records}]->() RETURN type(r) }} "
        "AS blockers"
    )


@cache
def delete_entity(type_name: str) -> str:
    """Delete `x` with its outgoing links; returns those links (type, far key, properties, far sensitivity)."""
    return (
        f"MATCH (x:{match_label(type_name)} {{id: $id}}) OPTIONAL MATCH (x)-[r]->(y) "
        "WITH x, collect(CASE WHEN r IS NOT NULL THEN {type: type(r), target: y.id, props: properties(r), "
        "sensitive: coalesce(y.sensitive, false)} END) AS links "
        "DETACH DELETE x RETURN links"
    )


def entity_subject(type_name: str) -> str:
    """Bind `x`, the entity `$subjectId`, for the payload."""
    return f"MATCH (x:{match_label(type_name)} {{id: $subjectId}})"


# -- records: participations and memberships ---------------------------------------------------------------------------


def _record(group: str, key: str = "$id") -> str:
    return f"(o:{ORGANISATION})-[r:{GROUPS[group].type} {{id: {key}}}]->(t)"


@cache
def inspect_record(group: str) -> str:
    """Lock the record `$id`; its properties, its ends' keys, its target's type and its organisation's
    sensitivity."""
    whens = " ".join(f"WHEN t:{match_label(t)} THEN {string_literal(t)}" for t in record_targets(group))
    return (
        f"MATCH {_record(group)} SET r._lock = true REMOVE r._lock "
        f"RETURN properties(r) AS props, o.id AS organisation, t.id AS target, CASE {whens} END AS targetType, "
        "coalesce(o.sensitive, false) AS sensitive"
    )


@cache
def record_context(group: str, target: str, key: str | None) -> str:
    """What adding a record needs to know: whether its ends exist, the target's properties, the organisation's
    records in the target (with the same `key` property value when given), and the keys taken by its default."""
    rel = GROUPS[group].type
    same = f" WHERE r.{key} = $key" if key else ""
    return (
        f"OPTIONAL MATCH (o:{ORGANISATION} {{id: $organisation}}) OPTIONAL MATCH (t:{match_label(target)} "
        "{id: $target}) "
        "RETURN o IS NOT NULL AS hasOrganisation, coalesce(o.sensitive, false) AS sensitive, properties(t) AS target, "
        f"COLLECT {{ MATCH (o)-[r:{rel}]->(t){same} RETURN r {{.id, .since, .until}} }} AS same, "
        f"COLLECT {{ MATCH ()-[r:{rel}]->() WHERE r.id = $base OR r.id STARTS WITH $prefix RETURN r.id }} AS taken, "
        f"EXISTS {{ MATCH ()-[r:{rel} {{id: $given}}]->() }} AS givenTaken"
    )  # fmt: skip


@cache
def create_record(group: str, target: str) -> str:
    """Create the record `$id` with `$props` from `$organisation` to `$target`."""
    return (
        f"MATCH (o:{ORGANISATION} {{id: $organisation}}) MATCH (t:{match_label(target)} {{id: $target}}) "
        f"CREATE (o)-[r:{GROUPS[group].type}]->(t) SET r = $props, r.id = $id, {audit_new('r')} "
        "RETURN properties(r) AS props"
    )


@cache
def update_record(group: str) -> str:
    """Set `$props` on the record `$id`."""
    return f"MATCH {_record(group)} SET r += $props, {audit_touch('r')} RETURN properties(r) AS props"


@cache
def delete_record(group: str) -> str:
    """Delete the record `$id`."""
    return f"MATCH {_record(group)} DELETE r"


def record_subject(group: str) -> str:
    """Bind `r`, the record `$subjectId`, and its ends `o` and `t`, for the payload."""
    return f"MATCH {_record(group, '$subjectId')}"


# -- structural links --------------------------------------------------------------------------------------------------


def _ends(kind: str, a: str = "$a", b: str = "$b") -> tuple[str, str]:
    rt = LINK_TYPES[kind]
    return f"(a:{match_label(rt.source)} {{id: {a}}})", f"(b:{match_label(rt.target)} {{id: {b}}})"


@cache
def link_context(kind: str) -> str:
    """Whether the link's ends exist (and either is sensitive), whether it exists, whether it would close a cycle."""
    rt = LINK_TYPES[kind]
    a, b = _ends(kind)
    cycle = f"EXISTS {{ MATCH (b)-[:{rt.type}*1..]->(a) }}" if rt.source == rt.target else "false"
    return (
        f"OPTIONAL MATCH {a} OPTIONAL MATCH {b} "
        "RETURN a IS NOT NULL AS hasSource, b IS NOT NULL AS hasTarget, "
        "coalesce(a.sensitive, false) OR coalesce(b.sensitive, false) AS sensitive, "
        f"EXISTS {{ MATCH (a)-[:{rt.type}]->(b) }} AS linked, {cycle} AS cycle"
    )


@cache
def create_link(kind: str) -> str:
    """Create the link from `$a` to `$b`."""
    a, b = _ends(kind)
    rel = LINK_TYPES[kind].type
    return f"MATCH {a} MATCH {b} CREATE (a)-[r:{rel}]->(b) SET {audit_new('r')} RETURN properties(r) AS props"


@cache
def delete_link(kind: str) -> str:
    """Delete the link from `$a` to `$b`; returns its properties (no record when there is none)."""
    a, b = _ends(kind)
    return (
        f"MATCH {a}-[r:{LINK_TYPES[kind].type}]->{b} WITH r LIMIT 1 "
        "WITH r, properties(r) AS before DELETE r RETURN before"
    )


def link_subject(kind: str) -> str:
    """Bind the link's ends `a` and `b`, and `r`, the link itself (null once deleted), for the payload."""
    a, b = _ends(kind, "$subjectSource", "$subjectTarget")
    rel = LINK_TYPES[kind].type
    return f"MATCH {a} MATCH {b} WITH s, a, b, head(COLLECT {{ MATCH (a)-[l:{rel}]->(b) RETURN l }}) AS r"
