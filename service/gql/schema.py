"""The one Strawberry schema, and the one pipeline every request takes through it.

Parsing and validation are cached (service/gql/documents.py), the limit rules (service/gql/limits.py) run with
validation, the caller is authenticated, then the compiled stage answers the root fields it has handlers for
(service/gql/stage.py); every error of every result goes through one formatter (service/gql/errors.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import GraphQLNamedType, GraphQLSchema, specified_directives
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from service.core.settings import Settings
from service.engine.reads import READ_FIELDS, compile_read
from service.gql import changes, editing_types, model_types, network_types
from service.gql import io as gql_io
from service.gql.documents import Documents
from service.gql.extension import OnePipeline, PipelineState
from service.gql.limits import limit_rules
from service.gql.scalars import SCALAR_MAP
from service.gql.stage import Compiled, Pipeline, RootHandler, Service
from service.gql.system import SystemQuery
from service.network.analysis.communities import run_communities
from service.network.catalog import ROOTS as NETWORK_ROOTS


@dataclass(frozen=True)
class Part:
    """What one area of the API adds to the schema: root fields (generated or plain), their handlers, types."""

    query: Sequence[type] = ()
    mutation: Sequence[type] = ()
    subscription: Sequence[type] = ()
    handlers: Mapping[str, RootHandler] | None = None
    types: Sequence[type] = ()
    self_checking: frozenset[str] = frozenset()  # mutation roots that check a deferred token themselves


def read_part() -> Part:
    """The read API: connections, lookups, node/nodes, search and statistics (service/engine/reads.py)."""
    root = model_types.NS.make("ReadQuery", "The read API.", model_types.read_root_fields())
    return Part(
        query=(root, SystemQuery),
        handlers={name: Compiled(compile_read) for name in READ_FIELDS},
        types=tuple(model_types.NODE_CLASSES.values()),
    )


def network_part() -> Part:
    """The network queries: paths, neighbourhoods, shared partners and the analyses (service/network)."""
    return Part(query=(network_types.NETWORK_QUERY,), handlers={r.name: Compiled(r.compile) for r in NETWORK_ROOTS})


def communities_part() -> Part:
    """`communities` (service/network/analysis/communities.py): one read, then the partition in a worker thread."""
    return Part(query=(network_types.COMMUNITIES_QUERY,), handlers={"communities": Service(run_communities)})


def editing_part() -> Part:
    """Mutations (service/editing), answered by the stage through the one write pipeline."""
    return Part(mutation=(editing_types.ROOT,), handlers=editing_types.HANDLERS,
                self_checking=editing_types.SELF_CHECKING)  # fmt: skip


def changes_part() -> Part:
    """The change log: `auditLog` and the `graphChanged` subscription (plain Strawberry fields)."""
    return Part(query=(changes.ChangeLogQuery,), subscription=(changes.ChangeLogSubscription,))


def io_part() -> Part:
    """The admin's `importData` mutation (service/io; a plain Strawberry resolver, service/gql/io.py)."""
    return Part(mutation=(gql_io.ImportMutation,))


PARTS: tuple[Callable[[], Part], ...] = (read_part, network_part, communities_part, editing_part, changes_part, io_part)


def _core_schema(schema: strawberry.Schema) -> GraphQLSchema:
    """A graphql-core schema over the very types Strawberry built (its public type map), for field collection."""
    types: list[GraphQLNamedType] = [t.implementation for t in schema.schema_converter.type_map.values()]  # type: ignore[misc]
    by_name = {t.name: t for t in types}
    return GraphQLSchema(
        query=by_name["Query"],  # type: ignore[arg-type]
        mutation=by_name.get("Mutation"),  # type: ignore[arg-type]
        subscription=by_name.get("Subscription"),  # type: ignore[arg-type]
        types=types,
        directives=specified_directives,
    )


class PartnernetSchema(strawberry.Schema):
    """Strawberry's schema with the compiled stage's shared state (`pipeline`: handlers and caches)."""

    pipeline: Pipeline

    def process_errors(self, errors: Any, execution_context: Any = None) -> None:
        """Nothing: FormatErrors logs what needs logging (unexpected errors, with the request id); Strawberry's
        default would log every expected failure too."""


def build_schema(settings: Settings) -> PartnernetSchema:
    """The GraphQL schema with its extensions; `schema.pipeline` is the state its compiled stage shares."""
    parts = [make() for make in PARTS]
    query = merge_types("Query", tuple(t for p in parts for t in p.query))
    mutations = tuple(t for p in parts for t in p.mutation)
    subscriptions = tuple(t for p in parts for t in p.subscription)
    handlers: dict[str, RootHandler] = {}
    for p in parts:
        handlers |= dict(p.handlers or {})
    self_checking = frozenset().union(*(p.self_checking for p in parts))
    shared: list[PipelineState] = []  # filled below: Strawberry builds the extension per request, after this
    extensions: list[Callable[[], SchemaExtension]] = [lambda: OnePipeline(shared[0])]
    schema = PartnernetSchema(
        query=query,
        mutation=merge_types("Mutation", mutations) if mutations else None,
        subscription=merge_types("Subscription", subscriptions) if subscriptions else None,
        types=[t for p in parts for t in p.types],
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
        extensions=extensions,
    )
    core = _core_schema(schema)
    schema.pipeline = Pipeline(core, handlers, max_cost=settings.max_cost)
    shared.append(
        PipelineState(
            settings.max_tokens,
            limit_rules(settings),
            Documents(core, hide_suggestions=not settings.introspection_on),
            schema.pipeline,
            self_checking,
        )
    )
    return schema
