"""The README's example queries, run over HTTP against the seed graph, their answers compared with the README's.

Every ```graphql block followed (blank lines apart) by a ```json block is an example. The README trims long answers,
and the comparison reads its trimming marks, nothing else:

- a list whose last item is "…" or "..." shows the first items of a longer list; `["..."]` alone elides the list;
- an object with the key "…" shows some of the answer's keys; without it, the object shows exactly the answer's keys;
- in a text, " …" stands for words left out (a long title), so the text around it must match in order;
- a JSON number with a fraction is a score, shown rounded (the README says so): Lucene's move a little with the
  index's history, so within 10%;
- an answer without a top-level "data" is the value of the query's single root field.

So the test fails when the README shows a value, a key or an order that the service no longer answers.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import orjson
import pytest
from neo4j import AsyncDriver

from tests.asgi import running
from tests.conftest import make_test_settings

pytestmark = pytest.mark.integration

README = Path(__file__).resolve().parents[2] / "README.md"
ELIDED = frozenset({"…", "..."})
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)


def readme_examples(text: str) -> list[tuple[int, str, Any]]:
    """(line, query, expected answer) for each ```graphql block directly followed by a ```json block."""
    blocks = [(m.group(1), m.group(2), m.start(), m.end()) for m in _BLOCK.finditer(text)]
    examples = []
    for (lang, body, start, end), (next_lang, next_body, next_start, _) in itertools.pairwise(blocks):
        if lang == "graphql" and next_lang == "json" and not text[end:next_start].strip():
            examples.append((text.count("\n", 0, start) + 1, body, orjson.loads(next_body)))
    return examples


EXAMPLES = readme_examples(README.read_text(encoding="utf-8"))


def mismatches(expected: Any, actual: Any, where: str = "$") -> list[str]:
    """Where `actual` differs from the README's `expected`, read with the README's trimming marks."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: README shows an object, the answer has {actual!r}"]
        problems = [f"{where}.{key}: not in the answer" for key in expected if key not in ELIDED and key not in actual]
        if not ELIDED & expected.keys():
            problems += [f"{where}.{key}: in the answer, not in the README" for key in actual if key not in expected]
        for key, value in expected.items():
            if key not in ELIDED and key in actual:
                problems += mismatches(value, actual[key], f"{where}.{key}")
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{where}: README shows a list, the answer has {actual!r}"]
        trimmed = bool(expected) and isinstance(expected[-1], str) and expected[-1] in ELIDED
        shown = expected[:-1] if trimmed else expected
        if trimmed and len(actual) < len(shown):
            return [f"{where}: README shows {len(shown)} items and more, the answer has {len(actual)}"]
        if not trimmed and len(actual) != len(shown):
            return [f"{where}: README shows {len(shown)} items, the answer has {len(actual)}"]
        problems = []
        for index, (want, got) in enumerate(zip(shown, actual, strict=False)):
            problems += mismatches(want, got, f"{where}[{index}]")
        return problems
    if isinstance(expected, str) and isinstance(actual, str) and " …" in expected:
        pattern = ".*?".join(re.escape(part) for part in expected.split(" …"))
        return [] if re.fullmatch(pattern, actual, re.DOTALL) else [f"{where}: README {expected!r}, answer {actual!r}"]
    if isinstance(expected, float) and isinstance(actual, int | float) and not isinstance(actual, bool):
        # Lucene's scores move a little with the index's history (deleted documents count until segments merge).
        close = abs(actual - expected) <= 0.1 * abs(expected) + 0.005
        return [] if close else [f"{where}: README {expected}, answer {actual}"]
    if expected != actual or type(expected) is not type(actual):
        return [f"{where}: README {expected!r}, answer {actual!r}"]
    return []


def test_the_readme_has_examples_with_answers() -> None:
    # The numbered read-API examples and the network analyses' examples: if this count drops, a pairing broke.
    assert len(EXAMPLES) >= 14, [line for line, _, _ in EXAMPLES]


@pytest.mark.parametrize(("line", "query", "expected"), EXAMPLES, ids=[f"README.md:{e[0]}" for e in EXAMPLES])
async def test_a_readme_example_answers_as_the_readme_shows(
    seeded_graph: AsyncDriver, line: int, query: str, expected: Any
) -> None:
    async with running(make_test_settings(rate_limit_per_minute=0)) as client:
        answer = await client.post(query)
    body = answer.json
    assert answer.status == 200, body
    assert "errors" not in body, body["errors"]
    if isinstance(expected, dict) and "data" in expected:
        actual: Any = body
    else:
        (actual,) = body["data"].values()  # the README shows the single root field's value
    problems = mismatches(expected, actual)
    assert not problems, f"README.md:{line} drifted from the service:\n" + "\n".join(problems[:20])


def test_the_comparison_catches_drift() -> None:
    """The reading of the trimming marks is strict where the README is explicit."""
    shown = {"a": [1, 2, "…"], "b": {"c": 1, "…": "…"}, "s": 4.88}
    assert not mismatches(shown, {"a": [1, 2, 3], "b": {"c": 1, "d": 2}, "s": 4.8812})
    assert mismatches(shown, {"a": [2, 1, 3], "b": {"c": 1}, "s": 4.88})  # order
    assert mismatches(shown, {"a": [1], "b": {"c": 1}, "s": 4.88})  # fewer items than shown
    assert mismatches(shown, {"a": [1, 2], "b": {"c": 2}, "s": 4.88})  # a value
    assert mismatches(shown, {"a": [1, 2], "b": {"c": 1}, "s": 5.5})  # a score
    assert mismatches({"x": 1}, {"x": 1, "y": 2})  # a key the README does not show, without "…"
    assert mismatches({"x": [1]}, {"x": [1, 2]})  # a list shown whole
    assert not mismatches({"x": ["..."]}, {"x": [1, 2]})
    assert not mismatches("Further strengthening …, Promotion", "Further strengthening the treatment, Promotion")
    assert mismatches("Further strengthening …, Promotion", "Further weakening the treatment, Promotion")
