// facilitator-only
// Editing the group agreements in the console, and showing them on the display.

import { h, setText } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { agreementText, canonicalAgreement } from "./text.js";

export class AgreementsEditor {
  constructor({ conn, errors }) {
    this.conn = conn;
    this.errors = errors;
    this.status = h("p", { class: "hint" });
    this.text = h("textarea", { id: "agreements-text", rows: "6", "aria-describedby": "agreements-help" });
    this.show = h("button", { type: "button", class: "quiet", "aria-pressed": "false", onclick: () => this._toggle() }, t("agreements.show"));
    this.el = h(
      "section",
      { class: "card agreements-card", "aria-labelledby": "agreements-edit-heading" },
      h("h2", { id: "agreements-edit-heading" }, t("course.agreements")),
      this.status,
      h(
        "details",
        { class: "agreements-edit" },
        h("summary", {}, t("agreements.edit")),
        h(
          "form",
          { onsubmit: (ev) => this._save(ev) },
          h("label", { for: "agreements-text" }, t("agreements.one_per_line")),
          this.text,
          h("p", { class: "hint", id: "agreements-help" }, t("agreements.help")),
          h(
            "div",
            { class: "control-row" },
            h("button", { type: "submit" }, t("agreements.save")),
            h("button", { type: "button", class: "quiet", onclick: () => this.errors.run(t("course.agreements"), this.conn.send("agreements.reset")) }, t("agreements.reset")),
          ),
        ),
      ),
      this.show,
    );
    this.revision = null;
  }

  update({ view }) {
    const a = view.course.agreements;
    const acked = view.members.filter((m) => a.acks[m.id] === a.revision).length;
    setText(this.status, t("agreements.status", { n: a.items.length, read: acked, members: view.members.length }));
    if (this.revision !== a.revision && document.activeElement !== this.text) {
      this.text.value = a.items.map((_, i) => agreementText(a, i)).join("\n");
      this.revision = a.revision;
    }
    this.show.setAttribute("aria-pressed", String(a.shown));
    setText(this.show, a.shown ? t("agreements.hide") : t("agreements.show"));
  }

  _toggle() {
    const shown = this.conn.state.view.course.agreements.shown;
    this.errors.run(t("agreements.display"), this.conn.send("agreements.show", { shown: !shown }));
  }

  _save(ev) {
    ev.preventDefault();
    const items = this.text.value.split("\n").map((s) => canonicalAgreement(s.trim())).filter(Boolean);
    this.revision = null;
    this.errors.run(t("course.agreements"), this.conn.send("agreements.set", { items }));
  }
}
