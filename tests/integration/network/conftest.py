"""Network-query fixtures: the seed files as a networkx graph (the independent oracle) and a GraphQL runner through
the service's one schema that counts the statements sent."""

from __future__ import annotations

import calendar
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pytest
import yaml
from neo4j import READ_ACCESS, AsyncDriver

from service.core.context import Context, Principal
from service.core.settings import REPO_ROOT, Settings
from service.engine.privacy import mirror_labels  # raw writes keep the Sensitive label in sync
from service.gql.schema import PartnernetSchema, build_schema
from tests.conftest import GraphState
from tests.integration.counting import CountingDriver

PARTNERSHIP = ("PARTNER", "BENEFICIARY", "CIVIL_SOCIETY_PARTNER")
DEFAULT_ROLES = (*PARTNERSHIP, "MEMBER")
STRUCTURAL = ("IMPLEMENTER", "IMPLEMENTING_UNIT", "FUNDER", "CO_FUNDER")


def _day(value: Any, *, end: bool) -> str | None:
    """A seed date (YYYY, YYYY-MM or YYYY-MM-DD) as the first (or last) day it stands for."""
    if value is None:
        return None
    text = str(value)
    parts = text.split("-")
    if len(parts) == 3:
        return text
    year = int(parts[0])
    if len(parts) == 2:
        month = int(parts[1])
        last = calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-{last if end else 1:02d}"
    return f"{year:04d}-12-31" if end else f"{year:04d}-01-01"


def load_seed(name: str) -> list[dict[str, Any]]:
    """The records of seeds/<name>.yaml, as YAML reads them."""
    with (REPO_ROOT / "seeds" / f"{name}.yaml").open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return list(data[name])


@dataclass
class SeedNetwork:
    """The seed files read straight from YAML: nodes keyed by global id, links with role and dates."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: list[dict[str, Any]] = field(default_factory=list)
    country_of: dict[str, str | None] = field(default_factory=dict)
    project_countries: dict[str, list[str]] = field(default_factory=dict)
    project_themes: dict[str, list[str]] = field(default_factory=dict)
    regions: dict[str, list[str]] = field(default_factory=dict)

    def graph(
        self,
        roles: Iterable[str] = DEFAULT_ROLES,
        as_of: str | None = None,
        hidden: Iterable[str] = (),
    ) -> nx.MultiGraph:
        """The bipartite link graph over the given roles (MEMBER = memberships), active on `as_of`."""
        wanted = set(roles)
        gone = set(hidden)
        g: nx.MultiGraph = nx.MultiGraph()
        for gid, attrs in self.nodes.items():
            if gid not in gone:
                g.add_node(gid, **attrs)
        for link in self.links:
            if link["role"] not in wanted or link["org"] in gone:
                continue
            if as_of is not None and not (
                (link["since"] or "0000") <= as_of and (link["until"] or "9999-12-31") >= as_of
            ):
                continue
            g.add_edge(link["org"], link["target"], key=link["id"], **link)
        return g

    def org_ids(self, kind: str | None = None) -> list[str]:
        return [gid for gid, a in self.nodes.items() if a["label"] == "Organisation" and kind in (None, a["kind"])]

    def node_fields(self, gid: str) -> dict[str, Any]:
        """What a NetworkNode for `gid` answers, per field (read from the YAML)."""
        a = self.nodes[gid]
        label, _, key = gid.partition(":")
        codes = a["countries"]
        return {
            "__typename": "NetworkNode",
            "id": gid,
            "key": key,
            "name": a["name"] or key,
            "shortName": a["short_name"],
            "kind": a["kind"],
            "label": label.upper(),
            "countryCodes": codes,
            "countryCode": codes[0] if len(codes) == 1 else None,
        }

    def edge_fields(self, link_id: str) -> dict[str, Any]:
        """What a NetworkEdge for the participation or membership `link_id` answers, per field."""
        link = next(x for x in self.links if x["id"] == link_id)
        member = link["role"] == "MEMBER"
        return {
            "__typename": "NetworkEdge",
            "id": link_id,
            "type": "MEMBER_OF" if member else "PARTICIPATES_IN",
            "source": link["org"],
            "target": link["target"],
            "role": link["role"],
            "roleClass": None if member else ("STRUCTURAL" if link["role"] in STRUCTURAL else "PARTNERSHIP"),
            "membershipStatus": link["status"],
            "since": link["since"],
            "until": link["until"],
            "datesDerived": link["derived"],
            "evidence": link["evidence"],
            "confidence": link["confidence"],
            # A record without sources of its own shows its target's.
            "sources": link["sources"] or self.nodes[link["target"]]["sources"],
        }


def read_seed_network() -> SeedNetwork:
    """Parse seeds/*.yaml into a SeedNetwork (no service code involved)."""
    net = SeedNetwork()
    projects = {p["id"]: p for p in load_seed("projects")}
    programmes = {p["id"]: p for p in load_seed("programmes")}
    for c in load_seed("countries"):
        for r in c.get("regions") or []:
            net.regions.setdefault(r, []).append(c["id"])
    for o in load_seed("organisations"):
        gid = f"Organisation:{o['id']}"
        net.nodes[gid] = {
            "label": "Organisation",
            "kind": o["kind"],
            "authority_kind": o.get("authority_kind"),
            "name": o["name"],
            "short_name": o.get("short_name"),
            "countries": [o["country"]] if o["country"] else [],
            "sources": list(o.get("sources") or []),
            "sensitive": o["sensitive"],
        }
        net.country_of[gid] = o["country"]
    for label, records in (("Project", projects), ("Programme", programmes)):
        for pid, p in records.items():
            gid = f"{label}:{pid}"
            net.nodes[gid] = {
                "label": label,
                "kind": label.upper(),
                "name": p.get("title") or p.get("name"),
                "short_name": p.get("short_name"),
                "countries": sorted(set(p.get("countries") or [])),
                "sources": list(p.get("sources") or []),
            }
            net.project_countries[gid] = list(p.get("countries") or [])
            net.project_themes[gid] = list(p.get("themes") or [])
    for part in load_seed("participations"):
        if part.get("project"):
            label, target = "Project", projects[part["project"]]
        else:
            label, target = "Programme", programmes[part["programme"]]
        derived = part["since"] is None and part["until"] is None
        since, until = (target["start_date"], target["end_date"]) if derived else (part["since"], part["until"])
        net.links.append(
            {
                "id": part["id"],
                "org": f"Organisation:{part['org']}",
                "target": f"{label}:{target['id']}",
                "role": part["role"],
                "since": _day(since, end=False),
                "until": _day(until, end=True),
                "derived": derived,
                "status": None,
                "evidence": None,
                "confidence": part.get("confidence"),
                "sources": list(part.get("sources") or []),
            }
        )
    for n in load_seed("networks"):
        gid = f"Network:{n['id']}"
        net.nodes[gid] = {
            "label": "Network",
            "kind": "NETWORK",
            "name": n["name"],
            "short_name": n.get("short_name"),
            "countries": [],
            "sources": list(n.get("sources") or []),
        }
        for m in n.get("members") or []:
            net.links.append(
                {
                    "id": m["id"],
                    "org": f"Organisation:{m['org']}",
                    "target": gid,
                    "role": "MEMBER",
                    "since": _day(m["since"], end=False),
                    "until": _day(m["until"], end=True),
                    "derived": False,
                    "status": m.get("membership_status") or "MEMBER",
                    "evidence": m.get("evidence"),
                    "confidence": m.get("confidence"),
                    "sources": list(m.get("sources") or []),
                }
            )
    return net


@pytest.fixture(scope="session")
def seed_network() -> SeedNetwork:
    """The seed graph as read from the YAML files, the oracle network answers are checked against."""
    return read_seed_network()


Mark = Callable[[str, bool], Awaitable[None]]


@pytest.fixture
async def mark_sensitive(seeded_graph: AsyncDriver, database: str, graph_state: GraphState) -> AsyncIterator[Mark]:
    """`mark(key, flag)` marks the organisation `key` sensitive (or not); every one marked is restored afterwards."""
    marked: set[str] = set()
    query = "MATCH (o:Organisation {id: $key}) SET o.sensitive = $flag " + mirror_labels("o")

    async def mark(key: str, flag: bool) -> None:
        graph_state.holds = "dirty"
        marked.add(key)
        await seeded_graph.execute_query(query, key=key, flag=flag, database_=database)

    yield mark
    for key in marked:
        await seeded_graph.execute_query(query, key=key, flag=False, database_=database)
    graph_state.holds = "seeds"


class NetworkCountingDriver(CountingDriver):
    """Counts statements like CountingDriver; network statements are reads (one auto-commit read each, as the
    engine's statements run: service/db/driver.py read_generated), never a write session."""

    def session(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("default_access_mode") != READ_ACCESS:
            raise AssertionError("network statements must run as reads")
        return super().session(*args, **kwargs)


@dataclass
class GqlResult:
    data: dict[str, Any] | None
    errors: list[dict[str, Any]]
    statements: list[str]
    body: dict[str, Any]  # the response as the transport serialises it (data and formatted errors)

    @property
    def error(self) -> dict[str, Any]:
        assert len(self.errors) == 1, self.errors
        return self.errors[0]


GqlRunner = Callable[..., Any]


@pytest.fixture(scope="session")
def network_schema(settings: Settings) -> PartnernetSchema:
    """The service's schema (every part, the one pipeline), built once."""
    return build_schema(settings)


@pytest.fixture
async def gql(seeded_graph: AsyncDriver, settings: Settings, network_schema: PartnernetSchema) -> GqlRunner:
    """Run a GraphQL document through the service's schema on the seeded graph; returns data, errors (message, code,
    field), the statements sent and the response body."""

    async def run(document: str, variables: dict[str, Any] | None = None, *, role: str | None = None) -> GqlResult:
        counting = NetworkCountingDriver(seeded_graph)
        principal = Principal(subject="test", role=role) if role else None  # type: ignore[arg-type]
        ctx = Context(driver=counting, settings=settings, principal=principal)  # type: ignore[arg-type]
        result = await network_schema.execute(document, variable_values=variables, context_value=ctx)
        errors = [
            {"message": e.message, "code": (e.extensions or {}).get("code"), "field": (e.extensions or {}).get("field"),
             "path": e.path}
            for e in result.errors or []
        ]  # fmt: skip
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = [e.formatted for e in result.errors]
        return GqlResult(data=result.data, errors=errors, statements=counting.statements, body=body)

    return run
