// facilitator-only
// The course's own actions for facilitators: the summary page, export, and deleting the
// course for good (after typing its name). HTTP calls carry the console link's token in the
// Authorization header, never in a URL.

import { fetchWithToken } from "../core/connection.js";
import { h, setText } from "../core/dom.js";
import { LANGUAGES, formatDate, t } from "../core/i18n.js";

export class CourseActions {
  constructor({ conn, errors }) {
    this.conn = conn;
    this.errors = errors;
    const group = conn.token.split(".")[0];
    this.api = `/api/groups/${group}`;
    this.summary = h("a", { class: "button quiet", href: `/g/${group}/summary#t=${conn.token}`, target: "_blank", rel: "noopener noreferrer" }, t("summary.role"));
    this.exportBtn = h("button", { type: "button", class: "quiet", onclick: () => this._export() }, t("actions.export"));
    this.deleteBtn = h("button", { type: "button", class: "quiet", "aria-expanded": "false", "aria-controls": "delete-confirm", onclick: () => this._confirm(true) }, t("actions.delete"));
    this.nameInput = h("input", { type: "text", id: "delete-name", autocomplete: "off" });
    this.reallyBtn = h("button", { type: "submit", class: "confirm", disabled: true }, t("actions.delete_for_good"));
    this.nameInput.addEventListener("input", () => {
      this.reallyBtn.disabled = this.nameInput.value.trim() !== this.conn.state?.view.group.name;
    });
    this.confirmBox = h(
      "form",
      { id: "delete-confirm", class: "delete-confirm", hidden: true, onsubmit: (ev) => this._delete(ev) },
      h("p", {}, t("actions.delete_warning")),
      h("label", { for: "delete-name" }, t("actions.type_name")),
      this.nameInput,
      h("div", { class: "control-row" }, this.reallyBtn, h("button", { type: "button", class: "quiet", onclick: () => this._confirm(false) }, t("actions.keep"))),
    );
    this.retention = h("p", { class: "hint retention" });
    // The group's default: for a page whose person chose no language and whose browser asks
    // for none Holdspace has. Everyone's own choice stays theirs.
    this.language = h(
      "select",
      { id: "group-language", "aria-describedby": "group-language-hint", onchange: () => this._language() },
      LANGUAGES.map((l) => h("option", { value: l.code, lang: l.code }, l.name)),
    );
    this.seen = null;
    this.el = h(
      "section",
      { class: "card course-actions", "aria-labelledby": "course-actions-heading" },
      h("h2", { id: "course-actions-heading" }, t("actions.heading")),
      h("div", { class: "control-row" }, this.summary, this.exportBtn, this.deleteBtn),
      this.retention,
      h("div", { class: "group-language" }, h("label", { for: "group-language" }, t("actions.group_language")), this.language),
      h("p", { class: "hint", id: "group-language-hint" }, t("actions.group_language_hint")),
      this.confirmBox,
    );
  }

  update({ view }) {
    if (document.activeElement !== this.language) this.language.value = view.group.language;
    // The deletion date moves with each session: ask the server again when one starts or ends.
    const key = `${view.course.week.number}:${view.session?.status ?? "none"}`;
    if (key === this.seen) return;
    this.seen = key;
    this._fetch("GET", "/summary")
      .then((res) => res.json())
      .then((s) => {
        setText(this.retention, t("actions.retention", { date: formatDate(s.group.deletes_at), n: s.group.retention_days }));
      })
      .catch(() => setText(this.retention, ""));
  }

  _language() {
    this.errors.run(t("actions.group_language"), this.conn.send("group.language", { lang: this.language.value }));
  }

  _fetch(method, path = "") {
    return fetchWithToken(this.conn.token, this.api + path, method);
  }

  _export() {
    return this.errors.run(t("actions.export_label"), this._download());
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
    if (!(await this.errors.run(t("actions.delete_label"), this._fetch("DELETE")))) return;
    this.conn.close();
    const root = document.getElementById("app");
    root.replaceChildren(
      h("main", { class: "invalid" }, h("h1", {}, t("actions.deleted")), h("p", { role: "status" }, t("actions.deleted_text", { date: formatDate(Date.now()) }))),
    );
  }
}
