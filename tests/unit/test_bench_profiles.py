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
  param0: '(justice OR justice* OR justice~1) AND (people\\'s OR "rights")',
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


def test_js_values_cover_neo4j_integers_and_refuse_what_they_cannot_read() -> None:
    assert js_value("{ n: Integer { low: 5, high: 1 } }") == {"n": 2**32 + 5}
    with pytest.raises(ValueError, match="cannot be read"):
        js_value("{ when: DateTime { year: 2026 } }")


def test_layer_shares_follow_the_innermost_known_frame() -> None:
    raw = (
        "<module> (partnernet:6);Runner.run (asyncio/runners.py:118) 30\n"
        "<module> (partnernet:6);read_generated (service/db/driver.py:110);AsyncSession.run "
        "(neo4j/_async/work/session.py:300);<genexpr> (<string>:3) 50\n"
        "<module> (partnernet:6);Schema.execute (strawberry/schema/schema.py:1) 20\n"
    )
    total, shares = layer_shares(raw)
    assert total == 100
    assert dict(shares) == {
        "driver (Bolt, packstream, pool, its socket writes)": 0.5,
        "event loop (uvloop: socket I/O, callbacks)": 0.3,
        "Strawberry": 0.2,
    }
