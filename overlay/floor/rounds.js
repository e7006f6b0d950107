// facilitator-only
// Rounds in the console's cockpit: start or stop the current segment's round (offered in
// `round` and `homework` segments, and wherever one runs) and say who is still to come (and
// who was skipped as away). `floor` is the console's ConsoleFloor: its latest state, its
// buttons and its commands. Whether rounds advance by themselves is a floor setting
// (floor/settings.js).

import { h } from "../core/dom.js";
import { formatNameList, t, tNodes } from "../core/i18n.js";

const ROUND_KINDS = new Set(["round", "homework"]);

export function roundPart(floor) {
  const seg = floor.view.session.segments[floor.view.session.current];
  const rnd = floor.floor.round;
  if (!rnd && !ROUND_KINDS.has(seg.kind)) return [];
  return [
    h(
      "div",
      { class: "turns-part-head" },
      h("h3", {}, t("rounds.heading")),
      rnd
        ? floor.button(t("rounds.stop"), "round-stop", () => floor.act("round.stop", { segment_id: rnd.segment_id }))
        : floor.button(t("rounds.start"), "round-start", () => floor.act("round.start", { present: floor.present() }), { class: "turns-start-round" }),
    ),
    rnd ? roundLine(floor, rnd) : null,
  ];
}

export function roundLine(floor, rnd) {
  const away = (rnd.order || []).filter((id) => !rnd.visited.includes(id) && !rnd.present.includes(id) && id !== (floor.floor.turn || {}).member);
  return h(
    "p",
    { class: "turns-round" },
    rnd.to_come.length
      ? tNodes("rounds.to_come", { names: formatNameList(rnd.to_come.map((id) => floor.name(id))) })
      : floor.floor.turn && floor.floor.turn.kind === "round"
        ? t("rounds.last_turn")
        : t("rounds.everyone"),
    away.length ? [" ", tNodes("rounds.skipped", { names: formatNameList(away.map((id) => floor.name(id))) })] : "",
  );
}
