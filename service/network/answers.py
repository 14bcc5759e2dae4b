"""The answer types of path, neighbourhood and sharedPartners, and the node and edge every network answer draws."""

# Declared once, as data: the GraphQL layer makes the types from these (service/gql/network_types.py) and shape.py
# the projections (each field's Cypher, over the variables the searches of cypher.py bind).

from __future__ import annotations

from typing import Final

from service.network import cypher as c
from service.network.models import NETWORK_TYPES
from service.network.spec import Answer, Out

AS_OF = Out("asOf", "Date", "Only links active on this day were followed (null: any day).", known=True)
ROLES_USED = Out("rolesUsed", "[NetworkRole!]!", "The roles (and MEMBER) followed.", known=True)


def truncated(what: str) -> str:
    """The description of a `truncated` field: more `what` than `limit` allows."""
    return f"True when more {what} than `limit` allows."


NETWORK_NODE: Final = Answer(
    "NetworkNode",
    "An organisation, project, programme or network as drawn in a network answer.",
    (
        Out("id", "ID!", 'Global id "<Type>:<key>", e.g. "Organisation:ba-moj".', c.global_id("{v}")),
        Out("key", "String!", "The stored id (the seed id), e.g. ba-moj.", "{v}.id"),
        Out("name", "String!", "Name (a project's title).", c.name("{v}")),
        Out("shortName", "String", "Short name or acronym, when known.", "{v}.shortName"),
        Out("kind", "NetworkNodeKind!", "The organisation's kind, or PROJECT, PROGRAMME, NETWORK.",
            c.node_kind("{v}")),
        # EntityKind rather than a free string: the closed set of what an id can name, which `search(kinds:)`
        # takes as it is; the concrete GraphQL type is `entity { __typename }`.
        Out("label", "EntityKind!", "What kind of entity it is: ORGANISATION, PROJECT, PROGRAMME or NETWORK.",
            c.entity_kind("{v}")),
        Out("countryCode", "String", "ISO alpha-2 code of its one country (located in, or implemented in); null "
            "for none or several.", f"[ncs IN [{c.countries('{v}')}] | CASE WHEN size(ncs) = 1 THEN ncs[0] END][0]"),
        Out("countryCodes", "[String!]!", "Every country it is located or implemented in.", c.countries("{v}")),
        Out("distance", "Int", "In a neighbourhood: relationship hops from the centre. Null elsewhere.", "{d}"),
        Out("entity", "Node!", "The entity itself, with every field of the read API: ask for them with "
            "`... on Nhri { ganhriStatus }`, `... on Project { status }`.", "{value}", types=NETWORK_TYPES),
    ),
)  # fmt: skip

NETWORK_EDGE: Final = Answer(
    "NetworkEdge",
    "A participation (PARTICIPATES_IN) or membership (MEMBER_OF), organisation first.",
    (
        Out("id", "ID!", "The relationship's stable id, e.g. ba-moj--partner--wb-hf3-vep.", c.edge_key("{v}")),
        Out("type", "NetworkLinkType!", "PARTICIPATES_IN or MEMBER_OF.", "type({v})"),
        Out("source", "ID!", "Global id of the organisation.", c.edge_source("{v}")),
        Out("target", "ID!", "Global id of the project, programme or network.", c.edge_target("{v}")),
        Out("role", "NetworkRole!", "The participation role; MEMBER for a membership.", c.link_role("{v}")),
        Out("roleClass", "RoleClass", "PARTNERSHIP or STRUCTURAL for a participation; null for a membership.",
            "{v}.roleClass"),
        Out("membershipStatus", "MembershipStatus", "How the organisation belongs to the network (null for a "
            "participation).", "{v}.membershipStatus"),
        Out("since", "Date", "First day of the link, when known.", "{v}.since"),
        Out("until", "Date", "Last day of the link, when known.", "{v}.until"),
        Out("datesDerived", "Boolean!", "True when since/until were copied from the project's dates.",
            "coalesce({v}.datesDerived, false)"),
        Out("evidence", "String", "What states a membership, when the source says.", "{v}.evidence"),
        Out("confidence", "Confidence", "How sure the record is.", "{v}.confidence"),
        Out("sources", "[String!]!", "Source URLs.", "coalesce({v}.sources, [])"),
    ),
)  # fmt: skip

# A path `p` of PathResult.paths; a hop is step `i` of it.
PATH_HOP: Final = Answer(
    "PathHop",
    "One step of a path: from one node to the next over one relationship.",
    (
        Out("from", "NetworkNode!", "The node this step leaves.", "[hn IN [nodes(p)[i]] | {value}][0]", over="hn"),
        Out("to", "NetworkNode!", "The node this step reaches.", "[hn IN [nodes(p)[i + 1]] | {value}][0]", over="hn"),
        Out("edge", "NetworkEdge!", "The relationship crossed (it may point either way).",
            "[he IN [relationships(p)[i]] | {value}][0]", over="he"),
        Out("forward", "Boolean!", "True when the relationship points from `from` to `to`.",
            "startNode(relationships(p)[i]) = nodes(p)[i]"),
    ),
)  # fmt: skip

NETWORK_PATH: Final = Answer(
    "NetworkPath",
    "A path between two entities, as hops in order.",
    (
        Out("length", "Int!", "Number of relationships (hops).", "length(p)"),
        Out("hops", "[PathHop!]!", "The steps from the first endpoint to the second.",
            "[i IN range(0, length(p) - 1) | {value}]"),
        Out("nodes", "[NetworkNode!]!", "The nodes along the path, endpoints included.",
            "[pn IN nodes(p) | {value}]", over="pn"),
        Out("edges", "[NetworkEdge!]!", "The relationships along the path, in order.",
            "[pe IN relationships(p) | {value}]", over="pe"),
    ),
)  # fmt: skip

PATH_RESULT: Final = Answer(
    "PathResult",
    "The shortest paths between two entities over the links the query followed.",
    (
        Out("from", "NetworkNode!", "The first endpoint.", "{value}", over="a"),
        Out("to", "NetworkNode!", "The second endpoint.", "{value}", over="b"),
        Out("found", "Boolean!", "False when no path of at most maxHops exists over these links.", "size(paths) > 0"),
        Out("paths", "[NetworkPath!]!", "Up to k shortest paths, shortest first.", "[p IN paths | {value}]"),
        Out("maxHops", "Int!", "The hop bound used.", known=True),
        Out("rolesUsed", "[NetworkRole!]!", "The roles (and MEMBER) the paths may use.", known=True),
        AS_OF,
    ),
)  # fmt: skip

NEIGHBOURHOOD: Final = Answer(
    "Neighbourhood",
    "An ego network as node and edge lists ready to draw.",
    (
        Out("center", "NetworkNode!", "The entity the neighbourhood is centred on.", "{value}", over="c",
            bind=(("d", "0"),)),
        Out("nodes", "[NetworkNode!]!", "The centre first, then the nodes reached, nearest first (then by id); "
            "each has `distance`.", c.NEIGHBOURHOOD_NODES, over="kn", bind=(("d", "d"),)),
        Out("edges", "[NetworkEdge!]!", "Every followed link between two of the nodes.", c.NEIGHBOURHOOD_EDGES,
            over="r"),
        Out("truncated", "Boolean!", truncated("nodes were reached"), "total > $cap"),
        Out("totalNodes", "Int!", "Nodes reached within `hops`, the centre included, before the cap.", "total + 1"),
        Out("hops", "Int!", "The hop bound used.", known=True),
        ROLES_USED,
        AS_OF,
    ),
)  # fmt: skip

SHARED_PARTNER: Final = Answer(
    "SharedPartner",
    "A node linked to several of the given actors.",
    (
        Out("node", "NetworkNode!", "The shared project, programme, network or organisation.", "{value}", over="fs"),
        Out("actors", "[ID!]!", "Global ids of the given actors it links.",
            f"[lk IN f.linked | last([sa IN actors WHERE sa.id = lk | {c.global_id('sa')}])]"),
        Out("actorCount", "Int!", "How many of the given actors it links.", "size(f.linked)"),
        Out("direct", "Boolean!", "True when every linked actor is linked to it directly (it is their shared "
            "project or network).", "f.direct"),
        Out("via", "[NetworkNode!]!", "For a partner reached through a connector: the projects, programmes and "
            "networks (up to 20).",
            "COLLECT { UNWIND f.vias AS v WITH v ORDER BY v.name, v.id LIMIT 20 RETURN {value} }", over="v"),
    ),
)  # fmt: skip

SHARED_PARTNERS_RESULT: Final = Answer(
    "SharedPartnersResult",
    "What links the given actors: shared connectors and partners, ranked.",
    (
        Out("actors", "[NetworkNode!]!", "The given actors, in the order given.", "[a IN actors | {value}]", over="a"),
        Out("partners", "[SharedPartner!]!", "Ranked by actors linked (desc), direct links first, then connectors "
            "(desc), then name.", "COLLECT { UNWIND found[..$cap] AS f WITH f, f.s AS fs RETURN {value} }"),
        Out("truncated", "Boolean!", truncated("partners matched"), "size(found) > $cap"),
        Out("minShared", "Int!", "The least number of actors a partner links.", known=True),
        ROLES_USED,
        AS_OF,
    ),
)  # fmt: skip

TYPES: Final[tuple[Answer, ...]] = (
    NETWORK_NODE,
    NETWORK_EDGE,
    PATH_HOP,
    NETWORK_PATH,
    PATH_RESULT,
    NEIGHBOURHOOD,
    SHARED_PARTNER,
    SHARED_PARTNERS_RESULT,
)
