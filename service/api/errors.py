"""Map every error to a client-safe GraphQL error with a stable extensions.code; mask the unexpected ones."""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError

from service.db.driver import translate_driver_error
from service.errors import PartnernetError

log = logging.getLogger("partnernet.api")


def classify(original: BaseException | None) -> PartnernetError | None:
    """The expected failure behind an exception, if it is one (driver failures are translated first)."""
    if original is None:
        return None
    if isinstance(original, PartnernetError):
        return original
    if isinstance(original, Exception):
        translated = translate_driver_error(original)
        if isinstance(translated, PartnernetError):
            return translated
    return None


def format_error(error: GraphQLError, *, request_id: str) -> GraphQLError:
    """A client-safe copy of `error`: expected failures keep their message and get a code; others are masked."""
    original = error.original_error
    if original is None or (error.path is None and classify(original) is None):
        # Errors without a path come before execution (syntax, validation, variable coercion): graphql-core
        # wrote them for the client, so they keep their message.
        own = dict(error.extensions or {})
        own.setdefault("code", "GRAPHQL_VALIDATION_FAILED")
        return GraphQLError(error.message, error.nodes, error.source, error.positions, error.path, None, own)
    expected = classify(original)
    if expected is not None:
        ext: dict[str, Any] = {"code": expected.code}
        if expected.field:
            ext["field"] = expected.field
        return GraphQLError(expected.message, error.nodes, error.source, error.positions, error.path, None, ext)
    log.error("unexpected error in request %s at %s", request_id, error.path, exc_info=original)
    return GraphQLError(
        f"internal error; quote request id {request_id} when reporting it",
        error.nodes,
        error.source,
        error.positions,
        error.path,
        None,
        {"code": "INTERNAL", "requestId": request_id},
    )
