// facilitator-only
// The agenda editor of the console: one list of segments (the live session's or the
// template for coming sessions), each row with planned and actual time, and controls to
// reorder, rename, re-time, remove and add. Rows are kept by segment id across snapshots,
// so an open edit form survives a state update and focus stays where the hands are.
// Removing asks first: the first press turns the button into "Confirm: remove" for a few
// seconds; only a second press removes the segment.

import { formatDuration, formatMinutes, segmentElapsed } from "../core/clock.js";
import { flag, focusOn, h, setText } from "../core/dom.js";
import { t } from "../core/i18n.js";

const MAX_SEGMENTS = 30; // server/domain/limits.py

const KINDS = ["discussion", "round", "lead", "spotlight", "homework"];
const CONFIRM_MS = 6000; // how long "Confirm: remove" waits for the second press

export class AgendaEditor {
  /** scope: "template" | "session"; refusals go to the page's error line. */
  constructor({ conn, errors, scope, label }) {
    this.conn = conn;
    this.scope = scope;
    this.errors = errors;
    this.rows = new Map(); // segment id -> Row
    this.list = h("ol", { class: "agenda", "aria-label": label });
    this.el = h("div", { class: "agenda-editor" }, this.list, this._addForm());
  }

  /** segments: the list; session: the live session when scope is "session", else null. */
  draw(segments, session, now) {
    const firstFree = session ? session.current + 1 : 0;
    const seen = new Set();
    segments.forEach((seg, i) => {
      let row = this.rows.get(seg.id);
      if (!row) {
        row = new Row(this);
        this.rows.set(seg.id, row);
      }
      seen.add(seg.id);
      row.update(seg, i, { firstFree, count: segments.length, session, now });
      if (this.list.children[i] !== row.el) this.list.insertBefore(row.el, this.list.children[i] ?? null);
    });
    for (const [id, row] of this.rows) {
      if (!seen.has(id)) {
        row.el.remove();
        this.rows.delete(id);
      }
    }
    this.addButton.disabled = segments.length >= MAX_SEGMENTS;
  }

  send(label, name, args) {
    return this.errors.run(label, this.conn.send(name, { ...args, scope: this.scope }));
  }

  _addForm() {
    const title = h("input", { type: "text", name: "title", required: true, maxlength: "80", autocomplete: "off" });
    const minutes = h("input", { type: "number", name: "minutes", min: "1", max: "240", value: "10", required: true });
    const kind = h("select", { name: "kind" }, KINDS.map((v) => h("option", { value: v }, t(`agenda.kind.${v}`))));
    this.addButton = h("button", { type: "submit" }, t("agenda.add"));
    const form = h(
      "form",
      { class: "agenda-add", "aria-label": this.scope === "session" ? t("agenda.add_to_session") : t("agenda.add_to_coming") },
      field(t("agenda.title"), title),
      field(t("agenda.minutes"), minutes),
      field(t("agenda.kind"), kind),
      this.addButton,
    );
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const ok = await this.send(t("agenda.add"), "agenda.add", {
        title: title.value,
        minutes: Number(minutes.value),
        kind: kind.value,
      });
      if (ok) {
        title.value = "";
        title.focus();
      }
    });
    return form;
  }
}

class Row {
  constructor(editor) {
    this.editor = editor;
    this.seg = null;
    this.num = h("span", { class: "num" });
    this.title = h("span", { class: "title" });
    this.badge = h("span", { class: "badge" });
    this.planned = h("span", { class: "planned" });
    this.actual = h("span", { class: "actual" });
    this.up = h("button", { type: "button", class: "icon", onclick: () => this._move(-1) }, "↑");
    this.down = h("button", { type: "button", class: "icon", onclick: () => this._move(1) }, "↓");
    this.editBtn = h("button", { type: "button", class: "quiet", "data-local": "", onclick: () => this._edit(true) }, t("core.edit"));
    this.removeBtn = h("button", { type: "button", class: "quiet", onclick: () => this._remove() }, t("core.remove"));
    this.confirmTimer = null;
    this.form = this._editForm();
    this.el = h(
      "li",
      { class: "agenda-row" },
      h("div", { class: "row-main" }, this.num, this.title, this.badge, this.planned, this.actual),
      (this.tools = h("div", { class: "row-tools" }, this.up, this.down, this.editBtn, this.removeBtn)),
      this.form,
    );
  }

  update(seg, i, { firstFree, count, session, now }) {
    this.seg = seg;
    this.index = i;
    const isCurrent = session !== null && i === session.current;
    const done = session !== null && i < session.current;
    setText(this.num, t("agenda.number", { n: i + 1 }));
    setText(this.title, seg.title);
    setText(this.badge, isCurrent ? t("agenda.now") : "");
    setText(this.planned, formatMinutes(seg.duration_ms));
    if (session) {
      const used = segmentElapsed(session, i, now ?? 0);
      setText(this.actual, used > 0 || isCurrent ? formatDuration(used) : "");
    }
    flag(this.el, "current", isCurrent);
    flag(this.el, "done", done);
    if (isCurrent) this.el.setAttribute("aria-current", "step");
    else this.el.removeAttribute("aria-current");
    const fixed = i < firstFree; // started segments keep their place
    this.up.disabled = fixed || i - 1 < firstFree;
    this.down.disabled = fixed || i + 1 >= count;
    this.removeBtn.disabled = fixed;
    this.editBtn.disabled = done;
    this.tools.hidden = done; // finished segments are history: nothing to do with them
    const title = seg.title;
    this.up.setAttribute("aria-label", t("floor.move_up", { name: title }));
    this.down.setAttribute("aria-label", t("floor.move_down", { name: title }));
    this.editBtn.setAttribute("aria-label", t("agenda.edit", { title }));
    this.removeBtn.setAttribute("aria-label", this.confirmTimer === null ? t("agenda.remove_label", { title }) : t("agenda.confirm_remove_label", { title }));
  }

  async _move(step) {
    const button = step < 0 ? this.up : this.down;
    await this.editor.send(t("agenda.move"), "agenda.move", { segment_id: this.seg.id, to_index: this.index + step });
    // The row moved in the list; keep the keyboard on it.
    (button.disabled ? (step < 0 ? this.down : this.up) : button).focus();
  }

  async _remove() {
    if (this.confirmTimer === null) {
      setText(this.removeBtn, t("agenda.confirm_remove"));
      this.removeBtn.setAttribute("aria-label", t("agenda.confirm_remove_label", { title: this.seg.title }));
      this.removeBtn.classList.add("confirm");
      this.confirmTimer = setTimeout(() => this._unconfirm(), CONFIRM_MS);
      return;
    }
    this._unconfirm();
    const next = this.el.nextElementSibling;
    const previous = this.el.previousElementSibling;
    if (await this.editor.send(t("agenda.remove"), "agenda.remove", { segment_id: this.seg.id })) {
      // The row is gone: the keyboard goes to the next row's tools, else the add form.
      const tools = (row) => row && [...row.querySelectorAll(".row-tools button")].find((b) => !b.disabled);
      focusOn(tools(next), tools(previous), this.editor.el.querySelector('.agenda-add input[name="title"]'));
    }
  }

  _unconfirm() {
    clearTimeout(this.confirmTimer);
    this.confirmTimer = null;
    setText(this.removeBtn, t("core.remove"));
    this.removeBtn.classList.remove("confirm");
    if (this.seg) this.removeBtn.setAttribute("aria-label", t("agenda.remove_label", { title: this.seg.title }));
  }

  _edit(open) {
    this.form.hidden = !open;
    this.editBtn.hidden = open;
    if (open) {
      this.form.setAttribute("aria-label", t("agenda.edit", { title: this.seg.title }));
      this.titleInput.value = this.seg.title;
      this.minutesInput.value = String(Math.round(this.seg.duration_ms / 60000));
      this.titleInput.focus();
    } else {
      this.editBtn.focus();
    }
  }

  _editForm() {
    this.titleInput = h("input", { type: "text", required: true, maxlength: "80", autocomplete: "off" });
    this.minutesInput = h("input", { type: "number", min: "1", max: "240", required: true });
    const cancel = h("button", { type: "button", class: "quiet", "data-local": "", onclick: () => this._edit(false) }, t("core.cancel"));
    const form = h(
      "form",
      { class: "row-edit", hidden: true },
      field(t("agenda.title"), this.titleInput),
      field(t("agenda.minutes"), this.minutesInput),
      h("button", { type: "submit" }, t("core.save")),
      cancel,
    );
    form.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") this._edit(false);
    });
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const id = this.seg.id;
      const title = this.titleInput.value;
      const minutes = Number(this.minutesInput.value);
      let ok = true;
      if (title.trim() !== this.seg.title) {
        ok = await this.editor.send(t("agenda.rename"), "agenda.rename", { segment_id: id, title });
      }
      if (ok && minutes * 60000 !== this.seg.duration_ms) {
        ok = await this.editor.send(t("agenda.change_minutes"), "agenda.set_minutes", { segment_id: id, minutes });
      }
      if (ok) this._edit(false);
    });
    return form;
  }
}

/** A labelled control: the label wraps it, so it has an accessible name. */
function field(label, control) {
  return h("label", { class: "field" }, h("span", {}, label), control);
}
