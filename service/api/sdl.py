"""Export the GraphQL schema as SDL."""

from __future__ import annotations

from service.api.schema import build_schema
from service.settings import Settings


def export_sdl(settings: Settings) -> str:
    """The SDL of the schema the service serves, ending with a newline."""
    return build_schema(settings).as_str().rstrip() + "\n"
