// A search-backed picker: type, pick a hit with the keyboard or the mouse (path ends, analysis subjects, links).

import { describeError } from "./api.js";
import { kindBadge } from "./find.js";
import { search } from "./queries.js";
import { fill, h } from "./ui.js";

export const NETWORK_KINDS = ["ORGANISATION", "PROJECT", "PROGRAMME", "NETWORK"];

/**
 * A picker for entities of `kinds` (EntityKind values): `onPick(hit)` runs with the chosen search hit.
 * Returns { wrap, input, chosen } (`chosen`: where the page says what is chosen; id `<id>-chosen`).
 */
export function picker({ id, label, kinds = NETWORK_KINDS, onPick, placeholder = "Type a name, then pick" }) {
  const input = h("input", {
    id,
    type: "search",
    autocomplete: "off",
    placeholder,
    "aria-describedby": `${id}-chosen`,
  });
  const chosen = h("p", { id: `${id}-chosen`, class: "chosen", "aria-live": "polite" });
  const list = h("ul", { class: "suggestions", id: `${id}-list`, "aria-label": `${label}: suggestions` });
  let timer = null;
  let controller = null;
  const suggest = async () => {
    const text = input.value.trim();
    controller?.abort();
    if (text.length < 2) {
      fill(list);
      return;
    }
    controller = new AbortController();
    try {
      const hits = await search(text, kinds, { signal: controller.signal });
      fill(
        list,
        hits.length
          ? hits.slice(0, 8).map((hit) =>
              h(
                "li",
                {},
                h(
                  "button",
                  {
                    type: "button",
                    class: "hit",
                    dataset: { id: hit.id },
                    onclick: () => {
                      input.value = "";
                      fill(list);
                      onPick(hit);
                    },
                  },
                  h("span", { class: "hit-name" }, hit.name),
                  h("span", { class: "hit-meta" }, kindBadge(hit.kind), hit.country ? ` ${hit.country}` : ""),
                ),
              ),
            )
          : h("li", { class: "muted" }, `Nothing matches “${text}”.`),
      );
    } catch (err) {
      if (err?.name !== "AbortError")
        fill(list, h("li", { class: "message", dataset: { tone: "error" } }, describeError(err)));
    }
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 300);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(timer);
      suggest();
    } else if (event.key === "ArrowDown") {
      const first = list.querySelector("button");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  list.addEventListener("keydown", (event) => {
    const buttons = [...list.querySelectorAll("button")];
    const i = buttons.indexOf(document.activeElement);
    if (i < 0) return;
    if (event.key === "ArrowDown" && i < buttons.length - 1) buttons[i + 1].focus();
    else if (event.key === "ArrowUp") (i === 0 ? input : buttons[i - 1]).focus();
    else if (event.key === "Escape") input.focus();
    else return;
    event.preventDefault();
  });
  const wrap = h("div", { class: "picker" }, h("label", { for: id }, label), input, chosen, list);
  return { wrap, input, chosen };
}
