"""THE registry: every node type, property, relationship and edge of the partner graph, declared once.

schema/MODEL.md explains the model in prose; this module is its source of truth. Everything else derives from it:
the GraphQL types and inputs (service/gql/model_types.py), the query engine's vocabulary (service/engine), the
validation of mutation inputs, seed files and imports (service/model/values.py), and the closed set of names any
Cypher statement may contain (service/model/identifiers.py).
"""

from __future__ import annotations

from typing import Final

from service.model.enums import (
    AuthorityKind,
    Confidence,
    DivisionAttribution,
    DocEnum,
    GanhriStatus,
    MembershipStatus,
    OrganisationKind,
    ParticipationRole,
    ProjectStatus,
    RoleClass,
)
from service.model.spec import (
    EdgeGroup,
    EdgeView,
    NodeType,
    Partial,
    Prop,
    Rel,
    RelFilter,
    RelType,
    Scalar,
    Shape,
    Write,
)

ORGANISATION: Final = "Organisation"
SOME = (RelFilter.SOME,)
SOME_NONE = (RelFilter.SOME, RelFilter.NONE)
ONE = (RelFilter.ONE,)

# -- properties every node and record shares ----------------------------------------------------------------------

NAME = Prop(
    "name",
    Scalar.STRING,
    "The name (a project's name is its title).",
    nullable=False,
    write=Write.REQUIRED,
    sortable=True,
    max_length=500,
)
PROVENANCE: Final = (
    Prop("confidence", Scalar.ENUM, "How sure the record is: HIGH when a cited source states it.", enum=Confidence),
    Prop("sources", Scalar.URL_LIST, "Source URLs (http or https).", nullable=False, filter=False),
    Prop("notes", Scalar.STRING_LIST, "Notes from the sources.", nullable=False, filter=False, free_text=True),
)
AUDIT: Final = (
    Prop(
        "version",
        Scalar.INT,
        "Incremented by every change; send it as `expectedVersion` to update without "
        "overwriting someone else's change.",
        write=Write.NEVER,
        filter=False,
    ),
    Prop("createdAt", Scalar.DATETIME, "When the record was first written.", write=Write.NEVER),
    Prop("updatedAt", Scalar.DATETIME, "When the record last changed.", write=Write.NEVER),
    Prop(
        "updatedBy",
        Scalar.STRING,
        "Who made the last change (a token's name, or seed-loader).",
        write=Write.NEVER,
        filter=False,
    ),
    Prop(
        "importSource",
        Scalar.STRING,
        "The file an import read the record from, when an import wrote it.",
        write=Write.NEVER,
        filter=False,
    ),
    Prop("importedAt", Scalar.DATETIME, "When an import last wrote the record.", write=Write.NEVER, filter=False),
    Prop("synthetic", Scalar.BOOL, "Made by the synthetic generator.", write=Write.NEVER, exposed=False),
)
ENTITY_PROPS: Final = (NAME, *PROVENANCE, *AUDIT)

_SHORT = Prop(
    "shortName", Scalar.STRING, "The short name or acronym, when there is one.", sortable=True, max_length=100
)
_BUDGET = Prop("budgetEur", Scalar.FLOAT, "Budget in euros (null when unknown).", minimum=0, sortable=True)


def _status(name: str, description: str, default: DocEnum) -> Prop:
    """A status: one value of `default`'s enum, never null (`default` when not given), sortable."""
    kind = type(default)
    return Prop(name, Scalar.ENUM, description, enum=kind, nullable=False, sortable=True, default=default.value)


_STATUS = _status("status", "Where it stands.", ProjectStatus.UNKNOWN)
_START = Prop("startDate", Scalar.DATE, "Start date.", partial=Partial.START, sortable=True)
_END = Prop("endDate", Scalar.DATE, "End date.", partial=Partial.END, sortable=True)
_IATI_ID = Prop(
    "iatiIdentifier", Scalar.STRING, "The IATI identifier, when an IATI import wrote the record.", write=Write.NEVER
)


def _imported_list(name: str, description: str, pattern: str | None = None, pattern_help: str = "") -> Prop:
    """A list only an IATI import writes: read-only in the API, not filterable, each value matching `pattern`."""
    return Prop(
        name,
        Scalar.STRING_LIST,
        description,
        nullable=False,
        write=Write.NEVER,
        filter=False,
        pattern=pattern,
        pattern_help=pattern_help,
    )


def _projects(rel_type: str, description: str) -> Rel:
    return Rel("projects", rel_type, "Project", False, Shape.CONNECTION, description)


def _participants(description: str, filters: tuple[RelFilter, ...]) -> Rel:
    """The organisations taking part in a programme or a project, a page of participations (Participant edges)."""
    return Rel(
        "participants",
        "PARTICIPATES_IN",
        ORGANISATION,
        False,
        Shape.CONNECTION,
        description,
        filters,
        edge="Participant",
    )


def _covered_countries(description: str) -> Rel:
    """The countries a programme or a project covers (set when it is created: `countryIds`)."""
    return Rel("countries", "IMPLEMENTED_IN", "Country", True, Shape.LIST, description, SOME, create_input="countryIds")


def _themes(description: str) -> Rel:
    """The themes a programme or a project addresses (set when it is created: `themeIds`)."""
    return Rel("themes", "ADDRESSES", "Theme", True, Shape.LIST, description, SOME, create_input="themeIds")


# -- node types -------------------------------------------------------------------------------------------------------

REGION = NodeType(
    "Region",
    "A group of countries, e.g. the Western Balkans or the Eastern Partnership.",
    ENTITY_PROPS,
    (Rel("countries", "IN_REGION", "Country", False, Shape.LIST, "Countries in the region, by name."),),
    root=True,
)

COUNTRY = NodeType(
    "Country",
    "A country where projects run or organisations sit.",
    (
        *ENTITY_PROPS,
        Prop(
            "iso2",
            Scalar.STRING,
            "ISO 3166-1 alpha-2 code, e.g. BA.",
            nullable=False,
            write=Write.REQUIRED,
            sortable=True,
            pattern="[A-Z]{2}",
            pattern_help="two upper-case letters (ISO 3166-1 alpha-2)",
        ),
        Prop(
            "iso3",
            Scalar.STRING,
            "ISO 3166-1 alpha-3 code, e.g. BIH (null for Kosovo*).",
            pattern="[A-Z]{3}",
            pattern_help="three upper-case letters (ISO 3166-1 alpha-3)",
        ),
        Prop("coeMember", Scalar.BOOL, "Member state of the Council of Europe."),
        Prop(
            "coeMemberSince",
            Scalar.DATE,
            "Date of accession to the Council of Europe.",
            partial=Partial.START,
            sortable=True,
        ),
        Prop("coeFieldOffice", Scalar.STRING, "The Council of Europe office in the country.", filter=False),
        Prop("altNames", Scalar.STRING_LIST, "Other names the sources use, e.g. BiH.", nullable=False, filter=False),
    ),
    (
        Rel(
            "regions",
            "IN_REGION",
            "Region",
            True,
            Shape.LIST,
            "Regions the country belongs to, by name.",
            SOME,
            create_input="regionIds",
        ),
        Rel(
            "organisations",
            "LOCATED_IN",
            ORGANISATION,
            False,
            Shape.CONNECTION,
            "Organisations located in the country, a page at a time.",
        ),
        _projects("IMPLEMENTED_IN", "Projects implemented in the country, a page at a time."),
        Rel(
            "programmes",
            "IMPLEMENTED_IN",
            "Programme",
            False,
            Shape.LIST,
            "Programmes implemented in the country, by name.",
        ),
        Rel(
            "actionPlans",
            "FOR_COUNTRY",
            "ActionPlan",
            False,
            Shape.LIST,
            "Council of Europe action plans for the country.",
        ),
    ),
    root=True,
    natural_key=("iso2", "name"),
    id_from="iso2",
)

PROGRAMME = NodeType(
    "Programme",
    "A co-operation programme, such as the EU/CoE Horizontal Facility, grouping projects.",
    (
        *ENTITY_PROPS,
        _SHORT,
        Prop("type", Scalar.STRING, "The programme type, as the sources word it."),
        _START,
        _END,
        _BUDGET,
        _STATUS,
    ),
    (
        _projects("PART_OF", "The programme's projects, a page at a time."),
        _covered_countries("Countries the programme covers, by name."),
        _themes("Themes the programme addresses, by name."),
        _participants("Organisations taking part in the programme itself, with roles.", SOME),
        Rel(
            "predecessor",
            "SUCCEEDS",
            "Programme",
            True,
            Shape.ONE,
            "The programme this one succeeds.",
            create_input="predecessorId",
        ),
        Rel("successor", "SUCCEEDS", "Programme", False, Shape.ONE, "The programme succeeding this one."),
    ),
    root=True,
    extra_filters=("activeOn",),
)

PROJECT = NodeType(
    "Project",
    "A co-operation project: what is done, where, when, with whom and with what money.",
    (
        *(
            p
            if p is not NAME
            else Prop("name", Scalar.STRING, NAME.description, nullable=False, write=Write.NEVER, sortable=True)
            for p in ENTITY_PROPS
        ),
        Prop("title", Scalar.STRING, "The title.", nullable=False, write=Write.REQUIRED, sortable=True, max_length=500),
        _STATUS,
        Prop("iatiStatus", Scalar.INT, "IATI activity status code (2 implementing, 4 closed).", minimum=1, maximum=6),
        _START,
        _END,
        _BUDGET,
        Prop(
            "divisionAttribution",
            Scalar.ENUM,
            "How firmly the project is attributed to the Co-operation Programmes Division.",
            enum=DivisionAttribution,
        ),
        Prop("implementingUnit", Scalar.STRING, "The Council of Europe unit running the project.", filter=False),
        Prop("jpCode", Scalar.STRING, "Joint programme code, when there is one.", max_length=100),
        _IATI_ID,
        _imported_list("sectorCodes", "DAC sector codes, when an IATI import wrote the record."),
        _imported_list(
            "regionCodes",
            "IATI recipient-region codes as `<vocabulary>:<code>`, when an IATI import wrote the record: vocabulary "
            "1 is the OECD DAC region list (`1:489`, South America), 2 UN M49, 99 the publisher's own.",
            pattern="(1|2):[0-9]+|99:.+",
            pattern_help="<vocabulary>:<code> with vocabulary 1, 2 (numeric codes) or 99",
        ),
        _imported_list(
            "budgetTotals",
            "Budget totals per currency, `<ISO 4217 code> <amount>` (`USD 1500000`), as an IATI import summed the "
            "activity's budgets (a revised budget replaces the original of its period); budgetEur is the euro total.",
            pattern="[A-Z]{3} -?[0-9]+(\\.[0-9]+)?",
            pattern_help="<ISO 4217 code> <amount>, e.g. USD 1500000",
        ),
    ),
    (
        Rel(
            "programmes",
            "PART_OF",
            "Programme",
            True,
            Shape.LIST,
            "Programmes the project is part of, by name.",
            SOME,
            create_input="programmeIds",
        ),
        _covered_countries("Countries the project is implemented in, by name."),
        _themes("Themes the project addresses, by name."),
        Rel(
            "actionPlans",
            "CONTRIBUTES_TO",
            "ActionPlan",
            True,
            Shape.LIST,
            "Action plans the project contributes to.",
            SOME,
            create_input="actionPlanIds",
        ),
        Rel(
            "coeBodies",
            "INFORMED_BY",
            "CoeBody",
            True,
            Shape.LIST,
            "Council of Europe bodies whose findings inform it.",
            SOME,
            create_input="coeBodyIds",
        ),
        _participants("Organisations taking part, with their role and dates.", SOME_NONE),
        Rel("networks", "FORMED_IN", "Network", False, Shape.LIST, "Networks formed in the project, by name."),
    ),
    root=True,
    name_from="title",
    extra_filters=("activeOn",),
)

THEME = NodeType(
    "Theme",
    "A subject of co-operation, e.g. prison reform.",
    ENTITY_PROPS,
    (
        _projects("ADDRESSES", "Projects addressing the theme, a page at a time."),
        Rel("programmes", "ADDRESSES", "Programme", False, Shape.LIST, "Programmes addressing the theme, by name."),
    ),
    root=True,
)

ACTION_PLAN = NodeType(
    "ActionPlan",
    "A Council of Europe action plan or co-operation document for one country.",
    (
        *ENTITY_PROPS,
        Prop("adopted", Scalar.DATE, "Adoption date.", partial=Partial.START, sortable=True),
        Prop("startYear", Scalar.INT, "First year of the plan.", minimum=1800, maximum=2200, sortable=True),
        Prop("endYear", Scalar.INT, "Last year of the plan.", minimum=1800, maximum=2200),
        _BUDGET,
    ),
    (
        Rel(
            "country",
            "FOR_COUNTRY",
            "Country",
            True,
            Shape.ONE,
            "The country the plan is for.",
            ONE,
            create_input="countryId",
        ),
        _projects("CONTRIBUTES_TO", "Projects contributing to it."),
    ),
    root=True,
)

COE_BODY = NodeType(
    "CoeBody",
    "A Council of Europe monitoring or advisory body whose findings inform projects.",
    (*ENTITY_PROPS, _SHORT, Prop("role", Scalar.STRING, "What the body does, as the sources say.", filter=False)),
    (_projects("INFORMED_BY", "Projects it informs."),),
    root=True,
)

NETWORK = NodeType(
    "Network",
    "A cross-border network of organisations, e.g. ENNHRI.",
    (*ENTITY_PROPS, _SHORT, Prop("type", Scalar.STRING, "The network type, as the sources word it.")),
    (
        Rel(
            "members",
            "MEMBER_OF",
            ORGANISATION,
            False,
            Shape.CONNECTION,
            "Member organisations with their membership.",
            SOME_NONE,
            edge="Member",
        ),
        Rel(
            "operatedBy",
            "OPERATED_BY",
            ORGANISATION,
            True,
            Shape.ONE,
            "The network's secretariat or legal body.",
            create_input="operatedById",
        ),
        Rel(
            "supporters",
            "SUPPORTED_BY",
            ORGANISATION,
            True,
            Shape.LIST,
            "Organisations supporting the network, by name.",
            create_input="supporterIds",
        ),
        Rel(
            "parentNetwork",
            "SUB_NETWORK_OF",
            "Network",
            True,
            Shape.ONE,
            "The network this one is part of.",
            create_input="parentNetworkId",
        ),
        Rel(
            "subNetworks",
            "SUB_NETWORK_OF",
            "Network",
            False,
            Shape.LIST,
            "Networks that are part of this one, by name.",
        ),
        Rel(
            "formedIn",
            "FORMED_IN",
            "Project",
            True,
            Shape.ONE,
            "The project whose activity formed the network.",
            create_input="formedInProjectId",
        ),
    ),
    root=True,
    edge_name="NetworkConnectionEdge",
)

_ORG_PROPS: Final = (
    *ENTITY_PROPS,
    _SHORT,
    Prop(
        "kind",
        Scalar.ENUM,
        "The kind of organisation.",
        enum=OrganisationKind,
        nullable=False,
        write=Write.REQUIRED,
        sortable=True,
    ),
    Prop("category", Scalar.STRING, "The category as the sources word it."),
    Prop("iatiOrgType", Scalar.INT, "IATI organisation type code (10 government, ...).", minimum=0, maximum=999),
    Prop(
        "sensitive",
        Scalar.BOOL,
        "Hidden from anonymous callers and viewers (schema/MODEL.md, Privacy).",
        nullable=False,
        filter=False,
        label="Sensitive",
    ),
    _IATI_ID,
)
_ORG_RELS: Final = (
    Rel(
        "locatedIn",
        "LOCATED_IN",
        "Country",
        True,
        Shape.ONE,
        "The country the organisation is in.",
        ONE,
        create_input="countryId",
    ),
    Rel(
        "parent",
        "SUBUNIT_OF",
        ORGANISATION,
        True,
        Shape.ONE,
        "The organisation this one is a sub-unit of.",
        ONE,
        create_input="parentId",
    ),
    Rel("subunits", "SUBUNIT_OF", ORGANISATION, False, Shape.LIST, "The organisation's sub-units, by name."),
    Rel(
        "participations",
        "PARTICIPATES_IN",
        "Project",
        True,
        Shape.CONNECTION,
        "Projects the organisation takes part in, with its role.",
        SOME_NONE,
        edge="Participation",
    ),
    Rel(
        "programmeParticipations",
        "PARTICIPATES_IN",
        "Programme",
        True,
        Shape.CONNECTION,
        "Programmes the organisation takes part in directly.",
        SOME,
        edge="ProgrammeParticipation",
    ),
    Rel(
        "memberships",
        "MEMBER_OF",
        "Network",
        True,
        Shape.CONNECTION,
        "Networks the organisation belongs to, with the membership.",
        SOME,
        edge="Membership",
    ),
)

ORGANISATION_TYPE = NodeType(
    ORGANISATION,
    "An organisation of any kind; its GraphQL type says which kind.",
    _ORG_PROPS,
    _ORG_RELS,
    abstract=True,
    root=True,
    natural_key=("name", "country"),
)


def _kind(name: str, kind: OrganisationKind, description: str, *extra: Prop) -> NodeType:
    return NodeType(
        name,
        description,
        (*_ORG_PROPS, *extra),
        _ORG_RELS,
        implements=ORGANISATION,
        kind_value=kind.value,
        natural_key=ORGANISATION_TYPE.natural_key,
    )


ORGANISATION_KIND_TYPES: Final = (
    _kind(
        "NationalAuthority",
        OrganisationKind.NATIONAL_AUTHORITY,
        "A national authority: ministry, council, court, prosecution, prison service, ...",
        Prop("authorityKind", Scalar.ENUM, "What kind of authority.", enum=AuthorityKind),
    ),
    _kind(
        "Nhri",
        OrganisationKind.NHRI,
        "A national human rights institution (ombudsman, human rights commission).",
        Prop("ganhriStatus", Scalar.ENUM, "GANHRI accreditation (null when unknown).", enum=GanhriStatus),
        Prop(
            "ganhriStatusAsOf", Scalar.DATE, "When the GANHRI status was stated.", partial=Partial.START, filter=False
        ),
        Prop("ganhriStatusConfidence", Scalar.ENUM, "How sure the GANHRI status is.", enum=Confidence, filter=False),
        Prop(
            "npmMandate",
            Scalar.BOOL,
            "Holds the National Preventive Mechanism mandate (null when the sources do not say).",
        ),
    ),
    _kind(
        "CivilSocietyOrganisation",
        OrganisationKind.CIVIL_SOCIETY,
        "A civil-society organisation: NGO, professional association, research institute.",
    ),
    _kind("Donor", OrganisationKind.DONOR, "A donor: the EU, a donor government or a trust fund."),
    _kind(
        "InternationalOrganisation",
        OrganisationKind.INTERNATIONAL,
        "An international organisation or network body (UN, OSCE, GANHRI, ...).",
    ),
    _kind(
        "CoeEntity",
        OrganisationKind.COE_ENTITY,
        "The Council of Europe or one of its directorates, divisions or field offices.",
    ),
)

# Every node type, abstract Organisation included, in the order the API lists them.
NODE_TYPES: Final[tuple[NodeType, ...]] = (
    PROJECT,
    ORGANISATION_TYPE,
    COUNTRY,
    REGION,
    PROGRAMME,
    NETWORK,
    COE_BODY,
    THEME,
    ACTION_PLAN,
    *ORGANISATION_KIND_TYPES,
)

# -- records: relationships with properties of their own ------------------------------------------------------------

_SINCE = Prop("since", Scalar.DATE, "When it began.", partial=Partial.START, sortable=True)
_UNTIL = Prop("until", Scalar.DATE, "When it ended.", partial=Partial.END)

PARTICIPATION = EdgeGroup(
    "Participation",
    "PARTICIPATES_IN",
    "An organisation's participation in a project or programme, with its role and dates.",
    (
        Prop(
            "role",
            Scalar.ENUM,
            "The organisation's role.",
            enum=ParticipationRole,
            nullable=False,
            write=Write.REQUIRED,
            sortable=True,
        ),
        Prop(
            "roleClass",
            Scalar.ENUM,
            "PARTNERSHIP or STRUCTURAL (implementers, funders); follows the role.",
            enum=RoleClass,
            nullable=False,
            write=Write.NEVER,
        ),
        Prop(
            "iatiRole",
            Scalar.INT,
            "IATI Organisation Role code (1 funding, 2 accountable, 3 extending, 4 implementing).",
            minimum=1,
            maximum=4,
        ),
        _SINCE,
        Prop("until", Scalar.DATE, "When it ended.", partial=Partial.END, sortable=True),
        Prop(
            "datesDerived",
            Scalar.BOOL,
            "True when since/until are the project's dates, the participation having none of its own.",
            write=Write.NEVER,
            filter=False,
        ),
        Prop("share", Scalar.FLOAT, "Share of the funding, when known (0 to 1).", minimum=0, maximum=1, filter=False),
        Prop("amountEur", Scalar.FLOAT, "Amount in euros, when known.", minimum=0, filter=False),
        *PROVENANCE,
        *AUDIT,
    ),
)

MEMBERSHIP = EdgeGroup(
    "Membership",
    "MEMBER_OF",
    "An organisation's membership of a network.",
    (
        _status("membershipStatus", "How the organisation belongs.", MembershipStatus.MEMBER),
        Prop("evidence", Scalar.STRING, "What shows the membership, as the sources say.", filter=False),
        _SINCE,
        _UNTIL,
        *PROVENANCE,
        *AUDIT,
    ),
)

EDGE_GROUPS: Final[tuple[EdgeGroup, ...]] = (PARTICIPATION, MEMBERSHIP)

EDGE_VIEWS: Final[tuple[EdgeView, ...]] = (
    EdgeView(
        "Participant",
        "Participation",
        "organisation",
        "An organisation taking part in a project or programme, with its role and dates.",
        "The organisation.",
    ),
    EdgeView(
        "Participation",
        "Participation",
        "project",
        "A project an organisation takes part in, with its role.",
        "The project.",
    ),
    EdgeView(
        "ProgrammeParticipation",
        "Participation",
        "programme",
        "A programme an organisation takes part in, with its role.",
        "The programme.",
    ),
    EdgeView(
        "Member",
        "Membership",
        "organisation",
        "A member of a network, with its membership.",
        "The member organisation.",
    ),
    EdgeView(
        "Membership",
        "Membership",
        "network",
        "A network an organisation belongs to, with its membership.",
        "The network.",
    ),
)

# -- relationship types (MODEL.md's table) ----------------------------------------------------------------------------

REL_TYPES: Final[tuple[RelType, ...]] = (
    RelType("IN_REGION", "Country", "Region", "The country belongs to the region."),
    RelType("LOCATED_IN", ORGANISATION, "Country", "The organisation is in the country."),
    RelType("SUBUNIT_OF", ORGANISATION, ORGANISATION, "The organisation is a sub-unit of the other."),
    RelType("PART_OF", "Project", "Programme", "The project is part of the programme."),
    RelType("SUCCEEDS", "Programme", "Programme", "The programme succeeds the other."),
    RelType("IMPLEMENTED_IN", "Project", "Country", "The project runs in the country."),
    RelType("IMPLEMENTED_IN", "Programme", "Country", "The programme runs in the country."),
    RelType("ADDRESSES", "Project", "Theme", "The project addresses the theme."),
    RelType("ADDRESSES", "Programme", "Theme", "The programme addresses the theme."),
    RelType("CONTRIBUTES_TO", "Project", "ActionPlan", "The project contributes to the action plan."),
    RelType("FOR_COUNTRY", "ActionPlan", "Country", "The action plan is for the country."),
    RelType("INFORMED_BY", "Project", "CoeBody", "The body's findings inform the project."),
    RelType("SUB_NETWORK_OF", "Network", "Network", "The network is part of the other."),
    RelType("OPERATED_BY", "Network", ORGANISATION, "The organisation is the network's secretariat or legal body."),
    RelType("SUPPORTED_BY", "Network", ORGANISATION, "The organisation supports the network."),
    RelType("FORMED_IN", "Network", "Project", "The project's activity formed the network."),
    RelType("PARTICIPATES_IN", ORGANISATION, "Project", "A participation.", link=False, group="Participation"),
    RelType("PARTICIPATES_IN", ORGANISATION, "Programme", "A participation.", link=False, group="Participation"),
    RelType("MEMBER_OF", ORGANISATION, "Network", "A membership.", link=False, group="Membership"),
)
