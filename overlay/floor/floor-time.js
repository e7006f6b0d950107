// facilitator-only
// Floor time per member, this session and across the course, as shares and bars.
// The view's floor time (wire: `airtime`) counts closed turns; the running turn's held time is
// added here, live.

import { fill, h } from "../core/dom.js";
import { formatPercent, t } from "../core/i18n.js";
import { clockText, held } from "./time.js";

const REDRAW_MS = 500;

export function floorTimeRows(view, now) {
  const floor = view.floor;
  const turn = floor.turn;
  const live = turn ? held(turn, now) : 0;
  const plus = (id) => (turn && turn.member === id ? live : 0);
  const rows = view.members.map((m) => ({
    id: m.id,
    name: m.name,
    session: (floor.airtime.session[m.id] || 0) + plus(m.id),
    course: (floor.airtime.course[m.id] || 0) + plus(m.id),
    spotlights: (floor.spotlights || {})[m.id] || 0,
  }));
  const total = (key) => rows.reduce((sum, r) => sum + r[key], 0);
  return { rows, sessionTotal: total("session"), courseTotal: total("course") };
}

function share(ms, total) {
  return total > 0 ? ms / total : 0;
}

/** The meter's name and the words beside it, e.g. "Ann, this session: 3:12, 25%". */
function words(row, key, part) {
  const percent = formatPercent(Math.round(part * 100) / 100);
  const time = clockText(row[key]);
  return { label: t(`floor_time.label_${key}`, { name: row.name, time, percent }), text: t("floor_time.text", { time, percent }) };
}

function cell(row, key, total) {
  const part = share(row[key], total);
  const { label, text } = words(row, key, part);
  return h(
    "td",
    { class: "airtime-cell" },
    h("meter", { min: "0", max: "1", value: String(part), "aria-label": label, "data-member": row.id, "data-scope": key, "data-ms": String(row[key]) }),
    h("span", { class: "airtime-text", "aria-hidden": "true" }, " ", text),
  );
}

export function floorTimeTable(view, now) {
  const { rows, sessionTotal, courseTotal } = floorTimeRows(view, now);
  return h(
    "table",
    { class: "airtime", "aria-label": t("floor_time.heading") },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("roster.col.member")), h("th", { scope: "col" }, t("floor_time.this_session")), h("th", { scope: "col" }, t("floor_time.course")))),
    h(
      "tbody",
      {},
      rows.map((r) => h("tr", {}, h("th", { scope: "row" }, r.name), cell(r, "session", sessionTotal), cell(r, "course", courseTotal))),
    ),
  );
}

// Refresh bars in place each tick, so focus and screen reader position are not disturbed.
export function refreshFloorTime(container, view, now) {
  const { rows, sessionTotal, courseTotal } = floorTimeRows(view, now);
  for (const r of rows) {
    for (const [key, total] of [["session", sessionTotal], ["course", courseTotal]]) {
      const meter = container.querySelector(`meter[data-member="${r.id}"][data-scope="${key}"]`);
      if (!meter) continue;
      const part = share(r[key], total);
      const { label, text } = words(r, key, part);
      meter.value = part;
      meter.dataset.ms = String(r[key]);
      meter.setAttribute("aria-label", label);
      meter.nextElementSibling.textContent = ` ${text}`;
    }
  }
}

/** Floor time per member, this session and across the course, in the console's Members tab.
 *  The bars move with the speaker's running turn: redrawn twice a second. */
export class FloorTime {
  constructor() {
    this.body = h("div", { class: "airtime-body" });
    this.el = h("section", { class: "card turns airtime-card", "aria-labelledby": "airtime-heading" }, h("h2", { id: "airtime-heading", class: "turns-heading" }, t("floor_time.heading")), this.body);
    this.view = null;
    this.drawn = null;
  }

  update({ view }) {
    this.view = view;
    this.el.hidden = !view.floor;
    if (!view.floor) return;
    const key = JSON.stringify(view.members);
    if (key !== this.drawn) {
      this.drawn = key;
      fill(this.body, floorTimeTable(view, null));
    }
  }

  draw(now) {
    if (!this.view?.floor || now === null) return null;
    refreshFloorTime(this.body, this.view, now);
    return this.view.floor.turn && this.view.floor.turn.run_started_at !== null ? REDRAW_MS : null;
  }
}
