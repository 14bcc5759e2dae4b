"""The `communities` root field: groups of organisations that work together, by modularity over the followed links."""

# One bounded read (analysis/cypher.py community_links) returns the followed links in scope, organisation to project,
# programme or network, and each node's projection for the selection; networkx's Louvain method (a fixed seed)
# partitions that bipartite graph in a worker thread, so a big scope does not hold up the event loop; the answer is
# assembled here, in the response's shape. Not a compiled statement alone: the partition is Python, not Cypher.

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import networkx as nx

from service.core.context import Context
from service.core.errors import LimitExceededError, NotFoundError
from service.db.driver import read_generated
from service.engine.compilation import CompileContext, Statement, map_literal
from service.engine.selection import Field
from service.network import answers, inputs
from service.network import cypher as c
from service.network.analysis import cypher
from service.network.analysis.queries import COUNTRIES, REGION
from service.network.answers import NETWORK_NODE
from service.network.inputs import check_range
from service.network.queries import AS_OF, ROLES, compilation
from service.network.shape import Shaper
from service.network.spec import Answer, Out, Param, Root

# Louvain's random choices come from this seed, and the graph's nodes enter it in the order of the sorted links:
# the same links give the same communities, so a shared link draws the same colours.
SEED: Final = 2024
RESOLUTION: Final = 1.0
# Links read and partitioned at most (Louvain on 10,000 links: about a second of one core); more is refused.
MAX_LINKS: Final = 10_000
DEFAULT_COMMUNITIES: Final = 50
MAX_COMMUNITIES: Final = 200
MAX_MIN_SIZE: Final = 100

METHOD_DOC: Final = (
    "Communities are found by modularity (the Louvain method of networkx, resolution "
    f"{RESOLUTION}, a fixed seed, so the same links give the same communities) over the bipartite graph of the "
    "followed links: each organisation and each project, programme or network it takes part in is a node, each "
    "linked pair one edge (several roles count once). An organisation belongs to exactly one community."
)

COMMUNITY: Final = Answer(
    "Community",
    "A group of organisations that work together more with each other than with the rest. " + METHOD_DOC,
    (
        Out("index", "Int!", "Rank of the community in this answer, 1 for the largest."),
        Out("size", "Int!", "Organisations in it."),
        Out("links", "Int!", "Followed links inside it (organisation to a project, programme or network of it)."),
        Out("countries", "[String!]!", "ISO alpha-2 codes of its organisations' countries, sorted."),
        Out("members", "[NetworkNode!]!", "Its organisations, by name, then id."),
        Out("connectors", "[NetworkNode!]!", "The projects, programmes and networks it holds, those linking most of "
            "its organisations first, then by name, then id."),
    ),
)  # fmt: skip

COMMUNITIES_RESULT: Final = Answer(
    "CommunitiesResult",
    "The communities of the organisations in scope. " + METHOD_DOC,
    (
        Out("communities", "[Community!]!", "Communities of at least `minSize` organisations, most organisations "
            "first, then most links, then by the smallest member id; at most `limit`."),
        Out("total", "Int!", "Communities of at least `minSize` organisations, before `limit`."),
        Out("truncated", "Boolean!", "True when `total` exceeds `limit`."),
        Out("modularity", "Float!", "Modularity of the whole partition (-0.5..1; higher: more clearly separated "
            "groups); 0 when there is no link."),
        Out("organisations", "Int!", "Organisations with at least one followed link in scope."),
        Out("links", "Int!", "Followed links partitioned (each organisation and connector pair once)."),
        answers.ROLES_USED,
        answers.AS_OF,
    ),
)  # fmt: skip

TYPES: Final[tuple[Answer, ...]] = (COMMUNITY, COMMUNITIES_RESULT)


@dataclass(frozen=True)
class _Projections:
    """Which response keys select nodes: (communities key, members or connectors key) -> the token its projection
    comes back under in each node's map."""

    members: dict[tuple[str, str], str]
    connectors: dict[tuple[str, str], str]

    @classmethod
    def of(cls, fields: Sequence[Field]) -> _Projections:
        members: dict[tuple[str, str], str] = {}
        connectors: dict[tuple[str, str], str] = {}
        for g in fields:
            for h in g.sub.fields if g.name == "communities" and g.sub is not None else ():
                if h.sub is not None and h.name in ("members", "connectors"):
                    into = members if h.name == "members" else connectors
                    into[(g.key, h.key)] = f"n{len(members) + len(connectors)}"
        return cls(members, connectors)


def _nodes(shaper: Shaper, var: str, position: int, tokens: Mapping[tuple[str, str], str], fields: Any) -> str:
    """A COLLECT of each distinct node at `position` of the pairs: its id, sort name, countries and projections."""
    entries = [("id", c.global_id("x")), ("name", c.name("x")), ("codes", c.countries("x"))]
    for (g_key, h_key), token in tokens.items():
        entries.append((token, shaper.value(NETWORK_NODE, fields[(g_key, h_key)], {"v": "x", "d": "null"})))
    return f"COLLECT {{ UNWIND pairs AS {var} WITH DISTINCT {var}[{position}] AS x RETURN {map_literal(entries)} }}"


def compile_communities(f: Field, ctx: CompileContext) -> Statement:
    """`communities`: the statement reading the followed links in scope with the selected node projections; its
    `finish` partitions them and answers in the response's shape."""
    args = f.args
    region = inputs.optional_key(args.get("region"), argument="region", label="Region")
    countries = inputs.check_countries(args.get("countries"), argument="countries")
    kinds = inputs.organisation_kinds(args.get("kinds"), argument="kinds")
    links = inputs.link_args(args)
    min_size = check_range(int(args["minSize"]), argument="minSize", low=1, high=MAX_MIN_SIZE)
    limit = check_range(int(args["limit"]), argument="limit", low=1, high=MAX_COMMUNITIES)
    if f.sub is None:
        raise ValueError("communities needs a selection")  # GraphQL validation requires one
    params = {"region": region, "countries": countries, "kinds": kinds, "cap": MAX_LINKS, "capPlus": MAX_LINKS + 1}
    comp = compilation(ctx, links, params)
    shaper = Shaper(comp)
    projections = _Projections.of(f.sub.fields)
    subs = {
        (g.key, h.key): h.sub.fields
        for g in f.sub.fields
        if g.sub is not None
        for h in g.sub.fields
        if h.sub is not None
    }
    value = map_literal(
        [
            ("links", "COLLECT { UNWIND pairs AS p WITH p[0] AS lo, p[1] AS lc "
             f"RETURN [{c.global_id('lo')}, {c.global_id('lc')}] }}"),
            ("orgs", _nodes(shaper, "p", 0, projections.members, subs)),
            ("connectors", _nodes(shaper, "p", 1, projections.connectors, subs)),
        ]
    )  # fmt: skip
    head = cypher.community_links(scoped=region is not None or bool(countries))
    region_found = "($region IS NULL OR reg IS NOT NULL)"
    answer = _Answer(f.sub.fields, projections, min_size=min_size, limit=limit, known=links.known())

    def finish(record: Mapping[str, Any]) -> Any:
        if not record["regionFound"]:
            raise NotFoundError(f"`region`: no region {region!r}", field="region")
        if record["read"] > MAX_LINKS:
            raise LimitExceededError(
                f"more than {MAX_LINKS} followed links in scope: narrow it with `region`, `countries`, `kinds` or "
                "`asOf`",
                field="region",
            )
        return answer.value(record["value"])

    return comp.finish(f"{head}RETURN {region_found} AS regionFound, read, {value} AS value", finish)


@dataclass(frozen=True)
class _Group:
    """One community of the partition: its organisations and connectors (global ids) and its inner links."""

    members: list[str]
    connectors: list[str]
    links: int


def partition(links: Sequence[Sequence[str]]) -> tuple[list[set[str]], float]:
    """(communities as sets of node ids, modularity) of the bipartite graph of `links` ([organisation, connector]
    pairs): Louvain with SEED over a graph whose nodes enter in the order of the sorted, de-duplicated links."""
    graph: nx.Graph[str] = nx.Graph()
    graph.add_edges_from(sorted({(a, b) for a, b in links}))
    if graph.number_of_edges() == 0:
        return [], 0.0
    parts = nx.community.louvain_communities(graph, resolution=RESOLUTION, seed=SEED)
    return [set(p) for p in parts], float(nx.community.modularity(graph, parts, resolution=RESOLUTION))


class _Answer:
    """Builds the answer for one selection from the statement's value."""

    def __init__(
        self, fields: Sequence[Field], projections: _Projections, *, min_size: int, limit: int, known: Mapping[str, Any]
    ) -> None:
        self.fields = fields
        self.projections = projections
        self.min_size = min_size
        self.limit = limit
        self.known = known

    def value(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The CommunitiesResult value, keyed by response keys, with exactly the selected fields."""
        links = [(str(a), str(b)) for a, b in data["links"]]
        orgs = {n["id"]: n for n in data["orgs"]}
        connectors = {n["id"]: n for n in data["connectors"]}
        parts, modularity = partition(links)
        groups = [self._group(p, links, orgs, connectors) for p in parts]
        groups = [g for g in groups if len(g.members) >= self.min_size]
        groups.sort(key=lambda g: (-len(g.members), -g.links, min(g.members)))
        facts: dict[str, Any] = {
            "total": len(groups),
            "truncated": len(groups) > self.limit,
            "modularity": modularity,
            "organisations": len(orgs),
            "links": len(set(links)),
            **self.known,
        }
        out: dict[str, Any] = {}
        for f in self.fields:
            if f.name == "__typename":
                out[f.key] = COMMUNITIES_RESULT.name
            elif f.name == "communities":
                shown = groups[: self.limit]
                out[f.key] = [self._community(f, i + 1, g, orgs, connectors) for i, g in enumerate(shown)]
            else:
                value = facts[f.name]
                out[f.key] = list(value) if isinstance(value, list) else value
        return out

    @staticmethod
    def _group(
        part: set[str], links: Sequence[tuple[str, str]], orgs: Mapping[str, Any], connectors: Mapping[str, Any]
    ) -> _Group:
        inner = [(a, b) for a, b in set(links) if a in part and b in part]
        reach: dict[str, int] = {}
        for _, b in inner:
            reach[b] = reach.get(b, 0) + 1
        members = sorted((n for n in part if n in orgs), key=lambda n: (orgs[n]["name"], n))
        held = sorted((n for n in part if n in connectors), key=lambda n: (-reach.get(n, 0), connectors[n]["name"], n))
        return _Group(members, held, len(inner))

    def _community(
        self, f: Field, index: int, g: _Group, orgs: Mapping[str, Any], connectors: Mapping[str, Any]
    ) -> dict[str, Any]:
        assert f.sub is not None  # an object field always has a selection
        out: dict[str, Any] = {}
        for h in f.sub.fields:
            if h.name == "__typename":
                out[h.key] = COMMUNITY.name
            elif h.name == "members":
                token = self.projections.members[(f.key, h.key)]
                out[h.key] = [orgs[n][token] for n in g.members]
            elif h.name == "connectors":
                token = self.projections.connectors[(f.key, h.key)]
                out[h.key] = [connectors[n][token] for n in g.connectors]
            elif h.name == "countries":
                out[h.key] = sorted({code for n in g.members for code in orgs[n]["codes"]})
            else:
                out[h.key] = {"index": index, "size": len(g.members), "links": g.links}[h.name]
        return out


async def run_communities(f: Field, ctx: Context) -> Any:
    """Answer `communities`: one read statement, then the partition in a worker thread."""
    statement = compile_communities(f, CompileContext(can_see_sensitive=ctx.can_see_sensitive))
    records = await read_generated(
        ctx.driver, statement.cypher, statement.params, database=ctx.database, timeout_s=ctx.settings.query_timeout_s
    )
    return await asyncio.to_thread(statement.value, records[0])


ROOT: Final = Root(
    "communities",
    "CommunitiesResult!",
    "Groups of organisations that work together: communities by modularity over the followed links, the largest "
    f"first. {METHOD_DOC} Reads at most {MAX_LINKS} links: a bigger scope is refused (LIMIT_EXCEEDED); narrow it "
    "with `region`, `countries`, `kinds` or `asOf`.",
    (
        REGION,
        COUNTRIES,
        Param("kinds", "[NetworkNodeKind!]", "Organisation kinds to group. Default: every kind."),
        Param("minSize", "Int!", f"Least number of organisations a community must have to be listed (1..{MAX_MIN_SIZE})"
              "; smaller ones still count in `modularity`.", 2),
        ROLES,
        AS_OF,
        Param("limit", "Int!", f"Communities to return, largest first (1..{MAX_COMMUNITIES}); see `truncated`.",
              DEFAULT_COMMUNITIES),
    ),
    compile_communities,
)  # fmt: skip
