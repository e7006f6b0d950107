// facilitator-only
// The floor on the facilitator's console: give the floor (to the next or to anyone, also keys
// F, E, T), end, pause and resume turns, order the queue, run rounds and in-depth turns, see
// who is connected and everyone's floor time.
//
// Automatic advance has no server timer behind it: when it is on and a round share runs out,
// this console sends `floor.next {turn_id, auto: true}`. Two consoles may both send it; the
// server applies the first and acknowledges the other as a no-op (it names an ended turn).

import { untilNextChange } from "../core/clock.js";
import { announcer, h, render } from "../core/dom.js";
import { formatList, t } from "../core/i18n.js";
import { shortcut } from "../core/shortcuts.js";
import { floorTimePart, refreshFloorTime } from "./floor-time.js";
import { inDepthPicks } from "./in-depth.js";
import { roundLine, roundPart } from "./rounds.js";
import { clockText, held, left, leftText, nameOf, nextSecond, wrapUp } from "./time.js";

const AUTO_RETRY_MS = 2_000;
const FLOOR_TIME_MS = 500; // the floor-time bars move continuously: redrawn twice a second

export class ConsoleFloor {
  constructor({ conn, errors }) {
    this.conn = conn;
    this.errors = errors;
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
    this.here = new Map(); // the facilitator's own "is here" marks, over connection presence
    this.autoSent = new Map(); // turn id -> when this console last sent its automatic advance
    this.draft = {}; // unsaved in-depth picks (in-depth.js)
    // F, E, T: the clock already uses Space, N, P, + and −. They also work on a focused
    // checkbox: the floor's ticks sit beside its buttons.
    const onFloor = (fn) => () => this.state && this.floor && fn();
    shortcut({ keys: ["f"], run: onFloor(() => this.next()) });
    shortcut({ keys: ["e"], run: onFloor(() => this.end()) });
    shortcut({ keys: ["t"], run: onFloor(() => this.pauseOrResume()) });
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
    return new Set(this.state.presence || this.view.members.map((m) => m.id));
  }

  isHere(id) {
    return this.here.has(id) ? this.here.get(id) : this.connected().has(id);
  }

  present() {
    return this.view.members.filter((m) => this.isHere(m.id)).map((m) => m.id);
  }

  act(name, args = {}) {
    return this.errors.run(null, this.conn.send(name, args));
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

  markHere(id, here) {
    this.here.set(id, here);
    this.rerender();
    this.draw(this.conn.serverNow());
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

  /** Turn time, wrap-up cue, floor-time bars and automatic advance at server time `now`. */
  draw(now) {
    if (!this.state || !this.floor || !this.view.session || now === null) return null;
    const turn = this.floor.turn;
    const time = this.body.querySelector('[data-time="turn"]');
    if (time && turn) time.textContent = turn.share_ms === null ? leftText(turn, now) : t("floor.left_and_held", { left: leftText(turn, now), held: clockText(held(turn, now)) });
    const cue = this.body.querySelector('[data-cue="wrap-up"]');
    if (cue && turn) cue.hidden = !wrapUp(turn, now);
    refreshFloorTime(this.body, this.view, now);
    if (!turn) return null;
    this.autoAdvance(turn, now);
    const due = nextSecond(turn, now);
    return due === null ? null : Math.min(due, untilNextChange(-held(turn, now)), FLOOR_TIME_MS);
  }

  floorPart() {
    const turn = this.floor.turn;
    const rnd = this.floor.round;
    const lines = [];
    if (turn) {
      const paused = turn.run_started_at === null ? "_paused" : "";
      const who = t(`floor.console_has_${turn.kind}${paused}`, { name: this.name(turn.member) });
      lines.push(
        h("p", { class: "turns-speaker" }, h("span", { class: "turns-who" }, who), " · ", h("span", { "data-time": "turn" })),
        h("p", { class: "turns-cue", "data-cue": "wrap-up", hidden: true }, t("floor.console_wrap_up")),
      );
    } else {
      lines.push(h("p", { class: "turns-speaker" }, t("floor.open")));
    }
    const controls = h(
      "div",
      { class: "turns-controls", role: "group", "aria-label": t("floor.floor") },
      this.button(t("floor.give_next"), "next", () => this.next(), { class: null, "aria-keyshortcuts": "F" }),
      turn ? this.button(t("floor.end_turn"), "end", () => this.end(), { "aria-keyshortcuts": "E" }) : null,
      turn ? this.button(turn.run_started_at === null ? t("floor.resume_turn") : t("floor.pause_turn"), "pause", () => this.pauseOrResume(), { "aria-keyshortcuts": "T" }) : null,
      turn && turn.kind === "round" ? this.button(t("floor.pass"), "pass", () => this.act("round.pass", { turn_id: turn.id, present: this.present() })) : null,
    );
    const keys = h("p", { class: "turns-note" }, t("floor.keys"));
    return [h("h3", {}, t("floor.floor")), ...lines, controls, rnd ? roundLine(this, rnd) : null, keys];
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
    const least = this.floor.settings.least_heard_first;
    return [
      h("h3", {}, t("floor.raised_hands")),
      items.length ? h("ol", { class: "turns-queue", "aria-label": t("floor.raised_hands") }, items) : h("p", { class: "turns-empty" }, t("floor.no_hands")),
      h(
        "div",
        { class: "turns-controls" },
        this.button(t("floor.lower_all"), "lower-all", () => this.act("hand.lower_all"), { disabled: !items.length }),
        h("label", {}, h("input", { type: "checkbox", "data-key": "least", checked: least, onchange: (e) => this.act("floor.settings", { least_heard_first: e.target.checked }) }), t("floor.least_heard_first")),
      ),
    ];
  }

  peoplePart() {
    const turn = this.floor.turn;
    const rows = this.view.members.map((m) =>
      h(
        "li",
        { class: this.connected().has(m.id) ? "turns-connected" : "turns-away", "data-member": m.id },
        h("span", { class: "turns-name" }, m.name),
        h("span", { class: "turns-presence" }, this.connected().has(m.id) ? t("floor.connected") : t("floor.away")),
        h("label", {}, h("input", { type: "checkbox", "data-key": `here-${m.id}`, checked: this.isHere(m.id), onchange: (e) => this.markHere(m.id, e.target.checked) }), t("floor.is_here", { name: m.name })),
        this.button(t("floor.give"), `give-${m.id}`, () => this.act("floor.give", { member: m.id, turn_id: this.turnId() }), { "aria-label": t("floor.give_to", { name: m.name }), disabled: Boolean(turn && turn.member === m.id) }),
      ),
    );
    return [h("h3", {}, t("floor.who_is_here")), h("ul", { class: "turns-people", "aria-label": t("roster.heading") }, rows)];
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
    render(
      this.body,
      h("div", { class: "turns-panel" }, this.floorPart()),
      h("div", { class: "turns-panel" }, this.queuePart()),
      h("div", { class: "turns-panel" }, roundPart(this)),
      h("div", { class: "turns-panel" }, inDepthPicks(v, (name, args) => this.act(name, args), this.draft)),
      h("div", { class: "turns-panel" }, this.peoplePart()),
      h("div", { class: "turns-panel" }, floorTimePart(this.view, (name, args) => this.act(name, args), this.conn.serverNow())),
    );
  }

  autoAdvance(turn, now) {
    if (!this.floor.settings.auto_advance || turn.kind !== "round" || turn.run_started_at === null) return;
    if (left(turn, now) > 0) return;
    const last = this.autoSent.get(turn.id);
    if (last !== undefined && now - last < AUTO_RETRY_MS) return;
    this.autoSent.set(turn.id, now);
    // Refused when another console was first or the share is not quite over: both harmless.
    this.conn.send("floor.next", { turn_id: turn.id, present: this.present(), auto: true }).catch(() => {});
  }
}
