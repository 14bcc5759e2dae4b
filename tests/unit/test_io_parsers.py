"""Import/export pieces without a database: value encodings, CSV and IATI parsing, the GraphQL answer extractor."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from neo4j import time as ntime

from service.core.settings import REPO_ROOT
from service.io.csv_cells import typed_cell
from service.io.csv_import import plan_csv
from service.io.encoding import from_json, to_json
from service.io.export_formats import csv_cell, merge_types, neo4j_type, type_of
from service.io.iati_orgs import near_duplicates
from service.io.iati_xml import read_iati, show_amount
from service.io.iso import iso_country
from service.io.query_export import extract_graph
from service.seeding.errors import FileProblem

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**63), max_value=2**63 - 1), st.floats(), st.text()
)
values = st.one_of(scalars, st.lists(st.text(), max_size=4), st.lists(st.floats(allow_nan=False), max_size=4))


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b) and type(a) is type(b)


@given(values)
def test_dump_values_round_trip(value: Any) -> None:
    back = from_json(to_json(value))
    if isinstance(value, list):
        assert len(back) == len(value)
        assert all(same(x, y) for x, y in zip(value, back, strict=True))
    else:
        assert same(value, back)


def test_temporal_values_round_trip() -> None:
    for value in (
        ntime.Date(2024, 2, 29),
        ntime.DateTime(2024, 2, 29, 12, 30, 1),
        ntime.Duration(months=1, days=2, seconds=3),
    ):
        assert from_json(to_json(value)) == value


@given(st.one_of(st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(min_size=1), st.lists(st.text())))
def test_csv_cells_read_back_to_the_same_value(value: Any) -> None:
    col_type = type_of(value)
    col_type = "string[]" if col_type == "nothing[]" else col_type
    cell = csv_cell(value, col_type)
    assert same(typed_cell(cell, col_type), value) or value == typed_cell(cell, col_type)


def test_column_types() -> None:
    assert neo4j_type("LIST<STRING NOT NULL> NOT NULL") == "string[]"
    assert neo4j_type("FLOAT NOT NULL") == "float"
    assert neo4j_type("DATE NOT NULL") == "json"
    assert merge_types(["int", "float"]) == "float"
    assert merge_types(["string[]", "nothing[]"]) == "string[]"
    assert merge_types(["string", "int"]) == "json"


def test_csv_headers_are_checked() -> None:
    plan = plan_csv(
        [
            ("organisations.csv", "id,name,colour\nx,X,blue\n"),
            ("projects.csv", "id,title,title\n"),
            ("budgets.csv", "a,b\n1,2\n"),
        ]
    )
    got = {(p.file, p.field, p.message) for p in plan.problems}
    assert ("organisations.csv", "kind", "required column is missing from the header") in got
    assert any(p[0] == "organisations.csv" and p[1] == "colour" and p[2].startswith("unknown column") for p in got)
    assert ("projects.csv", "title", "column appears twice in the header") in got
    assert any(p[0] == "budgets.csv" and "not an import file" in p[2] for p in got)


def test_the_test_iati_file_parses() -> None:
    text = (REPO_ROOT / "tests/data/iati/coe-horizontal-facility.xml").read_text(encoding="utf-8")
    problems: list[FileProblem] = []
    activities = read_iati("hf.xml", text, problems)
    assert problems == []
    assert [a.identifier for a in activities] == [
        "XI-IATI-EC_NEAR-HF2-BA-DETAINED",
        "XI-IATI-EC_NEAR-HF3-BA-EQUAL",
        "XI-IATI-EC_NEAR-HF3-RS-MEDIA-TEST",
    ]
    first = activities[0]
    assert first.other_ids == ["ba-hf2-detained"]
    assert first.budget_eur == 1000050.0
    assert next((p.role, p.type, p.name) for p in first.participants) == (1, 15, "DG NEAR")
    assert activities[2].budget_eur == 750000.0


def test_iati_versions_and_roots() -> None:
    problems: list[FileProblem] = []
    read_iati("old.xml", '<iati-activities version="1.05"><iati-activity/></iati-activities>', problems)
    read_iati("org.xml", "<iati-organisations/>", problems)
    read_iati("cut.xml", "<iati-activities><iati-activity>", problems)
    assert [(p.file, p.field) for p in problems] == [("old.xml", "@version"), ("org.xml", "-"), ("cut.xml", "-")]
    assert problems[0].message.startswith("this is an IATI 1.05 file; partnernet reads versions 2.01, 2.02, 2.03: "
                                          "upgrade it to 2.03 first")  # fmt: skip
    assert problems[2].where == "line 1, column 32"
    problems.clear()
    read_iati("new.xml", '<iati-activities version="2.04"><iati-activity/></iati-activities>', problems)
    assert [p.message for p in problems] == ["unknown IATI version '2.04'; partnernet reads 2.01, 2.02, 2.03"]


def test_the_iati_standard_example_parses_with_notices() -> None:
    text = (REPO_ROOT / "tests/data/iati/activity-standard-example-annotated.xml").read_text(encoding="utf-8")
    problems: list[FileProblem] = []
    notices: list[FileProblem] = []
    [act] = read_iati("example.xml", text, problems, notices)
    assert problems == []
    assert (act.identifier, act.title, act.status) == ("AA-AAA-123456789-ABC123", "Activity title", 2)
    assert [c for c, _ in act.countries] == ["AF", "AG"]
    assert act.regions == ["1:489", "99:A1"]
    assert act.sectors == ["111", "112"]
    assert act.budgets == {"EUR": 3000.0}
    assert [(p.ref, p.role, p.type, p.name) for p in act.participants] == [
        ("BB-BBB-123456789", 1, 40, "Name of Agency B"),
        ("CC-CCC-123456789", 2, 10, "Name of Agency C"),
        ("AA-AAA-123456789", 3, 21, "Name of Agency A"),  # the English narrative, not the French one
    ]
    [flow] = act.transactions
    assert (flow.type, flow.provider and flow.provider.ref, flow.receiver and flow.receiver.ref) == (
        1, "BB-BBB-123456789", "AA-AAA-123456789"
    )  # fmt: skip
    assert flow.summary == "transaction 1 (Incoming Funds) of EUR 1000 on 2012-01-01"
    assert [(n.where.rsplit("/", 1)[1], n.field) for n in notices] == [("sector[3]", "@vocabulary")]


def test_iati_budgets_sum_per_currency_revised_replacing_original() -> None:
    budget = '<budget type="{t}"><period-start iso-date="{s}"/><period-end iso-date="{e}"/>'
    budget += "<value{c}>{v}</value></budget>"
    budgets = "".join([
        budget.format(t=1, s="2024-01-01", e="2024-12-31", c="", v=100),
        budget.format(t=2, s="2024-01-01", e="2024-12-31", c="", v=150),  # replaces the 100 of its period
        budget.format(t=1, s="2025-01-01", e="2025-12-31", c="", v=70),
        budget.format(t=1, s="2025-01-01", e="2025-12-31", c=' currency="USD"', v=9.5),
        budget.format(t=1, s="2026-01-01", e="2026-12-31", c=' currency="LTL"', v=1),  # a withdrawn currency
    ])  # fmt: skip
    text = (f'<iati-activities version="2.03"><iati-activity default-currency="EUR">'
            f"<iati-identifier>X</iati-identifier><title><narrative>T</narrative></title>{budgets}</iati-activity>"
            "</iati-activities>")  # fmt: skip
    problems: list[FileProblem] = []
    notices: list[FileProblem] = []
    [act] = read_iati("b.xml", text, problems, notices)
    assert problems == []
    assert act.budgets == {"EUR": 220.0, "USD": 9.5, "LTL": 1.0}
    assert act.budget_eur == 220.0
    assert [n.message for n in notices] == ["LTL is not a current ISO 4217 currency; kept as written"]
    assert [show_amount(v, c) for c, v in sorted(act.budgets.items())] == ["EUR 220", "LTL 1", "USD 9.5"]


def test_iso_countries_come_from_iso_3166() -> None:
    bolivia = iso_country("BO")
    assert bolivia is not None
    assert (bolivia.alpha3, bolivia.name) == ("BOL", "Bolivia")
    assert "Plurinational State of Bolivia" in bolivia.other_names
    assert iso_country("XK") is None  # Kosovo's code is user-assigned: only a graph's own Country names it
    assert iso_country("ZZ") is None


def test_near_duplicate_names() -> None:
    assert near_duplicates("Agency-B", "agency b")  # case and punctuation
    assert near_duplicates("Türkiye Ombudsman", "Turkiye Ombudsman")  # accents
    assert near_duplicates("Agency Alpha", "Name of Agency Alpha")  # one name inside the other
    assert near_duplicates("Test Rigths Network", "Test Rights Network")  # a typo in a long word
    assert not near_duplicates("Name of Agency B", "Name of Agency C")  # one letter makes another agency
    assert not near_duplicates("Ministry of Justice of Serbia", "Ministry of Interior of Serbia")
    assert not near_duplicates("Ombudsman", "Ombudsman of Testland")  # one word says too little


def test_extractor_reads_network_answers_and_entity_lists() -> None:
    network = {
        "neighbourhood": {
            "nodes": [
                {"id": "Organisation:a", "name": "A", "kind": "NHRI", "countryCodes": ["BA"]},
                {"id": "Project:p", "name": "P", "kind": "PROJECT", "countryCodes": []},
            ],
            "edges": [
                {
                    "id": "a--partner--p",
                    "type": "PARTICIPATES_IN",
                    "source": "Organisation:a",
                    "target": "Project:p",
                    "role": "PARTNER",
                    "sources": ["u"],
                }
            ],
        }
    }
    nodes, edges = extract_graph(network)
    assert [(n.key, n.labels, n.countries) for n in nodes] == [
        ("Organisation:a", ("Nhri", "Organisation"), ("BA",)),
        ("Project:p", ("Project",), ()),
    ]
    assert [(e.key, e.type, e.props["role"]) for e in edges] == [("a--partner--p", "PARTICIPATES_IN", "PARTNER")]

    listing = {
        "organisations": {
            "edges": [
                {"node": {"__typename": "Nhri", "id": "Organisation:a", "name": "A", "country": {"id": "Country:BA"}}},
                {"node": {"id": "Organisation:b", "name": "B", "country": {"id": "Country:BA", "name": "Bosnia"}}},
            ],
            "totalCount": 2,
        }
    }
    nodes, edges = extract_graph(listing)
    assert [n.key for n in nodes] == ["Country:BA", "Organisation:a", "Organisation:b"]
    assert nodes[0].props["name"] == "Bosnia"
    assert sorted((e.source, e.type, e.target) for e in edges) == [
        ("Organisation:a", "COUNTRY", "Country:BA"),
        ("Organisation:b", "COUNTRY", "Country:BA"),
    ]


def test_staff_rows_are_checked_by_the_registry() -> None:
    orgs = (
        "id,name,kind,sensitive,iati_org_type,sources\n"
        "x-ok,Fine,civil-society,yes,22,https://example.org\n"  # case and '-' of an enum value are forgiven
        "x-bell,Bell\x07 rings,CIVIL_SOCIETY,maybe,twelve,ftp://example.org\n"
    )
    plan = plan_csv([("organisations.csv", orgs)])
    assert {(p.where, p.field): p.message for p in plan.problems} == {
        ("line 3", "name"): "holds a control character (U+0007); remove it",
        ("line 3", "sensitive"): "expected true or false, got 'maybe'",
        ("line 3", "iati_org_type"): "expected a whole number, got 'twelve'",
        ("line 3", "sources[0]"): "must be an http(s) URL, got 'ftp://example.org'",
    }
    [row] = plan.rows["CivilSocietyOrganisation"]
    assert row["props"] == {
        "name": "Fine", "kind": "CIVIL_SOCIETY", "sensitive": True, "iatiOrgType": 22, "sources": ["https://example.org"]
    }  # fmt: skip
