// facilitator-only
// Rounds on the console's floor: start or stop the current segment's round, let it advance
// by itself, and say who is still to come (and who was skipped as away). `floor` is the
// console's ConsoleFloor: its latest state, its buttons and its commands.

import { h } from "../core/dom.js";
import { formatList, t } from "../core/i18n.js";

export function roundPart(floor) {
  const settings = floor.floor.settings;
  const seg = floor.view.session.segments[floor.view.session.current];
  const rnd = floor.floor.round;
  return [
    h("h3", {}, t("rounds.heading")),
    h(
      "div",
      { class: "turns-controls" },
      rnd ? floor.button(t("rounds.stop"), "round-stop", () => floor.act("round.stop", { segment_id: rnd.segment_id })) : floor.button(t("rounds.start"), "round-start", () => floor.act("round.start", { present: floor.present() }), { class: seg.kind === "round" ? null : "quiet" }),
      h("label", {}, h("input", { type: "checkbox", "data-key": "auto", checked: settings.auto_advance, onchange: (e) => floor.act("floor.settings", { auto_advance: e.target.checked }) }), t("rounds.auto")),
    ),
  ];
}

export function roundLine(floor, rnd) {
  const away = (rnd.order || []).filter((id) => !rnd.visited.includes(id) && !rnd.present.includes(id) && id !== (floor.floor.turn || {}).member);
  return h(
    "p",
    { class: "turns-round" },
    rnd.to_come.length
      ? t("rounds.to_come", { names: formatList(rnd.to_come.map((id) => floor.name(id))) })
      : floor.floor.turn && floor.floor.turn.kind === "round"
        ? t("rounds.last_turn")
        : t("rounds.everyone"),
    away.length ? [" ", t("rounds.skipped", { names: formatList(away.map((id) => floor.name(id))) })] : "",
  );
}
