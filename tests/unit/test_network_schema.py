"""The network root fields are part of the service's schema, each with a description on every argument."""

from __future__ import annotations

from service.api.schema import QUERY_CLASSES, build_schema
from service.network.resolvers import NETWORK_QUERIES
from service.settings import Settings

FIELDS = (
    "path",
    "neighbourhood",
    "sharedPartners",
    "countryLinks",
    "crossBorderPartners",
    "brokers",
    "gaps",
    "suggestedPartners",
    "changes",
)


def test_network_queries_are_registered_and_described() -> None:
    assert set(NETWORK_QUERIES) <= set(QUERY_CLASSES)
    schema = build_schema(Settings(_env_file=None))  # type: ignore[call-arg]
    query = schema._schema.query_type
    assert query is not None
    for name in FIELDS:
        field = query.fields[name]
        assert field.description, name
        for arg_name, arg in field.args.items():
            assert arg.description, f"{name}({arg_name})"
