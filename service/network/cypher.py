"""Network Cypher: shared fragments (visibility, link filter, node and edge maps) and path/neighbourhood/shared.

Every root field is one statement. Values travel as parameters; the few numbers Cypher will not take as a
parameter (`SHORTEST k`, quantifier bounds) come from closed ranges checked before a builder is called.
Every statement filters every Organisation it touches with VISIBLE (issue 7 privacy rule).
"""

from __future__ import annotations

from typing import Final, LiteralString

from service.network.inputs import MAX_NEIGHBOURHOOD_HOPS, MAX_PATH_HOPS, MAX_PATHS


def visible(var: LiteralString) -> LiteralString:
    """Sensitive organisations only for callers who may see them (other labels have no `sensitive`)."""
    return "(coalesce(" + var + ".sensitive, false) = false OR $canSeeSensitive)"


def active_link(var: LiteralString) -> LiteralString:
    """A PARTICIPATES_IN or MEMBER_OF relationship of a followed role (MEMBER for memberships), active on $asOf."""
    return (
        "(coalesce(" + var + ".role, 'MEMBER') IN $roles AND ($asOf IS NULL OR "
        "(coalesce(" + var + ".since, '0000-00-00') <= $asOf AND coalesce(" + var + ".until, '9999-12-31') >= $asOf)))"
    )  # fmt: skip


def node_kind(var: LiteralString) -> LiteralString:
    """An organisation's kind, or PROJECT, PROGRAMME, NETWORK for connector nodes."""
    return (
        "coalesce(" + var + ".kind, CASE WHEN " + var + ":Project THEN 'PROJECT' "
        "WHEN " + var + ":Programme THEN 'PROGRAMME' ELSE 'NETWORK' END)"
    )  # fmt: skip


def node_map(var: LiteralString) -> LiteralString:
    """The drawable projection of a node: id, name, kind, label, and its countries (located or implemented in)."""
    return (
        var + " {.id, .name, .shortName, kind: " + node_kind(var) + ", "
        "label: CASE WHEN " + var + ":Organisation THEN 'Organisation' WHEN " + var + ":Project THEN 'Project' "
        "WHEN " + var + ":Programme THEN 'Programme' ELSE 'Network' END, "
        "countries: COLLECT { MATCH (" + var + ")-[:LOCATED_IN|IMPLEMENTED_IN]->(nmc:Country) "
        "RETURN DISTINCT nmc.id AS code ORDER BY code }}"
    )  # fmt: skip


def edge_map(var: LiteralString) -> LiteralString:
    """The drawable projection of a PARTICIPATES_IN or MEMBER_OF relationship, organisation first."""
    return (
        "{id: " + var + ".id, type: type(" + var + "), source: startNode(" + var + ").id, "
        "target: endNode(" + var + ").id, targetLabel: CASE WHEN endNode(" + var + "):Network THEN 'Network' "
        "WHEN endNode(" + var + "):Programme THEN 'Programme' ELSE 'Project' END, "
        "role: " + var + ".role, roleClass: " + var + ".roleClass, membershipStatus: " + var + ".membershipStatus, "
        "since: " + var + ".since, until: " + var + ".until, datesDerived: " + var + ".datesDerived, "
        "evidence: " + var + ".evidence, confidence: " + var + ".confidence, sources: " + var + ".sources}"
    )  # fmt: skip


def resolve(var: LiteralString, ref: LiteralString, carry: LiteralString = "") -> LiteralString:
    """Bind `var` to the visible node a `{label, key}` parameter map names, or to null (one row either way)."""
    keep: LiteralString = carry + ", " if carry else ""
    return (
        "OPTIONAL MATCH (" + var + ":Organisation|Project|Programme|Network {id: " + ref + ".key}) "
        "WHERE (" + ref + ".label IS NULL OR " + ref + ".label IN labels(" + var + ")) AND " + visible(var) + " "
        "WITH " + keep + "head(collect(" + var + ")) AS " + var + " "
    )  # fmt: skip


# Intermediate nodes of a path avoid organisations located in $avoid and projects/programmes run only there.
# Only added when countries are given: even behind `size($avoid) = 0 OR`, the planner evaluates the EXISTS
# subqueries for every node the search reaches (4-5x the db hits on the synthetic 100k graph).
_AVOID: Final[LiteralString] = (
    " AND (x = b OR ("
    "NOT EXISTS { (x:Organisation)-[:LOCATED_IN]->(ac:Country) WHERE ac.id IN $avoid } AND "
    "NOT (EXISTS { (x)-[:IMPLEMENTED_IN]->(:Country) } AND "
    "NOT EXISTS { (x)-[:IMPLEMENTED_IN]->(ok:Country) WHERE NOT ok.id IN $avoid })))"
)

_HOP_BOUNDS: Final[dict[int, LiteralString]] = {1: "{1,1}", 2: "{1,2}", 3: "{1,3}", 4: "{1,4}", 5: "{1,5}", 6: "{1,6}"}
_SHORTEST: Final[dict[int, LiteralString]] = {
    1: "SHORTEST 1",
    2: "SHORTEST 2",
    3: "SHORTEST 3",
    4: "SHORTEST 4",
    5: "SHORTEST 5",
}
_VAR_HOPS: Final[dict[int, LiteralString]] = {1: "*1..1", 2: "*1..2", 3: "*1..3", 4: "*1..4", 5: "*1..5", 6: "*1..6"}
assert max(_HOP_BOUNDS) == max(_VAR_HOPS) == MAX_PATH_HOPS
assert max(_SHORTEST) == MAX_PATHS
_LINK: Final[LiteralString] = "-[r:PARTICIPATES_IN|MEMBER_OF WHERE " + active_link("r") + "]-"
# The neighbourhood's breadth-first layers: the variable holding the nodes at each distance (0 is the centre).
_LAYERS: Final[dict[int, LiteralString]] = {0: "c", 1: "l1", 2: "l2", 3: "l3"}
_DISTANCES: Final[dict[int, LiteralString]] = {1: "1", 2: "2", 3: "3"}
assert max(_LAYERS) == max(_DISTANCES) == MAX_NEIGHBOURHOOD_HOPS


def path_search(*, max_hops: int, k: int, avoid: bool = False) -> LiteralString:
    """MATCH binding `p` to each of the up to k shortest paths from `a` to `b` (both bound; null gives none).

    The only path (k = 1, no countries to avoid) comes from shortestPath() with its predicates as all(...)
    over the path, which the planner inlines into the ShortestPath operator's bidirectional search (no
    fallback to an exhaustive search). Through the ~1,000-member networks of the synthetic 100k graph it reads
    far less than SHORTEST 1's StatefulShortestPath(Into): 9k db hits at p95 of 50 pairs against 35k, 6k
    against 208k on the worst pair. It refuses a = b, so that row is dropped (the repository rejects it
    before). Which of several equally short paths comes back is each algorithm's own choice; the length is
    the same. k > 1 and `avoid` (an EXISTS subquery per node) keep SHORTEST.
    """
    if k == 1 and not avoid:
        return (
            "WITH a, b WHERE a <> b "
            "MATCH p = shortestPath((a)-[r:PARTICIPATES_IN|MEMBER_OF" + _VAR_HOPS[max_hops] + "]-(b)) "
            "WHERE all(r IN relationships(p) WHERE " + active_link("r") + ") "
            "AND all(x IN nodes(p) WHERE " + visible("x") + ") "
        )  # fmt: skip
    avoiding: LiteralString = _AVOID if avoid else ""
    return (
        "MATCH p = " + _SHORTEST[k] + " (a)(()" + _LINK + "(x WHERE " + visible("x") + avoiding + "))"
        + _HOP_BOUNDS[max_hops] + "(b) "
    )  # fmt: skip


def neighbourhood_search(*, hops: int) -> LiteralString:
    """Binds `reached`: every node within `hops` of `c` but `c` ({n, d} maps, by distance d, then id).

    A breadth-first search by layers: layer d holds the neighbours of layer d-1 that are in neither layer d-1
    nor layer d-2 (the centre is layer 0), each passing the node predicates once. ANY SHORTEST found the same
    distances but checked every reached node twice (as the last `x` and as `n`): 20k db hits against 15k
    for a two-hop neighbourhood through a 1,000-member network of the synthetic 100k graph, and about 1.7x
    the time at three hops. `$everyKind` (every kind allowed, the default) spares reading each node's kind.
    Visibility is VISIBLE's rule without a property read per node: the sensitive organisations (MODEL.md:
    `sensitive` is a boolean of organisations) are looked up once in the organisation_sensitive index, and
    `IN` on a list reused across rows is a hash lookup (20k checks against 20k nodes: 4 ms).
    """
    keep: LiteralString = "(n WHERE NOT n IN hidden AND ($everyKind OR " + node_kind("n") + " IN $kinds)) "
    search: LiteralString = (
        "CALL () { MATCH (h:Organisation) WHERE h.sensitive = true AND NOT $canSeeSensitive "
        "RETURN collect(h) AS hidden } "
        "CALL (c, hidden) { MATCH (c)" + _LINK + keep + "WHERE n <> c "
        "WITH DISTINCT n ORDER BY n.id RETURN collect(n) AS l1 } "
    )  # fmt: skip
    reached: LiteralString = "[n IN l1 | {n: n, d: 1}]"
    for d in range(2, hops + 1):
        layer, prev, before = _LAYERS[d], _LAYERS[d - 1], _LAYERS[d - 2]
        unseen: LiteralString = "n <> c" if d == 2 else "NOT n IN " + before
        search += (
            "CALL (" + before + ", " + prev + ", hidden) { UNWIND " + prev + " AS m MATCH (m)" + _LINK + keep +
            "WHERE NOT n IN " + prev + " AND " + unseen + " "
            "WITH DISTINCT n ORDER BY n.id RETURN collect(n) AS " + layer + " } "
        )  # fmt: skip
        reached += " + [n IN " + layer + " | {n: n, d: " + _DISTANCES[d] + "}]"
    return search + "WITH c, " + reached + " AS reached "


_PATH_MAPS: Final[LiteralString] = (
    "{nodes: [n IN nodes(p) | " + node_map("n") + "], edges: [e IN relationships(p) | " + edge_map("e") + "]}"
)
_PATH_TAIL: Final[LiteralString] = "RETURN " + node_map("a") + " AS start, " + node_map("b") + " AS end, paths"


def path_query(
    *, max_hops: int, k: int, avoid: bool = False, path: LiteralString = "", tail: LiteralString = ""
) -> LiteralString:
    """Up to k shortest paths of at most max_hops relationships between $from and $to, over followed links.

    `path` is the value collected per path `p` into `paths` (default: its node and edge maps); `tail` the
    statement's end, over `a`, `b` and `paths` (default: RETURN start, end, paths). The fast path shapes both.
    """
    return (
        resolve("a", "$from")
        + resolve("b", "$to", "a")
        + "CALL (a, b) { "
        + path_search(max_hops=max_hops, k=k, avoid=avoid) +
        "WITH p ORDER BY length(p), [n IN nodes(p) | n.id] "
        "RETURN collect(" + (path or _PATH_MAPS) + ") AS paths } "
        + (tail or _PATH_TAIL)
    )  # fmt: skip


def neighbourhood_query(*, hops: int, tail: LiteralString = "") -> LiteralString:
    """The nodes within `hops` of $center (nearest first, capped at $cap) and every followed link among them.

    `tail` is the statement's end, over `c`, `kept` ({n, d} maps), `total` and `members` (default:
    NEIGHBOURHOOD_TAIL, the repository's maps); the fast path shapes it.
    """
    return (
        resolve("c", "$center")
        + neighbourhood_search(hops=hops) +
        "WITH c, reached[..$cap] AS kept, size(reached) AS total "
        "WITH c, kept, total, [c] + [k IN kept | k.n] AS members "
        + (tail or NEIGHBOURHOOD_TAIL)
    )  # fmt: skip


def neighbourhood_links(
    value: LiteralString, *, order: LiteralString = "", into: LiteralString = "edges"
) -> LiteralString:
    """A subquery collecting `value` (over `r`) for every followed link among `members` into `into`.

    With `order`, each link once, in that order; without, distinct values in the order found.
    """
    return (
        "CALL (c, members) { "
        "UNWIND members AS o "
        "MATCH (o)-[r:PARTICIPATES_IN|MEMBER_OF WHERE " + active_link("r") + "]->(t) "
        "WHERE t IN members "
        + ("WITH DISTINCT r ORDER BY " + order + " RETURN collect(" + value + ")" if order
           else "RETURN collect(DISTINCT " + value + ")")
        + " AS " + into + " } "
    )  # fmt: skip


NEIGHBOURHOOD_TAIL: Final[LiteralString] = (
    neighbourhood_links(edge_map("r"))
    + "CALL (kept) { UNWIND kept AS k WITH k.n AS kn, k.d AS d "
    "RETURN collect({node: " + node_map("kn") + ", distance: d}) AS nodes } "
    "RETURN " + node_map("c") + " AS center, total, edges, nodes"
)  # fmt: skip


# Binds `missing` (ids not found), `actors` (nodes, in the order given) and `found` (ranked {s, linked, vias,
# direct} maps); SHARED_PARTNERS ends it with the repository's maps, the fast path with the response's shape.
SHARED_PARTNERS_SEARCH: Final[LiteralString] = (
    "UNWIND range(0, size($actors) - 1) AS i "
    "WITH i, $actors[i] AS ref "
    "OPTIONAL MATCH (a:Organisation|Project|Programme|Network {id: ref.key}) "
    "WHERE (ref.label IS NULL OR ref.label IN labels(a)) AND " + visible("a") + " "
    "WITH i, ref, head(collect(a)) AS a ORDER BY i "
    "WITH collect(CASE WHEN a IS NULL THEN ref.raw END) AS missing, collect(a) AS actors "
    "CALL (actors, missing) { "
    "  WITH actors WHERE size(missing) = 0 "
    "  UNWIND actors AS a "
    "  MATCH (a)-[r1:PARTICIPATES_IN|MEMBER_OF WHERE " + active_link("r1") + "]-(c) "
    "  WHERE " + visible("c") + " AND NOT c IN actors "
    "  CALL (a, c, actors) { "
    "    RETURN c AS s, null AS via "
    "    UNION "
    "    MATCH (c)-[r2:PARTICIPATES_IN|MEMBER_OF WHERE " + active_link("r2") + "]-(s) "
    "    WHERE s <> a AND NOT s IN actors AND " + visible("s") + " "
    "    RETURN s, c AS via "
    "  } "
    "  WITH s, collect(DISTINCT a.id) AS linked, collect(DISTINCT via) AS vias, "
    "       collect(DISTINCT CASE WHEN via IS NULL THEN a.id END) AS directTo "
    "  WHERE size(linked) >= $minShared AND " + node_kind("s") + " IN $kinds "
    "  WITH s, linked, vias, size(directTo) = size(linked) AS direct "
    "  ORDER BY size(linked) DESC, direct DESC, size(vias) DESC, s.name, s.id "
    "  RETURN collect({s: s, linked: linked, vias: vias, direct: direct}) AS found "
    "} "
)  # fmt: skip

SHARED_PARTNERS: Final[LiteralString] = (
    SHARED_PARTNERS_SEARCH + "CALL (found) { UNWIND found[..$cap] AS f WITH f, f.s AS fs "
    "RETURN collect({node: " + node_map("fs") + ", linked: f.linked, direct: f.direct, "
    "via: COLLECT { UNWIND f.vias AS v WITH v ORDER BY v.name, v.id LIMIT 20 RETURN " + node_map("v") + " AS m }"
    "}) AS partners } "
    "RETURN missing, [a IN actors | " + node_map("a") + "] AS actors, size(found) AS total, partners"
)  # fmt: skip
