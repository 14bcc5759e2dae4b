"""The compiler's catalog and the Strawberry types describe the same API, field for field."""

from __future__ import annotations

from enum import StrEnum

import pytest
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType, get_named_type

from service.api.compiler import COMPILED_ROOT_FIELDS
from service.api.compiler.catalog import EDGES, NODES, check_identifiers
from service.api.compiler.filters import WHERE
from service.api.passthrough import compiled_types
from service.api.schema import build_schema
from service.entities import enums
from service.seeding import models
from service.settings import Settings

SCHEMA = build_schema(Settings(_env_file=None))._schema  # type: ignore[call-arg]
SPECIAL = {"id", "key"}


def test_catalog_names_are_plain_identifiers() -> None:
    assert check_identifiers() == []


@pytest.mark.parametrize("type_name", sorted(NODES))
def test_every_field_of_a_node_type_is_in_the_catalog(type_name: str) -> None:
    gql_type = SCHEMA.get_type(type_name)
    assert isinstance(gql_type, GraphQLObjectType)
    spec = NODES[type_name]
    fields = set(gql_type.fields)
    assert fields == SPECIAL | set(spec.props) | set(spec.rels)


def test_every_compiled_root_field_is_in_the_schema() -> None:
    assert SCHEMA.query_type is not None
    assert set(SCHEMA.query_type.fields) >= COMPILED_ROOT_FIELDS


WHERE_TYPES = {
    "Project": "ProjectWhere",
    "Organisation": "OrganisationWhere",
    "Country": "CountryWhere",
    "Region": "RegionWhere",
    "Programme": "ProgrammeWhere",
    "Network": "NetworkWhere",
    "CoeBody": "CoeBodyWhere",
    "Theme": "ThemeWhere",
    "ActionPlan": "ActionPlanWhere",
    "participation:Organisation": "ParticipantWhere",
    "participation:Project": "ParticipationWhere",
    "participation:Programme": "ProgrammeParticipationWhere",
    "membership:Organisation": "MemberWhere",
    "membership:Network": "MembershipWhere",
}


@pytest.mark.parametrize(("owner", "input_name"), sorted(WHERE_TYPES.items()))
def test_where_inputs_match_the_filters(owner: str, input_name: str) -> None:
    gql_type = SCHEMA.get_type(input_name)
    assert isinstance(gql_type, GraphQLInputObjectType)
    assert set(gql_type.fields) == set(WHERE[owner]) | {"AND", "OR", "NOT"}


ORDER_ENUMS = {
    "ProjectOrderField": "Project",
    "ProgrammeOrderField": "Programme",
    "OrganisationOrderField": "Nhri",
    "CountryOrderField": "Country",
    "NameOrderField": "Region",
    "AcronymOrderField": "Network",
    "ActionPlanOrderField": "ActionPlan",
}


@pytest.mark.parametrize(("enum_name", "type_name"), sorted(ORDER_ENUMS.items()))
def test_order_fields_match_the_catalog(enum_name: str, type_name: str) -> None:
    gql_enum = SCHEMA.get_type(enum_name)
    assert isinstance(gql_enum, GraphQLEnumType)
    assert set(gql_enum.values) == set(NODES[type_name].orders)


def test_edge_orders_and_fields_match_the_catalog() -> None:
    for enum_name, edge in (("ParticipationOrderField", "participation"), ("MembershipOrderField", "membership")):
        gql_enum = SCHEMA.get_type(enum_name)
        assert isinstance(gql_enum, GraphQLEnumType)
        assert set(gql_enum.values) == set(EDGES[edge].orders)
    for edge_type, edge in (("ParticipantEdge", "participation"), ("MemberEdge", "membership")):
        gql_type = SCHEMA.get_type(edge_type)
        assert isinstance(gql_type, GraphQLObjectType)
        assert set(gql_type.fields) == {"cursor", "node"} | set(EDGES[edge].props)


@pytest.mark.parametrize(
    ("ours", "model"),
    [
        (enums.Confidence, models.Confidence),
        (enums.ProjectStatus, models.ProjectStatus),
        (enums.DivisionAttribution, models.DivisionAttribution),
        (enums.OrganisationKind, models.OrgKind),
        (enums.AuthorityKind, models.AuthorityKind),
        (enums.GanhriStatus, models.GanhriStatus),
        (enums.ParticipationRole, models.Role),
        (enums.RoleClass, models.RoleClass),
        (enums.MembershipStatus, models.MembershipStatus),
    ],
)
def test_graphql_enums_are_the_models_values(ours: type[StrEnum], model: type[StrEnum]) -> None:
    assert [e.value for e in ours] == [e.value for e in model]


def test_passthrough_covers_every_compiled_type() -> None:
    names = compiled_types(SCHEMA, COMPILED_ROOT_FIELDS)
    assert {"Project", "Nhri", "Organisation", "Entity", "Node", "PageInfo", "StatBucket", "SearchHit"} <= names
    for name in names:
        gql_type = SCHEMA.type_map[name]
        if isinstance(gql_type, GraphQLObjectType | GraphQLInterfaceType):
            for field in gql_type.fields.values():
                get_named_type(field.type)  # every field type resolves
