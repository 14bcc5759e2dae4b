"""Let graphql-core read compiled values as they are: dicts keyed by response key, typed by `#typename`.

A compiled root field returns the whole response value of its field in one dict (service/api/compiler). Every
object type reachable from those fields resolves each field as `source[response key]` instead of an attribute,
object types accept dicts, and interfaces read the concrete type the statement wrote. Sources that are not dicts
(objects built by other domains' resolvers) keep the original behaviour.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from graphql import (
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    default_field_resolver,
    get_named_type,
)
from graphql.pyutils import Path

from service.api.compiler import TYPENAME_HINT


def _field_resolver(original: Callable[..., Any] | None) -> Callable[..., Any]:
    def resolve(source: Any, info: Any, **args: Any) -> Any:
        if type(source) is dict:
            path: Path = info.path
            return source[path.key]
        return (original or default_field_resolver)(source, info, **args)

    return resolve


def _is_type_of(original: Callable[..., Any] | None) -> Callable[..., bool]:
    def is_type_of(value: Any, info: Any) -> bool:
        if type(value) is dict:
            return True
        return bool(original(value, info)) if original is not None else True

    return is_type_of


def _resolve_type(original: Callable[..., Any] | None) -> Callable[..., Any]:
    def resolve_type(value: Any, info: Any, abstract: Any) -> Any:
        if type(value) is dict:
            return value[TYPENAME_HINT]
        return original(value, info, abstract) if original is not None else None

    return resolve_type


def compiled_types(schema: GraphQLSchema, root_fields: Iterable[str]) -> set[str]:
    """Names of every object, interface and union type reachable from the given Query fields."""
    query = schema.query_type
    seen: set[str] = set()
    stack: list[GraphQLNamedType] = []
    if query is not None:
        stack = [get_named_type(query.fields[name].type) for name in root_fields if name in query.fields]
    while stack:
        named = stack.pop()
        if named.name in seen or not isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
            continue
        seen.add(named.name)
        if isinstance(named, GraphQLInterfaceType | GraphQLUnionType):
            stack.extend(schema.get_possible_types(named))
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            stack.extend(get_named_type(f.type) for f in named.fields.values())
    return seen


def install_passthrough(schema: GraphQLSchema, root_fields: Iterable[str]) -> set[str]:
    """Patch the types reachable from `root_fields` to read compiled dicts; returns the patched type names."""
    names = compiled_types(schema, root_fields)
    for name in names:
        gql_type = schema.type_map[name]
        if isinstance(gql_type, GraphQLObjectType):
            gql_type.is_type_of = _is_type_of(gql_type.is_type_of)
            for field in gql_type.fields.values():
                field.resolve = _field_resolver(field.resolve)
        elif isinstance(gql_type, GraphQLInterfaceType | GraphQLUnionType):
            gql_type.resolve_type = _resolve_type(gql_type.resolve_type)
    return names
