// A calm cue in view when something below needs the person ("A question for you ↓"): a small
// line that stays at the top of the window (sticky), shown only while the thing it points to
// is out of sight; choosing it brings that thing into view and moves the keyboard there.
// No sound, no motion, no colour beyond the page's accent: the card's own status line already
// tells a screen reader that a question arrived.

import { fill, focusOn, h } from "./dom.js";

export class Cue {
  /** items: [{id, text() -> string | null (null: nothing needed), target() -> element,
   *  focus() -> element to put the keyboard on}]. */
  constructor(items) {
    this.items = items;
    this.el = h("div", { class: "cue", hidden: true });
    this.seen = new Map(); // target element -> in view now
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) this.seen.set(entry.target, entry.isIntersecting);
      this.refresh();
    }, { threshold: 0.3 });
    this.observed = new Set();
    this.drawn = "";
  }

  update() {
    this.refresh();
  }

  /** Draw again: a panel calls this when what it needs changed outside a state (a card answered). */
  refresh() {
    const shown = [];
    for (const item of this.items) {
      const text = item.text();
      const target = item.target();
      if (target && !this.observed.has(target)) {
        this.observed.add(target);
        this.observer.observe(target);
      }
      if (text && target && !this.seen.get(target)) shown.push({ item, text, target });
    }
    const key = shown.map((s) => `${s.item.id}:${s.text}`).join("|");
    if (key === this.drawn) return;
    this.drawn = key;
    this.el.hidden = shown.length === 0;
    fill(
      this.el,
      shown.map(({ item, text, target }) =>
        h(
          "button",
          {
            type: "button",
            class: "cue-link",
            "data-local": "",
            "data-cue": item.id,
            onclick: () => {
              target.scrollIntoView({ block: "start" });
              focusOn(item.focus?.(), target);
            },
          },
          text,
        ),
      ),
    );
  }
}
