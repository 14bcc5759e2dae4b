// Every GraphQL document the page sends, and the plain shapes the views draw from their answers.
// This file is the reference for front-end developers: only the public API, nothing private.

import { gql } from "./api.js";
import { kindOf } from "./kinds.js";
import { NET_EDGE, NET_NODE, PARTNERSHIP_ROLES, netEdge, netNode, rolesFor } from "./net.js";

const PAGE = 100; // the API's page-size cap
const SEARCH_HITS = 25;
export const NODE_CAP = 200; // nodes a neighbourhood may draw

const ENTITY_KINDS = [
  "ORGANISATION",
  "PROJECT",
  "PROGRAMME",
  "NETWORK",
  "COUNTRY",
  "REGION",
  "THEME",
  "COE_BODY",
  "ACTION_PLAN",
];
export { ENTITY_KINDS };

const SEARCH = `
query Search($text: String!, $kinds: [EntityKind!], $first: Int!) {
  search(text: $text, kinds: $kinds, first: $first) {
    score
    node {
      __typename id name
      ... on Organisation { shortName kind locatedIn { iso2 name } }
      ... on Nhri { ganhriStatus }
      ... on Project { status startDate endDate countries { iso2 } }
      ... on Programme { shortName }
      ... on Network { shortName }
      ... on Country { iso2 }
    }
  }
}`;

/** Ranked hits: { id, name, typename, kind, country, detail, score }. */
export async function search(text, kinds, { signal } = {}) {
  const data = await gql(SEARCH, { text, kinds: kinds.length ? kinds : null, first: SEARCH_HITS }, { signal });
  return data.search.map(({ score, node }) => ({
    id: node.id,
    name: node.name,
    typename: node.__typename,
    kind: kindOf(node.kind, node.__typename),
    country: node.locatedIn?.iso2 ?? node.iso2 ?? (node.countries?.length === 1 ? node.countries[0].iso2 : null),
    shortName: node.shortName ?? null,
    ganhriStatus: node.ganhriStatus ?? null,
    score,
  }));
}

const PROVENANCE = "confidence sources notes";
// What every participation or membership row carries: its key and version (to edit it), dates and provenance.
const LINK = `key version since until updatedAt updatedBy ${PROVENANCE}`;
// What every card carries to be edited and to say who changed it last.
const RECORD = "version updatedAt updatedBy";

// The card asks for one concrete type at a time: a selection with fragments on every type compiles into a
// statement Neo4j takes many seconds to plan the first time, so the page first asks what the id is.
const TYPENAME = `query Kind($id: ID!) { node(id: $id) { __typename } }`;

const ORGANISATION_FIELDS = `
  shortName kind category sensitive
  locatedIn { iso2 name }
  parent { id name }
  participations(first: ${PAGE}) {
    totalCount
    edges { ${LINK} role roleClass datesDerived
      node { id name status startDate endDate programmes { id name shortName } } }
  }
  programmeParticipations(first: ${PAGE}) {
    totalCount
    edges { ${LINK} role roleClass datesDerived node { id name shortName } }
  }
  memberships(first: ${PAGE}) {
    totalCount
    edges { ${LINK} membershipStatus evidence node { id name shortName } }
  }`;

const PARTICIPANTS = `
  participants(first: ${PAGE}) {
    totalCount
    edges { ${LINK} role roleClass datesDerived
      node { id name kind sensitive locatedIn { iso2 } } }
  }`;

const CARD_FIELDS = {
  Nhri: `${ORGANISATION_FIELDS} ganhriStatus ganhriStatusAsOf ganhriStatusConfidence npmMandate`,
  NationalAuthority: `${ORGANISATION_FIELDS} authorityKind`,
  CivilSocietyOrganisation: ORGANISATION_FIELDS,
  Donor: ORGANISATION_FIELDS,
  InternationalOrganisation: ORGANISATION_FIELDS,
  CoeEntity: ORGANISATION_FIELDS,
  Project: `
    title status startDate endDate budgetEur
    programmes { id name shortName }
    countries { iso2 name }
    themes { name }
    networks { id name shortName }
    ${PARTICIPANTS}`,
  Programme: `
    shortName status startDate endDate budgetEur
    countries { iso2 name }
    ${PARTICIPANTS}`,
  Network: `
    shortName type
    operatedBy { id name }
    members(first: ${PAGE}) {
      totalCount
      edges { ${LINK} membershipStatus evidence node { id name kind sensitive locatedIn { iso2 } } }
    }`,
  Country: "iso2 regions { name }",
};

const cardQuery = (typename) => `
query Card($id: ID!) {
  node(id: $id) {
    __typename id
    ... on ${typename} { key name ${PROVENANCE} ${RECORD} ${CARD_FIELDS[typename] ?? ""} }
  }
}`;

const typenames = new Map();

function edgeRow(edge, { role, node, record }) {
  return {
    record, // Participation | Membership: what an edit of the row changes
    key: edge.key,
    version: edge.version ?? null,
    updatedAt: edge.updatedAt ?? null,
    updatedBy: edge.updatedBy ?? null,
    role,
    roleClass: edge.roleClass ?? null,
    since: edge.since ?? null,
    until: edge.until ?? null,
    datesDerived: Boolean(edge.datesDerived),
    confidence: edge.confidence ?? null,
    sources: edge.sources ?? [],
    notes: edge.notes ?? [],
    evidence: edge.evidence ?? null,
    node,
  };
}

const linkNode = (n, typename) => ({
  id: n.id,
  name: n.name,
  shortName: n.shortName ?? null,
  kind: kindOf(n.kind, typename),
  country: n.locatedIn?.iso2 ?? null,
  sensitive: Boolean(n.sensitive),
});

/** The card of one entity: identity, provenance and its links as rows, or null when it does not exist. */
export async function card(id, { signal } = {}) {
  if (!typenames.has(id)) {
    const found = await gql(TYPENAME, { id }, { signal });
    if (!found.node) return null;
    typenames.set(id, found.node.__typename);
  }
  const typename = typenames.get(id);
  if (!/^[A-Za-z]+$/.test(typename)) return null;
  const data = await gql(cardQuery(typename), { id }, { signal });
  const n = data.node;
  if (!n) return null;
  const rows = [];
  let total = 0;
  for (const e of n.participations?.edges ?? []) {
    rows.push(
      edgeRow(e, {
        record: "Participation",
        role: e.role,
        node: { ...linkNode(e.node, "Project"), status: e.node.status, programmes: e.node.programmes },
      }),
    );
  }
  for (const e of n.programmeParticipations?.edges ?? [])
    rows.push(edgeRow(e, { record: "Participation", role: e.role, node: linkNode(e.node, "Programme") }));
  for (const e of n.memberships?.edges ?? [])
    rows.push(edgeRow(e, { record: "Membership", role: e.membershipStatus, node: linkNode(e.node, "Network") }));
  for (const e of n.participants?.edges ?? [])
    rows.push(edgeRow(e, { record: "Participation", role: e.role, node: linkNode(e.node) }));
  for (const e of n.members?.edges ?? [])
    rows.push(edgeRow(e, { record: "Membership", role: e.membershipStatus, node: linkNode(e.node) }));
  for (const c of [n.participations, n.programmeParticipations, n.memberships, n.participants, n.members])
    total += c?.totalCount ?? 0;
  return {
    id: n.id,
    key: n.key,
    typename: n.__typename,
    kind: kindOf(n.kind, n.__typename),
    name: n.name,
    title: n.title ?? null,
    shortName: n.shortName ?? null,
    version: n.version ?? null,
    updatedAt: n.updatedAt ?? null,
    updatedBy: n.updatedBy ?? null,
    sensitive: Boolean(n.sensitive),
    orgKind: n.kind ?? null,
    rawCategory: n.category ?? null,
    category: n.category ?? n.type ?? null,
    authorityKind: n.authorityKind ?? null,
    country: n.locatedIn ?? null,
    countries: n.countries ?? [],
    regions: n.regions ?? [],
    parent: n.parent ?? null,
    operatedBy: n.operatedBy ?? null,
    ganhriStatus: n.ganhriStatus ?? null,
    ganhriStatusAsOf: n.ganhriStatusAsOf ?? null,
    ganhriStatusConfidence: n.ganhriStatusConfidence ?? null,
    npmMandate: n.npmMandate ?? null,
    status: n.status ?? null,
    startDate: n.startDate ?? null,
    endDate: n.endDate ?? null,
    budgetEur: n.budgetEur ?? null,
    programmes: n.programmes ?? [],
    themes: n.themes ?? [],
    networks: n.networks ?? [],
    confidence: n.confidence ?? null,
    sources: n.sources ?? [],
    notes: n.notes ?? [],
    links: rows,
    linksTotal: total,
    linksShown: rows.length,
  };
}

const NEIGHBOURHOOD = `
query Neighbourhood($id: ID!, $hops: Int!, $kinds: [NetworkNodeKind!], $roles: [NetworkRole!], $asOf: Date, $limit: Int!) {
  neighbourhood(id: $id, hops: $hops, kinds: $kinds, roles: $roles, asOf: $asOf, limit: $limit) {
    center { ${NET_NODE} }
    nodes { ${NET_NODE} }
    edges { ${NET_EDGE} }
    truncated totalNodes hops rolesUsed asOf
  }
}`;

/** The ego network: { center, nodes, edges, truncated, totalNodes, rolesUsed, asOf }. */
export async function neighbourhood({ id, hops, kinds, structural, asOf, limit = NODE_CAP }, { signal } = {}) {
  const data = await gql(
    NEIGHBOURHOOD,
    { id, hops, kinds: kinds.length ? kinds : null, roles: rolesFor(structural), asOf: asOf || null, limit },
    { signal },
  );
  const r = data.neighbourhood;
  return {
    center: netNode(r.center),
    nodes: r.nodes.map(netNode),
    edges: r.edges.map(netEdge),
    truncated: r.truncated,
    totalNodes: r.totalNodes,
    rolesUsed: r.rolesUsed,
    asOf: r.asOf,
  };
}

const PATH = `
query Path($from: ID!, $to: ID!, $maxHops: Int!, $k: Int!, $roles: [NetworkRole!], $asOf: Date) {
  path(from: $from, to: $to, maxHops: $maxHops, k: $k, roles: $roles, asOf: $asOf) {
    found maxHops rolesUsed asOf
    from { ${NET_NODE} }
    to { ${NET_NODE} }
    paths {
      length
      hops { forward from { ${NET_NODE} } to { ${NET_NODE} } edge { ${NET_EDGE} } }
    }
  }
}`;

/** Shortest paths: { found, from, to, paths: [{ length, hops: [{ from, to, edge, forward }] }] }. */
export async function paths({ from, to, maxHops, k, structural, asOf }, { signal } = {}) {
  const data = await gql(PATH, { from, to, maxHops, k, roles: rolesFor(structural), asOf: asOf || null }, { signal });
  const r = data.path;
  return {
    found: r.found,
    maxHops: r.maxHops,
    rolesUsed: r.rolesUsed,
    from: netNode(r.from),
    to: netNode(r.to),
    paths: r.paths.map((p) => ({
      length: p.length,
      hops: p.hops.map((hop) => ({
        from: netNode(hop.from),
        to: netNode(hop.to),
        edge: netEdge(hop.edge),
        forward: hop.forward,
      })),
    })),
  };
}

const COUNTRY_LINKS = `
query CountryLinks($kinds: [NetworkNodeKind!], $partnerKinds: [NetworkNodeKind!], $region: String, $programme: String, $roles: [NetworkRole!], $asOf: Date) {
  countryLinks(kinds: $kinds, partnerKinds: $partnerKinds, region: $region, programme: $programme, roles: $roles, asOf: $asOf) {
    countries symmetric rolesUsed asOf
    cells { countryA countryB links projects networks examples { ${NET_NODE} } }
  }
}`;

/** The country matrix: { countries, symmetric, cells: [{ a, b, links, projects, networks, examples }] }. */
export async function countryLinks({ kindA, kindB, region, programme, structural, asOf }, { signal } = {}) {
  const data = await gql(
    COUNTRY_LINKS,
    {
      kinds: kindA ? [kindA] : null,
      partnerKinds: kindB ? [kindB] : null,
      region: region || null,
      programme: programme || null,
      roles: rolesFor(structural),
      asOf: asOf || null,
    },
    { signal },
  );
  const r = data.countryLinks;
  return {
    countries: r.countries,
    symmetric: r.symmetric,
    rolesUsed: r.rolesUsed,
    cells: r.cells.map((c) => ({
      a: c.countryA,
      b: c.countryB,
      links: c.links,
      projects: c.projects,
      networks: c.networks,
      examples: c.examples.map(netNode),
    })),
  };
}

// The connectors behind one matrix cell, through the entity API's relationship filters: projects, programmes
// and networks with an actor of kind A located in country A and one of kind B in country B, both links active on
// the date and of the followed roles (the same rule countryLinks counts by).
const CELL = `
query Cell($pa: ParticipantWhere!, $pb: ParticipantWhere!, $ma: MemberWhere!, $mb: MemberWhere!, $prog: [ProjectWhere!]!, $withNetworks: Boolean!) {
  projects(where: { AND: [{ participantsSome: $pa }, { participantsSome: $pb }, { AND: $prog }] }, first: ${PAGE}, orderBy: [{ field: TITLE, direction: ASC }]) {
    totalCount
    edges { node { id name status startDate endDate programmes { shortName name } } }
  }
  programmes(where: { AND: [{ participantsSome: $pa }, { participantsSome: $pb }] }, first: ${PAGE}) {
    totalCount
    edges { node { id name shortName startDate endDate } }
  }
  networks(where: { AND: [{ membersSome: $ma }, { membersSome: $mb }] }, first: ${PAGE}) @include(if: $withNetworks) {
    totalCount
    edges { node { id name shortName } }
  }
}`;

function activeOn(asOf) {
  if (!asOf) return [];
  return [
    { OR: [{ since: { isNull: true } }, { since: { lte: asOf } }] },
    { OR: [{ until: { isNull: true } }, { until: { gte: asOf } }] },
  ];
}

/** The CELL document's variables for the cell (countries a and b) under the matrix's filters. */
export function cellVariables({ a, b, kindA, kindB, programme, structural, asOf }) {
  const roles = (rolesFor(structural) ?? PARTNERSHIP_ROLES).filter((r) => r !== "MEMBER");
  const org = (kind, country) => ({
    ...(kind ? { kind: { eq: kind } } : {}),
    locatedIn: { iso2: { eq: country } },
  });
  const participant = (kind, country) => ({
    AND: [{ role: { in: roles } }, ...activeOn(asOf)],
    organisation: org(kind, country),
  });
  const member = (kind, country) => ({ AND: activeOn(asOf), organisation: org(kind, country) });
  return {
    pa: participant(kindA, a),
    pb: participant(kindB, b),
    ma: member(kindA, a),
    mb: member(kindB, b),
    prog: programme ? [{ programmesSome: { id: { eq: programme } } }] : [],
    withNetworks: !programme,
  };
}

/** The projects, programmes and networks behind a cell (countries a and b). */
export async function cellConnectors(args, { signal } = {}) {
  const { programme } = args;
  const data = await gql(CELL, cellVariables(args), { signal });
  const progs = programme
    ? data.programmes.edges.filter((e) => e.node.id === programme || e.node.id.endsWith(`:${programme}`))
    : data.programmes.edges;
  return {
    projects: data.projects.edges.map((e) => ({ ...e.node, kind: "PROJECT" })),
    projectsTotal: data.projects.totalCount,
    programmes: progs.map((e) => ({ ...e.node, kind: "PROGRAMME" })),
    networks: (data.networks?.edges ?? []).map((e) => ({ ...e.node, kind: "NETWORK" })),
    networksTotal: data.networks?.totalCount ?? 0,
  };
}

const REGIONS = `{ regions(first: ${PAGE}) { edges { node { id key name countries { iso2 name } } } } }`;
const PROGRAMMES = `{ programmes(first: ${PAGE}) { edges { node { id key name shortName startDate endDate } } } }`;
const COUNTRIES = `
query Countries($after: String) {
  countries(first: ${PAGE}, after: $after) { pageInfo { hasNextPage endCursor } edges { node { iso2 name } } }
}`;

export async function regions() {
  const data = await gql(REGIONS);
  return data.regions.edges.map((e) => e.node);
}

export async function programmes() {
  const data = await gql(PROGRAMMES);
  return data.programmes.edges.map((e) => e.node);
}

/** Every country's name by ISO code, to label matrix axes and groups. */
export async function countryNames() {
  const names = new Map();
  let after = null;
  for (let page = 0; page < 10; page += 1) {
    const data = await gql(COUNTRIES, { after });
    for (const e of data.countries.edges) names.set(e.node.iso2, e.node.name);
    if (!data.countries.pageInfo.hasNextPage) break;
    after = data.countries.pageInfo.endCursor;
  }
  return names;
}

const PROGRAMME_PROJECTS = `
query ProgrammeProjects($id: ID!, $after: String) {
  programme(id: $id) {
    id
    projects(first: ${PAGE}, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } }
  }
}`;

/** The ids of a programme's projects (the map's programme filter). */
export async function programmeProjectIds(id, { signal } = {}) {
  const ids = new Set();
  let after = null;
  for (let page = 0; page < 20; page += 1) {
    const data = await gql(PROGRAMME_PROJECTS, { id, after }, { signal });
    if (!data.programme) break;
    for (const e of data.programme.projects.edges) ids.add(e.node.id);
    if (!data.programme.projects.pageInfo.hasNextPage) break;
    after = data.programme.projects.pageInfo.endCursor;
  }
  return ids;
}

/** The read and network documents by name, each with the largest variables the page sends (the cost test). */
export function readDocuments() {
  const cards = ["Region", "Theme", "CoeBody", "ActionPlan", ...Object.keys(CARD_FIELDS)];
  const id = { id: "Organisation:ba-moj" };
  const everyRole = rolesFor(true);
  const cell = { a: "AL", b: "BA", kindA: "", kindB: "", programme: "", structural: true, asOf: "2020-01-01" };
  return {
    SEARCH: [SEARCH, { text: "ombudsman", kinds: ENTITY_KINDS, first: SEARCH_HITS }],
    TYPENAME: [TYPENAME, id],
    ...Object.fromEntries(cards.map((t) => [`CARD_${t}`, [cardQuery(t), id]])),
    NEIGHBOURHOOD: [NEIGHBOURHOOD, { ...id, hops: 3, kinds: null, roles: everyRole, asOf: null, limit: NODE_CAP }],
    PATH: [PATH, { from: "Organisation:ba-moj", to: "Organisation:me-moj", maxHops: 6, k: 5, roles: everyRole }],
    COUNTRY_LINKS: [
      COUNTRY_LINKS,
      { kinds: null, partnerKinds: null, region: null, programme: null, roles: everyRole },
    ],
    CELL: [CELL, cellVariables(cell)],
    REGIONS: [REGIONS, {}],
    PROGRAMMES: [PROGRAMMES, {}],
    COUNTRIES: [COUNTRIES, { after: null }],
    PROGRAMME_PROJECTS: [PROGRAMME_PROJECTS, { id: "Programme:prog-hf2", after: null }],
  };
}
