// facilitator-only
// The session clock on the console: starting a session, the clock with its controls and
// keys, the whole session's numbers with "End session", and the table of a session that ended.

import { formatClockTime, formatDuration, formatMinutes, plannedEnd, projectedEnd } from "../core/clock.js";
import { fill, h, setText } from "../core/dom.js";
import { ANY_FIELD, shortcut } from "../core/shortcuts.js";
import { ClockPanel } from "./panel.js";

const MINUTE = 60_000;
const CONFIRM_MS = 6000; // how long "Confirm: end session N" waits for the second press

const liveSession = (state) => (state.view.session?.status === "live" ? state.view.session : null);
const nextNumber = (session) => (session?.number ?? 0) + 1;
const primaryLabel = (state) => ({ running: "Pause", paused: "Resume", idle: "Start" })[state];

function button(label, onclick, keys = null) {
  return h("button", { type: "button", onclick, "aria-keyshortcuts": keys }, label);
}

/** "Start session N" while no session is live. */
export class SessionStart {
  constructor({ conn, errors }) {
    this.button = button("Start session", () => {
      const number = nextNumber(this.session);
      errors.run(`Start session ${number}`, conn.send("session.start", { number }));
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
    setText(this.button, `Start session ${n}`);
    this.button.hidden = n > planned;
    setText(this.note, n <= planned ? `Session ${n} of ${planned} uses the agenda for coming sessions.` : `All ${planned} sessions were held.`);
  }
}

/** The live session's clock and its controls; Space, N, P, + and − work from anywhere. */
export class ClockCard {
  constructor({ conn, errors }) {
    const cmd = (label, name, args) => errors.run(label, conn.send(name, args));
    this.clock = new ClockPanel();
    this.primary = button("Start", () => {
      const s = this.session;
      const name = { running: "segment.pause", paused: "segment.resume", idle: "segment.start" }[s.state];
      cmd(primaryLabel(s.state), name, { index: s.current });
    }, "Space");
    this.prev = button("Previous", () => cmd("Previous", "segment.prev", { from_index: this.session.current }), "P");
    this.prev.classList.add("quiet");
    this.next = button("Next", () => cmd("Next", "segment.next", { from_index: this.session.current }), "N");
    const adjust = (min) => cmd(min > 0 ? "Extend" : "Shorten", "segment.adjust", { index: this.session.current, delta_ms: min * MINUTE });
    const adjusters = [-5, -1, 1, 5].map((m) =>
      h("button", {
        type: "button",
        class: "adjust",
        "aria-label": `${m > 0 ? "Extend" : "Shorten"} by ${Math.abs(m)} minute${Math.abs(m) === 1 ? "" : "s"}`,
        "aria-keyshortcuts": Math.abs(m) === 1 ? (m > 0 ? "+" : "-") : null,
        onclick: () => adjust(m),
      }, `${m > 0 ? "+" : "−"}${Math.abs(m)} min`),
    );
    const controls = h(
      "div",
      { class: "controls" },
      h("div", { class: "control-row" }, this.prev, this.primary, this.next),
      h("div", { class: "control-row", role: "group", "aria-label": "Change this segment's length" }, adjusters),
      h("p", { class: "hint" }, "Keys: Space pause/resume · N next · P previous · +/− 1 min"),
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
    const key = (keys, run, notOn = ANY_FIELD) => shortcut({ keys, run, notOn, when: () => this.session !== null });
    key([" "], () => this.primary.click(), `${ANY_FIELD}, button, a, summary`);
    key(["n"], () => this.next.disabled || this.next.click());
    key(["p"], () => this.prev.disabled || this.prev.click());
    key(["+", "="], () => adjust(1));
    key(["-"], () => adjust(-1));
  }
}

/** Elapsed, planned end and projected end of the live session, and ending it (two presses). */
export class SessionStats {
  constructor({ conn, errors }) {
    this.elapsed = h("dd");
    this.planned = h("dd");
    this.projected = h("dd");
    const stats = h(
      "dl",
      { class: "stats" },
      h("div", {}, h("dt", {}, "Elapsed"), this.elapsed),
      h("div", {}, h("dt", {}, "Planned end"), this.planned),
      h("div", {}, h("dt", {}, "Projected end"), this.projected),
    );
    this.confirmTimer = null;
    this.end = button("End session", () => {
      const s = this.session;
      if (this.confirmTimer === null) {
        setText(this.end, `Confirm: end session ${s.number}`);
        this.end.classList.add("confirm");
        this.confirmTimer = setTimeout(() => this._reset(), CONFIRM_MS);
        return;
      }
      this._reset();
      errors.run("End session", conn.send("session.end", { number: s.number }));
    });
    this.end.classList.add("quiet");
    this.el = h("section", { class: "card stats-card", "aria-label": "Whole session" }, stats, this.end);
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
    setText(this.planned, formatClockTime(plannedEnd(s)));
    const over = projectedEnd(s, now) - plannedEnd(s);
    setText(this.projected, `${formatClockTime(projectedEnd(s, now))}${over >= MINUTE ? ` (${formatMinutes(over)} over)` : ""}`);
    return 1000 - (since % 1000);
  }

  _reset() {
    clearTimeout(this.confirmTimer);
    this.confirmTimer = null;
    setText(this.end, "End session");
    this.end.classList.remove("confirm");
  }
}

/** Planned and actual time of each segment, once a session has ended. */
export class LastSession {
  constructor() {
    this.el = h("section", { class: "card", hidden: true });
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
      h("h2", {}, `Session ${s.number} ended`),
      h("p", {}, `${formatClockTime(s.started_at)} – ${formatClockTime(s.ended_at)} · ${formatDuration(s.ended_at - s.started_at)}`),
      h(
        "table",
        { class: "summary" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Segment"), h("th", { scope: "col" }, "Planned"), h("th", { scope: "col" }, "Actual"))),
        h("tbody", {}, rows),
      ),
    );
  }
}
