"""The network root fields and answer types in the service's one schema: described, typed with the read API's
enums and scalars, made from the network domain's declarations (no Neo4j needed)."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLEnumType, GraphQLNamedType, GraphQLObjectType, get_named_type

from service.gql.schema import PartnernetSchema
from service.model import enums
from service.network.catalog import ROOTS, TYPES


def _type(schema: PartnernetSchema, name: str) -> GraphQLNamedType:
    found = schema.pipeline.schema.get_type(name)
    assert found is not None, name
    return found


def test_every_root_field_is_registered_compiled_and_described(network_schema: PartnernetSchema) -> None:
    query = network_schema.pipeline.schema.query_type
    assert query is not None
    assert len(ROOTS) == 9
    for root in ROOTS:
        field = query.fields[root.name]
        assert field.description == root.description
        assert str(field.type) == root.type
        assert root.name in network_schema.pipeline.roots  # answered by the compiled stage, one statement
        assert list(field.args) == [p.name for p in root.args]
        for name, arg in field.args.items():
            assert arg.description, f"{root.name}({name})"


def test_every_answer_type_is_declared_once_and_described(network_schema: PartnernetSchema) -> None:
    for answer in TYPES:
        made = _type(network_schema, answer.name)
        assert isinstance(made, GraphQLObjectType)
        assert made.description == answer.description
        assert list(made.fields) == [o.name for o in answer.fields]
        for out in answer.fields:
            assert str(made.fields[out.name].type) == out.type, f"{answer.name}.{out.name}"
            assert made.fields[out.name].description, f"{answer.name}.{out.name}"


def test_loose_strings_became_the_read_apis_enums_and_dates(network_schema: PartnernetSchema) -> None:
    edge = _type(network_schema, "NetworkEdge")
    node = _type(network_schema, "NetworkNode")
    assert isinstance(edge, GraphQLObjectType)
    assert isinstance(node, GraphQLObjectType)
    types = {name: str(f.type) for name, f in edge.fields.items()}
    assert types["membershipStatus"] == "MembershipStatus"
    assert types["confidence"] == "Confidence"
    assert types["roleClass"] == "RoleClass"
    assert types["since"] == types["until"] == "Date"
    assert str(node.fields["entity"].type) == "Node!"
    assert str(node.fields["label"].type) == "EntityKind!"
    query = network_schema.pipeline.schema.query_type
    assert query is not None
    for root in ROOTS:
        for name, arg in query.fields[root.name].args.items():
            if name in ("asOf", "until") or (name in ("from", "to") and root.name in ("changes", "countryLinks")):
                assert get_named_type(arg.type).name == "Date", f"{root.name}({name})"


def test_enums_come_from_the_model(network_schema: PartnernetSchema) -> None:
    """Each network enum is the model's (service/model/enums.py), with its values and descriptions."""
    for model, name in (
        (enums.NetworkRole, "NetworkRole"),
        (enums.NetworkLinkType, "NetworkLinkType"),
        (enums.NetworkNodeKind, "NetworkNodeKind"),
        (enums.GapKind, "NetworkGapKind"),
        (enums.LinkChangeKind, "NetworkChangeKind"),
    ):
        made: Any = _type(network_schema, name)
        assert isinstance(made, GraphQLEnumType)
        assert list(made.values) == [m.value for m in model]
        assert made.description == model.__doc__
        for member in model:
            if member.__doc__ and member.__doc__ != model.__doc__:
                assert made.values[member.value].description == member.__doc__
