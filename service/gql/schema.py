"""The one Strawberry schema, and the one pipeline every request takes through it.

Parsing and validation are cached (Strawberry's ParserCache and ValidationCache), the limit rules run with
validation, the caller is authenticated, then the compiled stage answers the root fields it has handlers for
(service/gql/stage.py); every error of every result goes through one formatter (service/gql/errors.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import strawberry
from graphql import ASTValidationRule, GraphQLNamedType, GraphQLSchema, specified_directives
from strawberry.extensions import AddValidationRules, MaxTokensLimiter, ParserCache, SchemaExtension, ValidationCache
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from service.core.settings import Settings
from service.engine.reads import READ_FIELDS, compile_read
from service.gql import model_types
from service.gql.auth import Authenticate
from service.gql.errors import FormatErrors
from service.gql.scalars import SCALAR_MAP
from service.gql.stage import CompiledStage, Compiled, Pipeline, RootHandler
from service.gql.system import SystemQuery


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


PARTS: tuple[Callable[[], Part], ...] = (read_part,)


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
    limit_rules: list[type[ASTValidationRule]] = [
        depth_rule(settings.max_query_depth, None, None),
        alias_rule(settings.max_aliases),
    ]
    holder: list[Pipeline] = []  # filled below: the stage's factory runs per request, after the schema exists
    # Factories, not instances: Strawberry builds fresh extensions per request (the caches are module-level LRUs,
    # shared all the same). The limit rules are built once, or ValidationCache would never hit (its key holds them).
    extensions: list[Callable[[], SchemaExtension]] = [
        FormatErrors,
        lambda: AddValidationRules(limit_rules),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        lambda: Authenticate(self_checking=self_checking),
        lambda: CompiledStage(holder[0]),
    ]
    schema = PartnernetSchema(
        query=query,
        mutation=merge_types("Mutation", mutations) if mutations else None,
        subscription=merge_types("Subscription", subscriptions) if subscriptions else None,
        types=[t for p in parts for t in p.types],
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
        extensions=extensions,  # type: ignore[arg-type]
    )
    schema.pipeline = Pipeline(_core_schema(schema), handlers)
    holder.append(schema.pipeline)
    return schema
