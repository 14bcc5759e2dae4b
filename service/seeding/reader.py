"""One raw seed record read against its file's format; every problem becomes a FileProblem naming its field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from service.model.catalog import NODES
from service.model.ids import KEY, KEY_HELP
from service.model.spec import Shape
from service.seeding.errors import FileProblem
from service.seeding.models import SeedNode, SeedRecord
from service.seeding.records import RecordFormat, kind_of, pick_target, read_props


@dataclass(frozen=True)
class SeedFile:
    """One seed file: `<stem>.yaml` holds records of `format`; `members` names a list field of nested records
    (a network's memberships) and their format."""

    stem: str
    format: RecordFormat
    members: tuple[str, RecordFormat] | None = None

    @property
    def name(self) -> str:
        return f"{self.stem}.yaml"


def show(value: object) -> str:
    """A value as an error message quotes it (at most 60 characters)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class RecordReader:
    """Reads one raw record; each problem is appended to `errors` as (file, record id, field, message)."""

    def __init__(
        self, file: str, index: int, raw: Mapping[str, Any], errors: list[FileProblem], prefix: str = ""
    ) -> None:
        self.file = file
        self.raw = raw
        self.errors = errors
        self.prefix = prefix
        rid = raw.get("id")
        self.key = rid if isinstance(rid, str) and rid else f"#{index}"

    def error(self, field: str, message: str) -> None:
        self.errors.append(FileProblem(self.file, self.key, self.prefix + field, message))

    def ident(self, field: str, value: Any, *, required: bool = False) -> str | None:
        """An id field's value (a KEY), or None after reporting why it is not one."""
        if value is None:
            if required:
                self.error(field, "is required")
            return None
        if not isinstance(value, str) or not KEY.fullmatch(value):
            self.error(field, f"expected an id ({KEY_HELP}), got {show(value)}")
            return None
        return value

    def _unknown(self, known: tuple[str, ...]) -> None:
        for name in sorted(set(self.raw) - set(known), key=str):
            self.error(str(name), "unknown field (see seeds/README.md for the fields of this file)")

    def node(self, spec: SeedFile) -> SeedNode | None:
        """The record as a node of the file's type, with its links and nested records; None when it is invalid."""
        fmt = spec.format
        before = len(self.errors)
        node_id = self.ident("id", self.raw.get("id"), required=True)
        props = read_props(fmt, self.raw, self.error, complete=True)
        type_name = kind_of(fmt, self.raw) or fmt.owner
        node_type = NODES[type_name]
        if node_type.name_from is not None:
            props["name"] = props.get(node_type.name_from)
        if node_type.id_from is not None and node_id is not None and props.get(node_type.id_from) != node_id:
            self.error("id", f"a {type_name}'s id is its {fmt.name(node_type.id_from)}, got {node_id!r}")
        links: dict[str, tuple[str, ...]] = {}
        for link in fmt.links:
            value = self.raw.get(link.field)
            if link.rel.shape is Shape.ONE:
                one = self.ident(link.field, value)
                links[link.rel.name] = (one,) if one is not None else ()
            elif value is not None and not isinstance(value, list):
                self.error(link.field, f"expected a list of ids, got {show(value)}")
            else:
                ids = (self.ident(f"{link.field}[{i}]", v, required=True) for i, v in enumerate(value or []))
                links[link.rel.name] = tuple(i for i in ids if i is not None)
        records: tuple[SeedRecord, ...] = ()
        known = fmt.columns
        if spec.members is not None:
            field, member_fmt = spec.members
            known = (*known, field)
            records = self._members(field, member_fmt, (fmt.owner, node_id or self.key))
        self._unknown(known)
        if node_id is None or len(self.errors) > before:
            return None
        return SeedNode(type_name, node_id, props, links, records)

    def _members(self, field: str, fmt: RecordFormat, target: tuple[str, str]) -> tuple[SeedRecord, ...]:
        raw = self.raw.get(field)
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.error(field, f"expected a list, got {show(raw)}")
            return ()
        out: list[SeedRecord] = []
        for i, item in enumerate(raw):
            if not isinstance(item, dict):
                self.error(f"{field}[{i}]", f"expected a mapping, got {show(item)}")
                continue
            sub = RecordReader(self.file, i, item, self.errors, prefix=f"{self.prefix}{field}[{i}].")
            sub.key = self.key
            record = sub.record(fmt, target=target)
            if record is not None:
                out.append(record)
        return tuple(out)

    def record(self, fmt: RecordFormat, *, target: tuple[str, str] | None = None) -> SeedRecord | None:
        """The record as a participation or membership; `target` is its far end when the file implies it (a
        network's members), else exactly one of the format's target fields names it."""
        assert fmt.source is not None  # edge-group formats have ends
        before = len(self.errors)
        record_id = self.ident("id", self.raw.get("id"), required=True)
        source = self.ident(fmt.source.field, self.raw.get(fmt.source.field), required=True)
        known = ["id", *fmt.fields, fmt.source.field]
        if target is None:
            known += [t.field for t in fmt.targets]
            given = [(t, self.raw[t.field]) for t in fmt.targets if self.raw.get(t.field) is not None]
            picked = pick_target(fmt, given, self.error)
            if picked is not None and self.ident(picked[0].field, picked[1]) is not None:
                target = (picked[0].type, picked[1])
        props = read_props(fmt, self.raw, self.error, complete=True)
        self._unknown(tuple(known))
        if record_id is None or source is None or target is None or len(self.errors) > before:
            return None
        return SeedRecord(fmt.owner, record_id, source, target[0], target[1], props)
