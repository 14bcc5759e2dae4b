"""The readers of bench/versus_profile.py (the reference's debug log) and bench/profile_layers.py (py-spy stacks)."""

from __future__ import annotations

import pytest

from bench.profile_layers import layer_shares
from bench.versus_profile import js_value, reference_statements

# As @neo4j/graphql 7.6.3 writes it with DEBUG=@neo4j/graphql:execution (Node's util.inspect for the parameters).
LOG = """\
2026-12-06T10:38:34.152Z @neo4j/graphql:execution executing cypher
2026-12-06T10:38:34.152Z @neo4j/graphql:execution CYPHER 5
CALL dbms.components() YIELD versions, edition UNWIND versions AS version RETURN version, edition
2026-12-06T10:38:34.152Z @neo4j/graphql:execution cypher params: {}
2026-12-06T10:38:34.318Z @neo4j/graphql:execution executing cypher
2026-12-06T10:38:34.318Z @neo4j/graphql:execution CYPHER 5
CALL db.index.fulltext.queryNodes('entitySearch', $param0) YIELD node AS this0, score AS var1
WHERE $param1 IN labels(this0)
RETURN this0 LIMIT $param2
2026-12-06T10:38:34.318Z @neo4j/graphql:execution cypher params: {
  param0: `(justice OR justice* OR justice~1) AND (people's OR "rights")`,
  param1: 'Project',
  param2: Integer { low: 20, high: 0 }
}
2026-12-06T10:38:34.904Z @neo4j/graphql:execution Execute successful, received 1 records
2026-12-06T10:38:39.879Z @neo4j/graphql:execution executing cypher
2026-12-06T10:38:39.879Z @neo4j/graphql:execution CYPHER 5
MATCH (a:Organisation {id: $param0}) RETURN a
2026-12-06T10:38:39.8Z @neo4j/graphql:execution cypher params: { param0: 'syn-org-4', param1: [ 1.5, true, null ] }
2026-12-06T10:38:40.570Z @neo4j/graphql:execution Execute successful, received 0 records
"""


def test_reference_statements_are_read_in_order_without_the_version_probe() -> None:
    found = reference_statements(LOG)
    assert [s.text.splitlines()[1].split(" ")[0] for s in found] == ["CALL", "MATCH"]
    assert found[0].params == {
        "param0": '(justice OR justice* OR justice~1) AND (people\'s OR "rights")',
        "param1": "Project",
        "param2": 20,
    }
    assert found[1].params == {"param0": "syn-org-4", "param1": [1.5, True, None]}


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("{ n: Integer { low: 5, high: 1 } }", {"n": 2**32 + 5}),
        ("{ n: Integer { low: -2147483648, high: 0 } }", {"n": 2**31}),  # low is a signed 32-bit half
        ("{ n: Integer { low: -1, high: -1 } }", {"n": -1}),
        ('{ s: "people\'s" }', {"s": "people's"}),  # Node switches quotes to keep the text readable
        ('{ s: `it\'s "so"` }', {"s": 'it\'s "so"'}),
        ("{ s: 'a\\nb', $x: [ 1e+21, -2.5, undefined ] }", {"s": "a\nb", "$x": [1e21, -2.5, None]}),
    ],
)
def test_js_values_read_what_node_prints(printed: str, value: object) -> None:
    assert js_value(printed) == value


def test_js_values_refuse_what_they_cannot_read() -> None:
    with pytest.raises(ValueError, match="cannot be read"):
        js_value("{ when: DateTime { year: 2026 } }")


def test_a_statement_the_log_cuts_short_is_an_error() -> None:
    with pytest.raises(ValueError, match="cannot be read"):
        reference_statements(LOG.replace("cypher params: {}", "params left out"))


def test_packages_are_the_innermost_known_frames_asyncio_looked_through() -> None:
    loop = "<module> (partnernet:6);main (service/cli/main.py:34);Runner.run (asyncio/runners.py:118)"
    raw = (
        f"{loop} 25\n"  # the event loop's own work
        f"{loop};AsyncSession.run (neo4j/_async/work/session.py:300);sendall (neo4j/_async_compat/x.py:9);"
        "StreamWriter.write (asyncio/streams.py:343) 40\n"  # the driver's socket write
        f"{loop};_http (service/http/graphql.py:169);dumps (json/__init__.py:231) 15\n"
        f"{loop};Schema.execute (strawberry/schema/schema.py:1);<genexpr> (<string>:3) 20\n"
    )
    total, shares = layer_shares(raw)
    assert total == 100
    assert dict(shares) == {
        "neo4j driver": 0.4,
        "asyncio (event loop)": 0.25,
        "strawberry": 0.2,
        "service.http": 0.15,
    }
