// Live updates: the `graphChanged` subscription over graphql-transport-ws (the token in connection_init's payload),
// resumed after a drop from the last change seen, so no change is missed.

import { currentToken, graphqlSocketUrl } from "./api.js";
import { GRAPH_CHANGED } from "./queries-edit.js";
import { fmtInstant } from "./ui.js";

const PROTOCOL = "graphql-transport-ws";
let socket = null;
let lastSeq = null;
let retry = 0;
let timer = null;
let handler = () => {};
let statusHandler = () => {};

/** Start listening; `onChange(event)` runs for each committed change, `onStatus(text)` when the link changes. */
export function startLive({ onChange, onStatus }) {
  handler = onChange;
  statusHandler = onStatus;
  connect();
}

/** Reconnect (the token changed: sign-in or sign-out decides which changes this page may see). */
export function restartLive() {
  if (socket) {
    socket.onclose = null;
    socket.close(1000, "session changed");
    socket = null;
  }
  clearTimeout(timer);
  connect();
}

function send(message) {
  socket?.send(JSON.stringify(message));
}

function connect() {
  const token = currentToken();
  const ws = new WebSocket(graphqlSocketUrl(), PROTOCOL);
  socket = ws;
  ws.onopen = () => send({ type: "connection_init", payload: token ? { Authorization: `Bearer ${token}` } : {} });
  ws.onmessage = (message) => {
    let data;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    if (data.type === "connection_ack") {
      retry = 0;
      const refused = data.payload?.authError?.code;
      statusHandler(refused ? `live updates refused (${refused})` : "live");
      send({ id: "live", type: "subscribe", payload: { query: GRAPH_CHANGED, variables: { afterSeq: lastSeq } } });
    } else if (data.type === "next" && data.id === "live") {
      const event = data.payload?.data?.graphChanged;
      if (event) {
        lastSeq = Math.max(lastSeq ?? 0, event.seq);
        handler(event);
      }
    } else if (data.type === "ping") {
      send({ type: "pong" });
    } else if (data.type === "error") {
      statusHandler("live updates stopped: " + (data.payload?.[0]?.message ?? "error"));
    }
  };
  ws.onclose = () => {
    if (socket !== ws) return;
    socket = null;
    statusHandler("reconnecting…");
    retry = Math.min(retry + 1, 6);
    timer = setTimeout(connect, 500 * 2 ** retry);
  };
}

/** The last change seen (tests and the notices read it). */
export const lastChange = () => lastSeq;

const OPS = { CREATE: "created", UPDATE: "changed", DELETE: "deleted" };

/** A change in words: "Updated live: alice changed organisation ba-moj at 2026-01-05 10:12 UTC." */
export function liveText(event) {
  const what = `${event.entityType.toLowerCase()} ${event.entityId.replace(/^[A-Za-z]+:/, "")}`;
  return `Updated live: ${event.actor ?? "someone"} ${OPS[event.op] ?? event.op.toLowerCase()} ${what} at ${fmtInstant(event.at)}.`;
}
