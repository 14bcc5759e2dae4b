"""The organisations IATI files name: matched across files and with the graph by IATI organisation identifier,
then by name; the ones an import creates, and the near-duplicates they may be of.

An identifier outranks a name: two organisations whose identifiers differ are different organisations even when
their names agree (two countries' "Ministry of Justice"), so a name matches only an organisation without an
identifier of its own, or a file's organisation without @ref.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Final, LiteralString

from neo4j import AsyncDriver

from service.db.driver import read
from service.engine.reads import SEARCH_INDEX, fold

FIND_ORGANISATIONS: Final[LiteralString] = (
    "MATCH (o:Organisation) WHERE o.iatiIdentifier IN $refs OR o.id IN $ids "
    "OR toLower(o.name) IN $names OR toLower(o.shortName) IN $names "
    "RETURN o.id AS id, o.iatiIdentifier AS iati, o.name AS name, o.shortName AS short_name, o.kind AS kind "
    "ORDER BY o.id"
)
# Candidates for near-duplicates: organisations sharing a word with a new one, best first (the search index).
SIMILAR_ORGANISATIONS: Final[LiteralString] = (
    "UNWIND $queries AS q "
    "CALL (q) { CALL db.index.fulltext.queryNodes($index, q.text) YIELD node, score "
    "WHERE node:Organisation RETURN node ORDER BY score DESC LIMIT 10 } "
    "RETURN q.key AS key, collect({id: node.id, name: node.name}) AS hits"
)
_WORD: Final = re.compile(r"[^\W_]+")
# Words too common in organisation names to suggest a match by themselves.
_COMMON: Final = frozenset({"of", "the", "and", "for", "de", "la", "le", "des", "du", "et", "in", "on", "to"})


@dataclass
class Org:
    """An organisation of the graph or of the import: id, IATI identifier, name, kind, and whether the import
    creates it."""

    id: str
    iati: str | None
    name: str
    kind: str
    created: bool = False
    where: tuple[str, str] = ("", "")  # (file, xpath) that named it first, for an organisation the import creates


def words(name: str) -> list[str]:
    """The words of a name, lower case, without diacritics or punctuation."""
    return _WORD.findall(fold(name))


def near_duplicates(a: str, b: str) -> bool:
    """Whether two names likely name one organisation: equal but for case, accents and punctuation; one's words
    (two or more) all in the other's; or nearly the same text where every differing word is a long one (a typo,
    not `Agency B` against `Agency C`)."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    small, large = sorted((set(wa), set(wb)), key=len)
    if len(small - _COMMON) >= 2 and small <= large:
        return True
    differing = set(wa) ^ set(wb)
    return all(len(w) >= 4 for w in differing) and SequenceMatcher(None, " ".join(wa), " ".join(wb)).ratio() >= 0.9


def key(name: str | None) -> str:
    """A name as matching compares it (the case-insensitive form Cypher's toLower gives)."""
    return " ".join((name or "").split()).lower()


@dataclass
class Organisations:
    """Every organisation an import knows: those of the graph it looked up and those it creates."""

    by_ref: dict[str, Org] = field(default_factory=dict)
    by_id: dict[str, Org] = field(default_factory=dict)
    by_name: dict[str, list[Org]] = field(default_factory=dict)

    def add(self, org: Org, *names: str | None) -> None:
        """Know `org` by its id, identifier and names (its name, and a short name)."""
        self.by_id[org.id] = org
        if org.iati:
            self.by_ref[org.iati] = org
        for name in (org.name, *names):
            if name and org not in self.by_name.setdefault(key(name), []):
                self.by_name[key(name)].append(org)

    def match(self, ref: str | None, name: str | None) -> tuple[Org | None, list[Org]]:
        """The organisation `ref` and `name` name (by identifier, then by an id equal to @ref, then by name), and
        the others that name also fits when it decided."""
        if ref and ref in self.by_ref:
            return self.by_ref[ref], []
        if ref and ref in self.by_id and self.by_id[ref].iati in (None, ref):
            return self.by_id[ref], []
        fits = [o for o in self.by_name.get(key(name), []) if ref is None or o.iati in (None, ref)]
        return (fits[0], fits[1:]) if fits else (None, [])

    def free_id(self, base: str, taken: Iterable[str] = ()) -> str:
        """`base`, or `base-2`, `base-3`, ... : the first id no organisation has."""
        used = set(self.by_id) | set(taken)
        out, n = base, 1
        while out in used:
            n += 1
            out = f"{base}-{n}"
        return out

    def created(self) -> list[Org]:
        return [o for o in self.by_id.values() if o.created]


async def find_organisations(
    driver: AsyncDriver, *, database: str, refs: Iterable[str], ids: Iterable[str], names: Iterable[str],
    timeout_s: float,
) -> Organisations:  # fmt: skip
    """The graph's organisations with one of these IATI identifiers, ids, or names (case-insensitive)."""
    params = {"refs": sorted(set(refs)), "ids": sorted(set(ids)), "names": sorted({key(n) for n in names})}
    known = Organisations()
    for r in await read(driver, FIND_ORGANISATIONS, params, database=database, timeout_s=timeout_s):
        known.add(Org(r["id"], r["iati"], r["name"], r["kind"]), r["short_name"])
    return known


def significant(name: str) -> list[str]:
    """The words of a name that may suggest a match: not `of`, `the`, ..., nor single letters."""
    return [w for w in dict.fromkeys(words(name)) if w not in _COMMON and len(w) > 1]


def _lucene(name: str) -> str | None:
    """A query for organisations sharing a significant word with `name` (letters and digits only: no syntax)."""
    return " OR ".join(significant(name)) or None


async def similar_pairs(
    driver: AsyncDriver, *, database: str, known: Organisations, timeout_s: float
) -> list[tuple[Org, Org]]:
    """(new, other) for each organisation the import creates whose name is like another's: one in the graph
    (found through the search index) or another new one; each pair once."""
    new = known.created()
    queries = [{"key": o.id, "text": q} for o in new if (q := _lucene(o.name))]
    hits: dict[str, list[Org]] = {}
    if queries:
        params = {"queries": queries, "index": SEARCH_INDEX}
        for r in await read(driver, SIMILAR_ORGANISATIONS, params, database=database, timeout_s=timeout_s):
            hits[r["key"]] = [Org(h["id"], None, h["name"] or "", "") for h in r["hits"]]
    sharing: dict[str, list[Org]] = {}  # word -> the import's organisations whose names have it
    for o in known.by_id.values():
        for w in significant(o.name):
            sharing.setdefault(w, []).append(o)
    pairs: list[tuple[Org, Org]] = []
    seen: set[frozenset[str]] = set()
    for org in new:
        others = [*hits.get(org.id, []), *(o for w in significant(org.name) for o in sharing.get(w, []))]
        for other in others:
            pair = frozenset((org.id, other.id))
            if other.id != org.id and pair not in seen and near_duplicates(org.name, other.name):
                seen.add(pair)
                pairs.append((org, other))
    return pairs
