"""Network analysis Cypher: the searches of the six analysis root fields, countryLinks to changes."""

# One statement per root field, like cypher.py (whose link predicate it uses): a search binding the rows the answer
# is projected from (analysis/answers.py says how), with the one privacy predicate on every organisation.

from __future__ import annotations

from typing import Final

from service.engine.privacy import visible
from service.network.cypher import LINK_TYPES, active_link, link, link_role

# A link overlapping the period [$periodFrom, $periodUntil] (either end may be null).
_PERIOD: Final = (
    "($periodFrom IS NULL OR coalesce(r.until, '9999-12-31') >= $periodFrom) AND "
    "($periodUntil IS NULL OR coalesce(r.since, '0000-00-00') <= $periodUntil)"
)

# The scope countries: a region's, a list, or every country with organisations (both filters may apply).
_SCOPE: Final = (
    "MATCH (k:Country) "
    "WHERE ($region IS NULL OR EXISTS { (k)-[:IN_REGION]->(:Region {id: $region}) }) "
    "AND (size($countries) = 0 OR k.id IN $countries) "
)

# Country links: the endpoints' lookups (for the NOT_FOUND checks), the matrix axis, and the cells: a subquery body
# binding each cell's `a`, `b`, `connectors` (ordered) and `links`.
COUNTRY_LINKS_HEAD: Final = (
    "OPTIONAL MATCH (reg:Region {id: $region}) OPTIONAL MATCH (prog:Programme {id: $programme}) WITH reg, prog "
)
REGION_FOUND: Final = "($region IS NULL OR reg IS NOT NULL)"
PROGRAMME_FOUND: Final = "($programme IS NULL OR prog IS NOT NULL)"
COUNTRY_LINKS_AXIS: Final = (
    "COLLECT { " + _SCOPE + "AND EXISTS { (:Organisation)-[:LOCATED_IN]->(k) } RETURN k.id AS code ORDER BY code }"
)
COUNTRY_LINKS_CELLS: Final = (
    _SCOPE + "MATCH (o:Organisation)-[:LOCATED_IN]->(k) "
    "WHERE " + visible("o") + " AND (o.kind IN $kinds OR o.kind IN $partnerKinds) "
    "MATCH (o)-[" + link("r") + " AND " + _PERIOD + "]->(c) "
    "WHERE $programme IS NULL OR (c:Programme AND c.id = $programme) "
    "OR EXISTS { (c)-[:PART_OF]->(:Programme {id: $programme}) } "
    "WITH c, k.id AS country, o.kind AS kind, count(DISTINCT o) AS n "
    "WITH c, collect({country: country, kind: kind, n: n}) AS groups "
    "WHERE size(groups) > 1 "
    "UNWIND groups AS g1 UNWIND groups AS g2 "
    "WITH c, g1, g2 WHERE g1.country <> g2.country AND g1.kind IN $kinds AND g2.kind IN $partnerKinds "
    "AND (NOT $symmetric OR g1.country < g2.country) "
    "WITH g1.country AS a, g2.country AS b, c, sum(g1.n * g2.n) AS pairs "
    "ORDER BY a, b, CASE WHEN c:Network THEN 1 ELSE 0 END, c.name, c.id "
    "WITH a, b, collect(c) AS connectors, sum(pairs) AS links "
)  # fmt: skip

# The organisation $org as `o` (null when not found or not visible) and the ids of its countries as `homes`.
_ORG_AND_HOMES: Final = (
    "OPTIONAL MATCH (o:Organisation {id: $org}) WHERE " + visible("o") + " "
    "OPTIONAL MATCH (o)-[:LOCATED_IN]->(home:Country) "
    "WITH o, collect(home.id) AS homes "
)

# Binds `o` (null when not found or not visible), `homes` and `found` (ranked {p, country, links} maps).
CROSS_BORDER_SEARCH: Final = (
    _ORG_AND_HOMES +
    "CALL (o, homes) { "
    "  MATCH (o)-[" + link("r1") + "]->(c)"
    "<-[" + link("r2") + "]-(p:Organisation)-[:LOCATED_IN]->(pk:Country) "
    "  WHERE p <> o AND NOT pk.id IN homes AND (size($countries) = 0 OR pk.id IN $countries) AND " + visible("p") + " "
    "  WITH p, pk, c, collect(DISTINCT " + link_role("r1") + ") AS own, "
    "       collect(DISTINCT " + link_role("r2") + ") AS theirs "
    "  ORDER BY c.name, c.id "
    "  WITH p, pk, collect({c: c, own: own, theirs: theirs}) AS links "
    "  ORDER BY size(links) DESC, pk.id, p.name, p.id "
    "  RETURN collect({p: p, country: pk.id, links: links}) AS found "
    "} "
)  # fmt: skip

# Brokers: the scope countries of every connector's members; connectors spanning one country reach nobody abroad,
# so only the others are unwound per member. BROKERS_HEAD looks the region up (for the NOT_FOUND check);
# BROKERS_RANKED is a subquery body binding the top `o` with `home`, `reached` and `bridging`, ranked.
BROKERS_HEAD: Final = "OPTIONAL MATCH (reg:Region {id: $region}) WITH reg "
BROKERS_RANKED: Final = (
    _SCOPE + "MATCH (k)<-[:LOCATED_IN]-(o:Organisation) WHERE " + visible("o") + " "
    "MATCH (o)-[" + link("r") + "]->(c) "
    "WITH c, collect(DISTINCT {o: o, country: k.id}) AS members, collect(DISTINCT k.id) AS spread "
    "WHERE size(spread) > 1 "
    "UNWIND members AS m "
    "WITH m.o AS o, m.country AS home, spread WHERE o.kind IN $kinds "
    "WITH o, home, count(*) AS bridging, collect(spread) AS spreads "
    "UNWIND spreads AS cs UNWIND cs AS x "
    "WITH o, home, bridging, collect(DISTINCT x) AS seen "
    "WITH o, home, bridging, [x IN seen WHERE x <> home] AS reached "
    "ORDER BY size(reached) DESC, bridging DESC, o.name, o.id "
    "LIMIT $top "
)  # fmt: skip
# A broker's connectors: reported, not ranked on, so counted for the top rows only.
BROKER_CONNECTORS: Final = (
    "size(COLLECT { MATCH (o)-[" + link("rc") + "]->(oc) "
    "RETURN DISTINCT oc })"
)  # fmt: skip

_PROJECTS_OF_S: Final = (
    "COLLECT { MATCH (s)-[r:PARTICIPATES_IN WHERE " + active_link("r") + "]->(p) RETURN DISTINCT p ORDER BY p.name }"
)
_THEMES_OF: Final = (
    "COLLECT { MATCH (x)-[rt:PARTICIPATES_IN WHERE " + active_link("rt") + "]->()-[:ADDRESSES]->(t:Theme) "
    "RETURN DISTINCT t }"
)
# Each kind of gap is its own subquery capped at $capPlus rows, so a big country costs at most that many gaps of each
# kind; pairs of neighbours are produced subject by subject (by name), and the cap stops the search early.
# Binds `home` (the country, null when not found) and `found` ({kind, s, other, evidence, themes} maps).
GAPS_SEARCH: Final = (
    "OPTIONAL MATCH (home:Country {id: $country}) "
    "OPTIONAL MATCH (home)-[:IN_REGION]->(:Region)<-[:IN_REGION]-(nb:Country) WHERE nb <> home "
    "WITH home, collect(DISTINCT nb) AS neighbours "
    "CALL (home) { "
    "  WITH home WHERE 'NHRI_WITHOUT_CIVIL_SOCIETY' IN $gapKinds "
    "  MATCH (s:Nhri)-[:LOCATED_IN]->(home) WHERE " + visible("s") + " "
    "  AND NOT EXISTS { (s)-[r:PARTICIPATES_IN WHERE " + active_link("r") + "]->()"
    "<-[r2:PARTICIPATES_IN WHERE " + active_link("r2") + "]-(cso:CivilSocietyOrganisation) "
    "WHERE " + visible("cso") + " } "
    "  WITH s ORDER BY s.name, s.id LIMIT $capPlus "
    "  RETURN collect({kind: 'NHRI_WITHOUT_CIVIL_SOCIETY', s: s, other: null, "
    "         evidence: " + _PROJECTS_OF_S + ", themes: []}) AS nhri } "
    "CALL (home) { "
    "  WITH home WHERE 'AUTHORITY_WITHOUT_NHRI' IN $gapKinds "
    "  MATCH (s:NationalAuthority)-[:LOCATED_IN]->(home) WHERE " + visible("s") + " "
    "  WITH s, " + _PROJECTS_OF_S + " AS evidence "
    "  WHERE size(evidence) > 0 AND none(p IN evidence WHERE EXISTS { "
    "    (p)<-[r2:PARTICIPATES_IN WHERE " + active_link("r2") + "]-(n:Nhri) WHERE " + visible("n") + " }) "
    "  WITH s, evidence ORDER BY s.name, s.id LIMIT $capPlus "
    "  RETURN collect({kind: 'AUTHORITY_WITHOUT_NHRI', s: s, other: null, evidence: evidence, themes: []}) "
    "         AS authorities } "
    "CALL (home, neighbours) { "
    "  WITH home, neighbours WHERE 'UNLINKED_NEIGHBOURS' IN $gapKinds AND size(neighbours) > 0 "
    "  CALL (neighbours) { "
    "    UNWIND neighbours AS nb "
    "    MATCH (nb)<-[:LOCATED_IN]-(x:Organisation) WHERE " + visible("x") + " "
    "    MATCH (x)-[rt:PARTICIPATES_IN WHERE " + active_link("rt") + "]->(p) "
    "    WITH p, collect(DISTINCT x) AS xs "
    "    WITH xs, COLLECT { MATCH (p)-[:ADDRESSES]->(t:Theme) RETURN t } AS pts WHERE size(pts) > 0 "
    "    UNWIND xs AS x UNWIND pts AS t "
    "    WITH x, collect(DISTINCT t) AS themes "
    "    RETURN collect({other: x, key: x.kind + '/' + coalesce(x.authorityKind, ''), themes: themes}) AS pool } "
    "  MATCH (s:Organisation)-[:LOCATED_IN]->(home) WHERE " + visible("s") + " "
    "  WITH s, pool ORDER BY s.name, s.id "
    "  CALL (s, pool) { "
    "    WITH s, pool, s AS x "
    "    WITH s, pool, s.kind + '/' + coalesce(s.authorityKind, '') AS key, " + _THEMES_OF + " AS mine "
    "    WITH s, mine, [g IN pool WHERE g.key = key AND any(t IN g.themes WHERE t IN mine)] AS candidates "
    "    WHERE size(candidates) > 0 "
    "    WITH s, mine, candidates, COLLECT { MATCH (s)-[" + link("r3") + "]"
    "->(c) RETURN DISTINCT c } AS linkedTo "
    "    UNWIND candidates AS g "
    "    WITH s, g.other AS other, [t IN g.themes WHERE t IN mine] AS themes, linkedTo "
    "    WHERE NOT EXISTS { (other)-[" + link("r4") + "]->(c) "
    "WHERE c IN linkedTo } "
    "    RETURN other, themes ORDER BY size(themes) DESC, other.name, other.id } "
    "  WITH s, other, themes LIMIT $capPlus "
    "  RETURN collect({kind: 'UNLINKED_NEIGHBOURS', s: s, other: other, evidence: [], themes: themes}) AS pairs } "
    "WITH home, nhri + authorities + pairs AS found "
)  # fmt: skip

# A connector with more than $hub participants and members (a big network; the Council of Europe's projects when
# structural roles are followed) links nearly everyone: it is not used to generate candidates.
_SMALL: Final = "COUNT { (hc)<-[:" + LINK_TYPES + "]-() } <= $hub"

# Candidates abroad: partners of partners through small connectors (their common neighbours with the organisation),
# and up to $perTheme organisations of the same kind per theme of the organisation's projects.
# Binds `found` (the top {cand, country, common, shared, sameKind, score} maps) and `me` (the organisation,
# null when not found or not visible).
SUGGESTED_PARTNERS_SEARCH: Final = (
    _ORG_AND_HOMES +
    "CALL (o) { "
    "  MATCH (o)-[" + link("r") + "]->(c) "
    "  RETURN collect(DISTINCT c) AS mine } "
    "CALL (o) { "
    "  MATCH (o)-[r:PARTICIPATES_IN WHERE " + active_link("r") + "]->()-[:ADDRESSES]->(t:Theme) "
    "  RETURN collect(DISTINCT t) AS themes } "
    "CALL (o, mine, themes) { "
    "  UNWIND mine AS hc WITH hc WHERE " + _SMALL + " "
    "  MATCH (hc)<-[" + link("r") + "]-(n:Organisation) "
    "  WHERE n <> o AND " + visible("n") + " "
    "  MATCH (n)-[" + link("r2") + "]->(c2) WHERE NOT c2 IN mine "
    "  WITH DISTINCT n, c2 AS hc WHERE " + _SMALL + " "
    "  MATCH (hc)<-[" + link("r3") + "]-(cand:Organisation) "
    "  RETURN cand, n "
    "  UNION "
    "  UNWIND themes AS t "
    "  CALL (o, t) { "
    "    MATCH (t)<-[:ADDRESSES]-()<-[r:PARTICIPATES_IN WHERE " + active_link("r") + "]-(cand:Organisation) "
    "    WHERE cand.kind = o.kind AND coalesce(cand.authorityKind, '') = coalesce(o.authorityKind, '') "
    "    RETURN DISTINCT cand LIMIT $perTheme } "
    "  RETURN cand, null AS n "
    "} "
    "WITH o, homes, mine, themes, cand, collect(DISTINCT n) AS common "
    "WHERE cand <> o AND " + visible("cand") + " "
    "AND NOT EXISTS { (cand)-[" + link("r2") + "]->(c) WHERE c IN mine } "
    "MATCH (cand)-[:LOCATED_IN]->(ck:Country) WHERE NOT ck.id IN homes "
    "WITH o, themes, cand, ck, common, "
    "     COLLECT { MATCH (cand)-[r:PARTICIPATES_IN WHERE " + active_link("r") + "]->()-[:ADDRESSES]->(t:Theme) "
    "               WHERE t IN themes RETURN DISTINCT t ORDER BY t.name } AS shared, "
    "     cand.kind = o.kind AND coalesce(cand.authorityKind, '') = coalesce(o.authorityKind, '') AS sameKind "
    "WITH o, cand, ck, common, shared, sameKind, "
    "     2 * size(common) + size(shared) + CASE WHEN sameKind THEN 1 ELSE 0 END AS score "
    "ORDER BY score DESC, size(common) DESC, cand.name, cand.id "
    "LIMIT $top "
    "WITH collect({cand: cand, country: ck.id, common: common, shared: shared, sameKind: sameKind, "
    "     score: score}) AS found "
    # Found again: no candidate leaves no row to carry `o` in.
    "OPTIONAL MATCH (me:Organisation {id: $org}) WHERE " + visible("me") + " "
)  # fmt: skip

# Binds `found` ({r, change, date, o, t} maps, by date, BEGAN before ENDED, then id).
CHANGES_SEARCH: Final = (
    "CALL () { "
    "  MATCH (o:Organisation)-[r:PARTICIPATES_IN]->(t) WHERE r.since >= $periodFrom AND r.since <= $periodUntil "
    "  RETURN r, 'BEGAN' AS change, r.since AS date "
    "  UNION ALL "
    "  MATCH (o:Organisation)-[r:PARTICIPATES_IN]->(t) WHERE r.until >= $periodFrom AND r.until <= $periodUntil "
    "  RETURN r, 'ENDED' AS change, r.until AS date "
    "  UNION ALL "
    "  MATCH (o:Organisation)-[r:MEMBER_OF]->(t) WHERE r.since >= $periodFrom AND r.since <= $periodUntil "
    "  RETURN r, 'BEGAN' AS change, r.since AS date "
    "  UNION ALL "
    "  MATCH (o:Organisation)-[r:MEMBER_OF]->(t) WHERE r.until >= $periodFrom AND r.until <= $periodUntil "
    "  RETURN r, 'ENDED' AS change, r.until AS date "
    "} "
    "WITH r, change, date, startNode(r) AS o, endNode(r) AS t "
    "WHERE " + link_role("r") + " IN $roles AND " + visible("o") + " "
    "AND (size($countries) = 0 OR EXISTS { (o)-[:LOCATED_IN]->(k:Country) WHERE k.id IN $countries }) "
    "WITH r, change, date, o, t ORDER BY date, change, r.id "
    "WITH collect({r: r, change: change, date: date, o: o, t: t}) AS found "
)  # fmt: skip


def community_links(*, scoped: bool) -> str:
    """Binds `reg` (the region $region, for the NOT_FOUND check), `read` (pairs read, at most $capPlus) and `pairs`:
    each followed link of a visible organisation of $kinds, as one [organisation, connector] pair per linked pair
    (roles collapsed), empty when more than $cap were read (the caller refuses the scope rather than partition
    part of it). `scoped`: only organisations located in the scope countries (region and countries); else all."""
    orgs = (
        "CALL () { " + _SCOPE + "RETURN collect(k) AS scope } "
        "UNWIND scope AS k MATCH (k)<-[:LOCATED_IN]-(o:Organisation) WITH DISTINCT o "
        if scoped
        else "MATCH (o:Organisation) "
    )
    return (
        "OPTIONAL MATCH (reg:Region {id: $region}) WITH reg "
        "CALL () { " + orgs + "WHERE " + visible("o") + " AND o.kind IN $kinds "
        "  MATCH (o)-[" + link("r") + "]->(c) "
        "  WITH DISTINCT o, c LIMIT $capPlus "
        "  RETURN collect([o, c]) AS found } "
        "WITH reg, size(found) AS read, CASE WHEN size(found) > $cap THEN [] ELSE found END AS pairs "
    )  # fmt: skip
