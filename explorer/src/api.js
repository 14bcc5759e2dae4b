// The one door to the service: POST /graphql, with failures sorted into what a user can act on.

// /graphql beside /explore/, so the page also works under a path prefix; computed on use, so Node can import
// this module (the schema check in tests/unit/test_explorer_queries.py).
const graphqlUrl = () => new URL("../graphql", window.location.href.split(/[?#]/)[0]).pathname;
/** The WebSocket address of /graphql (subscriptions). */
export const graphqlSocketUrl = () => {
  const url = new URL("../graphql", window.location.href.split(/[?#]/)[0]);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
};

// The signed-in token: sent as `Authorization: Bearer <token>` on every request while set (session.js keeps it
// in sessionStorage, so it lasts as long as the browser tab).
let bearer = null;
export function setToken(token) {
  bearer = token || null;
}
export const currentToken = () => bearer;

/** A failure the page explains: `kind` is unavailable | bound | notFound | input | auth | other. */
export class ApiError extends Error {
  constructor(kind, message, { code = null, field = null } = {}) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.field = field;
  }
}

const KIND_BY_CODE = {
  LIMIT_EXCEEDED: "bound",
  QUERY_TIMEOUT: "bound",
  DATABASE_UNAVAILABLE: "unavailable",
  NOT_FOUND: "notFound",
  BAD_USER_INPUT: "input",
  GRAPHQL_VALIDATION_FAILED: "input",
  UNAUTHENTICATED: "auth",
  INVALID_TOKEN: "auth",
  TOKEN_EXPIRED: "auth",
  TOKEN_REVOKED: "auth",
  FORBIDDEN: "auth",
};

const sentence = (text) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** What the user reads for an error of each kind, before the service's own words. */
export function describeError(err) {
  if (!(err instanceof ApiError)) return `Something went wrong in the page: ${err?.message ?? err}`;
  const said = sentence(err.message);
  switch (err.kind) {
    case "unavailable":
      return `The service is unavailable right now (${err.message}). Try again in a moment.`;
    case "bound":
      return `This request exceeds a bound of the service: ${said} Narrow it (fewer hops, fewer kinds, a region) and try again.`;
    case "notFound":
      return `Not found: ${said}`;
    case "auth":
      return `Not allowed: ${said} Sign in again with a token of the right role.`;
    case "input":
      return `The service did not accept this request: ${said}`;
    default:
      return `The service answered with an error: ${said}`;
  }
}

let inflight = 0;
const listeners = new Set();
/** Subscribe to the number of requests in flight (the page shows a busy mark). */
export function onBusy(fn) {
  listeners.add(fn);
}
function busy(delta) {
  inflight += delta;
  for (const fn of listeners) fn(inflight);
}

let authListener = () => {};
/** Be told when the service refuses the signed-in token (expired, revoked): the page signs out. */
export function onTokenRefused(fn) {
  authListener = fn;
}
const TOKEN_CODES = new Set(["INVALID_TOKEN", "TOKEN_EXPIRED", "TOKEN_REVOKED"]);

/**
 * Run one GraphQL operation; resolves to `data`, rejects with an ApiError.
 * `signal` lets a view abandon a request a newer one replaces; with `partial`, resolves to `{ data, errors }`
 * when the answer has data beside field errors (several mutations, some refused).
 */
export async function gql(query, variables = {}, { signal, partial = false } = {}) {
  let response;
  busy(1);
  try {
    const headers = { "content-type": "application/json", accept: "application/json" };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    try {
      response = await fetch(graphqlUrl(), {
        method: "POST",
        headers,
        body: JSON.stringify({ query, variables }),
        signal,
      });
    } catch (err) {
      if (err?.name === "AbortError") throw err;
      throw new ApiError("unavailable", "the service cannot be reached");
    }
    if ([502, 503, 504].includes(response.status)) {
      throw new ApiError("unavailable", `HTTP ${response.status}`);
    }
    let body;
    try {
      body = await response.json();
    } catch {
      throw new ApiError(response.ok ? "other" : "unavailable", `HTTP ${response.status}, not a GraphQL answer`);
    }
    if (partial && body.data) return { data: body.data, errors: body.errors ?? [] };
    if (body.errors?.length) {
      const first = body.errors[0];
      const code = first.extensions?.code ?? null;
      if (bearer && TOKEN_CODES.has(code)) authListener(code);
      throw new ApiError(KIND_BY_CODE[code] ?? "other", first.message, { code, field: first.extensions?.field });
    }
    if (!body.data) throw new ApiError("other", `HTTP ${response.status} without data`);
    return body.data;
  } finally {
    busy(-1);
  }
}
