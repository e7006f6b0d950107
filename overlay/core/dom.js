// Building DOM without innerHTML: user text only ever goes in through textContent or
// attribute values, so a member named "<script>" is shown as those characters.
// This is the only h() of the overlay (tests/test_overlay_layout.py keeps it so).

const PROPERTIES = new Set(["value", "checked", "selected", "disabled", "hidden"]);

/** h("button", {class: "x", onclick: fn, "aria-label": "…"}, "text", childNode, …)
 *  `on<event>` attributes become listeners; value, checked, selected, disabled and hidden are
 *  set as properties; null, undefined and false leave an attribute or child out; children may
 *  be nested arrays. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "class") {
      el.className = value;
    } else if (PROPERTIES.has(key)) {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

const SVG = "http://www.w3.org/2000/svg";

/** svg("rect", {x: 1, …}, child…): an SVG element (charts); attributes set as given. */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
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

/** Replace a container's children like fill(), keeping keyboard focus on the control with the
 *  same data-key: a state arriving while someone tabs through the console must not throw them
 *  back to the top. */
export function render(el, ...children) {
  const active = el.ownerDocument.activeElement; // the page's, or a pop-out window's
  const key = active && el.contains(active) ? active.dataset.key : null;
  fill(el, ...children);
  if (key) {
    const again = el.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (again && !again.disabled) again.focus();
  }
}

/** A polite region that announces each text it is given, the same one twice too (it empties
 *  first). `cls` names it; it is not a role=status: the page's connection line is that. */
export function announcer(cls) {
  const el = h("div", { class: `${cls} visually-hidden`, "aria-live": "polite", "aria-atomic": "true" });
  const say = (text) => {
    if (!text) return;
    el.textContent = "";
    setTimeout(() => {
      el.textContent = text;
    }, 30);
  };
  return { el, say };
}

/** Move keyboard focus to the first of `candidates` (elements, or functions returning one)
 *  that is shown and enabled: after an action whose button went away, focus goes to the next
 *  sensible control, never back to <body>. A non-control (a heading, a status line) gets
 *  tabindex=-1 so it can hold focus. Returns the element focused, or null. */
export function focusOn(...candidates) {
  for (const candidate of candidates) {
    const el = typeof candidate === "function" ? candidate() : candidate;
    if (!el || !el.isConnected || el.disabled || el.closest("[hidden]") || el.getClientRects().length === 0) continue;
    if (!el.matches("a[href], button, input, select, textarea, summary, [tabindex]")) el.setAttribute("tabindex", "-1");
    el.focus();
    return el;
  }
  return null;
}
