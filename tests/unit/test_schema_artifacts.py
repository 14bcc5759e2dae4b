"""schema/schema.graphql matches the code, and every type, field, argument and input field is described."""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    specified_scalar_types,
)

from service.api.schema import build_schema
from service.api.sdl import export_sdl
from service.settings import REPO_ROOT, Settings

SDL_FILE = REPO_ROOT / "schema" / "schema.graphql"


def _settings() -> Settings:
    return Settings(_env_file=None)  # type: ignore[call-arg]


def test_exported_sdl_matches_the_code() -> None:
    expected = export_sdl(_settings())
    assert SDL_FILE.exists(), "run `partnernet schema export`"
    assert SDL_FILE.read_text(encoding="utf-8") == expected, (
        "schema/schema.graphql is stale: run `partnernet schema export` and commit it"
    )


def test_every_type_field_and_argument_is_described() -> None:
    schema = build_schema(_settings())._schema
    missing: list[str] = []
    for name, gql_type in schema.type_map.items():
        if name.startswith("__") or name in specified_scalar_types:
            continue
        if not gql_type.description:
            missing.append(name)
        if isinstance(gql_type, GraphQLObjectType | GraphQLInterfaceType):
            if name in ("Query", "Mutation", "Subscription"):
                pass  # root types are described by their fields
            for field_name, field in gql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing += [f"{name}.{field_name}({a})" for a, arg in field.args.items() if not arg.description]
        elif isinstance(gql_type, GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, field in gql_type.fields.items() if not field.description]
        else:
            assert isinstance(gql_type, GraphQLEnumType | GraphQLScalarType | GraphQLUnionType)
    missing = [m for m in missing if m not in ("Query", "Mutation", "Subscription")]
    assert missing == []
