"""The one error formatter: every error of every operation gets a stable `extensions.code`; unexpected ones are
masked with the request id (and logged with it)."""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError

from service.core.errors import PartnernetError
from service.db.driver import translate_driver_error

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
    if isinstance(original, GraphQLError):  # graphql-core wraps what a resolver raised
        original = original.original_error or original
    expected = classify(original)
    if original is None or (error.path is None and expected is None):
        # Errors without a path come before execution (syntax, validation, variable coercion): graphql-core
        # wrote them for the client, so they keep their message.
        own = dict(error.extensions or {})
        own.setdefault("code", "GRAPHQL_VALIDATION_FAILED")
        return GraphQLError(error.message, error.nodes, error.source, error.positions, error.path, None, own)
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


def format_result(result: Any, *, request_id: str) -> None:
    """Format every error of a result (an execution result or a streamed one) in place."""
    errors = getattr(result, "errors", None)
    if errors:
        result.errors = [format_error(e, request_id=request_id) for e in errors]
