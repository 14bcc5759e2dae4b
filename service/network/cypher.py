"""Network Cypher: the link predicate, node and edge expressions, and the searches of path, neighbourhood, shared."""

# Every root field is one statement: a search written here, then the answer's projection (shape.py builds it from
# the declarations in answers.py). Values travel as parameters; the few numbers Cypher will not take as a parameter
# (`SHORTEST k`, quantifier bounds) come from closed ranges checked before a builder is called. Every statement
# filters every Organisation it touches with the one privacy predicate (service/engine/privacy.py). Fragments are
# `str`, not LiteralString: they embed the engine's predicate, and statements leave through `read_generated` like
# every statement the engine builds (names of the registry, own variables, response keys; values as parameters).

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from service.engine.compilation import string_literal
from service.engine.privacy import visible
from service.model.catalog import NODES, match_label
from service.model.enums import NetworkLinkType, NetworkRole
from service.model.graph import ORGANISATION
from service.network.inputs import MAX_NEIGHBOURHOOD_HOPS, MAX_PATH_HOPS, MAX_PATHS
from service.network.models import NETWORK_TYPES

# The relationship types network queries walk, as a pattern's type expression.
LINK_TYPES: Final = "|".join(NetworkLinkType)
_MEMBER: Final = string_literal(NetworkRole.MEMBER)
# The connector types (every network type but Organisation): a node of one of them has no `kind`.
_CONNECTORS: Final = tuple(t for t in NETWORK_TYPES if t != ORGANISATION)


def link_role(var: str) -> str:
    """The NetworkRole of the link bound to `var`: a participation's role, MEMBER for a membership."""
    return f"coalesce({var}.role, {_MEMBER})"


def active_link(var: str) -> str:
    """A PARTICIPATES_IN or MEMBER_OF relationship of a followed role (MEMBER for memberships), active on $asOf."""
    return (
        f"({link_role(var)} IN $roles AND ($asOf IS NULL OR "
        f"(coalesce({var}.since, '0000-00-00') <= $asOf AND coalesce({var}.until, '9999-12-31') >= $asOf)))"
    )


def link(var: str) -> str:
    """The inside of a relationship pattern binding `var` to a followed link active on $asOf (`[...]` around it)."""
    return f"{var}:{LINK_TYPES} WHERE {active_link(var)}"


def node_kind(var: str) -> str:
    """An organisation's kind, or PROJECT, PROGRAMME, NETWORK for connector nodes (NetworkNodeKind)."""
    return f"coalesce({var}.kind, {_type_case(var, _search_kind, _CONNECTORS)})"


def _search_kind(type_name: str) -> str:
    return string_literal(str(NODES[type_name].search_kind))


def _type_case(var: str, value: Callable[[str], str], types: tuple[str, ...] = NETWORK_TYPES) -> str:
    """A CASE over the network type of the node bound to `var` (the last type is the ELSE)."""
    *first, last = types
    whens = " ".join(f"WHEN {var}:{match_label(t)} THEN {value(t)}" for t in first)
    return f"CASE {whens} ELSE {value(last)} END"


def type_name(var: str) -> str:
    """The global-id type name of a network node: Organisation, Project, Programme or Network."""
    return _type_case(var, string_literal)


def entity_kind(var: str) -> str:
    """The EntityKind of a network node (ORGANISATION, PROJECT, PROGRAMME, NETWORK)."""
    return _type_case(var, _search_kind)


def global_id(var: str) -> str:
    """A network node's global id, `<Type>:<id>`."""
    return f"{type_name(var)} + ':' + {var}.id"


def name(var: str) -> str:
    """A network node's name; a missing or empty one falls back to the id."""
    return f"CASE WHEN coalesce({var}.name, '') = '' THEN {var}.id ELSE {var}.name END"


def countries(var: str) -> str:
    """The ISO codes of the countries a node is located or implemented in, sorted."""
    return (
        f"COLLECT {{ MATCH ({var})-[:LOCATED_IN|IMPLEMENTED_IN]->(nmc:Country) "
        "RETURN DISTINCT nmc.id AS code ORDER BY code }"
    )


def edge_source(var: str) -> str:
    """A link's source: the organisation's global id."""
    return f"'Organisation:' + startNode({var}).id"


def edge_target(var: str) -> str:
    """A link's target: the project's, programme's or network's global id."""
    return (
        f"CASE WHEN endNode({var}):Network THEN 'Network' WHEN endNode({var}):Programme THEN 'Programme' "
        f"ELSE 'Project' END + ':' + endNode({var}).id"
    )


def edge_key(var: str) -> str:
    """A link's id: the stored id, else `<TYPE>:<source id>-><target id>`."""
    return f"coalesce({var}.id, type({var}) + ':' + startNode({var}).id + '->' + endNode({var}).id)"


def resolve(var: str, ref: str, carry: str = "") -> str:
    """Bind `var` to the visible node a `{label, key}` parameter map names, or to null (one row either way)."""
    keep = carry + ", " if carry else ""
    return (
        f"OPTIONAL MATCH ({var}:Organisation|Project|Programme|Network {{id: {ref}.key}}) "
        f"WHERE ({ref}.label IS NULL OR {ref}.label IN labels({var})) AND {visible(var)} "
        f"WITH {keep}head(collect({var})) AS {var} "
    )


# Intermediate nodes of a path avoid organisations located in $avoid and projects/programmes run only there.
# Only added when countries are given: even behind `size($avoid) = 0 OR`, the planner evaluates the EXISTS
# subqueries for every node the search reaches (4-5x the db hits on the synthetic 100k graph).
_AVOID: Final = (
    " AND (x = b OR ("
    "NOT EXISTS { (x:Organisation)-[:LOCATED_IN]->(ac:Country) WHERE ac.id IN $avoid } AND "
    "NOT (EXISTS { (x)-[:IMPLEMENTED_IN]->(:Country) } AND "
    "NOT EXISTS { (x)-[:IMPLEMENTED_IN]->(ok:Country) WHERE NOT ok.id IN $avoid })))"
)
_LINK: Final = f"-[{link('r')}]-"


def path_search(*, max_hops: int, k: int, avoid: bool = False) -> str:
    """MATCH binding `p` to each of the up to k shortest paths from `a` to `b` (both bound; null gives none).

    The only path (k = 1, no countries to avoid) comes from shortestPath() with its predicates as all(...)
    over the path, which the planner inlines into the ShortestPath operator's bidirectional search (no
    fallback to an exhaustive search). Through the ~1,000-member networks of the synthetic 100k graph it reads
    far less than SHORTEST 1's StatefulShortestPath(Into): 9k db hits at p95 of 50 pairs against 35k, 6k
    against 208k on the worst pair. It refuses a = b, so that row is dropped (the arguments are checked to
    differ before). Which of several equally short paths comes back is each algorithm's own choice; the length
    is the same. k > 1 and `avoid` (an EXISTS subquery per node) keep SHORTEST.
    """
    if not (1 <= max_hops <= MAX_PATH_HOPS and 1 <= k <= MAX_PATHS):
        raise ValueError(f"path bounds out of range: maxHops {max_hops}, k {k}")  # checked by the arguments
    if k == 1 and not avoid:
        return (
            "WITH a, b WHERE a <> b "
            f"MATCH p = shortestPath((a)-[r:{LINK_TYPES}*1..{max_hops}]-(b)) "
            f"WHERE all(r IN relationships(p) WHERE {active_link('r')}) "
            f"AND all(x IN nodes(p) WHERE {visible('x')}) "
        )
    avoiding = _AVOID if avoid else ""
    # SHORTEST alone matches trails, which may pass through a node twice (b, P1, a, P2, b, P3, a is a trail of 6
    # from b to a); the predicate of the parenthesised pattern is a pre-filter, so the k paths are simple ones.
    return (
        f"MATCH p = SHORTEST {k} ((a)(()" + _LINK + f"(x WHERE {visible('x')}{avoiding})){{1,{max_hops}}}(b) "
        "WHERE NOT a IN x AND all(i IN range(0, size(x) - 2) WHERE NOT x[i] IN x[i + 1..])) "
    )


def path_head(*, max_hops: int, k: int, avoid: bool) -> str:
    """Binds `a` and `b` (the endpoints $from and $to, null when not found) and `paths`: up to k shortest paths
    of at most max_hops followed links between them, shortest first, then by the ids along them."""
    return (
        resolve("a", "$from")
        + resolve("b", "$to", "a")
        + "CALL (a, b) { "
        + path_search(max_hops=max_hops, k=k, avoid=avoid)
        + "WITH p ORDER BY length(p), [n IN nodes(p) | n.id] RETURN collect(p) AS paths } "
    )


def neighbourhood_search(*, hops: int) -> str:
    """Binds `reached`: every node within `hops` of `c` but `c` ({n, d} maps, by distance d, then id).

    A breadth-first search by layers: layer d holds the neighbours of layer d-1 that are in neither layer d-1
    nor layer d-2 (the centre is layer 0), each passing the node predicates once. ANY SHORTEST found the same
    distances but checked every reached node twice (as the last `x` and as `n`): 20k db hits against 15k
    for a two-hop neighbourhood through a 1,000-member network of the synthetic 100k graph, and about 1.7x
    the time at three hops. `$everyKind` (every kind allowed, the default) spares reading each node's kind.
    Visibility is the privacy predicate applied once to the organisations it can hide, those marked sensitive
    (MODEL.md: `sensitive` is a boolean of organisations), found through the organisation_sensitive index;
    `IN` on a list reused across rows is a hash lookup (20k checks against 20k nodes: 4 ms).
    """
    if not 1 <= hops <= MAX_NEIGHBOURHOOD_HOPS:
        raise ValueError(f"hops out of range: {hops}")  # checked by the arguments
    keep = f"(n WHERE NOT n IN hidden AND ($everyKind OR {node_kind('n')} IN $kinds)) "
    search = (
        f"CALL () {{ MATCH (h:Organisation) WHERE h.sensitive = true AND NOT {visible('h')} "
        "RETURN collect(h) AS hidden } "
        "CALL (c, hidden) { MATCH (c)" + _LINK + keep + "WHERE n <> c "
        "WITH DISTINCT n ORDER BY n.id RETURN collect(n) AS l1 } "
    )
    reached = "[n IN l1 | {n: n, d: 1}]"
    for d in range(2, hops + 1):
        layer, prev, before = f"l{d}", f"l{d - 1}", "c" if d == 2 else f"l{d - 2}"
        unseen = "n <> c" if d == 2 else f"NOT n IN {before}"
        search += (
            f"CALL ({before}, {prev}, hidden) {{ UNWIND {prev} AS m MATCH (m)" + _LINK + keep +
            f"WHERE NOT n IN {prev} AND {unseen} "
            f"WITH DISTINCT n ORDER BY n.id RETURN collect(n) AS {layer} }} "
        )  # fmt: skip
        reached += f" + [n IN {layer} | {{n: n, d: {d}}}]"
    return search + f"WITH c, {reached} AS reached "


def neighbourhood_head(*, hops: int) -> str:
    """Binds `c` (the centre $center, null when not found), `kept` (the nodes within `hops`, nearest first, at
    most $cap, as {n, d} maps), `total` (how many were reached) and `members` (the centre and the kept nodes)."""
    return (
        resolve("c", "$center")
        + neighbourhood_search(hops=hops)
        + "WITH c, reached[..$cap] AS kept, size(reached) AS total "
        "WITH c, kept, total, [c] + [k IN kept | k.n] AS members "
    )


# Every followed link among `members`, each once, by source, target and id ({value} over `r`).
NEIGHBOURHOOD_EDGES: Final = (
    f"COLLECT {{ UNWIND members AS o MATCH (o)-[{link('r')}]->(t) WHERE t IN members "
    f"WITH DISTINCT r ORDER BY {edge_source('r')}, {edge_target('r')}, {edge_key('r')} RETURN {{value}} }}"
)
# The centre (distance 0), then the kept nodes ({value} over `kn`, its distance `d`).
NEIGHBOURHOOD_NODES: Final = "COLLECT { UNWIND [{n: c, d: 0}] + kept AS k WITH k.n AS kn, k.d AS d RETURN {value} }"

# Binds `missing` (ids not found), `actors` (nodes, in the order given) and `found` (ranked {s, linked, vias,
# direct} maps).
SHARED_PARTNERS_SEARCH: Final = (
    "UNWIND range(0, size($actors) - 1) AS i "
    "WITH i, $actors[i] AS ref "
    "OPTIONAL MATCH (a:Organisation|Project|Programme|Network {id: ref.key}) "
    f"WHERE (ref.label IS NULL OR ref.label IN labels(a)) AND {visible('a')} "
    "WITH i, ref, head(collect(a)) AS a ORDER BY i "
    "WITH collect(CASE WHEN a IS NULL THEN ref.raw END) AS missing, collect(a) AS actors "
    "CALL (actors, missing) { "
    "  WITH actors WHERE size(missing) = 0 "
    "  UNWIND actors AS a "
    f"  MATCH (a)-[{link('r1')}]-(c) "
    f"  WHERE {visible('c')} AND NOT c IN actors "
    "  CALL (a, c, actors) { "
    "    RETURN c AS s, null AS via "
    "    UNION "
    f"    MATCH (c)-[{link('r2')}]-(s) "
    f"    WHERE s <> a AND NOT s IN actors AND {visible('s')} "
    "    RETURN s, c AS via "
    "  } "
    "  WITH s, collect(DISTINCT a.id) AS linked, collect(DISTINCT via) AS vias, "
    "       collect(DISTINCT CASE WHEN via IS NULL THEN a.id END) AS directTo "
    f"  WHERE size(linked) >= $minShared AND {node_kind('s')} IN $kinds "
    "  WITH s, linked, vias, size(directTo) = size(linked) AS direct "
    "  ORDER BY size(linked) DESC, direct DESC, size(vias) DESC, s.name, s.id "
    "  RETURN collect({s: s, linked: linked, vias: vias, direct: direct}) AS found "
    "} "
)
