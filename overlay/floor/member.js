// The floor on a member's overlay (and, read-only, on the display): who speaks and how long
// their turn has left, the queue and one's own place in it, raise/lower hand, pass or finish
// one's own turn, and a gentle wrap-up cue one minute before one's turn ends.
//
//   const floor = mountMemberFloor(el, { send, now });   // now(): estimated server ms or null
//   floor.update(stateMessage);                          // on every `state`
// With { readOnly: true } (the display) there are no controls and no "you".

import { shortcut } from "../core/shortcuts.js";
import { announcer, h, render } from "../core/dom.js";
import { WRAP_UP_MS, held, leftText, nameOf, ordinal, spokenDuration, wrapUp } from "./time.js";

export function mountMemberFloor(root, { send, now, readOnly = false }) {
  const section = h("section", { class: "turns turns-member", "aria-labelledby": "turns-heading" });
  const heading = h("h2", { id: "turns-heading", class: "turns-heading" }, "Speaking turns");
  const body = h("div", { class: "turns-body" });
  const status = h("p", { class: "turns-status", "aria-live": "polite" }); // refusals, said calmly
  section.append(heading, body, status);
  root.append(section);
  const { el: live, say: announce } = announcer("turns-live");
  section.append(live);

  let state = null;
  let previous = null; // what was last announced: turn id, speaker, my place
  let cued = null; // the turn whose wrap-up cue was announced

  const me = () => (readOnly || !state || !state.me ? null : state.me.id);

  async function act(name, args = {}) {
    status.textContent = "";
    try {
      await send(name, args);
    } catch (err) {
      status.textContent = err.message; // a refusal, said calmly; nothing changed
    }
  }

  function toggleHand() {
    const view = state && state.view;
    if (!view || !view.floor || !me()) return;
    const raised = view.floor.queue.includes(me());
    act(raised ? "hand.lower" : "hand.raise");
  }

  if (!readOnly) shortcut({ keys: ["h"], run: toggleHand });

  function speakerLine(view, floor) {
    const turn = floor.turn;
    if (!turn) return h("p", { class: "turns-speaker" }, "The floor is open.");
    const mine = turn.member === me();
    const who = mine ? "You have the floor" : `${nameOf(view, turn.member)} has the floor`;
    const paused = turn.run_started_at === null ? " (paused)" : "";
    return h(
      "p",
      { class: "turns-speaker" },
      h("span", { class: "turns-who" }, `${who}${paused}`),
      " · ",
      h("span", { class: "turns-time", "data-time": "turn" }),
    );
  }

  function myTurn(floor) {
    const turn = floor.turn;
    if (!turn || turn.member !== me()) return null;
    return h(
      "div",
      { class: "turns-mine" },
      h("p", { class: "turns-cue", "data-cue": "wrap-up", hidden: true }, "About a minute left. Time to start wrapping up."),
      turn.kind === "round"
        ? h("button", { type: "button", class: "quiet", "data-key": "pass", onclick: () => act("round.pass", { turn_id: turn.id }) }, "Pass")
        : null,
      h("button", { type: "button", class: "quiet", "data-key": "done", onclick: () => act("turn.end", { turn_id: turn.id }) }, "I'm done"),
    );
  }

  function handButton(floor) {
    if (readOnly || !me()) return null;
    const speaking = floor.turn && floor.turn.member === me();
    const raised = floor.queue.includes(me());
    return h(
      "button",
      { type: "button", class: "turns-hand", "data-key": "hand", "aria-keyshortcuts": "H", disabled: Boolean(speaking), onclick: toggleHand },
      raised ? "Lower hand" : "Raise hand",
    );
  }

  function queueList(view, floor) {
    const place = me() ? floor.queue.indexOf(me()) : -1;
    const items = floor.queue.map((id, i) =>
      h("li", { class: id === me() ? "turns-you" : null, "data-member": id }, h("span", { class: "turns-name" }, nameOf(view, id)), id === me() ? " (you)" : "", i === 0 ? " — next" : ""),
    );
    return [
      place >= 0 ? h("p", { class: "turns-place" }, `You are ${ordinal(place + 1)} in line.`) : null,
      h("h3", {}, "Waiting to speak"),
      items.length
        ? h("ol", { class: "turns-queue", "aria-label": "Waiting to speak" }, items)
        : h("p", { class: "turns-empty" }, "No hands raised."),
    ];
  }

  function roundLine(view, floor) {
    if (!floor.round) return null;
    const names = floor.round.to_come.map((id) => (id === me() ? "you" : nameOf(view, id)));
    const last = floor.turn && floor.turn.kind === "round" ? "Round: last turn." : "Round: everyone has had their turn.";
    return h("p", { class: "turns-round" }, names.length ? `Round: still to come: ${names.join(", ")}.` : last);
  }

  function spotlightLine(view, floor) {
    if (!floor.spotlight || !floor.spotlight.picks.length) return null;
    const names = floor.spotlight.picks.map((id) => (id === me() ? "you" : nameOf(view, id)));
    return h("p", { class: "turns-spotlight" }, `In-depth turns today: ${names.join(", ")}.`);
  }

  function ownAirtime() {
    const own = state && state.me && state.me.airtime;
    if (!own) return null;
    return h("p", { class: "turns-own" }, "Your floor time: ", h("span", { "data-time": "own" }), ".");
  }

  function announceChanges(view, floor) {
    const turn = floor.turn;
    const place = me() ? floor.queue.indexOf(me()) : -1;
    const now = { turn: turn ? turn.id : null, place };
    if (previous && previous.turn !== now.turn) {
      if (!turn) announce("The floor is open.");
      else if (turn.member === me()) {
        const length = turn.share_ms === null ? "" : ` You have ${spokenDuration(turn.share_ms)}.`;
        announce(`It's your turn.${length}`);
        // A turn that starts inside its last minute needs no second announcement.
        if (turn.share_ms !== null && turn.share_ms <= WRAP_UP_MS) cued = turn.id;
      } else announce(`${nameOf(view, turn.member)} has the floor.`);
    } else if (previous && place === 0 && previous.place !== 0) {
      announce("You are next.");
    }
    previous = now;
  }

  function tick() {
    if (!state || !state.view.floor) return;
    const floor = state.view.floor;
    const t = now();
    if (t === null) return; // no clock estimate yet
    const turn = floor.turn;
    for (const el of section.querySelectorAll('[data-time="turn"]')) el.textContent = turn ? leftText(turn, t) : "";
    const cue = section.querySelector('[data-cue="wrap-up"]');
    if (cue && turn) {
      const show = wrapUp(turn, t);
      cue.hidden = !show;
      if (show && cued !== turn.id) {
        cued = turn.id;
        announce("About a minute left. Time to start wrapping up.");
      }
    }
    const own = section.querySelector('[data-time="own"]');
    if (own && state.me.airtime) {
      const live = turn && turn.member === me() ? held(turn, t) : 0;
      own.textContent = `${spokenDuration(state.me.airtime.session_ms + live)} this session`;
    }
  }

  setInterval(tick, 500);

  return {
    update(message) {
      state = message;
      const view = message.view;
      const floor = view.floor;
      // Between sessions there are no turns: the panel steps aside for the clock's message.
      section.hidden = !floor || !view.session || view.session.status !== "live";
      if (section.hidden) return;
      render(body, [
        speakerLine(view, floor),
        myTurn(floor),
        roundLine(view, floor),
        spotlightLine(view, floor),
        handButton(floor),
        queueList(view, floor),
        ownAirtime(),
      ]);
      announceChanges(view, floor);
      tick();
    },
  };
}
