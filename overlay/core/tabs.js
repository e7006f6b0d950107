// A tab list (the WAI-ARIA tabs pattern): one tab stop for the whole list, arrow keys move
// between tabs (and follow the page's direction), Home and End; a tab is chosen as it gets
// focus. The choice is kept in sessionStorage under `store`, so a reload (or a link pasted
// into the tab) opens the same tab; the URL and its `#t=` token are never touched.

import { h } from "./dom.js";

export class Tabs {
  /** tabs: [{id, label, panel: element}]; label: the list's accessible name. */
  constructor({ tabs, label, store }) {
    this.store = store;
    this.tabs = tabs.map((tab) => ({
      ...tab,
      button: h(
        "button",
        {
          type: "button",
          role: "tab",
          id: `tab-${tab.id}`,
          class: "tab",
          "data-local": "",
          "aria-controls": `panel-${tab.id}`,
          onclick: () => this.select(tab.id),
        },
        tab.label,
      ),
    }));
    for (const tab of this.tabs) {
      tab.panel.id = `panel-${tab.id}`;
      tab.panel.setAttribute("role", "tabpanel");
      tab.panel.setAttribute("aria-labelledby", `tab-${tab.id}`);
      tab.panel.classList.add("tab-panel");
    }
    this.list = h("div", { role: "tablist", class: "tablist", "aria-label": label, onkeydown: (ev) => this._key(ev) }, this.tabs.map((tab) => tab.button));
    this.el = this.list;
    this.select(this._stored() ?? this.tabs[0].id, { focus: false });
  }

  get current() {
    return this.selected;
  }

  /** Show tab `id`; `focus` puts the keyboard on its tab (as a click or an arrow key does). */
  select(id, { focus = false } = {}) {
    const chosen = this.tabs.find((tab) => tab.id === id) ?? this.tabs[0];
    this.selected = chosen.id;
    for (const tab of this.tabs) {
      const on = tab === chosen;
      tab.button.setAttribute("aria-selected", String(on));
      tab.button.tabIndex = on ? 0 : -1;
      tab.panel.hidden = !on;
    }
    if (focus) chosen.button.focus();
    try {
      sessionStorage.setItem(this.store, chosen.id);
    } catch {
      /* storage blocked: the tab is chosen for this page only */
    }
  }

  _stored() {
    try {
      return sessionStorage.getItem(this.store);
    } catch {
      return null;
    }
  }

  _key(ev) {
    const i = this.tabs.findIndex((tab) => tab.id === this.selected);
    const rtl = getComputedStyle(this.list).direction === "rtl";
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[ev.key];
    let to = null;
    if (step) to = (i + step + this.tabs.length) % this.tabs.length;
    else if (ev.key === "Home") to = 0;
    else if (ev.key === "End") to = this.tabs.length - 1;
    if (to === null) return;
    ev.preventDefault();
    this.select(this.tabs[to].id, { focus: true });
  }
}
