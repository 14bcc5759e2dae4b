"""Network root fields as statements returning the response's shape: the search of cypher.py, a generated end.

Each builder takes the root field's selection (shape.Field trees) and returns one statement whose `value` column
is the field's response value (object keys in any order; the fast path restores the selection's order), plus
the columns the NOT_FOUND checks read. Fields whose value the caller already knows (the bounds and roles used)
are in CONSTANT_FIELDS: the fast path fills them in, the statement leaves them out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from service.network import cypher
from service.network.analysis import cypher as analysis
from service.network.shape import (
    Field,
    NotShapeableError,
    Selection,
    edge_key,
    edge_source,
    edge_target,
    edge_value,
    global_id,
    map_of,
    node_value,
    path_value,
)

# Per root field: the fields answered from the arguments, not the graph.
CONSTANT_FIELDS: Final[dict[str, frozenset[str]]] = {
    "path": frozenset({"maxHops", "rolesUsed", "asOf"}),
    "neighbourhood": frozenset({"hops", "rolesUsed", "asOf"}),
    "sharedPartners": frozenset({"minShared", "rolesUsed", "asOf"}),
    "countryLinks": frozenset({"symmetric", "rolesUsed", "asOf"}),
    "crossBorderPartners": frozenset({"rolesUsed", "asOf"}),
    "brokers": frozenset({"rolesUsed", "asOf"}),
    "changes": frozenset({"rolesUsed"}),
}


def _collected(fields: Sequence[Field], element: Callable[[Selection], str], list_var: str) -> tuple[str, list[str]]:
    """What to collect into `list_var` for a list field selected under `fields`, and each key's read of it.

    One selection collects its elements directly; several (aliases with different selections) collect one map
    per element holding each selection's value, which each key then picks out.
    """
    if len(fields) == 1:
        return element(fields[0].sub), [list_var]
    variants = [(f"v{i}", element(f.sub)) for i, f in enumerate(fields)]
    return map_of(variants), [f"[x IN {list_var} | x.v{i}]" for i in range(len(fields))]


def _root(
    name: str, sel: Selection, typename: str, entries: dict[str, Callable[[Field], str]]
) -> list[tuple[str, str]]:
    """The (key, expression) pairs of a root value: its own fields, `__typename`, constants left out."""
    out: list[tuple[str, str]] = []
    for f in sel:
        if f.name in CONSTANT_FIELDS[name]:
            continue
        if f.name == "__typename":
            out.append((f.key, f"'{typename}'"))
            continue
        build = entries.get(f.name)
        if build is None:
            raise NotShapeableError(f"no expression for {typename}.{f.name}")
        out.append((f.key, build(f)))
    return out


def _fields(sel: Selection, name: str) -> list[Field]:
    return [f for f in sel if f.name == name]


def path_statement(sel: Selection, *, max_hops: int, k: int, avoid: bool) -> str:
    """`path`: columns startFound, endFound, value."""
    paths = _fields(sel, "paths")
    element, reads = _collected(paths, lambda sub: path_value("p", sub), "paths")
    read = dict(zip((f.key for f in paths), reads, strict=True))
    value = _root(
        "path",
        sel,
        "PathResult",
        {
            "from": lambda f: node_value("a", f.sub),
            "to": lambda f: node_value("b", f.sub),
            "found": lambda f: "size(paths) > 0",
            "paths": lambda f: read[f.key],
        },
    )
    tail = f"RETURN a IS NOT NULL AS startFound, b IS NOT NULL AS endFound, {map_of(value)} AS value"
    return cypher.path_query(max_hops=max_hops, k=k, avoid=avoid, path=element if paths else "true", tail=tail)


def neighbourhood_statement(sel: Selection, *, hops: int) -> str:
    """`neighbourhood`: columns found, value. Edges ordered as the repository sorts them."""
    parts: list[str] = []
    lists: dict[str, str] = {}
    for i, f in enumerate(_fields(sel, "edges")):
        order = f"{edge_source('r')}, {edge_target('r')}, {edge_key('r')}"
        parts.append(cypher.neighbourhood_links(edge_value("r", f.sub), order=order, into=f"edges{i}"))
        lists[f.key] = f"edges{i}"
    for i, f in enumerate(_fields(sel, "nodes")):
        parts.append(
            "CALL (kept) { UNWIND kept AS k WITH k.n AS kn, k.d AS d "
            f"RETURN collect({node_value('kn', f.sub, distance='d')}) AS nodes{i} }} "
        )
        lists[f.key] = f"[{node_value('c', f.sub, distance='0')}] + nodes{i}"
    value = _root(
        "neighbourhood",
        sel,
        "Neighbourhood",
        {
            "center": lambda f: node_value("c", f.sub, distance="0"),
            "nodes": lambda f: lists[f.key],
            "edges": lambda f: lists[f.key],
            "truncated": lambda f: "total > $cap",
            "totalNodes": lambda f: "total + 1",
        },
    )
    tail = "".join(parts) + f"RETURN c IS NOT NULL AS found, {map_of(value)} AS value"
    return cypher.neighbourhood_query(hops=hops, tail=tail)


def _shared_partner(sub: Selection) -> str:
    out: list[tuple[str, str]] = []
    for f in sub:
        if f.name == "__typename":
            out.append((f.key, "'SharedPartner'"))
        elif f.name == "node":
            out.append((f.key, node_value("fs", f.sub)))
        elif f.name == "actors":
            # The repository maps each linked actor id to the global id of the (last) actor with that id.
            out.append((f.key, f"[lk IN f.linked | last([sa IN actors WHERE sa.id = lk | {global_id('sa')}])]"))
        elif f.name == "actorCount":
            out.append((f.key, "size(f.linked)"))
        elif f.name == "direct":
            out.append((f.key, "f.direct"))
        elif f.name == "via":
            out.append(
                (
                    f.key,
                    "COLLECT { UNWIND f.vias AS v WITH v ORDER BY v.name, v.id LIMIT 20 "
                    f"RETURN {node_value('v', f.sub)} AS m }}",
                )
            )
        else:
            raise NotShapeableError(f"no expression for SharedPartner.{f.name}")
    return map_of(out)


def shared_partners_statement(sel: Selection) -> str:
    """`sharedPartners`: columns missing, value."""
    partners = _fields(sel, "partners")
    element, reads = _collected(partners, _shared_partner, "partners")
    read = dict(zip((f.key for f in partners), reads, strict=True))
    call = (
        f"CALL (found, actors) {{ UNWIND found[..$cap] AS f WITH f, f.s AS fs RETURN collect({element}) AS partners }} "
        if partners
        else ""
    )
    value = _root(
        "sharedPartners",
        sel,
        "SharedPartnersResult",
        {
            "actors": lambda f: f"[a IN actors | {node_value('a', f.sub)}]",
            "partners": lambda f: read[f.key],
            "truncated": lambda f: "size(found) > $cap",
        },
    )
    return cypher.SHARED_PARTNERS_SEARCH + call + f"RETURN missing, {map_of(value)} AS value"


def _cross_border_partner(sub: Selection, calls: list[str]) -> str:
    out: list[tuple[str, str]] = []
    for f in sub:
        if f.name == "__typename":
            out.append((f.key, "'CrossBorderPartner'"))
        elif f.name == "node":
            out.append((f.key, node_value("fp", f.sub)))
        elif f.name == "countryCode":
            out.append((f.key, "f.country"))
        elif f.name == "links":
            name = f"links{len(calls)}"
            calls.append(
                f"CALL (f) {{ UNWIND f.links AS l WITH l, l.c AS lc RETURN collect({_link(f.sub)}) AS {name} }} "
            )
            out.append((f.key, name))
        else:
            raise NotShapeableError(f"no expression for CrossBorderPartner.{f.name}")
    return map_of(out)


def _link(sub: Selection) -> str:
    out: list[tuple[str, str]] = []
    for f in sub:
        if f.name == "__typename":
            out.append((f.key, "'CrossBorderLink'"))
        elif f.name == "via":
            out.append((f.key, node_value("lc", f.sub)))
        elif f.name == "roles":
            out.append((f.key, "l.own"))
        elif f.name == "partnerRoles":
            out.append((f.key, "l.theirs"))
        else:
            raise NotShapeableError(f"no expression for CrossBorderLink.{f.name}")
    return map_of(out)


def cross_border_statement(sel: Selection) -> str:
    """`crossBorderPartners`: columns found, value."""
    partners = _fields(sel, "partners")
    calls: list[str] = []
    element, reads = _collected(partners, lambda sub: _cross_border_partner(sub, calls), "partners")
    read = dict(zip((f.key for f in partners), reads, strict=True))
    call = (
        "CALL (found) { UNWIND found[..$cap] AS f WITH f, f.p AS fp "
        + "".join(calls)
        + f"RETURN collect({element}) AS partners }} "
        if partners
        else ""
    )
    value = _root(
        "crossBorderPartners",
        sel,
        "CrossBorderPartnersResult",
        {
            "org": lambda f: node_value("o", f.sub),
            "partners": lambda f: read[f.key],
            "truncated": lambda f: "size(found) > $cap",
        },
    )
    return analysis.CROSS_BORDER_SEARCH + call + f"RETURN o IS NOT NULL AS found, {map_of(value)} AS value"


def _cell(sub: Selection, calls: list[str]) -> str:
    out: list[tuple[str, str]] = []
    for f in sub:
        if f.name == "__typename":
            out.append((f.key, "'CountryLinkCell'"))
        elif f.name == "countryA":
            out.append((f.key, "a"))
        elif f.name == "countryB":
            out.append((f.key, "b"))
        elif f.name == "links":
            out.append((f.key, "links"))
        elif f.name == "projects":
            out.append((f.key, "size([x IN connectors WHERE NOT x:Network])"))
        elif f.name == "networks":
            out.append((f.key, "size([x IN connectors WHERE x:Network])"))
        elif f.name == "examples":
            name = f"examples{len(calls)}"
            calls.append(
                "CALL (connectors) { UNWIND connectors[..3] AS x "
                f"RETURN collect({node_value('x', f.sub)}) AS {name} }} "
            )
            out.append((f.key, name))
        else:
            raise NotShapeableError(f"no expression for CountryLinkCell.{f.name}")
    return map_of(out)


def country_links_statement(sel: Selection) -> str:
    """`countryLinks`: columns regionFound, programmeFound, value. No cells selected, no cells computed."""
    cells = _fields(sel, "cells")
    calls: list[str] = []
    element, reads = _collected(cells, lambda sub: _cell(sub, calls), "cells")
    read = dict(zip((f.key for f in cells), reads, strict=True))
    keep = "".join(f", examples{i}" for i in range(len(calls)))
    call = (
        analysis.COUNTRY_LINKS_CELLS
        + "".join(calls)
        + f"WITH a, b, links, connectors{keep} ORDER BY a, b RETURN collect({element}) AS cells }} "
        if cells
        else ""
    )
    value = _root(
        "countryLinks",
        sel,
        "CountryLinksResult",
        {"countries": lambda f: analysis.COUNTRY_LINKS_AXIS, "cells": lambda f: read[f.key]},
    )
    return analysis.COUNTRY_LINKS_HEAD + call + f"RETURN {analysis.COUNTRY_LINKS_FOUND}, {map_of(value)} AS value"


def _broker(sub: Selection) -> str:
    out: list[tuple[str, str]] = []
    for f in sub:
        if f.name == "__typename":
            out.append((f.key, "'Broker'"))
        elif f.name == "node":
            out.append((f.key, node_value("o", f.sub)))
        elif f.name == "countryCode":
            out.append((f.key, "home"))
        elif f.name == "score":
            out.append((f.key, "size(reached)"))
        elif f.name == "countriesReached":
            out.append((f.key, "COLLECT { UNWIND reached AS cr RETURN cr ORDER BY cr }"))
        elif f.name == "bridgingConnectors":
            out.append((f.key, "bridging"))
        elif f.name == "connectors":
            out.append((f.key, analysis.BROKER_CONNECTORS))
        else:
            raise NotShapeableError(f"no expression for Broker.{f.name}")
    return map_of(out)


def brokers_statement(sel: Selection) -> str:
    """`brokers`: columns regionFound, value. The ranking runs even with no broker selected (it finds nothing)."""
    brokers = _fields(sel, "brokers")
    element, reads = _collected(brokers, _broker, "brokers")
    read = dict(zip((f.key for f in brokers), reads, strict=True))
    value = _root("brokers", sel, "BrokersResult", {"brokers": lambda f: read[f.key]})
    call = analysis.BROKERS_SEARCH + f"RETURN collect({element}) AS brokers }} " if brokers else ""
    head = "" if brokers else "OPTIONAL MATCH (reg:Region {id: $region}) "
    return head + call + f"RETURN {analysis.BROKERS_FOUND}, {map_of(value)} AS value"


def _change(sub: Selection) -> str:
    out: list[tuple[str, str]] = []
    for f in sub:
        if f.name == "__typename":
            out.append((f.key, "'LinkChange'"))
        elif f.name == "kind":
            out.append((f.key, "f.change"))
        elif f.name == "date":
            out.append((f.key, "f.date"))
        elif f.name == "edge":
            out.append((f.key, edge_value("fr", f.sub)))
        elif f.name == "org":
            out.append((f.key, node_value("fo", f.sub)))
        elif f.name == "target":
            out.append((f.key, node_value("ft", f.sub)))
        else:
            raise NotShapeableError(f"no expression for LinkChange.{f.name}")
    return map_of(out)


def changes_statement(sel: Selection) -> str:
    """`changes`: column value."""
    changes = _fields(sel, "changes")
    element, reads = _collected(changes, _change, "changes")
    read = dict(zip((f.key for f in changes), reads, strict=True))
    call = (
        "CALL (found) { UNWIND found[..$cap] AS f WITH f, f.r AS fr, f.o AS fo, f.t AS ft "
        f"RETURN collect({element}) AS changes }} "
        if changes
        else ""
    )
    value = _root(
        "changes",
        sel,
        "ChangesResult",
        {
            "changes": lambda f: read[f.key],
            "total": lambda f: "size(found)",
            "truncated": lambda f: "size(found) > $cap",
        },
    )
    return analysis.CHANGES_SEARCH + call + f"RETURN {map_of(value)} AS value"
