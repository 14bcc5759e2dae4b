"""Read and validate every seed file before any write; all problems are collected, then raised at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import yaml

from service.model.catalog import base_name
from service.seeding.errors import FileProblem, SeedValidationError
from service.seeding.models import SeedGraph, SeedNode, SeedRecord
from service.seeding.reader import RecordReader, SeedFile, show
from service.seeding.records import FORMED_IN, LOCATED_IN, ORG_END, RecordFormat, record_format

# The seed files in load order, each holding the records of one node type or edge group of the registry.
SEED_FILES: Final[tuple[SeedFile, ...]] = (
    SeedFile("regions", record_format("Region")),
    SeedFile("countries", record_format("Country")),
    SeedFile("themes", record_format("Theme")),
    SeedFile("programmes", record_format("Programme")),
    SeedFile("projects", record_format("Project")),
    SeedFile("organisations", record_format("Organisation", names=LOCATED_IN)),
    SeedFile("participations", record_format("Participation", names=ORG_END)),
    SeedFile(
        "networks",
        record_format("Network", names=FORMED_IN),
        members=("members", record_format("Membership", names=ORG_END)),
    ),
    SeedFile("coe_bodies", record_format("CoeBody")),
    SeedFile("action_plans", record_format("ActionPlan")),
)
# libyaml's safe loader when PyYAML has it: four times faster than the pure-Python one on the seed files.
_SAFE_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The file whose records a reference to a node type names.
FILE_OF_TYPE: Final[dict[str, str]] = {s.format.owner: s.stem for s in SEED_FILES if s.format.source is None}


def _load_file(path: Path, stem: str, errors: list[FileProblem]) -> list[Mapping[str, Any]]:
    fname = path.name
    if not path.is_file():
        errors.append(FileProblem(fname, "-", "-", f"file is missing from {path.parent}"))
        return []
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506  # a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "-"
        errors.append(FileProblem(fname, where, "-", f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        return []
    if not isinstance(doc, dict) or set(doc) != {stem}:
        errors.append(FileProblem(fname, "-", "-", f"expected one top-level key {stem!r} holding a list of records"))
        return []
    records = doc[stem] or []
    if not isinstance(records, list):
        errors.append(FileProblem(fname, "-", stem, "expected a list of records"))
        return []
    out: list[Mapping[str, Any]] = []
    for i, rec in enumerate(records):
        if isinstance(rec, dict):
            out.append(rec)
        else:
            errors.append(FileProblem(fname, f"#{i}", "-", f"expected a mapping of fields, got {show(rec)}"))
            out.append({})
    return out


def _read_all(raw: Mapping[str, list[Mapping[str, Any]]], errors: list[FileProblem]) -> dict[str, list[Any]]:
    """The valid records per file (an invalid one is reported and left out)."""
    parsed: dict[str, list[Any]] = {}
    for spec in SEED_FILES:
        items: list[Any] = []
        ids: dict[str, int] = {}
        for i, rec in enumerate(raw.get(spec.stem, [])):
            reader = RecordReader(spec.name, i, rec, errors)
            item = reader.node(spec) if spec.format.source is None else reader.record(spec.format)
            rid = rec.get("id")
            if isinstance(rid, str) and rid in ids:
                reader.error("id", f"duplicate id (also record #{ids[rid]})")
            elif isinstance(rid, str):
                ids[rid] = i
            if item is not None:
                items.append(item)
        parsed[spec.stem] = items
    return parsed


def _check_refs(
    raw: Mapping[str, list[Mapping[str, Any]]], parsed: Mapping[str, list[Any]], errors: list[FileProblem]
) -> None:
    """Every id a valid record names is the id of a record of the right file (an invalid record's id counts: its
    own problems are reported, not those of the records naming it)."""
    ids = {stem: {r.get("id") for r in records} for stem, records in raw.items()}

    def ref(file: str, rid: str, field: str, values: Iterable[str], target_type: str) -> None:
        stem = FILE_OF_TYPE[base_name(target_type)]
        for v in values:
            if v not in ids[stem]:
                kind = base_name(target_type).lower()
                errors.append(FileProblem(file, rid, field, f"unknown {kind} id {v!r} (not in {stem}.yaml)"))

    def ends(file: str, rid: str, prefix: str, fmt: RecordFormat, rec: SeedRecord) -> None:
        assert fmt.source is not None  # edge-group formats have ends
        ref(file, rid, prefix + fmt.source.field, [rec.source], fmt.source.type)
        if not prefix:  # a nested record's target is its parent
            target = next(t for t in fmt.targets if t.type == rec.target_type)
            ref(file, rid, target.field, [rec.target], target.type)

    nested: dict[str, str] = {}
    for spec in SEED_FILES:
        for item in parsed[spec.stem]:
            if isinstance(item, SeedRecord):
                ends(spec.name, item.id, "", spec.format, item)
                continue
            node: SeedNode = item
            for link in spec.format.links:
                targets = node.links.get(link.rel.name, ())
                ref(spec.name, node.id, link.field, targets, link.rel.target)
                if node.id in targets and base_name(link.rel.target) == base_name(node.type):
                    errors.append(FileProblem(spec.name, node.id, link.field, "a record cannot link to itself"))
            if spec.members is None:
                continue
            field, fmt = spec.members
            for i, rec in enumerate(node.records):
                ends(spec.name, node.id, f"{field}[{i}].", fmt, rec)
                if rec.id in nested:  # nested records share one id space across their parents
                    message = f"duplicate id {rec.id!r} (also in {nested[rec.id]})"
                    errors.append(FileProblem(spec.name, node.id, f"{field}[{i}].id", message))
                nested.setdefault(rec.id, node.id)


def validate_records(raw: Mapping[str, list[Mapping[str, Any]]]) -> SeedGraph:
    """Validate raw records per file stem; returns the graph or raises SeedValidationError (all problems)."""
    errors: list[FileProblem] = []
    parsed = _read_all(raw, errors)
    _check_refs(raw, parsed, errors)
    if errors:
        raise SeedValidationError(errors)
    return SeedGraph(**{stem: tuple(items) for stem, items in parsed.items()})


def read_seed_dir(path: Path) -> SeedGraph:
    """Read and validate all seed files in `path`; raises SeedValidationError listing every problem found."""
    errors: list[FileProblem] = []
    if not path.is_dir():
        raise SeedValidationError([FileProblem(str(path), "-", "-", "is not a directory of seed files")])
    raw = {spec.stem: _load_file(path / spec.name, spec.stem, errors) for spec in SEED_FILES}
    try:
        graph = validate_records(raw)
    except SeedValidationError as exc:
        errors.extend(exc.errors)
    if errors:
        raise SeedValidationError(errors)
    return graph
