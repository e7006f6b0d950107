// facilitator-only
// In-depth turns in the console's cockpit (wire: spotlight), in an in-depth segment: today's
// order, and picking them — suggestions (fewest in-depth turns so far in the course), the
// facilitator's picks and each turn's length. The pick names the picks it replaces, as this
// console showed them (`replaces`): when another console picked meanwhile, the server refuses,
// the error line says so and the form shows the new picks to look at again.

import { h } from "../core/dom.js";
import { formatNameList, t, tNodes } from "../core/i18n.js";
import { nameOf } from "./time.js";

/** `floor` is the console's ConsoleFloor; its `draft` holds unsaved ticks and minutes (and
 *  whether the picking form is open), so a state arriving mid-choice does not undo them. */
export function inDepthPart(floor) {
  const view = floor.view;
  const session = view.session;
  const segment = session.segments[session.current];
  if (segment.kind !== "spotlight") return [];
  const draft = floor.draft;
  const inDepth = view.floor.spotlight; // today's picks, once set
  const counts = view.floor.spotlights || {};
  const turns = Math.max(1, Math.floor(segment.duration_ms / (20 * 60_000)));
  const shown = inDepth ? inDepth.picks : []; // what this console shows: the pick replaces it
  // A draft starts from the picks as they stand; when they change (this console's pick, or
  // another console's), it starts again from the new ones: look at them again.
  const basis = JSON.stringify([segment.id, shown]);
  if (draft.segment !== segment.id) {
    draft.segment = segment.id;
    draft.open = shown.length === 0; // open until the turns are picked
    draft.basis = null;
  }
  if (draft.basis !== basis) {
    draft.basis = basis;
    draft.picks = new Set(inDepth ? inDepth.picks : view.floor.suggestions.slice(0, turns));
    draft.minutes = inDepth ? Math.round(inDepth.turn_ms / 60_000) : Math.max(1, Math.floor(segment.duration_ms / 3 / 60_000));
  }
  const form = h("form", { class: "turns-spotlight-form", "aria-label": t("in_depth.pick") });
  const rows = view.floor.suggestions.map((id) => {
    const n = counts[id] || 0;
    const done = inDepth && inDepth.done.includes(id);
    return h(
      "li",
      {},
      h(
        "label",
        {},
        h("input", { type: "checkbox", name: "pick", value: id, "data-key": `pick-${id}`, checked: draft.picks.has(id), onchange: (e) => (e.target.checked ? draft.picks.add(id) : draft.picks.delete(id)) }),
        h("bdi", {}, nameOf(view, id)),
      ),
      h("span", { class: "turns-note" }, " ", countText(n, done)),
    );
  });
  const minutesInput = h("input", { type: "number", min: "1", max: "120", name: "minutes", "data-key": "in-depth-minutes", value: String(draft.minutes) });
  minutesInput.addEventListener("input", () => {
    draft.minutes = Number(minutesInput.value);
  });
  form.append(
    h("p", { class: "turns-note" }, t("in_depth.suggested")),
    h("ul", { class: "turns-picks" }, rows),
    h("label", {}, t("in_depth.minutes_each_label"), minutesInput),
    h("button", { type: "submit", class: "quiet", "data-key": "in-depth-set" }, t("in_depth.set")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    // Keep the suggestion order for the picks: least featured first.
    const picks = [...form.querySelectorAll('input[name="pick"]:checked')].map((el) => el.value);
    const ok = await floor.act("spotlight.pick", { members: picks, minutes: Number(minutesInput.value), replaces: shown });
    if (ok) {
      // Picked: the order shows above; the form folds away, the keyboard goes to the floor.
      draft.open = false;
      floor.rerender();
      floor.body.querySelector('[data-key="next"]')?.focus();
    } else {
      // Refused (another console picked meanwhile): the form shows the picks as they stand
      // once this console has them, and the error line says why.
      draft.basis = null;
      floor.rerender();
      floor.body.querySelector('[data-key="in-depth-set"]')?.focus();
    }
  });
  const fold = h("details", { class: "turns-fold", open: draft.open }, h("summary", { "data-local": "" }, t("in_depth.pick")), form);
  fold.addEventListener("toggle", () => {
    draft.open = fold.open;
  });
  const order = inDepth && inDepth.picks.length
    ? h("p", { class: "turns-spotlight" }, tNodes("in_depth.order", { names: formatNameList(inDepth.picks.map((id) => nameOf(view, id))) }))
    : null;
  return [h("h3", {}, t("in_depth.heading")), order, fold];
}

/** "no in-depth turn yet", "2 in-depth turns so far · done today". */
function countText(n, done) {
  const count = n === 0 ? t("in_depth.none") : t("in_depth.count", { n });
  return done ? t("in_depth.done_today", { count }) : count;
}
