"""Fill in the GraphQL descriptions of the editing types from one glossary, so every field is documented once."""

from __future__ import annotations

from typing import Any

from strawberry.types.base import get_object_definition

_DATE = "A date YYYY-MM-DD, or YYYY-MM / YYYY when only that much is known."

# Field and argument descriptions by their Python (snake_case) name; the same name means the same thing everywhere.
GLOSSARY: dict[str, str] = {
    "id": "Global id (`Type:key`); inputs also take the bare key.",
    "key": "The stable id without its type prefix (as in the seed files).",
    "name": "Name (for a project, its title).",
    "title": "The project's title (also stored as its name).",
    "sources": "Source URLs (http/https).",
    "confidence": "How sure the sources are.",
    "notes": "Free-text notes.",
    "iso2": "ISO 3166-1 alpha-2 code (also the country's default id).",
    "iso3": "ISO 3166-1 alpha-3 code.",
    "alt_names": "Other names the country goes by.",
    "coe_member": "Whether it is a member state of the Council of Europe.",
    "coe_member_since": "Date of accession to the Council of Europe. " + _DATE,
    "coe_field_office": "The Council of Europe office in the country.",
    "short_name": "Acronym or short name.",
    "type": "Free-text type.",
    "start_date": "When it starts. " + _DATE,
    "start_date_precision": "How much of startDate the sources give: DAY, MONTH or YEAR.",
    "end_date": "When it ends. " + _DATE,
    "end_date_precision": "How much of endDate the sources give: DAY, MONTH or YEAR.",
    "budget_eur": "Budget in euros.",
    "status": "Where it stands.",
    "iati_status": "IATI activity status code.",
    "division_attribution": "How firmly the project is the Co-operation Programmes Division's.",
    "implementing_unit": "The unit implementing the project.",
    "jp_code": "Joint-programme code.",
    "adopted": "When the action plan was adopted. " + _DATE,
    "start_year": "First year covered.",
    "end_year": "Last year covered.",
    "role": "Role (a participation's, or a Council of Europe body's in free text).",
    "kind": "What kind it is.",
    "category": "Free-text category from the sources.",
    "iati_org_type": "IATI organisation type code.",
    "sensitive": "Hidden from anonymous callers and viewers (schema/MODEL.md, Privacy).",
    "authority_kind": "A national authority's kind (NATIONAL_AUTHORITY only).",
    "ganhri_status": "GANHRI accreditation status (NHRIs).",
    "ganhri_status_as_of": "When the GANHRI status was last known. " + _DATE,
    "npm_mandate": "Whether the NHRI is the national preventive mechanism.",
    "organisation_id": "The organisation (global id or key).",
    "target_id": "The other end (global id or key).",
    "source_id": "The link's source (global id or key).",
    "project_id": "The project (give this or programmeId).",
    "programme_id": "The programme (give this or projectId).",
    "network_id": "The network (global id or key).",
    "role_class": "PARTNERSHIP or STRUCTURAL, from the role.",
    "iati_role": "IATI Organisation Role: 1 funding, 2 accountable, 3 extending, 4 implementing.",
    "since": "When it began. " + _DATE,
    "until": "When it ended (null while it runs). " + _DATE,
    "share": "Share of the funding, 0 to 1.",
    "amount_eur": "Amount in euros.",
    "membership_status": "How the organisation belongs to the network.",
    "evidence": "What shows the membership.",
    "expected_version": "The version you read; the change fails with STALE_UPDATE when it has changed since.",
    "deleted_id": "Global id of what was deleted.",
    "added": "Links added.",
    "removed": "Links removed.",
    "add": "Links to add (after the removals).",
    "remove": "Links to remove.",
    "input": "What to create or change.",
    "entity": "Global id of an entity (`Organisation:ba-moj`); omit for every change.",
    "kinds": "Only changes about these (default: all).",
    "after_seq": "Deliver changes after this seq (the last one you saw); omit to start from now.",
    "region": "The region as the change left it.",
    "theme": "The theme as the change left it.",
    "country": "The country as the change left it.",
    "programme": "The programme as the change left it.",
    "project": "The project as the change left it.",
    "action_plan": "The action plan as the change left it.",
    "coe_body": "The Council of Europe body as the change left it.",
    "network": "The network as the change left it.",
    "organisation": "The organisation as the change left it.",
    "participation": "The participation as the change left it.",
    "membership": "The membership as the change left it.",
    "link": "The link as the change left it.",
    "op": "What the change did.",
    "entity_type": "What the change is about.",
    "country_ids": "Countries it is IMPLEMENTED_IN.",
    "theme_ids": "Themes it ADDRESSES.",
    "programme_ids": "Programmes it is PART_OF.",
    "action_plan_ids": "Action plans it CONTRIBUTES_TO.",
    "coe_body_ids": "Council of Europe bodies it is INFORMED_BY.",
    "region_ids": "Regions it is IN_REGION.",
    "country_id": "The country it is in (LOCATED_IN, or FOR_COUNTRY for an action plan).",
    "parent_id": "The organisation it is a SUBUNIT_OF.",
    "predecessor_id": "The programme it SUCCEEDS.",
    "parent_network_id": "The network it is a SUB_NETWORK_OF.",
    "operated_by_id": "The organisation it is OPERATED_BY.",
    "supporter_ids": "Organisations it is SUPPORTED_BY.",
    "formed_in_project_id": "The project it was FORMED_IN.",
}

_TYPE_DOCS = {
    "Payload": "What {} answers: the changed object and the seq of its change-log entry.",
}


def describe(*classes: Any) -> None:
    """Give every field and argument of `classes` without a description the glossary's, and each type one."""
    for cls in classes:
        definition = get_object_definition(cls, strict=True)
        if not definition.description and definition.name.endswith("Payload"):
            definition.description = _TYPE_DOCS["Payload"].format(definition.name.removesuffix("Payload"))
        for field in definition.fields:
            if not field.description and field.python_name in GLOSSARY:
                field.description = GLOSSARY[field.python_name]
            for argument in field.arguments:
                if not argument.description and argument.python_name in GLOSSARY:
                    argument.description = GLOSSARY[argument.python_name]


def describe_module(namespace: dict[str, Any]) -> None:
    """`describe` every Strawberry type, input and interface defined in the module whose globals are `namespace`."""
    module = namespace["__name__"]
    describe(
        *(
            obj
            for obj in list(namespace.values())
            if isinstance(obj, type) and obj.__module__ == module and get_object_definition(obj) is not None
        )
    )
