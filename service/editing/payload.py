"""A mutation's payload: the changed object projected by the engine, keyed by response keys."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from service.core.errors import PartnernetError
from service.core.lru import LRU
from service.engine.compilation import CAN_SEE_SENSITIVE, Compilation, CompileContext, map_literal
from service.engine.payloads import link_value, record_payload
from service.engine.projection import node_value
from service.engine.selection import Field, Selection
from service.model.catalog import CONCRETE, LINK_TYPES

# Compiled projections: (id of the selection, subject, privacy, what) -> (the selection, text, parameters). A prepared
# mutation (service/gql/stage.py: one whose variables are read only by its root arguments) hands each request of its
# document the same selection object, so its payload is compiled once; any other mutation's selection is new on each
# request and misses. An entry holds its selection, so the id cannot name another selection while the entry lives.
_COMPILED: Final = LRU(512)


class PayloadShape:
    """The payload's selection of the changed object (`subject`: one field per response key), compiled into the
    statement that runs last: its projection and its parameters."""

    def __init__(self, field: Field, subject: str | None, *, can_see_sensitive: bool) -> None:
        self.sub = field.sub if subject else None
        self.subject = subject
        self.can_see_sensitive = can_see_sensitive
        self._key: tuple[Any, ...] | None = None
        self._params: dict[str, Any] = {}

    def _values(self, what: tuple[str, ...], project: Callable[[Compilation, Selection], str]) -> str:
        key = (id(self.sub), self.subject, self.can_see_sensitive, what)
        # A mutation projects one thing (again when the driver retries its transaction): two different projections
        # would each number their parameters from the start.
        assert self._key in (None, key), "a payload projects one thing"
        self._key = key
        hit = _COMPILED.get_fresh(key)
        if hit is None or hit[0] is not self.sub:
            comp = Compilation(CompileContext(can_see_sensitive=self.can_see_sensitive))
            named = self.sub.named(self.subject) if self.subject and self.sub else []
            selections = [(f.key, f.sub) for f in named if f.sub is not None]
            text = map_literal([(k, project(comp, sel)) for k, sel in selections]) if selections else "{}"
            hit = (self.sub, text, dict(comp.params.values))
            _COMPILED.put(key, hit)
        self._params = hit[2]
        value: str = hit[1]
        return value

    def node(self, var: str, type_name: str) -> str:
        """The values of the entity bound to `var`, by response key."""
        return self._values(
            ("node", var, type_name), lambda comp, sel: node_value(comp, var, sel, 1, CONCRETE[type_name])
        )

    def record(self, group: str, targets: tuple[str, ...]) -> str:
        """The values of the record bound to `r` (organisation `o`, far end `t`), by response key."""
        return self._values(
            ("record", group, *targets),
            lambda comp, sel: record_payload(comp, group, "r", ("o", "t"), targets, sel, 1),
        )

    def link(self, kind: str, props: str) -> str:
        """The values of the link `kind` between `a` and `b` whose properties `props` holds, by response key."""
        return self._values(
            ("link", kind, props),
            lambda comp, sel: link_value(comp, kind, LINK_TYPES[kind], ("a", "b"), props, sel, 1),
        )

    def params(self) -> dict[str, Any]:
        """The projection's parameters (the privacy flag included)."""
        return {**self._params, CAN_SEE_SENSITIVE: self.can_see_sensitive}


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
