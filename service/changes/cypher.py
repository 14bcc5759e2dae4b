"""Cypher of the change log (`(:ChangeEvent)` nodes appended by mutations, numbered by `(:ChangeSequence)`)."""

from __future__ import annotations

from typing import Final, LiteralString

# Every property: an event keeps what changed before and after as `before.<key>` / `after.<key>` properties
# (service/editing/cypher.py writes them; models.py reads them back).
_VIEW: Final[LiteralString] = "properties(e) AS event"

# Newest first; `$entity` (a global id) matches the entity itself and both ends of a link, participation or
# membership. Sensitive changes only for callers who may see sensitive organisations.
AUDIT_LOG: Final[LiteralString] = (
    "MATCH (e:ChangeEvent) "
    "WHERE ($entity IS NULL OR $entity IN e.related) "
    "AND ($since IS NULL OR e.at >= $since) "
    "AND ($canSeeSensitive OR NOT e.sensitive) "
    "RETURN " + _VIEW + " ORDER BY e.seq DESC LIMIT $first"
)

# Oldest first after a seq: what a subscriber has not seen yet. Filtering happens in Python so that the cursor
# advances past events the subscriber may not see.
CHANGES_AFTER: Final[LiteralString] = (
    "MATCH (e:ChangeEvent) WHERE e.seq > $after RETURN " + _VIEW + " ORDER BY e.seq LIMIT $limit"
)

LAST_SEQ: Final[LiteralString] = "OPTIONAL MATCH (s:ChangeSequence {id: 'graph'}) RETURN coalesce(s.value, 0) AS value"
