"""Network reads: paths, neighbourhoods and shared partners; each function runs exactly one Cypher statement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from neo4j import AsyncDriver

from service.db.driver import read
from service.core.errors import InvalidInputError, NotFoundError
from service.network import cypher
from service.network.inputs import (
    MAX_NEIGHBOURHOOD_HOPS,
    MAX_NODE_CAP,
    MAX_PATH_HOPS,
    MAX_PATHS,
    MAX_SHARED_IDS,
    MIN_SHARED_IDS,
    check_range,
)
from service.network.models import (
    ORGANISATION_KINDS,
    Edge,
    EntityRef,
    Graph,
    Hop,
    LinkFilter,
    Node,
    NodeKind,
    Path,
    PathAnswer,
    SharedPartner,
    SharedPartnersAnswer,
)


def ref_param(ref: EntityRef) -> dict[str, Any]:
    """The `{label, key, raw}` map that `cypher.resolve` reads."""
    return {"label": ref.label, "key": ref.key, "raw": ref.raw}


def kinds_param(kinds: Sequence[NodeKind] | None) -> list[str]:
    """Allowed node kinds: organisation kinds and connector kinds each default to all when none is named."""
    chosen = set(kinds or ())
    orgs = [k for k in ORGANISATION_KINDS if k in chosen] or list(ORGANISATION_KINDS)
    connectors = [k for k in NodeKind if not k.is_organisation and k in chosen] or [
        k for k in NodeKind if not k.is_organisation
    ]
    return [k.value for k in orgs + connectors]


def exact_kinds_param(kinds: Sequence[NodeKind] | None) -> list[str]:
    """The kinds named, or every kind when none is named."""
    return [k.value for k in (kinds or list(NodeKind))]


def _base_params(links: LinkFilter, can_see_sensitive: bool) -> dict[str, Any]:
    return {**links.params(), "canSeeSensitive": can_see_sensitive}


def _require(node: dict[str, Any] | None, ref: EntityRef, argument: str) -> Node:
    if node is None:
        raise not_found(ref, argument)
    return Node.from_map(node)


def _path(m: dict[str, Any]) -> Path:
    nodes = [Node.from_map(n) for n in m["nodes"]]
    edges = [Edge.from_map(e) for e in m["edges"]]
    return Path(hops=tuple(Hop(start=nodes[i], end=nodes[i + 1], edge=e) for i, e in enumerate(edges)))


def path_params(
    *,
    start: EntityRef,
    end: EntityRef,
    links: LinkFilter,
    max_hops: int,
    k: int,
    avoid_countries: Sequence[str],
    can_see_sensitive: bool,
) -> dict[str, Any]:
    """The checked parameters of `cypher.path_query` (the fast path shares them); raises on a bad argument."""
    check_range(max_hops, argument="maxHops", low=1, high=MAX_PATH_HOPS)
    check_range(k, argument="k", low=1, high=MAX_PATHS)
    if start.key == end.key and (start.label == end.label or None in (start.label, end.label)):
        raise InvalidInputError("`from` and `to` name the same entity", field="to")
    return _base_params(links, can_see_sensitive) | {
        "from": ref_param(start),
        "to": ref_param(end),
        "avoid": list(avoid_countries),
    }


def not_found(ref: EntityRef, argument: str) -> NotFoundError:
    """The NOT_FOUND error of an endpoint that names no visible node."""
    return NotFoundError(f"`{argument}`: no organisation, project, programme or network {ref.raw!r}", field=argument)


async def get_paths(
    driver: AsyncDriver,
    *,
    database: str,
    timeout_s: float,
    start: EntityRef,
    end: EntityRef,
    links: LinkFilter,
    max_hops: int,
    k: int,
    avoid_countries: Sequence[str],
    can_see_sensitive: bool,
) -> PathAnswer:
    """Up to k shortest paths from `start` to `end`, shortest first (k > 1: ties by the node ids along the path;
    k = 1: the one shortestPath() finds)."""
    params = path_params(
        start=start,
        end=end,
        links=links,
        max_hops=max_hops,
        k=k,
        avoid_countries=avoid_countries,
        can_see_sensitive=can_see_sensitive,
    )
    records = await read(
        driver,
        cypher.path_query(max_hops=max_hops, k=k, avoid=bool(avoid_countries)),
        params,
        database=database,
        timeout_s=timeout_s,
    )
    rec = records[0]
    return PathAnswer(
        start=_require(rec["start"], start, "from"),
        end=_require(rec["end"], end, "to"),
        paths=tuple(_path(p) for p in rec["paths"]),
        roles=links.roles,
        max_hops=max_hops,
        as_of=links.as_of,
    )


def neighbourhood_params(
    *,
    center: EntityRef,
    links: LinkFilter,
    hops: int,
    kinds: Sequence[NodeKind] | None,
    cap: int,
    can_see_sensitive: bool,
) -> dict[str, Any]:
    """The checked parameters of `cypher.neighbourhood_query`; raises on a bad argument."""
    check_range(hops, argument="hops", low=1, high=MAX_NEIGHBOURHOOD_HOPS)
    check_range(cap, argument="limit", low=1, high=MAX_NODE_CAP)
    allowed = kinds_param(kinds)
    return _base_params(links, can_see_sensitive) | {
        "center": ref_param(center),
        "kinds": allowed,
        "everyKind": len(allowed) == len(NodeKind),  # the search then skips the kind test
        "cap": cap,
    }


async def get_neighbourhood(
    driver: AsyncDriver,
    *,
    database: str,
    timeout_s: float,
    center: EntityRef,
    links: LinkFilter,
    hops: int,
    kinds: Sequence[NodeKind] | None,
    cap: int,
    can_see_sensitive: bool,
) -> Graph:
    """The ego network of `center`: nodes nearest first (then by id), at most `cap`, and the links among them."""
    params = neighbourhood_params(
        center=center, links=links, hops=hops, kinds=kinds, cap=cap, can_see_sensitive=can_see_sensitive
    )
    records = await read(driver, cypher.neighbourhood_query(hops=hops), params, database=database, timeout_s=timeout_s)
    rec = records[0]
    center_node = _require(rec["center"], center, "id")
    nodes = [(Node.from_map(n["node"]), int(n["distance"])) for n in rec["nodes"]]
    edges = sorted((Edge.from_map(e) for e in rec["edges"]), key=lambda e: (e.source, e.target, e.key))
    return Graph(
        center=center_node,
        nodes=(center_node, *(n for n, _ in nodes)),
        distances=(0, *(d for _, d in nodes)),
        edges=tuple(edges),
        truncated=int(rec["total"]) > cap,
        total_nodes=int(rec["total"]) + 1,
        roles=links.roles,
        hops=hops,
        as_of=links.as_of,
    )


def shared_partners_params(
    *,
    actors: Sequence[EntityRef],
    links: LinkFilter,
    min_shared: int | None,
    kinds: Sequence[NodeKind] | None,
    cap: int,
    can_see_sensitive: bool,
) -> dict[str, Any]:
    """The checked parameters of `cypher.SHARED_PARTNERS` (`minShared` resolved); raises on a bad argument."""
    check_range(len(actors), argument="ids", low=MIN_SHARED_IDS, high=MAX_SHARED_IDS)
    seen: set[tuple[str | None, str]] = set()
    for ref in actors:
        if (ref.label, ref.key) in seen:
            raise InvalidInputError(f"`ids` names {ref.raw!r} twice", field="ids")
        seen.add((ref.label, ref.key))
    wanted = len(actors) if min_shared is None else min_shared
    check_range(wanted, argument="minShared", low=2, high=len(actors))
    check_range(cap, argument="limit", low=1, high=MAX_NODE_CAP)
    return _base_params(links, can_see_sensitive) | {
        "actors": [ref_param(r) for r in actors],
        "minShared": wanted,
        "kinds": exact_kinds_param(kinds),
        "cap": cap,
    }


def missing_actors(missing: Sequence[str]) -> NotFoundError:
    """The NOT_FOUND error naming the `ids` that name no visible node."""
    names = ", ".join(repr(m) for m in missing)
    return NotFoundError(f"`ids`: no organisation, project, programme or network {names}", field="ids")


async def list_shared_partners(
    driver: AsyncDriver,
    *,
    database: str,
    timeout_s: float,
    actors: Sequence[EntityRef],
    links: LinkFilter,
    min_shared: int | None,
    kinds: Sequence[NodeKind] | None,
    cap: int,
    can_see_sensitive: bool,
) -> SharedPartnersAnswer:
    """Nodes linked to at least `min_shared` actors, by actors linked, direct links first, connectors, name."""
    params = shared_partners_params(
        actors=actors, links=links, min_shared=min_shared, kinds=kinds, cap=cap, can_see_sensitive=can_see_sensitive
    )
    wanted = int(params["minShared"])
    records = await read(driver, cypher.SHARED_PARTNERS, params, database=database, timeout_s=timeout_s)
    rec = records[0]
    if rec["missing"]:
        raise missing_actors(rec["missing"])
    actor_nodes = tuple(Node.from_map(a) for a in rec["actors"])
    by_key = {a.key: a.global_id for a in actor_nodes}
    partners = tuple(
        SharedPartner(
            node=Node.from_map(p["node"]),
            actors=tuple(by_key[k] for k in p["linked"]),
            via=tuple(Node.from_map(v) for v in p["via"]),
            direct=bool(p["direct"]),
        )
        for p in rec["partners"]
    )
    return SharedPartnersAnswer(
        actors=actor_nodes,
        partners=partners,
        truncated=int(rec["total"]) > cap,
        min_shared=wanted,
        roles=links.roles,
        as_of=links.as_of,
    )
