// The network answers' node and edge selections, shared by every network document, and their plain shapes.

import { kindOf } from "./kinds.js";

// `sensitive` through the node's entity: the page marks organisations only editors may see.
export const NET_NODE =
  "id key name shortName kind label countryCode countryCodes distance entity { ... on Organisation { sensitive } }";
export const NET_EDGE =
  "id type source target role roleClass membershipStatus since until datesDerived confidence sources";

export const PARTNERSHIP_ROLES = ["PARTNER", "BENEFICIARY", "CIVIL_SOCIETY_PARTNER", "MEMBER"];
export const STRUCTURAL_ROLES = ["IMPLEMENTER", "IMPLEMENTING_UNIT", "FUNDER", "CO_FUNDER"];
/** The roles a view follows: the API's default (null) or every role with structural ones. */
export const rolesFor = (structural) => (structural ? [...PARTNERSHIP_ROLES, ...STRUCTURAL_ROLES] : null);

/** A network node as the graphs draw it. */
export function netNode(n) {
  return {
    id: n.id,
    key: n.key,
    name: n.name,
    shortName: n.shortName ?? null,
    kind: kindOf(n.kind, n.label),
    typename: n.label,
    country: n.countryCode ?? null,
    countries: n.countryCodes ?? [],
    distance: n.distance ?? null,
    sensitive: Boolean(n.entity?.sensitive),
  };
}

export function netEdge(e) {
  return {
    id: e.id,
    type: e.type,
    source: e.source,
    target: e.target,
    role: e.role,
    roleClass: e.roleClass ?? null,
    membershipStatus: e.membershipStatus ?? null,
    since: e.since ?? null,
    until: e.until ?? null,
    datesDerived: Boolean(e.datesDerived),
    confidence: e.confidence ?? null,
    sources: e.sources ?? [],
  };
}
