// The floor on the facilitator's console: give the floor (to the next or to anyone), end,
// pause and resume turns, order the queue, run rounds and in-depth turns, see who is connected
// and everyone's floor time.
//
//   const floor = mountConsoleFloor(el, { send, now });  // send(name, args) -> Promise (rejects
//                                                        // with an Error whose message is for people)
//   floor.update(stateMessage);                          // on every `state` (presence included)
//
// Automatic advance has no server timer behind it: when it is on and a round share runs out,
// this console sends `floor.next {turn_id, auto: true}`. Two consoles may both send it; the
// server applies the first and acknowledges the other as a no-op (it names an ended turn).

import { airtimeTable, refreshAirtime } from "./floor-time.js";
import { shortcut } from "../core/shortcuts.js";
import { announcer, h, render } from "../core/dom.js";
import { spotlightPanel } from "./in-depth.js";
import { clockText, held, left, leftText, nameOf, wrapUp } from "./time.js";

const AUTO_RETRY_MS = 2_000;

export function mountConsoleFloor(root, { send, now }) {
  const section = h("section", { class: "turns turns-console", "aria-labelledby": "turns-heading" });
  section.append(h("h2", { id: "turns-heading", class: "turns-heading" }, "Speaking turns"));
  const body = h("div", { class: "turns-body" });
  const status = h("p", { class: "turns-status", "aria-live": "polite" }); // refusals, said calmly
  section.append(status, body);
  root.append(section);
  const { el: live, say: announce } = announcer("turns-live");
  section.append(live);

  let state = null;
  let previous = null;
  const here = new Map(); // the facilitator's own "is here" marks, over connection presence
  const autoSent = new Map(); // turn id -> when this console last sent its automatic advance
  const draft = {}; // unsaved in-depth picks (turns-spotlight.js)

  const view = () => state.view;
  const floor = () => state.view.floor;
  const name = (id) => nameOf(view(), id);
  const turnId = () => (floor().turn ? floor().turn.id : null);
  const connected = () => new Set(state.presence || view().members.map((m) => m.id));
  const isHere = (id) => (here.has(id) ? here.get(id) : connected().has(id));
  const present = () => view().members.filter((m) => isHere(m.id)).map((m) => m.id);

  async function act(cmd, args = {}) {
    status.textContent = "";
    try {
      await send(cmd, args);
    } catch (err) {
      status.textContent = err.message; // a refusal, said calmly; nothing changed
    }
  }

  const next = () => act("floor.next", { turn_id: turnId(), present: present() });
  const end = () => turnId() && act("turn.end", { turn_id: turnId() });
  const pauseOrResume = () => {
    const turn = floor().turn;
    if (turn) act(turn.run_started_at === null ? "turn.resume" : "turn.pause", { turn_id: turn.id });
  };
  // F, E, T: the clock already uses Space, N, P, + and −.
  // The floor's keys also work on a focused checkbox (its ticks sit beside its buttons).
  const onFloor = (fn) => () => state && floor() && fn();
  shortcut({ keys: ["f"], run: onFloor(next) });
  shortcut({ keys: ["e"], run: onFloor(end) });
  shortcut({ keys: ["t"], run: onFloor(pauseOrResume) });

  // Secondary actions use the page's quiet style; "Give floor to next" stays the filled one.
  const button = (text, key, onClick, extra = {}) =>
    h("button", { type: "button", class: "quiet", "data-key": key, onclick: onClick, ...extra }, text);

  function floorPanel() {
    const turn = floor().turn;
    const rnd = floor().round;
    const lines = [];
    if (turn) {
      const kind = { hand: "", round: " (round)", spotlight: " (in-depth turn)" }[turn.kind];
      lines.push(
        h("p", { class: "turns-speaker" }, h("span", { class: "turns-who" }, `${name(turn.member)} has the floor${kind}${turn.run_started_at === null ? ", paused" : ""}`), " · ", h("span", { "data-time": "turn" })),
        h("p", { class: "turns-cue", "data-cue": "wrap-up", hidden: true }, "About a minute left in this turn."),
      );
    } else {
      lines.push(h("p", { class: "turns-speaker" }, "The floor is open."));
    }
    const controls = h(
      "div",
      { class: "turns-controls", role: "group", "aria-label": "Floor" },
      button("Give floor to next", "next", next, { class: null, "aria-keyshortcuts": "F" }),
      turn ? button("End turn", "end", end, { "aria-keyshortcuts": "E" }) : null,
      turn ? button(turn.run_started_at === null ? "Resume turn" : "Pause turn", "pause", pauseOrResume, { "aria-keyshortcuts": "T" }) : null,
      turn && turn.kind === "round" ? button("Pass", "pass", () => act("round.pass", { turn_id: turn.id, present: present() })) : null,
    );
    const keys = h("p", { class: "turns-note" }, "Keys: F floor to next · E end turn · T pause/resume turn");
    return [h("h3", {}, "Floor"), ...lines, controls, rnd ? roundLine(rnd) : null, keys];
  }

  function roundLine(rnd) {
    const away = (rnd.order || []).filter((id) => !rnd.visited.includes(id) && !rnd.present.includes(id) && id !== (floor().turn || {}).member);
    return h(
      "p",
      { class: "turns-round" },
      rnd.to_come.length
        ? `Still to come: ${rnd.to_come.map(name).join(", ")}.`
        : floor().turn && floor().turn.kind === "round"
          ? "Last turn of the round."
          : "Everyone here has had their turn.",
      away.length ? ` Skipped as away: ${away.map(name).join(", ")}.` : "",
    );
  }

  function queuePanel() {
    const queue = floor().queue;
    const items = queue.map((id, i) => {
      const who = name(id);
      const away = !connected().has(id);
      return h(
        "li",
        { class: away ? "turns-away" : null, "data-member": id },
        h("span", { class: "turns-name" }, who),
        away ? h("span", { class: "turns-badge" }, " (away)") : null,
        h(
          "span",
          { class: "turns-row-actions" },
          button("Up", `up-${id}`, () => act("hand.move", { member: id, to_index: i - 1 }), { "aria-label": `Move ${who} up`, disabled: i === 0 }),
          button("Down", `down-${id}`, () => act("hand.move", { member: id, to_index: i + 1 }), { "aria-label": `Move ${who} down`, disabled: i === queue.length - 1 }),
          button("Top", `top-${id}`, () => act("hand.move", { member: id, to_index: 0 }), { "aria-label": `Move ${who} to the top`, disabled: i === 0 }),
          button("Remove", `remove-${id}`, () => act("hand.lower", { member: id }), { "aria-label": `Remove ${who} from the queue` }),
        ),
      );
    });
    const least = floor().settings.least_heard_first;
    return [
      h("h3", {}, "Raised hands"),
      items.length ? h("ol", { class: "turns-queue", "aria-label": "Raised hands" }, items) : h("p", { class: "turns-empty" }, "No hands raised."),
      h(
        "div",
        { class: "turns-controls" },
        button("Lower all hands", "lower-all", () => act("hand.lower_all"), { disabled: !items.length }),
        h("label", {}, h("input", { type: "checkbox", "data-key": "least", checked: least, onchange: (e) => act("floor.settings", { least_heard_first: e.target.checked }) }), "Least heard first"),
      ),
    ];
  }

  function peoplePanel() {
    const turn = floor().turn;
    const rows = view().members.map((m) =>
      h(
        "li",
        { class: connected().has(m.id) ? "turns-connected" : "turns-away", "data-member": m.id },
        h("span", { class: "turns-name" }, m.name),
        h("span", { class: "turns-presence" }, connected().has(m.id) ? "connected" : "away"),
        h("label", {}, h("input", { type: "checkbox", "data-key": `here-${m.id}`, checked: isHere(m.id), onchange: (e) => { here.set(m.id, e.target.checked); rerender(); } }), `${m.name} is here`),
        button("Give floor", `give-${m.id}`, () => act("floor.give", { member: m.id, turn_id: turnId() }), { "aria-label": `Give ${m.name} the floor`, disabled: Boolean(turn && turn.member === m.id) }),
      ),
    );
    return [h("h3", {}, "Who is here"), h("ul", { class: "turns-people", "aria-label": "Members" }, rows)];
  }

  function roundPanel() {
    const settings = floor().settings;
    const seg = view().session.segments[view().session.current];
    const rnd = floor().round;
    return [
      h("h3", {}, "Round"),
      h(
        "div",
        { class: "turns-controls" },
        rnd ? button("Stop round", "round-stop", () => act("round.stop", { segment_id: rnd.segment_id })) : button("Start round", "round-start", () => act("round.start", { present: present() }), { class: seg.kind === "round" ? null : "quiet" }),
        h("label", {}, h("input", { type: "checkbox", "data-key": "auto", checked: settings.auto_advance, onchange: (e) => act("floor.settings", { auto_advance: e.target.checked }) }), "Advance rounds automatically"),
      ),
    ];
  }

  function settingsPanel() {
    const settings = floor().settings;
    return [
      h("h3", {}, "Floor time"),
      airtimeTable(view(), now()),
      h(
        "div",
        { class: "turns-settings" },
        h("label", {}, h("input", { type: "checkbox", "data-key": "own", checked: settings.show_own_airtime, onchange: (e) => act("floor.settings", { show_own_airtime: e.target.checked }) }), "Members see their own floor time"),
        handLimit(settings.hand_turn_ms),
      ),
    ];
  }

  function handLimit(ms) {
    const current = ms === null ? "" : String(Math.round(ms / 60_000));
    const options = ["", "1", "2", "3", "5", "10"];
    if (!options.includes(current)) options.push(current);
    const select = h(
      "select",
      { "data-key": "hand-limit", onchange: (e) => act("floor.settings", { hand_turn_minutes: e.target.value === "" ? null : Number(e.target.value) }) },
      options.map((v) => h("option", { value: v, selected: v === current }, v === "" ? "No limit" : `${v} min`)),
    );
    return h("label", { class: "turns-limit" }, "Time limit for raised-hand turns", select);
  }

  function announceChanges() {
    const turn = floor().turn;
    const current = { turn: turn ? turn.id : null, queue: floor().queue };
    if (previous) {
      if (previous.turn !== current.turn) announce(turn ? `${name(turn.member)} has the floor.` : "The floor is open.");
      const raised = current.queue.filter((id) => !previous.queue.includes(id));
      if (raised.length) announce(`${raised.map(name).join(", ")} raised a hand.`);
    }
    previous = current;
  }

  function rerender() {
    const v = view();
    if (!v.floor || !v.session || v.session.status !== "live") {
      render(body, [h("p", { class: "turns-empty" }, "Turns start when the session does.")]);
      return;
    }
    render(body, [
      h("div", { class: "turns-panel" }, floorPanel()),
      h("div", { class: "turns-panel" }, queuePanel()),
      h("div", { class: "turns-panel" }, roundPanel()),
      h("div", { class: "turns-panel" }, spotlightPanel(v, act, draft)),
      h("div", { class: "turns-panel" }, peoplePanel()),
      h("div", { class: "turns-panel" }, settingsPanel()),
    ]);
    tick();
  }

  function autoAdvance(turn, t) {
    if (!floor().settings.auto_advance || turn.kind !== "round" || turn.run_started_at === null) return;
    if (left(turn, t) > 0) return;
    const last = autoSent.get(turn.id);
    if (last !== undefined && t - last < AUTO_RETRY_MS) return;
    autoSent.set(turn.id, t);
    // Refused when another console was first or the share is not quite over: both harmless.
    send("floor.next", { turn_id: turn.id, present: present(), auto: true }).catch(() => {});
  }

  function tick() {
    if (!state || !floor() || !view().session) return;
    const t = now();
    if (t === null) return; // no clock estimate yet
    const turn = floor().turn;
    const time = body.querySelector('[data-time="turn"]');
    if (time && turn) time.textContent = turn.share_ms === null ? leftText(turn, t) : `${leftText(turn, t)} · held ${clockText(held(turn, t))}`;
    const cue = body.querySelector('[data-cue="wrap-up"]');
    if (cue && turn) cue.hidden = !wrapUp(turn, t);
    refreshAirtime(body, view(), t);
    if (turn) autoAdvance(turn, t);
  }

  setInterval(tick, 500);

  return {
    update(message) {
      state = message;
      rerender();
      if (view().floor) announceChanges();
    },
  };
}
