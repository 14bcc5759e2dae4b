"""The network queries' GraphQL types and root fields, made from the network domain's declarations (service/network)."""

from __future__ import annotations

from typing import Final

from service.gql.build import REQUIRED, Arg, F
from service.gql.model_types import NS
from service.network.analysis import communities
from service.network.catalog import ROOTS, TYPES
from service.network.spec import REQUIRED as NO_DEFAULT
from service.network.spec import Param

# Each answer type and root field is declared once, as data, in service/network (answers.py, analysis/answers.py,
# queries.py, analysis/queries.py); here the declarations' type texts become annotations of the shared namespace
# (service.gql.model_types.NS), where the enums, `Date`, `Node` and the read types already live.
_SCALARS: Final[dict[str, str]] = {"String": "str", "Int": "int", "Float": "float", "Boolean": "bool"}


def annotation(sdl: str) -> str:
    """The namespace annotation of a GraphQL type text: `[NetworkNode!]!` -> `list[NetworkNode]`."""
    nullable = not sdl.endswith("!")
    core = sdl.removesuffix("!")
    if core.startswith("[") and core.endswith("]"):
        text = f"list[{annotation(core[1:-1])}]"
    else:
        text = _SCALARS.get(core, core)
    return f"{text} | None" if nullable else text


def _arg(p: Param) -> Arg:
    return Arg(p.name, annotation(p.type), p.description, REQUIRED if p.default is NO_DEFAULT else p.default)


for _answer in (*TYPES, *communities.TYPES):
    NS.make(_answer.name, _answer.description, [F(o.name, annotation(o.type), o.description) for o in _answer.fields])

NETWORK_QUERY: Final = NS.make(
    "NetworkQuery",
    "Cross-border network queries: paths, neighbourhoods, shared partners, country links and more.",
    [F(r.name, annotation(r.type), r.description, tuple(_arg(p) for p in r.args)) for r in ROOTS],
)

# `communities` is answered by a service (a read, then the partition in Python), not by one compiled statement.
COMMUNITIES_QUERY: Final = NS.make(
    "CommunitiesQuery",
    "Community detection over the followed links.",
    [F(communities.ROOT.name, annotation(communities.ROOT.type), communities.ROOT.description,
       tuple(_arg(p) for p in communities.ROOT.args))],
)  # fmt: skip
