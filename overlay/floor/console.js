// facilitator-only
// The floor in the console's cockpit: who has the floor and their time, give the floor to the
// next (also key F), end (E), pause or resume (T) the turn, give the speaker more or less time
// (turn.adjust), and the order that comes next — the round still to come, today's in-depth
// turns (with their picks), or the raised hands. Who is here (floor/people.js), the floor's
// settings (floor/settings.js) and floor time (floor/floor-time.js) are panels of their own.
//
// Automatic advance has no server timer behind it: when it is on and a round share runs out,
// this console sends `floor.next {turn_id, auto: true}`. Two consoles may both send it; the
// server applies the first and acknowledges the other as a no-op (it names an ended turn).

import { untilNextChange } from "../core/clock.js";
import { announcer, focusOn, h, render } from "../core/dom.js";
import { formatList, t, tNodes } from "../core/i18n.js";
import { keyHint, shortcut } from "../core/shortcuts.js";
import { inDepthPart } from "./in-depth.js";
import { roundPart } from "./rounds.js";
import { clockText, held, left, leftText, nameOf, nextSecond, wrapUp } from "./time.js";

const AUTO_RETRY_MS = 2_000;
const MINUTE = 60_000;
const ADJUST = [-1, 1, 5]; // minutes the speaker's own share can be changed by at once

export class ConsoleFloor {
  /** here: the page's HereMarks (floor/people.js), shared with "Who is here". */
  constructor({ conn, errors, here }) {
    this.conn = conn;
    this.errors = errors;
    this.here = here;
    this.body = h("div", { class: "turns-body" });
    const { el: live, say } = announcer("turns-live");
    this.announce = say;
    const section = h(
      "section",
      { class: "turns turns-console", "aria-labelledby": "turns-heading" },
      h("h2", { id: "turns-heading", class: "turns-heading" }, t("floor.heading")),
      this.body,
      live,
    );
    this.el = h("div", { class: "card turns-card" }, section);
    this.state = null;
    this.previous = null;
    this.autoSent = new Map(); // turn id -> when this console last sent its automatic advance
    this.draft = {}; // unsaved in-depth picks (in-depth.js)
    // F, E, T: the clock already uses Space, N, P, + and −. They also work on a focused
    // checkbox: the floor's ticks sit beside its buttons.
    const onFloor = (fn) => () => this.state && this.floor && fn();
    const inSession = () => this.state !== null && this.view.session?.status === "live";
    shortcut({ keys: ["f"], label: t("floor.give_next"), when: inSession, run: onFloor(() => this.next()) });
    shortcut({ keys: ["e"], label: t("floor.end_turn"), when: inSession, run: onFloor(() => this.end()) });
    shortcut({ keys: ["t"], label: t("keys.pause_turn"), when: inSession, run: onFloor(() => this.pauseOrResume()) });
  }

  get view() {
    return this.state.view;
  }

  get floor() {
    return this.state.view.floor;
  }

  name(id) {
    return nameOf(this.view, id);
  }

  turnId() {
    return this.floor.turn ? this.floor.turn.id : null;
  }

  connected() {
    return this.here.connected(this.state);
  }

  present() {
    return this.here.present(this.state);
  }

  /** Send a command; when the button that sent it went away with the new state, the keyboard
   *  goes to "Give floor to next" (never back to the page's start). */
  async act(name, args = {}) {
    const ok = await this.errors.run(null, this.conn.send(name, args));
    const doc = this.el.ownerDocument;
    if (!doc.activeElement || doc.activeElement === doc.body) focusOn(this.body.querySelector('[data-key="next"]'));
    return ok;
  }

  next() {
    this.act("floor.next", { turn_id: this.turnId(), present: this.present() });
  }

  end() {
    if (this.turnId()) this.act("turn.end", { turn_id: this.turnId() });
  }

  pauseOrResume() {
    const turn = this.floor.turn;
    if (turn) this.act(turn.run_started_at === null ? "turn.resume" : "turn.pause", { turn_id: turn.id });
  }

  // Secondary actions use the page's quiet style; "Give floor to next" stays the filled one.
  button(text, key, onclick, extra = {}) {
    return h("button", { type: "button", class: "quiet", "data-key": key, onclick, ...extra }, text);
  }

  update(state) {
    this.state = state;
    const s = state.view.session;
    this.el.hidden = s?.status !== "live";
    this.rerender();
    if (this.floor) this.announceChanges();
  }

  /** Turn time, wrap-up cue and automatic advance at server time `now`. */
  draw(now) {
    if (!this.state || !this.floor || !this.view.session || now === null) return null;
    const turn = this.floor.turn;
    const time = this.body.querySelector('[data-time="turn"]');
    if (time && turn) time.textContent = turn.share_ms === null ? leftText(turn, now) : t("floor.left_and_held", { left: leftText(turn, now), held: clockText(held(turn, now)) });
    const cue = this.body.querySelector('[data-cue="wrap-up"]');
    if (cue && turn) cue.hidden = !wrapUp(turn, now);
    if (!turn) return null;
    this.autoAdvance(turn, now);
    const due = nextSecond(turn, now);
    return due === null ? null : Math.min(due, untilNextChange(-held(turn, now)));
  }

  speakerPart() {
    const turn = this.floor.turn;
    if (!turn) return [h("p", { class: "turns-speaker" }, t("floor.open"))];
    const paused = turn.run_started_at === null ? "_paused" : "";
    const who = tNodes(`floor.console_has_${turn.kind}${paused}`, { name: h("bdi", {}, this.name(turn.member)) });
    return [
      h("p", { class: "turns-speaker" }, h("span", { class: "turns-who" }, who), " · ", h("span", { class: "turns-time", "data-time": "turn" })),
      turn.paused_with_segment ? h("p", { class: "turns-note" }, t("floor.paused_with_clock")) : null,
      h("p", { class: "turns-cue", "data-cue": "wrap-up", hidden: true }, t("floor.console_wrap_up")),
    ];
  }

  controlsPart() {
    const turn = this.floor.turn;
    const controls = h(
      "div",
      { class: "turns-controls", role: "group", "aria-label": t("floor.floor") },
      this.button(t("floor.give_next"), "next", () => this.next(), { class: "turns-next", "aria-keyshortcuts": keyHint("F") }),
      turn ? this.button(t("floor.end_turn"), "end", () => this.end(), { "aria-keyshortcuts": keyHint("E") }) : null,
      turn ? this.button(turn.run_started_at === null ? t("floor.resume_turn") : t("floor.pause_turn"), "pause", () => this.pauseOrResume(), { "aria-keyshortcuts": keyHint("T") }) : null,
      turn && turn.kind === "round" ? this.button(t("floor.pass"), "pass", () => this.act("round.pass", { turn_id: turn.id, present: this.present() })) : null,
    );
    if (!turn) return [controls];
    const who = this.name(turn.member);
    const adjust = h(
      "div",
      { class: "turns-adjust", role: "group", "aria-label": t("floor.speaker_time", { name: who }) },
      h("span", { class: "turns-adjust-label", "aria-hidden": "true" }, t("floor.speaker_time_short")),
      ADJUST.map((m) => {
        const short = m > 0 ? t("clock.plus_min", { n: m }) : t("clock.minus_min", { n: -m });
        const long = m > 0 ? t("floor.more_time", { name: who, n: m }) : t("floor.less_time", { name: who, n: -m });
        return this.button(short, `adjust${m}`, () => this.act("turn.adjust", { turn_id: turn.id, delta_ms: m * MINUTE }), {
          class: "quiet adjust",
          "aria-label": t("clock.adjust_label", { short, long }),
          disabled: m < 0 && turn.share_ms === null,
        });
      }),
    );
    return [controls, adjust];
  }

  queuePart() {
    const queue = this.floor.queue;
    const items = queue.map((id, i) => {
      const who = this.name(id);
      const away = !this.connected().has(id);
      return h(
        "li",
        { class: away ? "turns-away" : null, "data-member": id },
        h("span", { class: "turns-name" }, who),
        away ? h("span", { class: "turns-badge" }, t("floor.away_badge")) : null,
        h(
          "span",
          { class: "turns-row-actions" },
          this.button(t("floor.up"), `up-${id}`, () => this.act("hand.move", { member: id, to_index: i - 1 }), { "aria-label": t("floor.move_up", { name: who }), disabled: i === 0 }),
          this.button(t("floor.down"), `down-${id}`, () => this.act("hand.move", { member: id, to_index: i + 1 }), { "aria-label": t("floor.move_down", { name: who }), disabled: i === queue.length - 1 }),
          this.button(t("floor.top"), `top-${id}`, () => this.act("hand.move", { member: id, to_index: 0 }), { "aria-label": t("floor.move_top", { name: who }), disabled: i === 0 }),
          this.button(t("core.remove"), `remove-${id}`, () => this.act("hand.lower", { member: id }), { "aria-label": t("floor.remove_from_queue", { name: who }) }),
        ),
      );
    });
    return [
      h(
        "div",
        { class: "turns-part-head" },
        h("h3", {}, t("floor.raised_hands")),
        items.length ? this.button(t("floor.lower_all"), "lower-all", () => this.act("hand.lower_all")) : null,
      ),
      items.length ? h("ol", { class: "turns-queue", "aria-label": t("floor.raised_hands") }, items) : h("p", { class: "turns-empty" }, t("floor.no_hands")),
    ];
  }

  announceChanges() {
    const turn = this.floor.turn;
    const current = { turn: turn ? turn.id : null, queue: this.floor.queue };
    const previous = this.previous;
    if (previous) {
      if (previous.turn !== current.turn) this.announce(turn ? t("floor.has_announce", { name: this.name(turn.member) }) : t("floor.open"));
      const raised = current.queue.filter((id) => !previous.queue.includes(id));
      if (raised.length) this.announce(t("floor.raised_announce", { n: raised.length, names: formatList(raised.map((id) => this.name(id))) }));
    }
    this.previous = current;
  }

  rerender() {
    const v = this.view;
    if (!v.floor || !v.session || v.session.status !== "live") {
      render(this.body, h("p", { class: "turns-empty" }, t("floor.start_with_session")));
      return;
    }
    // The order that comes next: the round, today's in-depth turns, then raised hands.
    render(
      this.body,
      h("div", { class: "turns-now" }, this.speakerPart(), this.controlsPart()),
      h("div", { class: "turns-order" }, roundPart(this), inDepthPart(this), this.queuePart()),
    );
  }

  autoAdvance(turn, now) {
    if (!this.floor.settings.auto_advance || turn.kind !== "round" || turn.run_started_at === null) return;
    if (left(turn, now) > 0) return;
    const last = this.autoSent.get(turn.id);
    if (last !== undefined && now - last < AUTO_RETRY_MS) return;
    this.autoSent.set(turn.id, now);
    // Refused when another console was first or the share is not quite over: both harmless.
    if (this.conn.status === "open") this.conn.send("floor.next", { turn_id: turn.id, present: this.present(), auto: true }).catch(() => {});
  }
}
