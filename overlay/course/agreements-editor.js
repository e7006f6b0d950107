// facilitator-only
// Editing the group agreements in the console, and showing them on the display.

import { h, setText } from "../core/dom.js";

export class AgreementsEditor {
  constructor({ conn, errors }) {
    this.conn = conn;
    this.errors = errors;
    this.status = h("p", { class: "hint" });
    this.text = h("textarea", { id: "agreements-text", rows: "6", "aria-describedby": "agreements-help" });
    this.show = h("button", { type: "button", class: "quiet", "aria-pressed": "false", onclick: () => this._toggle() }, "Show on the display");
    this.el = h(
      "section",
      { class: "card agreements-card", "aria-labelledby": "agreements-edit-heading" },
      h("h2", { id: "agreements-edit-heading" }, "Group agreements"),
      this.status,
      h(
        "details",
        { class: "agreements-edit" },
        h("summary", {}, "Edit the agreements"),
        h(
          "form",
          { onsubmit: (ev) => this._save(ev) },
          h("label", { for: "agreements-text" }, "One agreement per line"),
          this.text,
          h("p", { class: "hint", id: "agreements-help" }, "Members are asked to read them again after a change."),
          h(
            "div",
            { class: "control-row" },
            h("button", { type: "submit" }, "Save agreements"),
            h("button", { type: "button", class: "quiet", onclick: () => this.errors.run("Agreements", this.conn.send("agreements.reset")) }, "Restore the defaults"),
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
    setText(this.status, `${a.items.length} agreements · read by ${acked} of ${view.members.length} members`);
    if (this.revision !== a.revision && document.activeElement !== this.text) {
      this.text.value = a.items.join("\n");
      this.revision = a.revision;
    }
    this.show.setAttribute("aria-pressed", String(a.shown));
    setText(this.show, a.shown ? "Hide from the display" : "Show on the display");
  }

  _toggle() {
    const shown = this.conn.state.view.course.agreements.shown;
    this.errors.run("Display", this.conn.send("agreements.show", { shown: !shown }));
  }

  _save(ev) {
    ev.preventDefault();
    const items = this.text.value.split("\n").map((s) => s.trim()).filter(Boolean);
    this.revision = null;
    this.errors.run("Agreements", this.conn.send("agreements.set", { items }));
  }
}
