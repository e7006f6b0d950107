// The floor on a member's overlay (and, read-only, on the display): who speaks and how long
// their turn has left, the queue and one's own place in it, raise/lower hand (also key H),
// pass or finish one's own turn, and a gentle wrap-up cue one minute before one's turn ends.
// With { readOnly: true } (the display) there are no controls and no "you".

import { announcer, focusOn, h, render } from "../core/dom.js";
import { formatNameList, t, tNodes } from "../core/i18n.js";
import { keyHint, shortcut } from "../core/shortcuts.js";
import { WRAP_UP_MS, held, leftText, nameOf, nextSecond, spokenDuration, wrapUp } from "./time.js";

export class MemberFloor {
  constructor({ conn, errors, readOnly = false }) {
    this.conn = conn;
    this.errors = errors;
    this.readOnly = readOnly;
    this.body = h("div", { class: "turns-body" });
    const { el: live, say } = announcer("turns-live");
    this.announce = say;
    this.el = h(
      "section",
      { class: "turns turns-member", "aria-labelledby": "turns-heading" },
      h("h2", { id: "turns-heading", class: "turns-heading" }, t("floor.heading")),
      this.body,
      live,
    );
    this.state = null;
    this.previous = null; // what was last announced: turn id and my place
    this.cued = null; // the turn whose wrap-up cue was announced
    if (!readOnly) shortcut({ keys: ["h"], label: t("keys.hand"), run: () => this.toggleHand() });
  }

  /** My member id, or null on the display. */
  me() {
    const state = this.state;
    return this.readOnly || !state || !state.me ? null : state.me.id;
  }

  /** Send a command; when the button pressed went away ("I'm done", "Pass"), the keyboard
   *  goes to Raise hand. */
  async act(name, args = {}) {
    const ok = await this.errors.run(null, this.conn.send(name, args));
    const doc = this.el.ownerDocument;
    if (!doc.activeElement || doc.activeElement === doc.body) focusOn(this.body.querySelector('[data-key="hand"]'));
    return ok;
  }

  /** True while I have the floor (for the page's cue). */
  speaking() {
    const turn = this.state?.view.floor?.turn;
    return Boolean(turn && this.me() && turn.member === this.me() && this.state.view.session?.status === "live");
  }

  toggleHand() {
    const floor = this.state?.view.floor;
    if (!floor || !this.me()) return;
    this.act(floor.queue.includes(this.me()) ? "hand.lower" : "hand.raise");
  }

  update(state) {
    this.state = state;
    const view = state.view;
    const floor = view.floor;
    // Between sessions there are no turns: the panel steps aside for the clock's message.
    this.el.hidden = !floor || !view.session || view.session.status !== "live";
    if (this.el.hidden) return;
    render(
      this.body,
      this.speakerLine(view, floor),
      this.myTurn(floor),
      this.roundLine(view, floor),
      this.inDepthLine(view, floor),
      this.handButton(floor),
      this.queueList(view, floor),
      this.ownFloorTime(),
    );
    this.announceChanges(view, floor);
  }

  /** The turn's time, the wrap-up cue and my floor time; due again when a second turns over. */
  draw(now) {
    const floor = this.state?.view.floor;
    if (!floor || now === null) return null; // no clock estimate yet
    const turn = floor.turn;
    for (const el of this.el.querySelectorAll('[data-time="turn"]')) el.textContent = turn ? leftText(turn, now) : "";
    const cue = this.el.querySelector('[data-cue="wrap-up"]');
    if (cue && turn) {
      const show = wrapUp(turn, now);
      cue.hidden = !show;
      if (show && this.cued !== turn.id) {
        this.cued = turn.id;
        this.announce(t("floor.wrap_up"));
      }
    }
    const own = this.el.querySelector('[data-time="own"]');
    const mine = this.state.me?.airtime;
    if (own && mine) {
      const live = turn && turn.member === this.me() ? held(turn, now) : 0;
      own.textContent = t("floor.own", { time: spokenDuration(mine.session_ms + live) });
    }
    return nextSecond(turn, now);
  }

  speakerLine(view, floor) {
    const turn = floor.turn;
    if (!turn) return h("p", { class: "turns-speaker" }, t("floor.open"));
    const mine = turn.member === this.me();
    const paused = turn.run_started_at === null;
    const who = mine
      ? t(paused ? "floor.you_have_paused" : "floor.you_have")
      : tNodes(paused ? "floor.has_paused" : "floor.has", { name: h("bdi", {}, nameOf(view, turn.member)) });
    return h(
      "p",
      { class: "turns-speaker" },
      h("span", { class: "turns-who" }, who),
      " · ",
      h("span", { class: "turns-time", "data-time": "turn" }),
    );
  }

  myTurn(floor) {
    const turn = floor.turn;
    if (!turn || turn.member !== this.me()) return null;
    return h(
      "div",
      { class: "turns-mine" },
      h("p", { class: "turns-cue", "data-cue": "wrap-up", hidden: true }, t("floor.wrap_up")),
      turn.kind === "round"
        ? h("button", { type: "button", class: "quiet", "data-key": "pass", onclick: () => this.act("round.pass", { turn_id: turn.id }) }, t("floor.pass"))
        : null,
      h("button", { type: "button", class: "quiet", "data-key": "done", onclick: () => this.act("turn.end", { turn_id: turn.id }) }, t("floor.done")),
    );
  }

  handButton(floor) {
    const me = this.me();
    if (this.readOnly || !me) return null;
    const speaking = floor.turn && floor.turn.member === me;
    return h(
      "button",
      { type: "button", class: "turns-hand", "data-key": "hand", "aria-keyshortcuts": keyHint("H"), disabled: Boolean(speaking), onclick: () => this.toggleHand() },
      floor.queue.includes(me) ? t("floor.lower_hand") : t("floor.raise_hand"),
    );
  }

  queueList(view, floor) {
    const me = this.me();
    const place = me ? floor.queue.indexOf(me) : -1;
    const items = floor.queue.map((id, i) =>
      h("li", { class: id === me ? "turns-you" : null, "data-member": id }, h("span", { class: "turns-name" }, nameOf(view, id)), queueNote(id === me, i === 0)),
    );
    return [
      place >= 0 ? h("p", { class: "turns-place" }, t("floor.place", { nth: place + 1 })) : null,
      h("h3", {}, t("floor.waiting")),
      items.length
        ? h("ol", { class: "turns-queue", "aria-label": t("floor.waiting") }, items)
        : h("p", { class: "turns-empty" }, t("floor.no_hands")),
    ];
  }

  roundLine(view, floor) {
    if (!floor.round) return null;
    const names = floor.round.to_come.map((id) => (id === this.me() ? t("floor.you") : nameOf(view, id)));
    const last = floor.turn && floor.turn.kind === "round" ? t("floor.round_last") : t("floor.round_everyone");
    return h("p", { class: "turns-round" }, names.length ? tNodes("floor.round_to_come", { names: formatNameList(names) }) : last);
  }

  inDepthLine(view, floor) {
    if (!floor.spotlight || !floor.spotlight.picks.length) return null;
    const names = floor.spotlight.picks.map((id) => (id === this.me() ? t("floor.you") : nameOf(view, id)));
    return h("p", { class: "turns-spotlight" }, tNodes("floor.in_depth_today", { names: formatNameList(names) }));
  }

  ownFloorTime() {
    if (!this.state.me?.airtime) return null;
    return h("p", { class: "turns-own", "data-time": "own" });
  }

  announceChanges(view, floor) {
    const turn = floor.turn;
    const me = this.me();
    const place = me ? floor.queue.indexOf(me) : -1;
    const now = { turn: turn ? turn.id : null, place };
    const previous = this.previous;
    if (previous && previous.turn !== now.turn) {
      if (!turn) this.announce(t("floor.open"));
      else if (turn.member === me) {
        this.announce(turn.share_ms === null ? t("floor.your_turn") : t("floor.your_turn_for", { time: spokenDuration(turn.share_ms) }));
        // A turn that starts inside its last minute needs no second announcement.
        if (turn.share_ms !== null && turn.share_ms <= WRAP_UP_MS) this.cued = turn.id;
      } else this.announce(t("floor.has_announce", { name: nameOf(view, turn.member) }));
    } else if (previous && place === 0 && previous.place !== 0) {
      this.announce(t("floor.you_are_next"));
    }
    this.previous = now;
  }
}

/** " (you)", " — next", or both, after a name in the queue. */
function queueNote(mine, first) {
  if (mine && first) return t("floor.queue_you_next");
  if (mine) return t("floor.queue_you");
  return first ? t("floor.queue_next") : "";
}
