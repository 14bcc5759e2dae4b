"""One exception hierarchy; service/gql/errors.py maps each class to a stable GraphQL extensions.code."""

from __future__ import annotations


class PartnernetError(Exception):
    """Base of every expected failure; `code` is the stable machine-readable reason."""

    code = "INTERNAL"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class DomainError(PartnernetError):
    """A failure of what the caller asked for, not of the service: a mutation reports it in its payload's
    `userErrors` (UserErrorCode holds these codes); elsewhere it is a top-level error."""


class InvalidInputError(DomainError):
    """An argument, input field, seed record or import row is malformed."""

    code = "BAD_USER_INPUT"


class NotFoundError(DomainError):
    """The entity named by an id or natural key does not exist."""

    code = "NOT_FOUND"


class ConflictError(DomainError):
    """The change would duplicate an existing entity."""

    code = "CONFLICT"


class StaleUpdateError(DomainError):
    """The entity changed since the client read it."""

    code = "STALE_UPDATE"


class WouldOrphanError(DomainError):
    """A delete would leave dangling data."""

    code = "WOULD_ORPHAN"


class LimitExceededError(DomainError):
    """A request exceeds a bound (depth, aliases, page size, hops, node cap, time)."""

    code = "LIMIT_EXCEEDED"


class DatabaseUnavailableError(PartnernetError):
    """Neo4j cannot be reached or is not ready."""

    code = "DATABASE_UNAVAILABLE"


class QueryTimeoutError(PartnernetError):
    """A Cypher transaction ran past its timeout."""

    code = "QUERY_TIMEOUT"


class UnauthenticatedError(PartnernetError):
    """No usable credentials were sent."""

    code = "UNAUTHENTICATED"


class InvalidTokenError(UnauthenticatedError):
    """The bearer token is malformed, its signature is wrong, or it names no issued token."""

    code = "INVALID_TOKEN"


class TokenExpiredError(UnauthenticatedError):
    """The bearer token was valid but its lifetime has passed."""

    code = "TOKEN_EXPIRED"


class TokenRevokedError(UnauthenticatedError):
    """The bearer token was revoked by an operator."""

    code = "TOKEN_REVOKED"


class ForbiddenError(PartnernetError):
    """The credentials are valid but their role is too weak."""

    code = "FORBIDDEN"


class LauncherError(PartnernetError):
    """The managed local Neo4j could not be installed, started or stopped."""

    code = "LAUNCHER"


# The codes of missing or unusable credentials (HTTP 401).
AUTH_CODES: frozenset[str] = frozenset(
    c.code for c in (UnauthenticatedError, InvalidTokenError, TokenExpiredError, TokenRevokedError)
)
