// facilitator-only
// The facilitators' signals strip: sticky at the top of the console, above every tab, so a
// new signal is in view whatever was scrolled and whichever tab is open. Calm: no flashing,
// no red; a waiting signal is a soft tint and a word, a safety signal a deeper calm tint and
// the word "Safety". Each stays until a facilitator acknowledges it (a named sender then sees
// that it was seen). New signals are announced politely to screen readers, chime softly if
// the facilitator turned the chime on, and the page's title counts those waiting (TopBar).

import { focusOn, h, liveRegion, render, setText } from "../core/dom.js";
import { t, tNodes } from "../core/i18n.js";
import { Chime } from "./chime.js";
import { clockTime, signalLabel } from "./text.js";

const SELF_REPORT = new Set(["safety", "deterioration"]);

export class SignalInbox {
  /** afterAck(): where the keyboard goes when no signal is left to acknowledge. */
  constructor({ conn, errors, afterAck = () => null }) {
    this.conn = conn;
    this.errors = errors;
    this.afterAck = afterAck;
    this.chime = new Chime();
    this.count = h("span", { class: "badge" });
    this.list = h("ul", { class: "inbox", "aria-label": t("inbox.waiting") });
    this.earlierList = h("ul", { class: "inbox-earlier" });
    this.earlierSummary = h("summary", { "data-local": "" });
    this.earlier = h("details", { class: "signals-earlier" }, this.earlierSummary, this.earlierList);
    this.live = liveRegion();
    this.el = h(
      "section",
      { class: "signals-strip", "aria-labelledby": "signals-heading" },
      h("div", { class: "strip-head" }, h("h2", { id: "signals-heading" }, t("inbox.heading"), " ", this.count), this.chime.el),
      this.list,
      this.earlier,
      this.live,
    );
    this.known = null; // ids seen so far: only new ones are announced
    this.drawn = null;
  }

  update({ view }) {
    const signals = view.signals ?? [];
    const names = Object.fromEntries(view.members.map((m) => [m.id, m.name]));
    const waiting = signals.filter((s) => s.acknowledged_at === null);
    const done = signals.filter((s) => s.acknowledged_at !== null);
    setText(this.count, waiting.length ? t("inbox.new", { n: waiting.length }) : t("inbox.none_waiting"));
    this.el.classList.toggle("waiting", waiting.length > 0);
    this.el.classList.toggle("safety", waiting.some((s) => s.kind === "safety"));
    if (this.known !== null) {
      const fresh = waiting.filter((s) => !this.known.has(s.id));
      if (fresh.length) {
        setText(this.live, fresh.map((s) => t("inbox.announce", { who: who(s, names), kind: headline(s) })).join(" "));
        this.chime.play(fresh.some((s) => s.kind === "safety"));
      }
    }
    this.known = new Set(signals.map((s) => s.id));
    const key = JSON.stringify([signals, names]);
    if (key === this.drawn) return;
    this.drawn = key;
    // Newest first; a safety signal before the others, whenever it came.
    const order = (list) => [...list].reverse().sort((a, b) => (b.kind === "safety") - (a.kind === "safety"));
    render(this.list, order(waiting).map((s) => this._item(s, names)));
    this.list.hidden = waiting.length === 0;
    this.earlier.hidden = done.length === 0;
    setText(this.earlierSummary, t("inbox.earlier", { n: done.length }));
    render(this.earlierList, order(done).map((s) => this._item(s, names)));
  }

  _item(s, names) {
    const from = who(s, names);
    const detail = selfReportLine(s);
    const waiting = s.acknowledged_at === null;
    return h(
      "li",
      { class: `signal-item signal-${s.kind}${waiting ? " new" : ""}`, "data-signal": s.id },
      h(
        "p",
        { class: "signal-head" },
        SELF_REPORT.has(s.kind) ? h("span", { class: "signal-tag" }, t(`inbox.tag.${s.kind}`)) : null,
        h("strong", {}, h("bdi", {}, from)),
        " · ",
        clockTime(s.at),
      ),
      h("p", { class: "signal-kind" }, detail ?? signalLabel(s.kind)),
      s.kind === "safety" ? h("p", { class: "hint" }, t("inbox.safety_hint")) : null,
      s.note ? h("p", { class: "signal-note" }, tNodes("core.quoted", { text: h("bdi", {}, s.note) })) : null,
      waiting
        ? h(
            "button",
            {
              type: "button",
              class: "quiet",
              "data-key": `ack-${s.id}`,
              "aria-label": t("inbox.ack_label", { who: from }),
              onclick: () => this._ack(s),
            },
            t("inbox.ack"),
          )
        : h("p", { class: "hint" }, t("inbox.acknowledged", { time: clockTime(s.acknowledged_at) })),
    );
  }

  async _ack(signal) {
    if (!(await this.errors.run(t("inbox.ack"), this.conn.send("signal.ack", { signal_id: signal.id })))) return;
    // The acknowledged signal left the list: the next one waiting, else back to the work.
    focusOn(() => this.list.querySelector("button[data-key]"), this.earlierSummary, this.afterAck());
  }
}

function who(signal, names) {
  return signal.member === null ? t("inbox.anonymous") : (names[signal.member] ?? t("inbox.a_member"));
}

/** A self-report signal in plain words: "PHQ-9 item 9 answered 2", "PHQ-9 rose by 6 (now 17)". */
function selfReportLine(s) {
  if (!SELF_REPORT.has(s.kind) || !s.instrument) return null;
  const instrument = t(`inbox.instrument.${s.instrument === "gad7" ? "gad7" : "phq9"}`);
  if (s.kind === "safety") return t("inbox.safety_line", { instrument, answer: s.answer });
  return t("inbox.deterioration_line", { instrument, change: s.change, score: s.score });
}

function headline(s) {
  return selfReportLine(s) ?? signalLabel(s.kind);
}
