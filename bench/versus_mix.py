"""The side-by-side mix (bench/queries/versus/): each query as partnernet and the reference ask it, its variables,
and the canonical form both answers must share before the query is timed."""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver, RoutingControl

from bench.mix import Sample, draw_sample
from service.engine.reads import lucene_query

VERSUS_DIR = Path(__file__).resolve().parent / "queries" / "versus"
SEED = 7  # python -m bench's default --seed: the side-by-side's parameter sets
Canonical = Any
VariablesPair = tuple[dict[str, Any], dict[str, Any]]


@dataclass
class VersusSample:
    """What the variables are drawn from: the harness's sample plus project titles and a deep page's anchors."""

    base: Sample
    countries: list[str]
    titles: list[str]
    deep_cursor: str | None = None  # partnernet's cursor after `deep_position` projects by title
    deep_position: int = 0


@dataclass(frozen=True)
class VersusQuery:
    """One query of the side-by-side mix: its two documents, how variables are drawn for both, and how each side's
    answer becomes the canonical form they are compared in."""

    name: str
    description: str
    variables: Callable[[VersusSample, random.Random, int], list[VariablesPair]]
    ours: Callable[[dict[str, Any]], Canonical]
    theirs: Callable[[dict[str, Any]], Canonical]

    @property
    def document(self) -> str:
        return (VERSUS_DIR / f"{self.name}.graphql").read_text(encoding="utf-8")

    @property
    def reference_document(self) -> str:
        return (VERSUS_DIR / f"{self.name}.reference.graphql").read_text(encoding="utf-8")

    def pairs(self, vs: VersusSample, count: int, seed: int) -> list[VariablesPair]:
        """The side-by-side's `count` parameter sets for this query: the same graph and seed give the same sets."""
        return self.variables(vs, random.Random(f"{seed}:versus:{self.name}"), count)


def _one(items: list[Any]) -> Any:
    return items[0] if items else None


def _status(rng: random.Random) -> str:
    return rng.choice(["ACTIVE", "COMPLETED", "PLANNED"])


def _org(s: VersusSample, rng: random.Random) -> str:
    return rng.choice(s.base.orgs)[0]


def _search_text(s: VersusSample, rng: random.Random) -> str:
    words = [w for w in re.findall(r"[^\W_]+", rng.choice(s.titles)) if len(w) > 2 or w.isdigit()]
    return " ".join(rng.sample(words, min(len(words), 2))) or "justice"


# -- canonical forms ------------------------------------------------------------------------------------------------


def _country_projects_ours(d: dict[str, Any]) -> Canonical:
    c = d["country"]
    return c and {
        "key": c["key"],
        "name": c["name"],
        "projects": [
            {
                "key": e["node"]["key"],
                "title": e["node"]["title"],
                "participants": [
                    (p["role"], p["node"]["key"], p["node"]["name"], (p["node"]["locatedIn"] or {}).get("key"))
                    for p in e["node"]["participants"]["edges"]
                ],
            }
            for e in c["projects"]["edges"]
        ],
    }


def _country_projects_theirs(d: dict[str, Any]) -> Canonical:
    c = _one(d["countries"])
    return c and {
        "key": c["id"],
        "name": c["name"],
        "projects": [
            {
                "key": p["id"],
                "title": p["title"],
                "participants": [
                    (e["properties"]["role"], n["id"], n["name"], (n["locatedIn"] or {}).get("id"))
                    for e in p["participantsConnection"]["edges"]
                    for n in (e["node"],)
                ],
            }
            for p in c["projects"]
        ],
    }


def _page_ours(d: dict[str, Any]) -> Canonical:
    c = d["projects"]
    rows = [(e["node"]["key"], e["node"]["title"], e["node"]["status"], e["node"]["startDate"]) for e in c["edges"]]
    return {"rows": rows, "hasNextPage": c["pageInfo"]["hasNextPage"], "cursor": bool(c["pageInfo"]["endCursor"])}


def _page_theirs(d: dict[str, Any]) -> Canonical:
    c = d["projectsConnection"]
    rows = [(e["node"]["id"], e["node"]["title"], e["node"]["status"], e["node"]["startDate"]) for e in c["edges"]]
    return {"rows": rows, "hasNextPage": c["pageInfo"]["hasNextPage"], "cursor": bool(c["pageInfo"]["endCursor"])}


def _deep_theirs(d: dict[str, Any]) -> Canonical:
    rows = [(p["id"], p["title"], p["status"], p["startDate"]) for p in d["projects"]]
    return {"rows": rows[:10], "hasNextPage": len(rows) > 10, "cursor": bool(rows)}


def _with_kind_ours(d: dict[str, Any]) -> Canonical:
    c = d["projects"]
    return {"count": c["totalCount"], "rows": [(e["node"]["key"], e["node"]["title"]) for e in c["edges"]]}


def _with_kind_theirs(d: dict[str, Any]) -> Canonical:
    c = d["projectsConnection"]
    return {"count": c["totalCount"], "rows": [(e["node"]["id"], e["node"]["title"]) for e in c["edges"]]}


def _org_projects_ours(d: dict[str, Any]) -> Canonical:
    o = d["organisation"]
    return o and {
        "key": o["key"],
        "name": o["name"],
        "projects": [
            (e["role"], e["node"]["key"], e["node"]["title"], [c["key"] for c in e["node"]["countries"]])
            for e in o["participations"]["edges"]
        ],
    }


def _org_projects_theirs(d: dict[str, Any]) -> Canonical:
    o = _one(d["organisations"])
    return o and {
        "key": o["id"],
        "name": o["name"],
        "projects": [
            (e["properties"]["role"], e["node"]["id"], e["node"]["title"], [c["id"] for c in e["node"]["countries"]])
            for e in o["participationsConnection"]["edges"]
        ],
    }


def _region_ours(d: dict[str, Any]) -> Canonical:
    r = d["region"]
    return r and {
        "key": r["key"],
        "name": r["name"],
        "countries": [
            (
                c["key"],
                c["name"],
                c["organisations"]["totalCount"],
                [(e["node"]["key"], e["node"]["name"]) for e in c["organisations"]["edges"]],
            )
            for c in r["countries"]
        ],
    }


def _region_theirs(d: dict[str, Any]) -> Canonical:
    r = _one(d["regions"])
    return r and {
        "key": r["id"],
        "name": r["name"],
        "countries": [
            (
                c["id"],
                c["name"],
                c["organisationsConnection"]["totalCount"],
                [(e["node"]["id"], e["node"]["name"]) for e in c["organisationsConnection"]["edges"]],
            )
            for c in r["countries"]
        ],
    }


def _search_ours(d: dict[str, Any]) -> Canonical:
    return [(h["node"]["key"], h["node"]["title"], round(h["score"], 5)) for h in d["search"]]


def _search_theirs(d: dict[str, Any]) -> Canonical:
    return [(e["node"]["id"], e["node"]["title"], round(e["score"], 5)) for e in d["projectSearch"]["edges"]]


def _money(x: float | None) -> float:
    return round(x or 0.0, 2)


def _aggregates_ours(d: dict[str, Any]) -> Canonical:
    s = d["projectStats"]
    by = {b["key"]: (b["count"], _money(b["budgetEur"])) for b in s["byCountry"] if b["count"]}
    return {"count": s["count"], "budget": _money(s["budgetEur"]), "byCountry": by}


def _aggregates_theirs(d: dict[str, Any]) -> Canonical:
    def figures(conn: dict[str, Any]) -> tuple[int, float]:
        agg = conn["aggregate"]
        return agg["count"]["nodes"], _money(agg["node"]["budgetEur"]["sum"])

    count, budget = figures(d["projectsConnection"])
    by = {c["id"]: figures(c["projectsConnection"]) for c in d["countries"]}
    return {"count": count, "budget": budget, "byCountry": {k: v for k, v in by.items() if v[0]}}


def _path_ours(d: dict[str, Any]) -> Canonical:
    paths = d["path"]["paths"]
    return [(n["key"], n["name"], n["kind"]) for n in paths[0]["nodes"]] if paths else []


def _path_theirs(d: dict[str, Any]) -> Canonical:
    return [(n["key"], n["name"], n["kind"]) for n in d["shortestPath"]]


def _neighbourhood_ours(d: dict[str, Any]) -> Canonical:
    return [(n["key"], n["name"], n["kind"], n["distance"]) for n in d["neighbourhood"]["nodes"]]


def _neighbourhood_theirs(d: dict[str, Any]) -> Canonical:
    return [(n["key"], n["name"], n["kind"], n["distance"]) for n in d["neighbourhood"]]


# -- variables ------------------------------------------------------------------------------------------------------


def _countries(s: VersusSample, rng: random.Random, n: int) -> list[VariablesPair]:
    return [({"code": c}, {"code": c}) for c in (rng.choice(s.countries) for _ in range(n))]


def _no_variables(s: VersusSample, rng: random.Random, n: int) -> list[VariablesPair]:
    return [({}, {})]


def _deep(s: VersusSample, rng: random.Random, n: int) -> list[VariablesPair]:
    if s.deep_cursor is None:
        return []
    return [({"after": s.deep_cursor}, {"offset": s.deep_position})]


def _with_kind(s: VersusSample, rng: random.Random, n: int) -> list[VariablesPair]:
    kinds = ["NHRI", "CIVIL_SOCIETY", "DONOR", "NATIONAL_AUTHORITY"]
    out = []
    for _ in range(n):
        v = {"status": _status(rng), "kind": rng.choice(kinds)}
        out.append((v, v))
    return out


def _organisations(s: VersusSample, rng: random.Random, n: int) -> list[VariablesPair]:
    return [({"id": "Organisation:" + o}, {"id": o}) for o in (_org(s, rng) for _ in range(n))]


def _regions(s: VersusSample, rng: random.Random, n: int) -> list[VariablesPair]:
    return [({"id": "Region:" + r}, {"id": r}) for r in (rng.choice(s.base.regions) for _ in range(n))]


def _search(s: VersusSample, rng: random.Random, n: int) -> list[VariablesPair]:
    texts = [_search_text(s, rng) for _ in range(n)]
    return [({"text": t}, {"phrase": lucene_query(t)}) for t in texts]


def _statuses(s: VersusSample, rng: random.Random, n: int) -> list[VariablesPair]:
    return [({"status": v}, {"status": v}) for v in ("ACTIVE", "COMPLETED", "PLANNED")]


def _pairs(s: VersusSample, rng: random.Random, n: int) -> list[VariablesPair]:
    out = []
    for _ in range(n):
        a, b = _org(s, rng), _org(s, rng)
        if a != b:
            out.append(({"from": "Organisation:" + a, "to": "Organisation:" + b}, {"from": a, "to": b}))
    return out


VERSUS: tuple[VersusQuery, ...] = (
    VersusQuery(
        "country_projects",
        "10 projects of a country, their participants (role) and each participant's country",
        _countries,
        _country_projects_ours,
        _country_projects_theirs,
    ),
    VersusQuery("projects_first_page", "first page of 20 projects by title", _no_variables, _page_ours, _page_theirs),
    VersusQuery(
        "projects_deep_page",
        "10 projects by title after a deep cursor (the 4,990th project on the 10k graph)",
        _deep,
        _page_ours,
        _deep_theirs,
    ),
    VersusQuery(
        "projects_with_participant_kind",
        "projects of a status with a participant of a kind (e.g. active with an NHRI): count and first page",
        _with_kind,
        _with_kind_ours,
        _with_kind_theirs,
    ),
    VersusQuery(
        "organisation_projects",
        "one organisation, its projects (role) and their countries",
        _organisations,
        _org_projects_ours,
        _org_projects_theirs,
    ),
    VersusQuery(
        "region_countries",
        "countries of a region, each with its organisations' count and first 5 by key",
        _regions,
        _region_ours,
        _region_theirs,
    ),
    VersusQuery("project_search", "full-text search of projects, 20 hits", _search, _search_ours, _search_theirs),
    VersusQuery(
        "project_aggregates",
        "count and budget of the projects of a status, overall and per country",
        _statuses,
        _aggregates_ours,
        _aggregates_theirs,
    ),
    VersusQuery(
        "path", "shortest path between two organisations (reference: @cypher)", _pairs, _path_ours, _path_theirs
    ),
    VersusQuery(
        "neighbourhood",
        "an organisation's two-hop neighbourhood (reference: @cypher)",
        _organisations,
        _neighbourhood_ours,
        _neighbourhood_theirs,
    ),
)
VERSUS_BY_NAME = {q.name: q for q in VERSUS}

_COUNTRIES = "MATCH (c:Country) WHERE EXISTS { (c)<-[:IMPLEMENTED_IN]-(:Project) } RETURN c.id AS id ORDER BY id"
_TITLES = "MATCH (p:Project) RETURN p.title AS title ORDER BY p.id LIMIT 5000"


async def draw_versus_sample(driver: AsyncDriver, *, database: str, base: Sample) -> VersusSample:
    """The countries with projects and the project titles (a fixed order; the variables' rng does the rest)."""

    async def column(cypher: Any, key: str) -> list[Any]:
        result = await driver.execute_query(cypher, database_=database, routing_=RoutingControl.READ)
        return [r[key] for r in result.records if r[key]]

    return VersusSample(base=base, countries=await column(_COUNTRIES, "id"), titles=await column(_TITLES, "title"))


async def draw_for_side_by_side(driver: AsyncDriver, *, database: str, seed: int) -> VersusSample:
    """What `python -m bench` draws before its side-by-side (its own sample first, then this one), for the tools
    that take the side-by-side's parameter sets without running it (bench/versus_profile.py, profile_layers.py)."""
    base = await draw_sample(driver, database=database, rng=random.Random(seed))
    return await draw_versus_sample(driver, database=database, base=base)


def add_parameter_options(parser: argparse.ArgumentParser, *, sets: int) -> None:
    """`--sets` and `--seed` for the tools that take the side-by-side's parameter sets without running it."""
    parser.add_argument("--sets", type=int, default=sets, help=f"parameter sets per query (default {sets})")
    parser.add_argument(
        "--seed", type=int, default=SEED, help=f"the side-by-side's seed (default {SEED}, as python -m bench)"
    )
