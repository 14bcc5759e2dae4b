"""Network-query fixtures: the seed files as a networkx graph (the independent oracle) and a counting GraphQL runner."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pytest
import strawberry
import yaml
from neo4j import AsyncDriver
from strawberry.tools import merge_types

from service.api.context import Context, Principal
from service.api.errors import format_error
from service.network.resolvers import NETWORK_QUERIES
from service.settings import REPO_ROOT, Settings
from tests.integration.counting import CountingDriver

PARTNERSHIP = ("PARTNER", "BENEFICIARY", "CIVIL_SOCIETY_PARTNER")
DEFAULT_ROLES = (*PARTNERSHIP, "MEMBER")


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


def _load(name: str) -> list[dict[str, Any]]:
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


def read_seed_network() -> SeedNetwork:
    """Parse seeds/*.yaml into a SeedNetwork (no service code involved)."""
    net = SeedNetwork()
    projects = {p["id"]: p for p in _load("projects")}
    programmes = {p["id"]: p for p in _load("programmes")}
    for c in _load("countries"):
        for r in c.get("regions") or []:
            net.regions.setdefault(r, []).append(c["id"])
    for o in _load("organisations"):
        gid = f"Organisation:{o['id']}"
        net.nodes[gid] = {
            "label": "Organisation",
            "kind": o["kind"],
            "authority_kind": o.get("authority_kind"),
            "name": o["name"],
            "sensitive": o["sensitive"],
        }
        net.country_of[gid] = o["country"]
    for label, records in (("Project", projects), ("Programme", programmes)):
        for pid, p in records.items():
            gid = f"{label}:{pid}"
            net.nodes[gid] = {"label": label, "kind": label.upper(), "name": p.get("title") or p.get("name")}
            net.project_countries[gid] = list(p.get("countries") or [])
            net.project_themes[gid] = list(p.get("themes") or [])
    for part in _load("participations"):
        if part.get("project"):
            label, target = "Project", projects[part["project"]]
        else:
            label, target = "Programme", programmes[part["programme"]]
        derived = part["since"] is None and part["until"] is None
        since, until = (target["start"], target["end"]) if derived else (part["since"], part["until"])
        net.links.append(
            {
                "id": part["id"],
                "org": f"Organisation:{part['org']}",
                "target": f"{label}:{target['id']}",
                "role": part["role"],
                "since": _day(since, end=False),
                "until": _day(until, end=True),
            }
        )
    for n in _load("networks"):
        gid = f"Network:{n['id']}"
        net.nodes[gid] = {"label": "Network", "kind": "NETWORK", "name": n["name"]}
        for m in n.get("members") or []:
            net.links.append(
                {
                    "id": m["id"],
                    "org": f"Organisation:{m['org']}",
                    "target": gid,
                    "role": "MEMBER",
                    "since": _day(m["since"], end=False),
                    "until": _day(m["until"], end=True),
                }
            )
    return net


@pytest.fixture(scope="session")
def seed_network() -> SeedNetwork:
    """The seed graph as read from the YAML files, the oracle network answers are checked against."""
    return read_seed_network()


class NetworkCountingDriver(CountingDriver):
    """Counts statements like CountingDriver; network resolvers must not open sessions."""

    def session(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("network resolvers must run their statement through execute_query")


@dataclass
class GqlResult:
    data: dict[str, Any] | None
    errors: list[dict[str, Any]]
    statements: list[str]

    @property
    def error(self) -> dict[str, Any]:
        assert len(self.errors) == 1, self.errors
        return self.errors[0]


GqlRunner = Callable[..., Any]


class NetworkSchema(strawberry.Schema):
    """The network root fields alone, with the service's error formatting (codes, fields), so these tests do not
    depend on the other domains' code; tests/unit/test_network_schema.py checks the real schema registers them."""

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        result = await super().execute(*args, **kwargs)
        if result.errors:
            result.errors = [format_error(e, request_id="test") for e in result.errors]
        return result


@pytest.fixture(scope="session")
def network_schema() -> Any:
    return NetworkSchema(query=merge_types("Query", NETWORK_QUERIES))


@pytest.fixture
async def gql(seeded_graph: AsyncDriver, settings: Settings, network_schema: Any) -> GqlRunner:
    """Run a GraphQL document on the seeded graph; returns data, errors (message, code, field) and statements."""

    async def run(document: str, variables: dict[str, Any] | None = None, *, role: str | None = None) -> GqlResult:
        counting = NetworkCountingDriver(seeded_graph)
        principal = Principal(subject="test", role=role) if role else None  # type: ignore[arg-type]
        ctx = Context(driver=counting, settings=settings, principal=principal)  # type: ignore[arg-type]
        result = await network_schema.execute(document, variable_values=variables, context_value=ctx)
        errors = [
            {"message": e.message, "code": (e.extensions or {}).get("code"), "field": (e.extensions or {}).get("field")}
            for e in result.errors or []
        ]
        return GqlResult(data=result.data, errors=errors, statements=counting.statements)

    return run
