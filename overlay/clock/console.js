// facilitator-only
// The session clock on the console: starting a session, the clock with its controls and
// keys, the whole session's numbers with "End session", and the table of a session that ended.

import { formatDuration, formatMinutes, plannedEnd, projectedEnd } from "../core/clock.js";
import { fill, focusOn, h, setText } from "../core/dom.js";
import { formatTime, t } from "../core/i18n.js";
import { ANY_FIELD, keyHint, shortcut } from "../core/shortcuts.js";
import { ClockPanel } from "./panel.js";

const MINUTE = 60_000;
const CONFIRM_MS = 6000; // how long "Confirm: end session N" waits for the second press

const liveSession = (state) => (state.view.session?.status === "live" ? state.view.session : null);
const nextNumber = (session) => (session?.number ?? 0) + 1;
const primaryLabel = (state) => t(`clock.primary.${state}`);

function button(label, onclick, keys = null) {
  return h("button", { type: "button", onclick, "aria-keyshortcuts": keys && keyHint(keys) }, label);
}

/** "Start session N" while no session is live. `afterStart()`: the control the keyboard goes
 *  to once the session runs (this button has gone then). */
export class SessionStart {
  constructor({ conn, errors, afterStart = () => null }) {
    this.button = button(t("clock.start_session_plain"), async () => {
      const number = nextNumber(this.session);
      if (await errors.run(t("clock.start_session", { n: number }), conn.send("session.start", { number }))) focusOn(afterStart());
    });
    this.note = h("p", { class: "hint" });
    this.el = h("section", { class: "card start-card" }, this.button, this.note);
    this.session = null;
  }

  update({ view }) {
    const s = view.session;
    this.session = s;
    this.el.hidden = s?.status === "live";
    const n = nextNumber(s);
    const planned = view.group.sessions_planned;
    setText(this.button, t("clock.start_session", { n }));
    this.button.hidden = n > planned;
    setText(this.note, n <= planned ? t("clock.start_note", { n, planned }) : t("clock.all_held", { n: planned }));
  }
}

/** The live session's clock and its controls; Space, N, P, + and − work from anywhere. */
export class ClockCard {
  constructor({ conn, errors }) {
    const cmd = async (label, name, args) => {
      const ok = await errors.run(label, conn.send(name, args));
      // "Next" on the last segment is disabled now: the keyboard goes to Pause/Resume.
      const active = this.el.ownerDocument.activeElement;
      if (!active || active === this.el.ownerDocument.body || active.disabled) focusOn(this.primary);
      return ok;
    };
    this.clock = new ClockPanel();
    this.primary = button(primaryLabel("idle"), () => {
      const s = this.session;
      const name = { running: "segment.pause", paused: "segment.resume", idle: "segment.start" }[s.state];
      cmd(primaryLabel(s.state), name, { index: s.current });
    }, "Space");
    this.prev = button(t("clock.previous"), () => cmd(t("clock.previous"), "segment.prev", { from_index: this.session.current }), "P");
    this.prev.classList.add("quiet");
    this.next = button(t("clock.next"), () => cmd(t("clock.next"), "segment.next", { from_index: this.session.current }), "N");
    const adjust = (min) => cmd(min > 0 ? t("clock.extend") : t("clock.shorten"), "segment.adjust", { index: this.session.current, delta_ms: min * MINUTE });
    const adjusters = [-5, -1, 1, 5].map((m) => {
      const short = m > 0 ? t("clock.plus_min", { n: m }) : t("clock.minus_min", { n: -m });
      const long = m > 0 ? t("clock.extend_by", { n: m }) : t("clock.shorten_by", { n: -m });
      // The name starts with what the button shows, so voice control finds it by its label.
      return h("button", {
        type: "button",
        class: "adjust",
        "aria-label": t("clock.adjust_label", { short, long }),
        "aria-keyshortcuts": Math.abs(m) === 1 ? keyHint(m > 0 ? "+" : "-") : null,
        onclick: () => adjust(m),
      }, short);
    });
    const controls = h(
      "div",
      { class: "controls" },
      h("div", { class: "control-row" }, this.prev, this.primary, this.next),
      h("div", { class: "control-row adjust-row", role: "group", "aria-label": t("clock.adjust_group") }, adjusters),
    );
    this.el = h("section", { class: "card clock-card" }, this.clock.el, controls);
    this.session = null;
    this._keys(adjust);
  }

  update(state) {
    this.clock.update(state);
    const s = liveSession(state);
    this.session = s;
    this.el.hidden = !s;
    if (!s) return;
    setText(this.primary, primaryLabel(s.state));
    this.prev.disabled = s.current === 0;
    this.next.disabled = s.current + 1 >= s.segments.length;
  }

  draw(now) {
    return this.clock.draw(now);
  }

  /** The clock's keys: never in a form field (not even a checkbox); Space also leaves a
   *  focused button, link or summary its own meaning. */
  _keys(adjust) {
    const key = (keys, label, shown, run, notOn = ANY_FIELD) => shortcut({ keys, label, shown, run, notOn, when: () => this.session !== null });
    key([" "], t("keys.pause_resume"), t("keys.space"), () => this.primary.click(), `${ANY_FIELD}, button, a, summary`);
    key(["n"], t("keys.next_segment"), "N", () => this.next.disabled || this.next.click());
    key(["p"], t("keys.previous_segment"), "P", () => this.prev.disabled || this.prev.click());
    key(["+", "="], t("keys.extend"), "+", () => adjust(1));
    key(["-"], t("keys.shorten"), "−", () => adjust(-1));
  }
}

/** Elapsed, planned end and projected end of the live session, and ending it (two presses).
 *  `afterEnd()`: where the keyboard goes once the session has ended. */
export class SessionStats {
  constructor({ conn, errors, afterEnd = () => null }) {
    this.elapsed = h("dd");
    this.planned = h("dd");
    this.projected = h("dd");
    const stats = h(
      "dl",
      { class: "stats" },
      h("div", {}, h("dt", {}, t("clock.elapsed")), this.elapsed),
      h("div", {}, h("dt", {}, t("clock.planned_end")), this.planned),
      h("div", {}, h("dt", {}, t("clock.projected_end")), this.projected),
    );
    this.confirmTimer = null;
    this.end = button(t("clock.end_session"), () => {
      const s = this.session;
      if (this.confirmTimer === null) {
        setText(this.end, t("clock.confirm_end", { n: s.number }));
        this.end.classList.add("confirm");
        this.confirmTimer = setTimeout(() => this._reset(), CONFIRM_MS);
        return;
      }
      this._reset();
      errors.run(t("clock.end_session"), conn.send("session.end", { number: s.number })).then((ok) => ok && focusOn(afterEnd()));
    });
    this.end.classList.add("quiet");
    this.el = h("section", { class: "card stats-card", "aria-label": t("clock.whole_session") }, stats, this.end);
    this.session = null;
  }

  update(state) {
    this.session = liveSession(state);
    this.el.hidden = !this.session;
    if (!this.session) this._reset();
  }

  draw(now) {
    const s = this.session;
    if (!s || now === null) return null;
    const since = now - s.started_at;
    setText(this.elapsed, formatDuration(since));
    setText(this.planned, formatTime(plannedEnd(s)));
    const over = projectedEnd(s, now) - plannedEnd(s);
    const end = formatTime(projectedEnd(s, now));
    setText(this.projected, over >= MINUTE ? t("clock.projected_over", { time: end, over: formatMinutes(over) }) : end);
    return 1000 - (since % 1000);
  }

  _reset() {
    clearTimeout(this.confirmTimer);
    this.confirmTimer = null;
    setText(this.end, t("clock.end_session"));
    this.end.classList.remove("confirm");
  }
}

/** Planned and actual time of each segment, once a session has ended. */
export class LastSession {
  constructor() {
    this.el = h("section", { class: "card last-session", hidden: true });
  }

  /** The heading, for the keyboard after "End session". */
  get heading() {
    return this.el.querySelector("h2");
  }

  update({ view }) {
    const s = view.session;
    this.el.hidden = !s || s.status !== "ended";
    if (this.el.hidden) return;
    const rows = s.segments.map((seg) =>
      h("tr", {}, h("th", { scope: "row" }, seg.title), h("td", {}, formatMinutes(seg.duration_ms)), h("td", {}, formatDuration(seg.elapsed_ms))),
    );
    fill(
      this.el,
      h("h2", { tabindex: "-1" }, t("clock.session_ended", { n: s.number })),
      h("p", {}, `${formatTime(s.started_at)} – ${formatTime(s.ended_at)} · ${formatDuration(s.ended_at - s.started_at)}`),
      h(
        "table",
        { class: "summary" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("clock.col_segment")), h("th", { scope: "col" }, t("clock.col_planned")), h("th", { scope: "col" }, t("clock.col_actual")))),
        h("tbody", {}, rows),
      ),
    );
  }
}
