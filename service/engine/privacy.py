"""The privacy rule (schema/MODEL.md, Privacy), written once: every read, count, aggregate and export uses it.

An organisation marked sensitive is visible only to callers who may see sensitive organisations (editors and
admins); statements pass `$canSeeSensitive`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, LiteralString

from service.model.catalog import GROUPS, NODES

# The one parameter every statement passes for this rule.
CAN_SEE_SENSITIVE = "canSeeSensitive"


def visible(var: str) -> str:
    """The predicate that holds for the organisation bound to `var` when the caller may see it."""
    return f"(coalesce({var}.sensitive, false) = false OR ${CAN_SEE_SENSITIVE})"


def visible_or_other(var: str) -> str:
    """`visible` for a node that may or may not be an organisation (only organisations are ever hidden)."""
    return f"(NOT {var}:Organisation OR {visible(var)})"


# Every key and name of an organisation the caller may not see (the organisation_sensitive index finds them).
_HIDDEN_WORDS = (
    "COLLECT { MATCH (_hx:Organisation) WHERE _hx.sensitive = true AND NOT $" + CAN_SEE_SENSITIVE + " "
    "UNWIND [_hx.id, _hx.name] AS _hw RETURN _hw }"
)
WITHHELD = "[withheld]"


def withheld(texts: str) -> str:
    """A list of free texts (`texts`, a Cypher list expression) with every key and name of a hidden organisation
    replaced by "[withheld]": a note on a visible record that names a sensitive organisation does not reveal it."""
    return f"[_tx IN {texts} | reduce(_ts = _tx, _hw IN {_HIDDEN_WORDS} | replace(_ts, _hw, '{WITHHELD}'))]"


# The same rule for text leaving through another path (exports): the words to withhold, read once per export.
HIDDEN_WORDS: Final[LiteralString] = (
    "MATCH (h:Organisation) WHERE h.sensitive = true RETURN collect(h.id) + collect(h.name) AS words"
)
FREE_TEXT: Final[frozenset[str]] = frozenset(
    p.name for t in NODES.values() for p in t.props if p.free_text
) | frozenset(p.name for g in GROUPS.values() for p in g.props if p.free_text)


def withhold(props: Mapping[str, Any], words: Sequence[str]) -> dict[str, Any]:
    """`props` with every key and name in `words` replaced by "[withheld]" in its free-text properties."""
    out = dict(props)
    for name in FREE_TEXT & out.keys():
        value = out[name]
        if isinstance(value, list):
            out[name] = [_withhold_text(v, words) if isinstance(v, str) else v for v in value]
        elif isinstance(value, str):
            out[name] = _withhold_text(value, words)
    return out


def _withhold_text(text: str, words: Sequence[str]) -> str:
    for word in words:
        if word:
            text = text.replace(word, WITHHELD)
    return text
