// facilitator-only
// The facilitators' signals inbox: calm, small, no sound, no flashing. New signals are
// announced politely to screen readers; each can be acknowledged (a named sender then sees
// that it was seen).

import { fill, h, liveRegion, setText } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { clockTime, signalLabel } from "./text.js";

export class SignalInbox {
  constructor({ conn, errors }) {
    this.conn = conn;
    this.errors = errors;
    this.count = h("span", { class: "badge" });
    this.list = h("ul", { class: "inbox" });
    this.empty = h("p", { class: "hint" }, t("inbox.empty"));
    this.live = liveRegion();
    this.el = h(
      "section",
      { class: "card signals-card", "aria-labelledby": "signals-heading" },
      h("h2", { id: "signals-heading" }, t("inbox.heading"), " ", this.count),
      this.empty,
      this.list,
      this.live,
    );
    this.known = null; // ids seen so far: only new ones are announced
  }

  update({ view }) {
    const signals = view.signals ?? [];
    const names = Object.fromEntries(view.members.map((m) => [m.id, m.name]));
    const waiting = signals.filter((s) => s.acknowledged_at === null);
    setText(this.count, waiting.length ? t("inbox.new", { n: waiting.length }) : "");
    this.el.classList.toggle("waiting", waiting.length > 0);
    this.empty.hidden = signals.length > 0;
    const ids = new Set(signals.map((s) => s.id));
    if (this.known !== null) {
      const fresh = waiting.filter((s) => !this.known.has(s.id));
      if (fresh.length) setText(this.live, fresh.map((s) => t("inbox.announce", { who: who(s, names), kind: signalLabel(s.kind) })).join(" "));
    }
    this.known = ids;
    fill(
      this.list,
      [...signals].reverse().map((s) => {
        const from = who(s, names);
        const ack = h(
          "button",
          {
            type: "button",
            class: "quiet",
            "aria-label": t("inbox.ack_label", { who: from }),
            onclick: () => this.errors.run(t("inbox.ack"), this.conn.send("signal.ack", { signal_id: s.id })),
          },
          t("inbox.ack"),
        );
        return h(
          "li",
          { class: `signal-item${s.acknowledged_at === null ? " new" : ""}` },
          h("p", {}, h("strong", {}, from), " · ", clockTime(s.at)),
          h("p", {}, signalLabel(s.kind)),
          s.note ? h("p", { class: "signal-note" }, t("core.quoted", { text: s.note })) : null,
          s.acknowledged_at === null ? ack : h("p", { class: "hint" }, t("inbox.acknowledged", { time: clockTime(s.acknowledged_at) })),
        );
      }),
    );
  }
}

function who(signal, names) {
  return signal.member === null ? t("inbox.anonymous") : (names[signal.member] ?? t("inbox.a_member"));
}
