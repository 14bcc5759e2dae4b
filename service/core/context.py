"""The per-request context every stage of the pipeline reads: the app's driver, settings, caller, request id."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

from neo4j import AsyncDriver

from service.core.errors import PartnernetError
from service.core.settings import Settings

Role = Literal["viewer", "editor", "admin"]


@dataclass(frozen=True)
class Principal:
    """Who sent the request, as established by the auth layer (a token's subject and role)."""

    subject: str
    role: Role
    token_id: str | None = None


@dataclass
class Context:
    """What a resolver may use; built fresh for every request, never shared across requests."""

    driver: AsyncDriver
    settings: Settings
    request: Any = None
    response: Any = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    principal: Principal | None = None
    # Set instead of `principal` when the request carried credentials that failed (bad, expired, revoked token):
    # the request then fails with this error rather than silently running as anonymous.
    auth_error: PartnernetError | None = None
    # A WebSocket's `connection_init` payload (Strawberry sets it); carries the token of a subscription.
    connection_params: dict[str, Any] | None = None
    # A bearer token accepted without a lookup (a JWT whose signature holds, or an API key verified earlier in
    # this process) whose revocation is not checked yet: a mutation folds that check into its own statement,
    # anything else calls `service.auth.authenticate.ensure_credentials` first.
    pending_token: str | None = None
    # The type (query, mutation, subscription) and name of the operation, once the pipeline has parsed the document
    # (service/gql/extension.py): what the request's metrics and log line name.
    operation: tuple[str, str | None] | None = None

    @property
    def database(self) -> str:
        """The Neo4j database every statement of this request runs on."""
        return self.settings.neo4j_database

    @property
    def can_see_sensitive(self) -> bool:
        """Editors and admins see organisations marked sensitive; anonymous callers and viewers do not."""
        return self.principal is not None and self.principal.role in ("editor", "admin")
