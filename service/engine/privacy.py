"""The privacy rule (schema/MODEL.md, Privacy), written once: every read, count, aggregate and export uses it.

An organisation marked sensitive is visible only to callers who may see sensitive organisations (editors and
admins); statements pass `$canSeeSensitive`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, LiteralString

from service.model.catalog import GROUPS, NODES, org_props

# The one parameter every statement passes for this rule.
CAN_SEE_SENSITIVE = "canSeeSensitive"
# Booleans of organisations mirrored as labels (the registry's Prop.label): `sensitive` as :Sensitive. Testing a
# label costs Neo4j about half what reading the property does, and counts of what stays visible come from node
# degrees and label counts (connection.py) instead of a property read per counted node.
_MIRRORED: Final = tuple((p.name, p.label) for p in org_props() if p.label is not None)
SENSITIVE: Final = next(label for name, label in _MIRRORED if name == "sensitive")


def visible(var: str) -> str:
    """The predicate that holds for the organisation bound to `var` when the caller may see it."""
    return f"(${CAN_SEE_SENSITIVE} OR NOT {var}:{SENSITIVE})"


def mirrored_labels(props: Mapping[str, Any]) -> list[str]:
    """The mirrored labels an organisation with these properties carries (what `mirror_labels` leaves on it)."""
    return [label for prop, label in _MIRRORED if props.get(prop) is True]


def mirror_labels(var: str) -> LiteralString:
    """Cypher to run after any write of an organisation's properties (bound to `var`): it carries each mirrored
    label exactly when its boolean is true. Every writer of organisations (mutations, the seed loader, imports,
    restores) runs it in the same statement, so the label never drifts from the property."""
    parts = [
        f"FOREACH (_m IN CASE WHEN {var}.{prop} = true THEN [1] ELSE [] END | SET {var}:{label}) "
        f"FOREACH (_m IN CASE WHEN {var}.{prop} = true THEN [] ELSE [1] END | REMOVE {var}:{label}) "
        for prop, label in _MIRRORED
    ]
    # Registry names and the caller's variable only (mypy reads LiteralString as str; the text is closed anyway).
    return "".join(parts)


def visible_count(pattern: Callable[[str], str]) -> str:
    """How many organisations a pattern matches that the caller may see: `pattern("")` must match every one
    (e.g. `(c)<-[:LOCATED_IN]-()`, whose count Neo4j reads from the node's degree) and `pattern(":Sensitive")`
    the hidden ones (found from the label, which few nodes carry): no property is read per counted node."""
    hidden = pattern(":" + SENSITIVE)
    return f"(COUNT {{ {pattern('')} }} - CASE WHEN ${CAN_SEE_SENSITIVE} THEN 0 ELSE COUNT {{ {hidden} }} END)"


def visible_or_other(var: str) -> str:
    """`visible` for a node that may or may not be an organisation: only organisations carry the label."""
    return visible(var)


# Every key and name of an organisation the caller may not see (found by their label).
_HIDDEN_WORDS = (
    "COLLECT { MATCH (_hx:" + SENSITIVE + ") WHERE NOT $" + CAN_SEE_SENSITIVE + " "
    "UNWIND [_hx.id, _hx.name] AS _hw RETURN _hw }"
)
WITHHELD = "[withheld]"


def withheld(texts: str) -> str:
    """A list of free texts (`texts`, a Cypher list expression) with every key and name of a hidden organisation
    replaced by "[withheld]": a note on a visible record that names a sensitive organisation does not reveal it."""
    return f"[_tx IN {texts} | reduce(_ts = _tx, _hw IN {_HIDDEN_WORDS} | replace(_ts, _hw, '{WITHHELD}'))]"


# The same rule for text leaving through another path (exports): the words to withhold, read once per export.
HIDDEN_WORDS: Final[LiteralString] = f"MATCH (h:{SENSITIVE}) RETURN collect(h.id) + collect(h.name) AS words"
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
