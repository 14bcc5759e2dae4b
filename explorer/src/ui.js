// Small DOM helpers: element building without innerHTML (names come from data), messages, downloads.

/** h("a", { href, class: "x", onclick }, "text", child) builds an element; null children are skipped. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "style" && typeof value === "object") Object.assign(el.style, value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replace an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A status line: tone is info | empty | error | busy. */
export function status(el, text, tone = "info") {
  el.textContent = text ?? "";
  el.dataset.tone = tone;
}

/** A notice box (truncated, bound, unavailable); hidden when text is empty. */
export function notice(el, text, tone = "warn") {
  el.hidden = !text;
  el.textContent = text ?? "";
  el.dataset.tone = tone;
}

export function download(filename, blob) {
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A date (YYYY-MM-DD, or with a precision of MONTH/YEAR) as people write it. */
export function fmtDate(value, precision) {
  if (!value) return "";
  if (precision === "YEAR") return value.slice(0, 4);
  if (precision === "MONTH") return value.slice(0, 7);
  return value;
}

export function fmtPeriod(since, until, { sincePrecision, untilPrecision } = {}) {
  const a = fmtDate(since, sincePrecision);
  const b = fmtDate(until, untilPrecision);
  if (!a && !b) return "";
  if (a && !b) return `since ${a}`;
  if (!a && b) return `until ${b}`;
  return `${a} – ${b}`;
}

/** An instant the API gives (ISO 8601 in UTC) as people read it: "2026-01-05 10:12 UTC". */
export const fmtInstant = (at) => (at ? `${at.replace("T", " ").slice(0, 16)} UTC` : "");

export const pluralise = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Tabs with arrow keys, Home and End (WAI-ARIA tabs pattern, automatic activation). */
export function tablist(container, onSelect) {
  const tabs = [...container.querySelectorAll('[role="tab"]')];
  container.addEventListener("keydown", (event) => {
    const i = tabs.indexOf(document.activeElement);
    if (i < 0) return;
    let next = null;
    if (event.key === "ArrowRight") next = tabs[(i + 1) % tabs.length];
    else if (event.key === "ArrowLeft") next = tabs[(i - 1 + tabs.length) % tabs.length];
    else if (event.key === "Home") next = tabs[0];
    else if (event.key === "End") next = tabs[tabs.length - 1];
    if (next) {
      event.preventDefault();
      next.focus();
      onSelect(next);
    }
  });
  for (const tab of tabs) tab.addEventListener("click", () => onSelect(tab));
  return tabs;
}
