"""The sentences of gaps (`explanation`) and suggestions (`reason`), written from their statements' raw data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from service.model.enums import GapKind

# A node's raw data is `{name, shortName, countries, organisation}` (analysis/answers.py computes it).
Raw = Mapping[str, Any]


def gap_explanation(gap: Raw) -> str:
    """One sentence on a gap: `{kind, subject, other, evidence, themes}` (nodes' raw data, theme names)."""
    who = _who(gap["subject"])
    evidence: Sequence[Raw] = gap["evidence"]
    if gap["kind"] == GapKind.NHRI_WITHOUT_CIVIL_SOCIETY:
        if not evidence:
            return f"{who} takes part in no project, so it shares none with a civil-society organisation."
        return (
            f"{who} takes part in {_count(len(evidence), 'project')} ({_names(evidence)}), "
            "none with a civil-society partner."
        )
    if gap["kind"] == GapKind.AUTHORITY_WITHOUT_NHRI:
        return (
            f"{who} takes part in {_count(len(evidence), 'project')} ({_names(evidence)}), "
            "none with a national human rights institution as partner."
        )
    themes: Sequence[str] = gap["themes"]
    return (
        f"{who} and {_who(gap['other'])} are the same kind of institution in countries of one region and work on "
        f"{_count(len(themes), 'shared theme')} ({', '.join(themes[:5])}), "
        "but share no project, programme or network."
    )


def suggestion_reason(s: Raw) -> str:
    """One sentence on a suggestion: `{node, org, kind, common, commonCount, themes, sameKind}` (`common`: the first
    common partners' raw data, `themes`: the shared themes' names, `kind`: the organisation's kind)."""
    parts = []
    count = int(s["commonCount"])
    if count:
        shown = ", ".join(_short(n) for n in s["common"][:3])
        more = f" and {count - 3} more" if count > 3 else ""
        parts.append(f"{_count(count, 'common partner')} ({shown}{more})")
    themes: Sequence[str] = s["themes"]
    if themes:
        parts.append(f"{_count(len(themes), 'shared theme')} ({', '.join(themes[:3])})")
    if s["sameKind"]:
        parts.append(f"the same kind of institution ({str(s['kind']).replace('_', ' ').lower()})")
    return f"{_who(s['node'])} is not linked with {_short(s['org'])} yet; they have {'; '.join(parts)}."


def _who(node: Raw) -> str:
    country = f" ({', '.join(node['countries'])})" if node["countries"] else ""
    return f"{node['name']}{country}"


def _short(node: Raw) -> str:
    country = f" ({', '.join(node['countries'])})" if node["organisation"] and node["countries"] else ""
    return f"{node['shortName'] or node['name']}{country}"


def _names(nodes: Sequence[Raw], shown: int = 3) -> str:
    names = ", ".join(n["shortName"] or n["name"] for n in nodes[:shown])
    return names + (f" and {len(nodes) - shown} more" if len(nodes) > shown else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
