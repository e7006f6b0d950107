// facilitator-only
// In-depth turns on the console: suggestions (fewest in-depth turns so far in the course),
// the facilitator's picks and each turn's length. Shown in an in-depth segment (wire: spotlight).

import { h } from "../core/dom.js";
import { formatList, t } from "../core/i18n.js";
import { nameOf } from "./time.js";

// `draft` (kept by the console between renders) holds unsaved ticks and minutes, so a state
// arriving mid-choice does not undo them.
export function inDepthPicks(view, act, draft) {
  const session = view.session;
  const segment = session.segments[session.current];
  if (segment.kind !== "spotlight") return [];
  const floor = view.floor;
  const inDepth = floor.spotlight; // today's picks, once set
  const counts = floor.spotlights || {};
  const turns = Math.max(1, Math.floor(segment.duration_ms / (20 * 60_000)));
  if (draft.segment !== segment.id) {
    draft.segment = segment.id;
    draft.picks = new Set(inDepth ? inDepth.picks : floor.suggestions.slice(0, turns));
    draft.minutes = inDepth ? Math.round(inDepth.turn_ms / 60_000) : Math.max(1, Math.floor(segment.duration_ms / 3 / 60_000));
  }
  const form = h("form", { class: "turns-spotlight-form", "aria-label": t("in_depth.pick") });
  const rows = floor.suggestions.map((id) => {
    const n = counts[id] || 0;
    const done = inDepth && inDepth.done.includes(id);
    return h(
      "li",
      {},
      h("label", {}, h("input", { type: "checkbox", name: "pick", value: id, "data-key": `pick-${id}`, checked: draft.picks.has(id), onchange: (e) => (e.target.checked ? draft.picks.add(id) : draft.picks.delete(id)) }), nameOf(view, id)),
      h("span", { class: "turns-note" }, " ", countText(n, done)),
    );
  });
  const minutesInput = h("input", { type: "number", min: "1", max: "120", name: "minutes", "data-key": "in-depth-minutes", value: String(draft.minutes), "aria-label": t("in_depth.minutes_each_label") });
  minutesInput.addEventListener("input", () => {
    draft.minutes = Number(minutesInput.value);
  });
  form.append(
    h("p", { class: "turns-note" }, t("in_depth.suggested")),
    h("ul", { class: "turns-picks" }, rows),
    h("label", {}, t("in_depth.minutes_each"), minutesInput),
    h("button", { type: "submit", class: "quiet", "data-key": "in-depth-set" }, t("in_depth.set")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    // Keep the suggestion order for the picks: least featured first.
    const picks = [...form.querySelectorAll('input[name="pick"]:checked')].map((el) => el.value);
    act("spotlight.pick", { members: picks, minutes: Number(minutesInput.value) });
  });
  const order = inDepth && inDepth.picks.length ? h("p", { class: "turns-spotlight" }, t("in_depth.order", { names: formatList(inDepth.picks.map((id) => nameOf(view, id))) })) : null;
  return [h("h3", {}, t("in_depth.heading")), order, form];
}

/** "no in-depth turn yet", "2 in-depth turns so far · done today". */
function countText(n, done) {
  const count = n === 0 ? t("in_depth.none") : t("in_depth.count", { n });
  return done ? t("in_depth.done_today", { count }) : count;
}
