"""The root fields path, neighbourhood and sharedPartners: their arguments, checked, and their one statement each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from service.core.errors import InvalidInputError, NotFoundError
from service.engine.compilation import Compilation, CompileContext, Statement
from service.engine.selection import Field
from service.network import cypher, inputs
from service.network.inputs import check_range
from service.network.models import CONNECTOR_KINDS, ORGANISATION_KINDS, EntityRef, LinkFilter
from service.network.shape import require, statement
from service.network.spec import REQUIRED, Param, Root

ROLES = Param(
    "roles",
    "[NetworkRole!]",
    "Links to follow. Default: PARTNER, BENEFICIARY, CIVIL_SOCIETY_PARTNER and MEMBER (network memberships); "
    "structural roles (IMPLEMENTER, IMPLEMENTING_UNIT, FUNDER, CO_FUNDER) only when listed here.",
)
AS_OF = Param("asOf", "Date", "Only links active on this day. Default: any day.")
NODE_CAP = Param(
    "limit",
    "Int!",
    f"Node cap (default {inputs.DEFAULT_NODE_CAP}, at most {inputs.MAX_NODE_CAP}); see `truncated`.",
    inputs.DEFAULT_NODE_CAP,
)


def compilation(ctx: CompileContext, links: LinkFilter, params: dict[str, Any]) -> Compilation:
    """A compilation whose parameters hold the link filter's and `params` (the statements' own names)."""
    comp = Compilation(ctx)
    comp.params.values.update(links.params() | params)
    return comp


def not_found(ref: EntityRef, argument: str) -> Callable[[], NotFoundError]:
    """The NOT_FOUND error of an endpoint that names no visible node."""
    return lambda: NotFoundError(
        f"`{argument}`: no organisation, project, programme or network {ref.raw!r}", field=argument
    )


def compile_path(f: Field, ctx: CompileContext) -> Statement:
    """`path`: up to k shortest paths from `from` to `to`, shortest first (k > 1: ties by the node ids along the
    path; k = 1: the one shortestPath() finds)."""
    args = f.args
    links = inputs.link_filter(args.get("roles"), args.get("asOf"), via=args.get("via"))
    start = inputs.parse_ref(args["from"], argument="from")
    end = inputs.parse_ref(args["to"], argument="to")
    avoid = inputs.check_countries(args.get("avoidCountries"), argument="avoidCountries")
    max_hops = check_range(int(args["maxHops"]), argument="maxHops", low=1, high=inputs.MAX_PATH_HOPS)
    k = check_range(int(args["k"]), argument="k", low=1, high=inputs.MAX_PATHS)
    if start.key == end.key and (start.label == end.label or None in (start.label, end.label)):
        raise InvalidInputError("`from` and `to` name the same entity", field="to")
    comp = compilation(ctx, links, {"from": start.param(), "to": end.param(), "avoid": avoid})
    head = cypher.path_head(max_hops=max_hops, k=k, avoid=bool(avoid))
    checks = [require("a IS NOT NULL", not_found(start, "from")), require("b IS NOT NULL", not_found(end, "to"))]
    return statement(comp, f, head, checks=checks, known={"maxHops": max_hops, **links.known()})


def kinds_param(values: list[str] | None) -> list[str]:
    """Allowed node kinds: organisation kinds and connector kinds each default to all when none is named."""
    chosen = set(inputs.kinds(values) or ())
    orgs = [k for k in ORGANISATION_KINDS if k in chosen] or list(ORGANISATION_KINDS)
    connectors = [k for k in CONNECTOR_KINDS if k in chosen] or list(CONNECTOR_KINDS)
    return [k.value for k in orgs + connectors]


def compile_neighbourhood(f: Field, ctx: CompileContext) -> Statement:
    """`neighbourhood`: the ego network of `id`, nodes nearest first (then by id), at most `limit`, and the links
    among them."""
    args = f.args
    center = inputs.parse_ref(args["id"], argument="id")
    links = inputs.link_args(args)
    hops = check_range(int(args["hops"]), argument="hops", low=1, high=inputs.MAX_NEIGHBOURHOOD_HOPS)
    cap = check_range(int(args["limit"]), argument="limit", low=1, high=inputs.MAX_NODE_CAP)
    allowed = kinds_param(args.get("kinds"))
    every = len(allowed) == len(ORGANISATION_KINDS) + len(CONNECTOR_KINDS)  # the search then skips the kind test
    comp = compilation(ctx, links, {"center": center.param(), "kinds": allowed, "everyKind": every, "cap": cap})
    head = cypher.neighbourhood_head(hops=hops)
    checks = [require("c IS NOT NULL", not_found(center, "id"))]
    return statement(comp, f, head, checks=checks, known={"hops": hops, **links.known()})


def missing_actors(missing: list[str]) -> NotFoundError:
    """The NOT_FOUND error naming the `ids` that name no visible node."""
    names = ", ".join(repr(m) for m in missing)
    return NotFoundError(f"`ids`: no organisation, project, programme or network {names}", field="ids")


def compile_shared_partners(f: Field, ctx: CompileContext) -> Statement:
    """`sharedPartners`: nodes linked to at least `minShared` of the actors, by actors linked, direct links first,
    connectors, name."""
    args = f.args
    actors = [inputs.parse_ref(i, argument="ids") for i in args["ids"]]
    links = inputs.link_args(args)
    check_range(len(actors), argument="ids", low=inputs.MIN_SHARED_IDS, high=inputs.MAX_SHARED_IDS)
    seen: set[tuple[str | None, str]] = set()
    for ref in actors:
        if (ref.label, ref.key) in seen:
            raise InvalidInputError(f"`ids` names {ref.raw!r} twice", field="ids")
        seen.add((ref.label, ref.key))
    wanted = len(actors) if args.get("minShared") is None else int(args["minShared"])
    check_range(wanted, argument="minShared", low=2, high=len(actors))
    cap = check_range(int(args["limit"]), argument="limit", low=1, high=inputs.MAX_NODE_CAP)
    kinds = [k.value for k in inputs.kinds(args.get("kinds")) or (*ORGANISATION_KINDS, *CONNECTOR_KINDS)]
    params = {"actors": [r.param() for r in actors], "minShared": wanted, "kinds": kinds, "cap": cap}
    comp = compilation(ctx, links, params)
    check = ("missing", lambda missing: missing_actors(missing) if missing else None)
    known = {"minShared": wanted, **links.known()}
    return statement(comp, f, cypher.SHARED_PARTNERS_SEARCH, checks=[check], known=known)


PATH: Final = Root(
    "path",
    "PathResult!",
    "The shortest path(s) between two entities (organisations, projects, programmes, networks) over "
    "participations and network memberships; a hop is one relationship, so two organisations in one project are "
    "2 hops apart. Paths never pass through organisations the caller may not see.",
    (
        Param("from", "ID!", 'Global id ("Organisation:md-peoples-advocate") or seed id.', REQUIRED),
        Param("to", "ID!", "Global id or seed id of the other endpoint.", REQUIRED),
        Param("maxHops", "Int!", f"Longest path in relationships (1..{inputs.MAX_PATH_HOPS}).",
              inputs.DEFAULT_PATH_HOPS),
        Param("k", "Int!", f"Number of shortest paths to return (1..{inputs.MAX_PATHS}).", 1),
        Param("via", "[NetworkLinkType!]", "Relationship types to walk. Default: PARTICIPATES_IN and MEMBER_OF."),
        ROLES,
        Param("avoidCountries", "[String!]", "ISO alpha-2 codes: intermediate organisations located there, and "
              "projects or programmes run only there, are not passed through."),
        AS_OF,
    ),
    compile_path,
)  # fmt: skip

NEIGHBOURHOOD: Final = Root(
    "neighbourhood",
    "Neighbourhood!",
    "The ego network of an entity: every node within `hops` relationships over followed links, nearest first, "
    "with the links among them, ready to draw. Capped at `limit` nodes (`truncated` says so).",
    (
        Param("id", "ID!", "Global id or seed id of the centre.", REQUIRED),
        Param("hops", "Int!", f"Relationship hops from the centre (1..{inputs.MAX_NEIGHBOURHOOD_HOPS}); 2 reaches "
              "an organisation's partners through its projects and networks.", inputs.DEFAULT_NEIGHBOURHOOD_HOPS),
        Param("kinds", "[NetworkNodeKind!]", "Node kinds to include and walk through. Organisation kinds and "
              "connector kinds (PROJECT, PROGRAMME, NETWORK) each default to all when none of them is listed."),
        ROLES,
        AS_OF,
        Param("limit", "Int!", "Node cap: the centre plus at most this many nodes, nearest first (default "
              f"{inputs.DEFAULT_NODE_CAP}, at most {inputs.MAX_NODE_CAP}); see `truncated`.", inputs.DEFAULT_NODE_CAP),
    ),
    compile_neighbourhood,
)  # fmt: skip

SHARED_PARTNERS: Final = Root(
    "sharedPartners",
    "SharedPartnersResult!",
    "What links 2 to 10 actors: the projects, programmes and networks they share (direct) and the organisations "
    "that are partners of each of them through some project or network, ranked by how many of the actors they "
    "link.",
    (
        Param("ids", "[ID!]!", f"{inputs.MIN_SHARED_IDS} to {inputs.MAX_SHARED_IDS} global ids or seed ids.",
              REQUIRED),
        Param("minShared", "Int", "Least number of the actors a result must link (2..size of ids; all)."),
        Param("kinds", "[NetworkNodeKind!]", "Kinds of shared nodes to return. Default: all."),
        ROLES,
        AS_OF,
        NODE_CAP,
    ),
    compile_shared_partners,
)  # fmt: skip

ROOTS: Final[tuple[Root, ...]] = (PATH, NEIGHBOURHOOD, SHARED_PARTNERS)
