// facilitator-only
// The course's own actions for facilitators: the summary page, export, and deleting the
// course for good (after typing its name). HTTP calls carry the console link's token in the
// Authorization header, never in a URL.

import { h, setText } from "../core/dom.js";
import { dateText } from "./text.js";

export class CourseActions {
  constructor({ conn, errors }) {
    this.conn = conn;
    this.errors = errors;
    const group = conn.token.split(".")[0];
    this.api = `/api/groups/${group}`;
    this.summary = h("a", { class: "button quiet", href: `/g/${group}/summary#t=${conn.token}`, target: "_blank", rel: "noopener noreferrer" }, "Course summary");
    this.exportBtn = h("button", { type: "button", class: "quiet", onclick: () => this._export() }, "Export (JSON)");
    this.deleteBtn = h("button", { type: "button", class: "quiet", "aria-expanded": "false", "aria-controls": "delete-confirm", onclick: () => this._confirm(true) }, "Delete this course…");
    this.nameInput = h("input", { type: "text", id: "delete-name", autocomplete: "off" });
    this.reallyBtn = h("button", { type: "submit", class: "confirm", disabled: true }, "Delete for good");
    this.nameInput.addEventListener("input", () => {
      this.reallyBtn.disabled = this.nameInput.value.trim() !== this.conn.state?.view.group.name;
    });
    this.confirmBox = h(
      "form",
      { id: "delete-confirm", class: "delete-confirm", hidden: true, onsubmit: (ev) => this._delete(ev) },
      h("p", {}, "This deletes the whole course for everyone — names, agreements, goals, homework, signals — and closes every open page. It cannot be undone. Export first if you need a record."),
      h("label", { for: "delete-name" }, "Type the group's name to confirm"),
      this.nameInput,
      h("div", { class: "control-row" }, this.reallyBtn, h("button", { type: "button", class: "quiet", onclick: () => this._confirm(false) }, "Keep the course")),
    );
    this.retention = h("p", { class: "hint retention" });
    this.seen = null;
    this.el = h(
      "section",
      { class: "card course-actions", "aria-labelledby": "course-actions-heading" },
      h("h2", { id: "course-actions-heading" }, "Course"),
      h("div", { class: "control-row" }, this.summary, this.exportBtn, this.deleteBtn),
      this.retention,
      this.confirmBox,
    );
  }

  update({ view }) {
    // The deletion date moves with each session: ask the server again when one starts or ends.
    const key = `${view.course.week.number}:${view.session?.status ?? "none"}`;
    if (key === this.seen) return;
    this.seen = key;
    this._fetch("GET", "/summary")
      .then((res) => res.json())
      .then((s) => {
        setText(this.retention, `Deleted automatically on ${dateText(s.group.deletes_at)} (${s.group.retention_days} days after the last session), unless you delete it sooner.`);
      })
      .catch(() => setText(this.retention, ""));
  }

  async _fetch(method, path = "") {
    const res = await fetch(this.api + path, { method, headers: { Authorization: `Bearer ${this.conn.token}` }, cache: "no-store" });
    if (!res.ok) {
      const body = await res.json().catch(() => null);
      throw new Error(body?.error?.message ?? `The server answered ${res.status}.`);
    }
    return res;
  }

  _export() {
    return this.errors.run("Export", this._download());
  }

  async _download() {
    const res = await this._fetch("GET", "/export");
    const url = URL.createObjectURL(await res.blob());
    const a = h("a", { href: url, download: `holdspace-${this.conn.state.view.group.id}-${new Date().toISOString().slice(0, 10)}.json` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  _confirm(open) {
    this.confirmBox.hidden = !open;
    this.deleteBtn.setAttribute("aria-expanded", String(open));
    this.nameInput.value = "";
    this.reallyBtn.disabled = true;
    if (open) this.nameInput.focus();
  }

  async _delete(ev) {
    ev.preventDefault();
    if (this.reallyBtn.disabled) return;
    if (!(await this.errors.run("Delete", this._fetch("DELETE")))) return;
    this.conn.close();
    const root = document.getElementById("app");
    root.replaceChildren(
      h("main", { class: "invalid" }, h("h1", {}, "Course deleted"), h("p", { role: "status" }, `Everything about this course was deleted on ${dateText(Date.now())}. Its links no longer work.`)),
    );
  }
}
