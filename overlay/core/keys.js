// The list of a page's keyboard shortcuts, folded away at its foot, with the switch that turns
// single-key shortcuts off (WCAG 2.1.4). Built after the page's panels registered their keys
// (core/shortcuts.js), so it lists exactly the keys the page answers.

import { h, setText } from "./dom.js";
import { t } from "./i18n.js";
import { listed, onSingleKeys, setSingleKeys, singleKeysOn } from "./shortcuts.js";

export class KeysHelp {
  /** `intro`: a sentence that says the page has shortcuts (the member page's). */
  constructor({ intro = null } = {}) {
    this.switch = h("input", { type: "checkbox", checked: singleKeysOn(), onchange: () => setSingleKeys(this.switch.checked) });
    this.state = h("p", { class: "hint keys-state", role: "status" });
    const rows = listed().map((k) =>
      h("tr", { class: k.single ? "single-key" : null }, h("th", { scope: "row" }, h("kbd", {}, k.keys)), h("td", {}, k.label)),
    );
    this.el = h(
      "details",
      { class: "keys-help" },
      h("summary", {}, t("keys.heading")),
      intro ? h("p", { class: "hint" }, intro) : null,
      h("table", { class: "keys-table" }, h("tbody", {}, rows)),
      h("label", { class: "choice" }, this.switch, t("keys.single_on")),
      this.state,
    );
    onSingleKeys((on) => {
      this.switch.checked = on;
      setText(this.state, on ? t("keys.now_on") : t("keys.now_off"));
      this.el.classList.toggle("keys-off", !on);
      for (const doc of documents()) retag(doc, on);
    });
    this.el.classList.toggle("keys-off", !singleKeysOn());
  }
}

/** This page's document and any Picture-in-Picture window it opened. */
function documents() {
  const pip = window.documentPictureInPicture?.window;
  return pip ? [document, pip.document] : [document];
}

// Buttons announce their single key in aria-keyshortcuts; while single keys are off the
// attribute is parked, so a screen reader does not announce a key that does nothing. (Panels
// that draw their buttons again ask keyHint() from core/shortcuts.js.)
function retag(doc, on) {
  if (on) {
    for (const el of doc.querySelectorAll("[data-keyshortcuts]")) {
      el.setAttribute("aria-keyshortcuts", el.dataset.keyshortcuts);
      delete el.dataset.keyshortcuts;
    }
    return;
  }
  for (const el of doc.querySelectorAll("[aria-keyshortcuts]")) {
    const keys = el.getAttribute("aria-keyshortcuts");
    if (keys.includes("Alt+")) continue;
    el.dataset.keyshortcuts = keys;
    el.removeAttribute("aria-keyshortcuts");
  }
}
