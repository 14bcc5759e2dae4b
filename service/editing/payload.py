"""A mutation's payload: the changed object projected by the engine, keyed by response keys."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from service.core.errors import PartnernetError
from service.engine.compilation import CAN_SEE_SENSITIVE, Compilation, CompileContext, map_literal
from service.engine.payloads import link_value, record_payload
from service.engine.projection import node_value
from service.engine.selection import Field, Selection
from service.model.catalog import CONCRETE, LINK_TYPES


class PayloadShape:
    """The payload's selection of the changed object (`subject`: one field per response key), compiled into the
    statement that runs last: its projection and its parameters."""

    def __init__(self, field: Field, subject: str | None, *, can_see_sensitive: bool) -> None:
        self.comp = Compilation(CompileContext(can_see_sensitive=can_see_sensitive))
        named = field.sub.named(subject) if subject and field.sub else []
        # (response key, sub-selection) of every field showing the object
        self.selections = [(f.key, f.sub) for f in named if f.sub is not None]

    def _values(self, project: Callable[[Selection], str]) -> str:
        return map_literal([(key, project(sel)) for key, sel in self.selections]) if self.selections else "{}"

    def node(self, var: str, type_name: str) -> str:
        """The values of the entity bound to `var`, by response key."""
        return self._values(lambda sel: node_value(self.comp, var, sel, 1, CONCRETE[type_name]))

    def record(self, group: str, targets: tuple[str, ...]) -> str:
        """The values of the record bound to `r` (organisation `o`, far end `t`), by response key."""
        return self._values(lambda sel: record_payload(self.comp, group, "r", ("o", "t"), targets, sel, 1))

    def link(self, kind: str, props: str) -> str:
        """The values of the link `kind` between `a` and `b` whose properties `props` holds, by response key."""
        return self._values(lambda sel: link_value(self.comp, kind, LINK_TYPES[kind], ("a", "b"), props, sel, 1))

    def params(self) -> dict[str, Any]:
        """The projection's parameters (the privacy flag included)."""
        return {**self.comp.params.values, CAN_SEE_SENSITIVE: self.comp.ctx.can_see_sensitive}


def field_path(field: str | None) -> list[str] | None:
    """`input.add[2].targetId` -> ["input", "add", "2", "targetId"]: where in the arguments an error is."""
    if not field:
        return None
    return [part for part in re.split(r"[.\[\]]+", field) if part]


def user_error(exc: PartnernetError) -> dict[str, Any]:
    """A domain failure as the payload's UserError (field path, message, code)."""
    return {"field": field_path(exc.field), "message": exc.message, "code": exc.code}


def payload_value(
    field: Field,
    *,
    subject: str | None,
    values: Mapping[str, Any] | None = None,
    seq: int | None = None,
    extra: Mapping[str, Any] | None = None,
    errors: tuple[PartnernetError, ...] = (),
) -> dict[str, Any]:
    """The payload keyed by the selection's response keys: the object's `values` (by key), `extra` fields by
    name, the user errors, the seq of the last change (null when nothing applied), and `replayed: false`."""
    out: dict[str, Any] = {}
    assert field.sub is not None  # payloads are objects
    for f in field.sub.fields:
        if f.name == "__typename":
            out[f.key] = field.sub.type_name
        elif f.name == subject:
            out[f.key] = (values or {}).get(f.key)
        elif f.name == "userErrors":
            out[f.key] = [_error_value(f, e) for e in errors]
        elif f.name == "changeSeq":
            out[f.key] = seq
        elif f.name == "replayed":
            out[f.key] = False
        else:
            out[f.key] = (extra or {}).get(f.name)
    return out


def _error_value(f: Field, exc: PartnernetError) -> dict[str, Any]:
    assert f.sub is not None  # user errors are objects
    error = user_error(exc)
    return {s.key: ("UserError" if s.name == "__typename" else error[s.name]) for s in f.sub.fields}


def replayed(field: Field, stored: Mapping[str, Any]) -> dict[str, Any]:
    """A payload remembered for an idempotency key, answered again with `replayed: true`."""
    assert field.sub is not None  # payloads are objects
    keys = {f.key for f in field.sub.fields if f.name == "replayed"}
    return {k: (True if k in keys else v) for k, v in stored.items()}
