// A discreet signal to the facilitators, and only them: "I need a moment", "please check in
// with me after the session", "something said didn't sit right with me"; an optional note;
// optionally without my name. Works by keyboard (Alt+Shift+S opens it, Escape closes it).

import { fill, h, setText } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { randomHex } from "../core/ids.js";
import { shortcut } from "../core/shortcuts.js";
import { SIGNALS, clockTime, signalLabel } from "./text.js";

export class SignalForm {
  constructor({ conn, errors }) {
    this.conn = conn;
    this.errors = errors;
    this.toggle = h(
      "button",
      {
        type: "button",
        class: "quiet signal-toggle",
        "data-local": "",
        "aria-expanded": "false",
        "aria-controls": "signal-panel",
        "aria-keyshortcuts": "Alt+Shift+S",
        onclick: () => this.show(this.panel.hidden),
      },
      t("signal.toggle"),
    );
    this.radios = SIGNALS.map((kind, i) =>
      h("label", { class: "choice" }, h("input", { type: "radio", name: "signal-kind", value: kind, checked: i === 0 }), signalLabel(kind)),
    );
    this.note = h("textarea", { id: "signal-note", rows: "2", maxlength: "280" });
    this.anonymous = h("input", { type: "checkbox", id: "signal-anonymous" });
    this.send = h("button", { type: "submit" }, t("signal.send"));
    this.panel = h(
      "form",
      { id: "signal-panel", class: "signal-panel", hidden: true, onsubmit: (ev) => this._submit(ev), onkeydown: (ev) => this._key(ev) },
      h("fieldset", {}, h("legend", {}, t("signal.only_facilitators")), this.radios),
      h("label", { for: "signal-note" }, t("signal.note")),
      this.note,
      h("label", { class: "choice", for: "signal-anonymous" }, this.anonymous, t("signal.anonymous")),
      h("p", { class: "hint" }, t("signal.anonymous_hint")),
      h("div", { class: "control-row" }, this.send, h("button", { type: "button", class: "quiet", "data-local": "", onclick: () => this.show(false) }, t("core.cancel"))),
    );
    this.status = h("p", { class: "signal-status", role: "status" });
    this.mine = h("ul", { class: "my-signals", "aria-label": t("signal.mine") });
    this.el = h("div", { class: "signal" }, this.toggle, this.panel, this.status, this.mine);
    shortcut({ chord: "Alt+Shift+S", label: t("keys.signal"), run: () => this.show(true) });
  }

  show(open) {
    this.panel.hidden = !open;
    this.toggle.setAttribute("aria-expanded", String(open));
    if (open) this.panel.querySelector("input:checked")?.focus();
    else this.toggle.focus();
  }

  update({ me }) {
    if (!me) return;
    fill(
      this.mine,
      (me.signals ?? []).map((s) =>
        h("li", { class: s.acknowledged ? "seen" : "" }, t(s.acknowledged ? "signal.mine_seen" : "signal.mine_received", { kind: signalLabel(s.kind), time: clockTime(s.at) })),
      ),
    );
  }

  _key(ev) {
    if (ev.key === "Escape") {
      ev.preventDefault();
      this.show(false);
    }
  }

  async _submit(ev) {
    ev.preventDefault();
    const kind = this.panel.querySelector("input[name=signal-kind]:checked")?.value ?? "moment";
    const note = this.note.value.trim();
    const anonymous = this.anonymous.checked;
    this.send.disabled = true;
    // An anonymous signal carries a random nonce, so a resend after a reconnect counts once.
    const sent = anonymous
      ? this.conn.send("signal.send_anonymous", { kind, note, nonce: randomHex(16) })
      : this.conn.send("signal.send", { kind, note });
    if (await this.errors.run(null, sent)) {
      this.note.value = "";
      this.anonymous.checked = false;
      this.show(false);
      setText(
        this.status,
        anonymous ? t("signal.sent_anonymous") : t("signal.sent"),
      );
      // The confirmation fades after a while; named signals stay listed below with their status.
      clearTimeout(this.clear);
      this.clear = setTimeout(() => setText(this.status, ""), 60_000);
    }
    this.send.disabled = false;
  }
}
