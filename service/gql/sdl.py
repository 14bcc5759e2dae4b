"""The SDL of the schema the service serves (`partnernet schema export` writes it to schema/schema.graphql)."""

from __future__ import annotations

from service.core.settings import Settings
from service.gql.schema import build_schema


def export_sdl(settings: Settings) -> str:
    """The SDL of the schema, ending with a newline."""
    return build_schema(settings).as_str().rstrip() + "\n"
