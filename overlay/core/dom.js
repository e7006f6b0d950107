// Building DOM without innerHTML: user text only ever goes in through textContent or
// attribute values, so a member named "<script>" is shown as those characters.

/** h("button", {class: "x", onclick: fn, "aria-label": "…"}, "text", childNode, …) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "class") {
      el.className = value;
    } else if (key === "value" || key === "checked" || key === "disabled" || key === "hidden") {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Set text only if it changed (keeps screen readers and layout quiet). */
export function setText(el, text) {
  const value = String(text);
  if (el.textContent !== value) el.textContent = value;
}

/** Toggle a class; `on` decides. */
export function flag(el, name, on) {
  el.classList.toggle(name, Boolean(on));
}

/** A line for screen readers only: announced politely, not shown. */
export function liveRegion() {
  return h("div", { class: "sr-only", "aria-live": "polite", "aria-atomic": "true" });
}
