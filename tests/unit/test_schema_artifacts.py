"""schema/schema.graphql matches the code, and every type, field, argument and input field is described."""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    build_schema,
    specified_scalar_types,
)

from service.core.settings import REPO_ROOT, Settings
from service.gql.sdl import export_sdl

SDL_FILE = REPO_ROOT / "schema" / "schema.graphql"


def _settings() -> Settings:
    return Settings(_env_file=None)


def test_exported_sdl_matches_the_code() -> None:
    expected = export_sdl(_settings())
    assert SDL_FILE.exists(), "run `partnernet schema export`"
    assert SDL_FILE.read_text(encoding="utf-8") == expected, (
        "schema/schema.graphql is stale: run `partnernet schema export` and commit it"
    )


def test_every_type_field_and_argument_is_described() -> None:
    # The SDL holds every description, and graphql-core builds a schema from it through its public API.
    schema = build_schema(export_sdl(_settings()))
    missing: list[str] = []
    for name, gql_type in schema.type_map.items():
        if name.startswith("__") or name in specified_scalar_types:
            continue
        # Root types are described by their fields.
        if not gql_type.description and name not in ("Query", "Mutation", "Subscription"):
            missing.append(name)
        if isinstance(gql_type, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in gql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing += [f"{name}.{field_name}({a})" for a, arg in field.args.items() if not arg.description]
        elif isinstance(gql_type, GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, field in gql_type.fields.items() if not field.description]
        else:
            assert isinstance(gql_type, GraphQLEnumType | GraphQLScalarType | GraphQLUnionType)
    assert missing == []
