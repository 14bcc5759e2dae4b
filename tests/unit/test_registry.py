"""The registry is consistent with itself, and the schema, the engine and the validators derive from it."""

from __future__ import annotations

import unicodedata

import pytest
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType
from hypothesis import given
from hypothesis import strategies as st

from service.core.errors import DomainError, InvalidInputError, PartnernetError
from service.core.settings import Settings
from service.editing.rules import PERIODS
from service.gql.schema import build_schema
from service.model import catalog, enums
from service.model.enums import UserErrorCode
from service.model.graph import EDGE_VIEWS, NODE_TYPES, REL_TYPES
from service.model.identifiers import check
from service.model.values import clean, clean_text
from service.network.models import NETWORK_TYPES

SCHEMA = build_schema(Settings(_env_file=None)).pipeline.schema  # type: ignore[call-arg]


def test_every_name_a_statement_may_hold_is_a_plain_identifier() -> None:
    assert check() == []


@pytest.mark.parametrize("node", NODE_TYPES, ids=lambda t: t.name)
def test_every_relationship_field_follows_a_declared_relationship_type(node: catalog.NodeType) -> None:  # type: ignore[name-defined]
    declared = {(r.type, catalog.base_name(r.source), catalog.base_name(r.target)) for r in REL_TYPES}
    for rel in node.rels:
        me, far = catalog.base_name(node.name), catalog.base_name(rel.target)
        ends = (me, far) if rel.out else (far, me)
        assert (rel.type, *ends) in declared, f"{node.name}.{rel.name}"


def test_every_edge_view_is_used_and_names_a_group() -> None:
    used = {r.edge for t in NODE_TYPES for r in t.rels if r.edge}
    assert used == {v.name for v in EDGE_VIEWS}
    assert all(v.group in catalog.GROUPS for v in EDGE_VIEWS)


@pytest.mark.parametrize("node", [t for t in NODE_TYPES if not t.abstract], ids=lambda t: t.name)
def test_each_node_type_exposes_every_property_and_relationship(node: catalog.NodeType) -> None:  # type: ignore[name-defined]
    gql = SCHEMA.get_type(node.name)
    assert isinstance(gql, GraphQLObjectType)
    expected = {"id", "key"} | {p.name for p in node.props if p.exposed} | {r.name for r in node.rels}
    expected |= {p.precision.name for p in node.props if p.precision is not None}
    assert set(gql.fields) == expected
    assert "synthetic" not in gql.fields


def test_organisation_kinds_implement_the_organisation_interface() -> None:
    org = SCHEMA.get_type("Organisation")
    assert isinstance(org, GraphQLInterfaceType)
    assert {t.name for t in SCHEMA.get_possible_types(org)} == {k.name for k in catalog.KINDS}


@pytest.mark.parametrize("owner", [t.name for t in catalog.ENTITY_TYPES] + [v.name for v in EDGE_VIEWS])
def test_where_inputs_hold_the_registry_filters(owner: str) -> None:
    gql = SCHEMA.get_type(f"{owner}Where")
    assert isinstance(gql, GraphQLInputObjectType)
    assert set(gql.fields) == {"AND", "OR", "NOT"} | {w.name for w in catalog.where_fields(owner)}


@pytest.mark.parametrize("owner", [t.name for t in catalog.ENTITY_TYPES] + list(catalog.GROUPS))
def test_order_enums_hold_the_registry_sort_fields(owner: str) -> None:
    gql = SCHEMA.get_type(catalog.sort_enum_name(owner))
    assert isinstance(gql, GraphQLEnumType)
    assert set(gql.values) == set(catalog.order_fields(owner))


@pytest.mark.parametrize("enum", catalog.enum_types(), ids=lambda e: e.__name__)
def test_graphql_enums_are_the_registry_enums(enum: type) -> None:
    gql = SCHEMA.get_type(enum.__name__)
    assert isinstance(gql, GraphQLEnumType)
    assert list(gql.values) == [m.name for m in enum]  # type: ignore[attr-defined]


def test_every_link_kind_names_a_structural_relationship() -> None:
    kinds = {k.value for k in catalog.LinkKind}
    assert "COUNTRY_IN_REGION" in kinds
    assert "ACTION_PLAN_FOR_COUNTRY" in kinds
    assert all(not r.group for r in catalog.LINK_TYPES.values())
    assert len(kinds) == len([r for r in REL_TYPES if r.link])


@given(st.text(max_size=60))
def test_text_inputs_are_nfc_stripped_and_free_of_control_characters(text: str) -> None:
    try:
        cleaned = clean_text(text, field="name", max_length=500)
    except InvalidInputError as exc:
        refused = exc
    else:
        refused = None
    if refused is not None:
        assert refused.field == "name"
        normal = unicodedata.normalize("NFC", text).strip()
        assert any(unicodedata.category(c) == "Cc" or c in "\u2028\u2029" for c in normal) or len(normal) > 500
        return
    if cleaned is None:
        assert not unicodedata.normalize("NFC", text).strip()
        return
    assert cleaned == unicodedata.normalize("NFC", cleaned) == cleaned.strip()
    assert not any(unicodedata.category(c) == "Cc" for c in cleaned)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": "A\u000fB"}, "title"),
        ({"title": "x" * 501}, "title"),
        ({"title": "ok", "budgetEur": -1}, "budgetEur"),
        ({"title": "ok", "iatiStatus": 9}, "iatiStatus"),
        ({"title": "ok", "status": "FINISHED"}, "status"),
        ({"title": "ok", "startDate": "2024-02-30"}, "startDate"),
        ({"title": "ok", "sources": ["ftp://x"]}, "sources"),
        ({"title": "ok", "version": 3}, "version"),
        ({}, "title"),
    ],
)
def test_bad_values_are_refused_naming_the_field(values: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInputError) as err:
        clean(catalog.NODES["Project"].props, values, creating=True)
    assert err.value.field == field


def test_partial_dates_keep_their_precision_and_defaults_apply() -> None:
    props = clean(catalog.NODES["Project"].props, {"title": " Café ", "endDate": "2020-02"}, creating=True)
    assert props == {"title": "Café", "endDate": "2020-02-29", "endDatePrecision": "MONTH", "status": "UNKNOWN"}


def test_root_types_are_listed_looked_up_and_searched_under_names_made_from_theirs() -> None:
    roots = {t.name: (t.list_field, t.lookup_field, t.search_kind) for t in NODE_TYPES if t.root}
    assert roots["CoeBody"] == ("coeBodies", "coeBody", "COE_BODY")
    assert roots["ActionPlan"] == ("actionPlans", "actionPlan", "ACTION_PLAN")
    assert roots["Country"] == ("countries", "country", "COUNTRY")
    query = SCHEMA.query_type
    assert query is not None
    kinds = SCHEMA.type_map["EntityKind"]
    assert isinstance(kinds, GraphQLEnumType)
    for listed, looked_up, searched in roots.values():
        assert listed in query.fields
        assert looked_up in query.fields
        assert searched in kinds.values
    assert all(t.list_field is t.lookup_field is t.search_kind is None for t in NODE_TYPES if not t.root)


def test_network_enums_are_the_model_enums_they_extend_and_their_own_members() -> None:
    roles = [(r.value, r.__doc__) for r in enums.NetworkRole]
    assert roles == [(r.value, r.__doc__) for r in enums.ParticipationRole] + [
        ("MEMBER", enums.NetworkRole.MEMBER.__doc__)
    ]
    kinds = [k.value for k in enums.NetworkNodeKind]
    assert kinds == [k.value for k in enums.OrganisationKind] + ["PROJECT", "PROGRAMME", "NETWORK"]
    assert [k.is_organisation for k in enums.NetworkNodeKind] == [True] * len(enums.OrganisationKind) + [False] * 3
    assert [r.value for r in enums.DEFAULT_NETWORK_ROLES] == [
        "PARTNER",
        "BENEFICIARY",
        "CIVIL_SOCIETY_PARTNER",
        "MEMBER",
    ]


def test_user_error_codes_are_the_domain_errors_codes() -> None:
    """A mutation reports exactly the DomainError classes in `userErrors`, so UserErrorCode is their codes."""
    classes, found = [DomainError], set()
    while classes:
        cls = classes.pop()
        found.add(cls.code)
        classes += cls.__subclasses__()
    found.discard(PartnernetError.code)  # DomainError itself adds no code of its own
    assert found == {c.value for c in UserErrorCode}


def test_derived_name_lists_are_the_models() -> None:
    """The ends of the relationships network queries walk, in the order CASE expressions test them; the pairs of
    properties that must be in order (they were written out by hand before they were derived)."""
    assert NETWORK_TYPES == ("Organisation", "Project", "Programme", "Network")
    assert PERIODS == (("startDate", "endDate"), ("startYear", "endYear"), ("since", "until"))
