// The analysis documents (brokers, gaps, suggested partners, shared partners, cross-border partners, changes,
// communities) and the plain shapes the Analyses tab draws from their answers. Public API only.

import { gql } from "./api.js";
import { NET_EDGE, NET_NODE, netEdge, netNode, rolesFor } from "./net.js";

export const TOP = 25; // brokers and suggestions shown
export const ROWS = 200; // gaps, partners and changes rows asked for
export const COMMUNITY_LIMIT = 200; // communities asked for (the API's maximum)
export const MAX_SHARED = 10; // the API's bound on sharedPartners ids

const BROKERS = `
query Brokers($region: String, $top: Int!, $roles: [NetworkRole!], $asOf: Date) {
  brokers(region: $region, top: $top, roles: $roles, asOf: $asOf) {
    rolesUsed asOf
    brokers { node { ${NET_NODE} } countryCode score countriesReached bridgingConnectors connectors }
  }
}`;

/** Brokers of a region, best first: [{ node, country, score, reached, bridging, connectors }]. */
export async function brokers({ region, top = TOP, structural, asOf }, { signal } = {}) {
  const data = await gql(
    BROKERS,
    { region: region || null, top, roles: rolesFor(structural), asOf: asOf || null },
    { signal },
  );
  return data.brokers.brokers.map((b) => ({
    node: netNode(b.node),
    country: b.countryCode,
    score: b.score,
    reached: b.countriesReached,
    bridging: b.bridgingConnectors,
    connectors: b.connectors,
  }));
}

const GAPS = `
query Gaps($country: String!, $kinds: [NetworkGapKind!], $roles: [NetworkRole!], $asOf: Date, $limit: Int!) {
  gaps(country: $country, kinds: $kinds, roles: $roles, asOf: $asOf, limit: $limit) {
    countryCode truncated
    gaps {
      kind explanation
      subject { ${NET_NODE} }
      other { ${NET_NODE} }
      evidence { ${NET_NODE} }
      themes { key name }
    }
  }
}`;

export const GAP_KINDS = {
  NHRI_WITHOUT_CIVIL_SOCIETY: "NHRI without civil society",
  AUTHORITY_WITHOUT_NHRI: "Authority without an NHRI partner",
  UNLINKED_NEIGHBOURS: "Unlinked neighbours",
};

/** The gaps of one country: { truncated, gaps: [{ kind, explanation, subject, other, evidence, themes }] }. */
export async function gaps({ country, kinds, structural, asOf, limit = ROWS }, { signal } = {}) {
  const data = await gql(
    GAPS,
    { country, kinds: kinds?.length ? kinds : null, roles: rolesFor(structural), asOf: asOf || null, limit },
    { signal },
  );
  const r = data.gaps;
  return {
    truncated: r.truncated,
    gaps: r.gaps.map((g) => ({
      kind: g.kind,
      explanation: g.explanation,
      subject: netNode(g.subject),
      other: g.other ? netNode(g.other) : null,
      evidence: g.evidence.map(netNode),
      themes: g.themes,
    })),
  };
}

const SUGGESTED = `
query Suggested($org: ID!, $top: Int!, $roles: [NetworkRole!], $asOf: Date) {
  suggestedPartners(org: $org, top: $top, roles: $roles, asOf: $asOf) {
    org { ${NET_NODE} }
    suggestions {
      node { ${NET_NODE} } countryCode score reason sameKind commonPartnerCount
      commonPartners { ${NET_NODE} }
      sharedThemes { key name }
    }
  }
}`;

/** Suggested partners abroad: { org, suggestions: [{ node, country, score, reason, common, commonCount, themes }] }. */
export async function suggestedPartners({ org, top = TOP, structural, asOf }, { signal } = {}) {
  const data = await gql(SUGGESTED, { org, top, roles: rolesFor(structural), asOf: asOf || null }, { signal });
  const r = data.suggestedPartners;
  return {
    org: netNode(r.org),
    suggestions: r.suggestions.map((s) => ({
      node: netNode(s.node),
      country: s.countryCode,
      score: s.score,
      reason: s.reason,
      sameKind: s.sameKind,
      common: s.commonPartners.map(netNode),
      commonCount: s.commonPartnerCount,
      themes: s.sharedThemes,
    })),
  };
}

const SHARED = `
query Shared($ids: [ID!]!, $minShared: Int, $roles: [NetworkRole!], $asOf: Date, $limit: Int!) {
  sharedPartners(ids: $ids, minShared: $minShared, roles: $roles, asOf: $asOf, limit: $limit) {
    truncated minShared
    actors { ${NET_NODE} }
    partners { node { ${NET_NODE} } actors actorCount direct via { ${NET_NODE} } }
  }
}`;

/** What links several actors: { actors, truncated, minShared, partners: [{ node, actors, count, direct, via }] }. */
export async function sharedPartners({ ids, minShared, structural, asOf, limit = ROWS }, { signal } = {}) {
  const data = await gql(
    SHARED,
    { ids, minShared: minShared || null, roles: rolesFor(structural), asOf: asOf || null, limit },
    { signal },
  );
  const r = data.sharedPartners;
  return {
    actors: r.actors.map(netNode),
    truncated: r.truncated,
    minShared: r.minShared,
    partners: r.partners.map((p) => ({
      node: netNode(p.node),
      actors: p.actors,
      count: p.actorCount,
      direct: p.direct,
      via: p.via.map(netNode),
    })),
  };
}

const CROSS_BORDER = `
query CrossBorder($org: ID!, $roles: [NetworkRole!], $asOf: Date, $limit: Int!) {
  crossBorderPartners(org: $org, roles: $roles, asOf: $asOf, limit: $limit) {
    truncated
    org { ${NET_NODE} }
    partners { node { ${NET_NODE} } countryCode links { via { ${NET_NODE} } roles partnerRoles } }
  }
}`;

/** Partners abroad of one organisation: { org, truncated, partners: [{ node, country, links: [{ via, ... }] }] }. */
export async function crossBorderPartners({ org, structural, asOf, limit = ROWS }, { signal } = {}) {
  const data = await gql(CROSS_BORDER, { org, roles: rolesFor(structural), asOf: asOf || null, limit }, { signal });
  const r = data.crossBorderPartners;
  return {
    org: netNode(r.org),
    truncated: r.truncated,
    partners: r.partners.map((p) => ({
      node: netNode(p.node),
      country: p.countryCode,
      links: p.links.map((l) => ({ via: netNode(l.via), roles: l.roles, partnerRoles: l.partnerRoles })),
    })),
  };
}

const CHANGES = `
query Changes($from: Date!, $to: Date!, $roles: [NetworkRole!], $countries: [String!], $limit: Int!) {
  changes(from: $from, to: $to, roles: $roles, countries: $countries, limit: $limit) {
    total truncated
    changes { kind date edge { ${NET_EDGE} } org { ${NET_NODE} } target { ${NET_NODE} } }
  }
}`;

/** Links that began or ended in a period, by date: { total, truncated, changes: [{ kind, date, edge, org, target }] }. */
export async function changes({ from, to, countries, structural, limit = ROWS }, { signal } = {}) {
  const data = await gql(
    CHANGES,
    { from, to, roles: rolesFor(structural), countries: countries?.length ? countries : null, limit },
    { signal },
  );
  const r = data.changes;
  return {
    total: r.total,
    truncated: r.truncated,
    changes: r.changes.map((c) => ({
      kind: c.kind,
      date: c.date,
      edge: netEdge(c.edge),
      org: netNode(c.org),
      target: netNode(c.target),
    })),
  };
}

const COMMUNITIES = `
query Communities($region: String, $minSize: Int!, $roles: [NetworkRole!], $asOf: Date, $limit: Int!) {
  communities(region: $region, minSize: $minSize, roles: $roles, asOf: $asOf, limit: $limit) {
    total truncated modularity organisations links
    communities { index size links countries members { ${NET_NODE} } connectors { ${NET_NODE} } }
  }
}`;

/** Communities by modularity: { total, truncated, modularity, organisations, links, communities: [...] }. */
export async function communities({ region, minSize = 2, structural, asOf, limit = COMMUNITY_LIMIT }, { signal } = {}) {
  const data = await gql(
    COMMUNITIES,
    { region: region || null, minSize, roles: rolesFor(structural), asOf: asOf || null, limit },
    { signal },
  );
  const r = data.communities;
  return {
    total: r.total,
    truncated: r.truncated,
    modularity: r.modularity,
    organisations: r.organisations,
    links: r.links,
    communities: r.communities.map((c) => ({
      index: c.index,
      size: c.size,
      links: c.links,
      countries: c.countries,
      members: c.members.map(netNode),
      connectors: c.connectors.map(netNode),
    })),
  };
}

// The map's sizes and colours: every broker score the API ranks (its top bound), and which community each node is
// in; ids only, as the map already holds the nodes.
export const SCORED = 100;
const BROKER_SCORES = `
query BrokerScores($top: Int!, $roles: [NetworkRole!], $asOf: Date) {
  brokers(top: $top, roles: $roles, asOf: $asOf) { brokers { node { id } score } }
}`;

/** Broker score by node id, for the `SCORED` best brokers of the whole graph. */
export async function brokerScores({ structural, asOf }, { signal } = {}) {
  const data = await gql(BROKER_SCORES, { top: SCORED, roles: rolesFor(structural), asOf: asOf || null }, { signal });
  return new Map(data.brokers.brokers.map((b) => [b.node.id, b.score]));
}

const COMMUNITY_MAP = `
query CommunityMap($region: String, $roles: [NetworkRole!], $asOf: Date, $limit: Int!) {
  communities(region: $region, minSize: 1, roles: $roles, asOf: $asOf, limit: $limit) {
    truncated communities { index size members { id } connectors { id } }
  }
}`;

/** The community index (1 = largest) of each node id, organisations and connectors alike. */
export async function communityOf({ region, structural, asOf }, { signal } = {}) {
  const data = await gql(
    COMMUNITY_MAP,
    { region: region || null, roles: rolesFor(structural), asOf: asOf || null, limit: COMMUNITY_LIMIT },
    { signal },
  );
  const of = new Map();
  for (const c of data.communities.communities) for (const n of [...c.members, ...c.connectors]) of.set(n.id, c.index);
  return of;
}

/** The analysis documents by name, with the largest variables the page sends (tests check their cost). */
export function analysisDocuments() {
  const everyRole = rolesFor(true);
  const ids = Array.from({ length: MAX_SHARED }, (_, i) => `Organisation:id-${i}`);
  return {
    BROKERS: [BROKERS, { region: null, top: TOP, roles: everyRole, asOf: "2020-01-01" }],
    GAPS: [GAPS, { country: "BA", kinds: Object.keys(GAP_KINDS), roles: everyRole, asOf: null, limit: ROWS }],
    SUGGESTED: [SUGGESTED, { org: "Organisation:ba-moj", top: TOP, roles: everyRole, asOf: null }],
    SHARED: [SHARED, { ids, minShared: 2, roles: everyRole, asOf: null, limit: ROWS }],
    CROSS_BORDER: [CROSS_BORDER, { org: "Organisation:ba-moj", roles: everyRole, asOf: null, limit: ROWS }],
    CHANGES: [CHANGES, { from: "1990-01-01", to: "2040-12-31", roles: everyRole, countries: null, limit: ROWS }],
    COMMUNITIES: [COMMUNITIES, { region: null, minSize: 1, roles: everyRole, asOf: null, limit: COMMUNITY_LIMIT }],
    BROKER_SCORES: [BROKER_SCORES, { top: SCORED, roles: everyRole, asOf: null }],
    COMMUNITY_MAP: [COMMUNITY_MAP, { region: null, roles: everyRole, asOf: null, limit: COMMUNITY_LIMIT }],
  };
}
