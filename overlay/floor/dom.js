// Tiny DOM helpers for the turn panels: build elements, re-render without losing focus.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "on") {
      for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    } else if (key === "text") {
      el.textContent = value;
    } else if (key in el && typeof value !== "string") {
      el[key] = value; // properties such as checked, value, disabled
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// Replace a container's children, keeping keyboard focus on the control with the same data-key:
// a state arriving while someone tabs through the console must not throw them back to the top.
export function render(container, children) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.key : null;
  container.replaceChildren(...children.flat().filter(Boolean));
  if (key) {
    const again = container.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (again && !again.disabled) again.focus();
  }
}

// A polite live region; repeated text is re-announced by clearing first.
export function announcer(root) {
  // No role="status": the page's connection line already is the status; this only announces.
  const region = h("div", { class: "turns-live visually-hidden", "aria-live": "polite", "aria-atomic": "true" });
  root.append(region);
  return (text) => {
    if (!text) return;
    region.textContent = "";
    setTimeout(() => {
      region.textContent = text;
    }, 30);
  };
}
