"""The per-request context handed to every resolver: the app's driver, settings and a request id."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver

from service.settings import Settings


@dataclass
class Context:
    """What a resolver may use; built fresh for every request, never shared across requests."""

    driver: AsyncDriver
    settings: Settings
    request: Any = None
    response: Any = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    principal: Any = None

    @property
    def database(self) -> str:
        """The Neo4j database every statement of this request runs on."""
        return self.settings.neo4j_database
