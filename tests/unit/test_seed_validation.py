"""Seed validation: real seeds pass; each kind of corruption is reported with its file, record and field."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from service.core.settings import REPO_ROOT
from service.model.catalog import GROUPS, entity_props
from service.model.dates import parse_partial_date
from service.model.enums import DatePrecision
from service.model.spec import Write
from service.seeding.errors import FileProblem, SeedValidationError
from service.seeding.validate import SEED_FILES, read_seed_dir

SEEDS = REPO_ROOT / "seeds"
Records = list[dict[str, Any]]


def copy_seeds(tmp_path: Path) -> Path:
    out = tmp_path / "seeds"
    out.mkdir()
    for f in SEEDS.glob("*.yaml"):
        shutil.copy(f, out / f.name)
    return out


def edit(path: Path, stem: str, fn: Callable[[Records], object]) -> None:
    doc = yaml.safe_load((path / f"{stem}.yaml").read_text(encoding="utf-8"))
    fn(doc[stem])
    (path / f"{stem}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def errors_of(path: Path) -> list[FileProblem]:
    with pytest.raises(SeedValidationError) as info:
        read_seed_dir(path)
    return list(info.value.errors)


def find(records: Records, rid: str) -> dict[str, Any]:
    return next(r for r in records if r["id"] == rid)


def test_real_seeds_are_valid() -> None:
    graph = read_seed_dir(SEEDS)
    assert len(graph.projects) == 74
    assert len(graph.organisations) == 226
    assert len(graph.participations) == 524


def test_unknown_reference_names_file_record_and_field(tmp_path: Path) -> None:
    path = copy_seeds(tmp_path)
    edit(path, "participations", lambda recs: recs[0].update(org="no-such-org"))
    rid = yaml.safe_load((path / "participations.yaml").read_text())["participations"][0]["id"]
    message = "unknown organisation id 'no-such-org' (not in organisations.yaml)"
    assert errors_of(path) == [FileProblem("participations.yaml", rid, "org", message)]


def test_duplicate_id_is_rejected(tmp_path: Path) -> None:
    path = copy_seeds(tmp_path)
    edit(path, "projects", lambda recs: recs.append(dict(recs[0])))
    errors = errors_of(path)
    assert [(e.file, e.where, e.field) for e in errors] == [("projects.yaml", "ba-hf1-detained", "id")]
    assert "duplicate id" in errors[0].message


def test_bad_date_is_rejected(tmp_path: Path) -> None:
    path = copy_seeds(tmp_path)
    edit(path, "projects", lambda recs: find(recs, "ba-hf2-detained").update(end_date="2022-13-01"))
    errors = errors_of(path)
    assert [(e.file, e.where, e.field) for e in errors] == [("projects.yaml", "ba-hf2-detained", "end_date")]
    assert "month 13" in errors[0].message


def test_end_before_start_is_rejected(tmp_path: Path) -> None:
    path = copy_seeds(tmp_path)
    edit(path, "projects", lambda recs: find(recs, "ba-hf2-detained").update(end_date="2010-01-01"))
    assert [(e.where, e.field) for e in errors_of(path)] == [("ba-hf2-detained", "end_date")]


def test_unknown_kind_and_role_are_rejected(tmp_path: Path) -> None:
    path = copy_seeds(tmp_path)
    edit(path, "organisations", lambda recs: find(recs, "ba-moj").update(kind="MINISTRY"))
    edit(path, "participations", lambda recs: recs[1].update(role="SPONSOR"))
    errors = errors_of(path)
    fields = {(e.file, e.where, e.field) for e in errors}
    assert ("organisations.yaml", "ba-moj", "kind") in fields
    assert any(e.file == "participations.yaml" and e.field == "role" for e in errors)
    assert any(e.message.startswith("must be one of NATIONAL_AUTHORITY") for e in errors)


def test_missing_required_field_and_wrong_type(tmp_path: Path) -> None:
    path = copy_seeds(tmp_path)
    edit(path, "countries", lambda recs: find(recs, "BA").pop("name"))
    edit(path, "projects", lambda recs: find(recs, "ba-hf2-detained").update(budget_eur="a lot"))
    errors = errors_of(path)
    assert FileProblem("countries.yaml", "BA", "name", "is required") in errors
    assert any(e.where == "ba-hf2-detained" and e.field == "budget_eur" for e in errors)


def test_nested_and_unknown_fields_are_named(tmp_path: Path) -> None:
    path = copy_seeds(tmp_path)
    edit(path, "organisations", lambda recs: find(recs, "ba-hro").update(ganhri_status="C"))
    edit(path, "networks", lambda recs: find(recs, "net-ennhri")["members"][0].update(org="ghost"))
    edit(path, "regions", lambda recs: recs[0].update(colour="blue"))
    errors = errors_of(path)
    assert any(e.where == "ba-hro" and e.field == "ganhri_status" for e in errors)
    assert any(e.where == "net-ennhri" and e.field == "members[0].org" for e in errors)
    assert any(e.file == "regions.yaml" and e.field == "colour" and "unknown field" in e.message for e in errors)


def test_control_characters_are_refused_naming_file_record_and_field(tmp_path: Path) -> None:
    path = copy_seeds(tmp_path)
    edit(path, "organisations", lambda recs: find(recs, "ba-moj").update(name="Ministry of\x07 Justice"))
    edit(path, "projects", lambda recs: find(recs, "ba-hf2-detained")["notes"].append("line one\u2028line two"))
    errors = errors_of(path)
    bell = "holds a control character (U+0007); remove it"
    assert FileProblem("organisations.yaml", "ba-moj", "name", bell) in errors
    assert any(
        (e.file, e.where, e.message) == ("projects.yaml", "ba-hf2-detained", "holds a control character (U+2028); "
                                          "remove it") and e.field.startswith("notes[")
        for e in errors
    )  # fmt: skip
    assert len(errors) == 2


def test_values_follow_the_registry(tmp_path: Path) -> None:
    """Ranges, patterns, URLs and kinds come from service/model/graph.py, with no rule of the seed reader's own."""
    path = copy_seeds(tmp_path)
    edit(path, "participations", lambda recs: recs[0].update(share=1.5, iati_role=9))
    edit(path, "countries", lambda recs: find(recs, "BA").update(iso3="bih"))
    edit(path, "projects", lambda recs: find(recs, "ba-hf2-detained")["sources"].append("see the annual report"))
    edit(path, "organisations", lambda recs: find(recs, "coe").update(authority_kind="COURT", npm_mandate=True))
    errors = {(e.file, e.field): e.message for e in errors_of(path)}
    assert errors["participations.yaml", "share"] == "must be at most 1"
    assert errors["participations.yaml", "iati_role"] == "must be at most 4"
    assert errors["countries.yaml", "iso3"].startswith("must be three upper-case letters")
    [(field, message)] = [(f, m) for (file, f), m in errors.items() if file == "projects.yaml"]
    assert field.startswith("sources[")
    assert message == "must be an http(s) URL, got 'see the annual report'"
    assert errors["organisations.yaml", "authority_kind"].startswith("only NATIONAL_AUTHORITY organisations have one")
    assert errors["organisations.yaml", "npm_mandate"].startswith("only NHRI organisations have one")


def test_every_writable_property_of_the_registry_is_a_seed_field() -> None:
    for spec in SEED_FILES:
        owner = spec.format.owner
        props = GROUPS[owner].props if owner in GROUPS else entity_props(owner)
        writable = {p.name for p in props if p.write is not Write.NEVER and p.exposed}
        assert {p.name for p in spec.format.props} == writable, spec.stem
        assert all(field == spec.format.name(p.name) for field, p in spec.format.fields.items())


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = copy_seeds(tmp_path)
    edit(path, "projects", lambda recs: [r.update(status="FINISHED") for r in recs[:3]])
    (path / "coe_bodies.yaml").unlink()
    errors = errors_of(path)
    assert sum(e.field == "status" for e in errors) == 3
    assert any(e.file == "coe_bodies.yaml" and "missing" in e.message for e in errors)


def test_malformed_yaml_is_reported(tmp_path: Path) -> None:
    path = copy_seeds(tmp_path)
    (path / "regions.yaml").write_text("regions:\n  - id: [unclosed\n", encoding="utf-8")
    errors = errors_of(path)
    assert any(e.file == "regions.yaml" and "not valid YAML" in e.message for e in errors)


# --- date parsing -------------------------------------------------------------------------------------------


@given(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_day_dates_round_trip(day: dt.date) -> None:
    for value in (day, day.isoformat()):
        parsed = parse_partial_date(value)
        assert parsed.precision is DatePrecision.DAY
        assert parsed.first == parsed.last == day.isoformat()


@given(st.integers(1800, 2200), st.integers(1, 12))
def test_month_dates_span_the_month(year: int, month: int) -> None:
    parsed = parse_partial_date(f"{year:04d}-{month:02d}")
    assert parsed.precision is DatePrecision.MONTH
    assert parsed.first == f"{year:04d}-{month:02d}-01"
    last = dt.date.fromisoformat(parsed.last)
    assert (last + dt.timedelta(days=1)).day == 1


@given(st.integers(1800, 2200))
def test_year_dates_span_the_year(year: int) -> None:
    for value in (year, str(year)):
        parsed = parse_partial_date(value)
        assert (parsed.precision, parsed.first, parsed.last) == (
            DatePrecision.YEAR,
            f"{year}-01-01",
            f"{year}-12-31",
        )


@given(st.text(max_size=12).filter(lambda s: not s.strip().replace("-", "").isdigit()))
def test_non_dates_are_rejected(text: str) -> None:
    with pytest.raises(ValueError, match=r"expected a date|out of range|not a calendar date"):
        parse_partial_date(text)


@pytest.mark.parametrize("value", ["2021-02-29", "2020-00", "1700", "2020-1-1", True, 3.5, "2020-05-01T10:00"])
def test_invalid_dates(value: object) -> None:
    with pytest.raises(ValueError):  # the message varies by case; the type is the contract
        parse_partial_date(value)
