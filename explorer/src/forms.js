// Edit forms built from field specs: each field with its label and its own error line (the API's userErrors are
// shown beside the field they name), values read back as the mutation inputs take them, and the changed ones.

import { h } from "./ui.js";

/**
 * A field spec: { name, label, type: "text" | "select" | "check" | "lines" | "number" | "date", options: [[value,
 * text]], required, hint }. `date` takes a partial date (YYYY, YYYY-MM or YYYY-MM-DD), as the API does.
 */
export const text = (name, label, extra = {}) => ({ name, label, type: "text", ...extra });
export const choice = (name, label, values, extra = {}) => ({
  name,
  label,
  type: "select",
  options: [...(extra.required ? [] : [["", "—"]]), ...values.map((v) => [v, v.toLowerCase().replaceAll("_", " ")])],
  ...extra,
});

const DATE_HINT = "YYYY, YYYY-MM or YYYY-MM-DD";

function control(id, spec, value) {
  const common = {
    id,
    name: spec.name,
    "aria-describedby": `${id}-error${spec.hint || spec.type === "date" ? ` ${id}-hint` : ""}`,
  };
  switch (spec.type) {
    case "select":
      return h(
        "select",
        { ...common, required: spec.required },
        spec.options.map(([v, label]) => h("option", { value: v, selected: String(value ?? "") === v }, label)),
      );
    case "check":
      return h("input", { ...common, type: "checkbox", checked: Boolean(value) });
    case "lines":
      return h("textarea", { ...common, rows: 3 }, (value ?? []).join("\n"));
    case "number":
      return h("input", { ...common, type: "number", step: "any", value: value ?? "" });
    default:
      return h("input", {
        ...common,
        type: "text",
        value: value ?? "",
        required: spec.required,
        autocomplete: "off",
      });
  }
}

/**
 * A form for `specs` filled with `values`: { form, read(), showErrors(userErrors) -> unplaced, clearErrors() }.
 * `read()` gives every field's value as the API takes it (lists split by line, empty text as null).
 */
export function buildForm(prefix, specs, values, { submit = "Save", extra = [] } = {}) {
  const fields = specs.map((spec) => {
    const id = `${prefix}-${spec.name}`;
    const input = control(id, spec, values[spec.name]);
    const label = h("label", { for: id }, spec.label, spec.required ? h("span", { "aria-hidden": "true" }, " *") : "");
    const hintText = spec.hint ?? (spec.type === "date" ? DATE_HINT : null);
    return {
      spec,
      input,
      error: h("span", { class: "field-error", id: `${id}-error`, role: "alert" }),
      el: null,
      hint: hintText ? h("span", { class: "field-hint", id: `${id}-hint` }, hintText) : null,
      label,
    };
  });
  for (const f of fields)
    f.el = h(
      "div",
      { class: `field field-${f.spec.type}`, dataset: { field: f.spec.name } },
      f.label,
      f.input,
      f.hint,
      f.error,
    );
  const formError = h("div", { class: "form-error", role: "alert" });
  const form = h(
    "form",
    { class: "edit-form", id: `${prefix}-form`, novalidate: true },
    fields.map((f) => f.el),
    formError,
    h("div", { class: "form-actions" }, h("button", { type: "submit", class: "primary" }, submit), ...extra),
  );
  const read = () => {
    const out = {};
    for (const { spec, input } of fields) {
      if (spec.type === "check") out[spec.name] = input.checked;
      else if (spec.type === "lines")
        out[spec.name] = input.value
          .split("\n")
          .map((s) => s.trim())
          .filter(Boolean);
      else if (spec.type === "number") out[spec.name] = input.value === "" ? null : Number(input.value);
      else out[spec.name] = input.value.trim() === "" ? null : input.value.trim();
    }
    return out;
  };
  const clearErrors = () => {
    formError.textContent = "";
    for (const f of fields) {
      f.error.textContent = "";
      f.input.removeAttribute("aria-invalid");
    }
  };
  /** Put each userError beside its field (the last step of its path names it); returns those that name none. */
  const showErrors = (errors) => {
    clearErrors();
    const unplaced = [];
    for (const e of errors) {
      const name = e.field?.[e.field.length - 1];
      const f = fields.find((x) => x.spec.name === name);
      if (f) {
        f.error.textContent = e.message;
        f.input.setAttribute("aria-invalid", "true");
      } else unplaced.push(e);
    }
    formError.textContent = unplaced.map((e) => e.message).join(" ");
    const first = fields.find((f) => f.input.getAttribute("aria-invalid") === "true");
    (first?.input ?? formError).focus?.();
    return unplaced;
  };
  const say = (message) => {
    formError.textContent = message;
  };
  return { form, read, showErrors, clearErrors, say };
}

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields of `now` whose value differs from `before` (what an update sends). */
export function changedFields(before, now) {
  return Object.fromEntries(Object.entries(now).filter(([k, v]) => !same(v, before[k])));
}

/** Leave out empty values (what a create sends). */
export const given = (values) =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && !(Array.isArray(v) && !v.length)));

/** A value as the conflict table shows it. */
export function shown(value) {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.join("; ") : "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}
