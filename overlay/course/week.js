// "Session 3 of 8 — middle" (or "Next: session 4 of 8 — middle") on every group page.

import { h, setText } from "../core/dom.js";
import { weekLabel } from "./text.js";

export class WeekLine {
  /** hideWhileLive: the member overlay's clock already says "Session N of M" then. */
  constructor({ hideWhileLive = false } = {}) {
    this.hideWhileLive = hideWhileLive;
    this.el = h("p", { class: "week-line" });
  }

  update({ view }) {
    const week = view.course.week;
    const hide = this.hideWhileLive && week.live;
    setText(this.el, hide ? "" : weekLabel(week));
    this.el.hidden = hide;
  }
}
