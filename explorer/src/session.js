// Sign-in: a token (viewer, editor or admin) entered once per browser session, kept in sessionStorage (gone when
// the tab closes), sent as a bearer token on every request and in the live connection's first message.

import { ApiError, describeError, onTokenRefused, setToken } from "./api.js";
import { probeRole } from "./queries-edit.js";
import { fill, h } from "./ui.js";

const KEY = "partnernet.session";
const listeners = new Set();
/** Who the page works for: { token, role } (both null when signed out). */
export const session = { token: null, role: null };

export const canEdit = () => session.role === "editor" || session.role === "admin";
export const isAdmin = () => session.role === "admin";

/** Be told when the session changes (signed in or out). */
export function onSession(fn) {
  listeners.add(fn);
}

function changed() {
  if (session.token) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  setToken(session.token);
  for (const fn of listeners) fn(session);
}

/** Sign in with `token`: learns its role from the API; rejects (and stays signed out) when it is refused. */
export async function signIn(token) {
  const text = token.trim();
  if (!text) throw new ApiError("input", "enter a token");
  setToken(text);
  try {
    const role = await probeRole();
    Object.assign(session, { token: text, role });
  } catch (err) {
    Object.assign(session, { token: null, role: null });
    setToken(null);
    throw err;
  }
  changed();
}

export function signOut() {
  Object.assign(session, { token: null, role: null });
  changed();
}

/** The session this tab kept (a reload stays signed in). */
function restore() {
  try {
    const kept = JSON.parse(sessionStorage.getItem(KEY) ?? "null");
    if (kept?.token && ["viewer", "editor", "admin"].includes(kept.role)) Object.assign(session, kept);
  } catch {
    sessionStorage.removeItem(KEY);
  }
  setToken(session.token);
}
restore();

const ROLE_TEXT = {
  viewer: "viewer (reads, as anyone)",
  editor: "editor (sees sensitive organisations, edits)",
  admin: "admin (also imports)",
};

/** The header's sign-in button, its dialog and the line saying who is signed in. */
export function initSessionUI({ onRefused }) {
  const dialog = document.getElementById("signin-dialog");
  const form = document.getElementById("signin-form");
  const input = document.getElementById("signin-token");
  const error = document.getElementById("signin-error");
  const area = document.getElementById("session");
  const render = () => {
    if (!session.token) {
      fill(
        area,
        h(
          "button",
          {
            type: "button",
            id: "signin-open",
            onclick: () => {
              error.textContent = "";
              input.value = "";
              dialog.showModal();
            },
          },
          "Sign in",
        ),
      );
      return;
    }
    fill(
      area,
      h("span", { id: "session-role", dataset: { role: session.role } }, `Signed in: ${ROLE_TEXT[session.role]}`),
      " ",
      h("button", { type: "button", id: "signout", onclick: () => signOut() }, "Sign out"),
    );
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (event.submitter?.value === "cancel") {
      dialog.close();
      return;
    }
    error.textContent = "Checking the token…";
    try {
      await signIn(input.value);
      input.value = "";
      dialog.close();
    } catch (err) {
      error.textContent = describeError(err);
      input.focus();
    }
  });
  onTokenRefused((code) => {
    if (!session.token) return; // a token being tried in the dialog: the dialog says why
    signOut();
    onRefused(code);
  });
  onSession(render);
  render();
}
