"""Assemble the Strawberry schema from the domain packages' Query and Mutation classes, with limits."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import Any

import strawberry
from graphql import ASTValidationRule
from strawberry.extensions import AddValidationRules, MaxTokensLimiter, ParserCache, ValidationCache
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from service.api.compiler import COMPILED_ROOT_FIELDS
from service.api.errors import format_error
from service.api.passthrough import install_passthrough
from service.api.system import SystemQuery
from service.auth.extension import RejectBadCredentials
from service.changes.resolvers import AuditQuery, ChangesSubscription
from service.entities.resolvers import EntityQuery, LookupQuery
from service.entities.scalars import SCALAR_MAP
from service.entities.types import ORGANISATION_TYPES
from service.io.resolvers import IO_MUTATIONS
from service.mutations.resolvers import MUTATIONS, SELF_CHECKING_MUTATIONS
from service.network.resolvers import NETWORK_QUERIES
from service.settings import Settings

# Each domain package contributes its root classes here; order is the order of fields in the SDL.
QUERY_CLASSES: tuple[type, ...] = (SystemQuery, EntityQuery, LookupQuery, *NETWORK_QUERIES, AuditQuery)
MUTATION_CLASSES: tuple[type, ...] = (*MUTATIONS, *IO_MUTATIONS)
SUBSCRIPTION_CLASSES: tuple[type, ...] = (ChangesSubscription,)
# Types no field names directly (implementations of an interface), so the schema must be told of them.
EXTRA_TYPES: tuple[type, ...] = ORGANISATION_TYPES


class PartnernetSchema(strawberry.Schema):
    """Strawberry's schema whose every result passes through `format_error` (codes, masking, logging)."""

    def process_errors(self, errors: Any, execution_context: Any = None) -> None:
        return None  # format_error logs what needs logging; the default would log expected failures too

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        result = await super().execute(*args, **kwargs)
        errors = getattr(result, "errors", None)
        if errors:
            ctx = kwargs.get("context_value")
            request_id = getattr(ctx, "request_id", "-")
            result.errors = [format_error(e, request_id=request_id) for e in errors]
        return result

    async def stream(self, *args: Any, **kwargs: Any) -> Any:
        # WebSocket operations (subscriptions, and queries/mutations sent over graphql-transport-ws) come here,
        # not through `execute`: their results get the same codes and masking.
        source: Any = await super().stream(*args, **kwargs)
        request_id = getattr(kwargs.get("context_value"), "request_id", "-")

        async def formatted() -> AsyncGenerator[Any, None]:
            async with aclosing(source):
                async for result in source:
                    errors = getattr(result, "errors", None)
                    if errors:
                        result.errors = [format_error(e, request_id=request_id) for e in errors]
                    yield result

        return formatted()


def build_schema(settings: Settings) -> strawberry.Schema:
    """The GraphQL schema with depth, alias and token limits and cached parsing and validation."""
    query = merge_types("Query", QUERY_CLASSES)
    mutation = merge_types("Mutation", MUTATION_CLASSES) if MUTATION_CLASSES else None
    subscription = merge_types("Subscription", SUBSCRIPTION_CLASSES) if SUBSCRIPTION_CLASSES else None
    limit_rules: list[type[ASTValidationRule]] = [
        depth_rule(settings.max_query_depth, None, None),
        alias_rule(settings.max_aliases),
    ]
    schema = PartnernetSchema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        types=EXTRA_TYPES,
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
        # Factories, not instances: Strawberry builds fresh extensions per request (the caches live at module
        # level, keyed by maxsize, so they are shared all the same).
        extensions=[
            # The limit rules are built once: a rule class made per request would change ValidationCache's key
            # (document and rules) every time, so validation would never be cached.
            lambda: AddValidationRules(limit_rules),
            lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
            lambda: ParserCache(maxsize=512),
            lambda: ValidationCache(maxsize=512),
            lambda: RejectBadCredentials(self_checking=SELF_CHECKING_MUTATIONS),
        ],
    )
    # Compiled root fields return their whole response value; let graphql-core read it as it is.
    install_passthrough(schema._schema, COMPILED_ROOT_FIELDS)
    return schema
