// facilitator-only
// The floor's settings, folded away in the Live tab: least heard first, rounds that advance by
// themselves, whether pausing the session clock pauses the speaker's turn too (on by default),
// members seeing their own floor time, a time limit for raised-hand turns. Built once and
// updated in place, so a state arriving while someone is in the fold moves nothing.

import { h } from "../core/dom.js";
import { t } from "../core/i18n.js";

const CHECKS = [
  ["least_heard_first", "floor.least_heard_first"],
  ["auto_advance", "rounds.auto"],
  ["pause_turn_with_segment", "floor.pause_with_segment"],
  ["show_own_airtime", "floor_time.show_own"],
];
const LIMITS = ["", "1", "2", "3", "5", "10"];

export class FloorSettings {
  constructor({ conn, errors }) {
    this.conn = conn;
    this.errors = errors;
    this.checks = CHECKS.map(([name, key]) => {
      const input = h("input", { type: "checkbox", "data-setting": name, onchange: () => this.send({ [name]: input.checked }, () => (input.checked = !input.checked)) });
      return { name, input, el: h("label", { class: "choice" }, input, t(key)) };
    });
    this.limit = h("select", { "data-setting": "hand_turn_minutes", onchange: () => this.sendLimit() });
    this.fold = h(
      "details",
      { class: "floor-settings" },
      h("summary", { "data-local": "" }, t("floor.settings")),
      this.checks.map((c) => c.el),
      h("p", { class: "hint" }, t("floor.pause_with_segment_hint")),
      h("label", { class: "field turns-limit" }, h("span", {}, t("floor_time.hand_limit")), this.limit),
    );
    this.el = h("section", { class: "card settings-card", "aria-label": t("floor.settings") }, this.fold);
    this.shownLimit = null;
  }

  update({ view }) {
    const settings = view.floor?.settings;
    this.el.hidden = !settings;
    if (!settings) return;
    for (const c of this.checks) c.input.checked = Boolean(settings[c.name]);
    const current = settings.hand_turn_ms === null ? "" : String(Math.round(settings.hand_turn_ms / 60_000));
    if (current !== this.shownLimit) {
      this.shownLimit = current;
      const options = LIMITS.includes(current) ? LIMITS : [...LIMITS, current];
      this.limit.replaceChildren(...options.map((v) => h("option", { value: v }, v === "" ? t("floor_time.no_limit") : t("clock.min", { n: Number(v) }))));
      this.limit.value = current;
    }
  }

  async send(args, undo) {
    if (!(await this.errors.run(t("floor.settings"), this.conn.send("floor.settings", args)))) undo();
  }

  sendLimit() {
    const value = this.limit.value;
    this.send({ hand_turn_minutes: value === "" ? null : Number(value) }, () => (this.limit.value = this.shownLimit));
  }
}
