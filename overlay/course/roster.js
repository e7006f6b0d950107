// facilitator-only
// The console's course table: each member's agreements acknowledgement, presence this
// session, goal (with an editor), last week's homework ("how did it go?") and this week's
// (with a way to record it for them). The speaking member's row is marked when the floor
// has a turn (`view.floor.turn`).

import { fill, focusOn, h } from "../core/dom.js";
import { formatList, t, tNodes } from "../core/i18n.js";
import { FOCUS_AREAS, focusLabel } from "./text.js";

const COLUMNS = ["member", "here", "agreements", "goal", "last_week", "this_week"];

export class Roster {
  constructor({ conn, errors }) {
    this.conn = conn;
    this.errors = errors;
    this.body = h("tbody");
    this.speaking = h("p", { class: "speaking-homework", role: "status" });
    this.editor = h("div", { class: "member-editor" });
    this.el = h(
      "section",
      { class: "card members-card", "aria-labelledby": "members-heading" },
      h("h2", { id: "members-heading" }, t("roster.heading")),
      this.speaking,
      h(
        "table",
        { class: "summary members-table" },
        h(
          "thead",
          {},
          h("tr", {}, ...COLUMNS.map((col) => h("th", { scope: "col" }, t(`roster.col.${col}`))), h("th", { scope: "col" })),
        ),
        this.body,
      ),
      this.editor,
    );
    this.editing = null; // {member, what: "goal" | "homework"}
  }

  update({ view }) {
    const course = view.course;
    const present = new Set(course.attendance.members);
    const live = view.session?.status === "live";
    const speaker = view.floor?.turn?.member ?? null;
    const names = Object.fromEntries(view.members.map((m) => [m.id, m.name]));
    const last = speaker ? course.homework[speaker]?.last : null;
    this.speaking.hidden = !last;
    // What people typed (names, homework, goals) is isolated: an Arabic name or a Hebrew goal
    // does not reorder the words around it.
    if (last) fill(this.speaking, tNodes("roster.speaking_homework", { name: bdi(names[speaker]), text: bdi(last.text) }));
    fill(
      this.body,
      view.members.map((m) => {
        const goal = course.goals[m.id];
        const hw = course.homework[m.id] ?? { this: null, last: null };
        const acked = course.agreements.acks[m.id];
        return h(
          "tr",
          { class: m.id === speaker ? "speaking" : "", "data-member": m.id },
          h("th", { scope: "row" }, m.name),
          h("td", {}, live ? (present.has(m.id) ? t("roster.here") : "–") : ""),
          h("td", {}, acked === course.agreements.revision ? t("roster.read") : acked ? t("roster.earlier_version") : t("roster.not_yet")),
          h("td", { class: "goal-cell" }, goal ? goalText(goal) : ""),
          h("td", { class: "last-homework-cell" }, hw.last ? tNodes("roster.last_homework", { text: bdi(hw.last.text) }) : ""),
          h("td", { class: "this-homework-cell" }, hw.this ? bdi(hw.this.text) : ""),
          h(
            "td",
            {},
            h(
              "div",
              { class: "member-tools" },
              h("button", { type: "button", class: "quiet", "data-local": "", "data-key": `goal-${m.id}`, "aria-label": t("roster.goal_for", { name: m.name }), onclick: () => this._edit(m, "goal") }, t("roster.goal")),
              view.session
                ? h("button", { type: "button", class: "quiet", "data-local": "", "data-key": `homework-${m.id}`, "aria-label": t("roster.homework_for", { name: m.name }), onclick: () => this._edit(m, "homework") }, t("roster.homework"))
                : null,
            ),
          ),
        );
      }),
    );
  }

  _edit(member, what) {
    this.editing = { member, what };
    const view = this.conn.state.view;
    fill(this.editor, what === "goal" ? this._goalForm(member, view.course.goals[member.id]) : this._homeworkForm(member, view.course.homework[member.id]?.this));
    this.editor.querySelector("input, textarea")?.focus();
  }

  /** Close the form; the keyboard goes back to the button that opened it. */
  _close() {
    const was = this.editing;
    this.editing = null;
    fill(this.editor);
    if (was) focusOn(this.body.querySelector(`[data-key="${was.what}-${was.member.id}"]`));
  }

  _goalForm(member, goal) {
    const boxes = FOCUS_AREAS.map((area) =>
      h("label", { class: "choice" }, h("input", { type: "checkbox", value: area, checked: goal?.areas.includes(area) ?? false }), focusLabel(area)),
    );
    const text = h("input", { type: "text", id: "goal-text", maxlength: "240", value: goal?.text ?? "" });
    const share = h("input", { type: "checkbox", id: "goal-share", checked: goal?.shared ?? false });
    const submit = async (ev) => {
      ev.preventDefault();
      const areas = boxes.map((b) => b.querySelector("input")).filter((i) => i.checked).map((i) => i.value);
      const ok = await this.errors.run(t("roster.goal"), this.conn.send("goal.set", { member_id: member.id, areas, text: text.value }));
      if (ok && share.checked !== (goal?.shared ?? false)) {
        await this.errors.run(t("roster.share_goal"), this.conn.send("goal.share", { member_id: member.id, shared: share.checked }));
      }
      if (ok) this._close();
    };
    return h(
      "form",
      { class: "goal-form", onsubmit: submit, "aria-label": t("roster.goal_for", { name: member.name }) },
      h("h3", {}, t("roster.goal_for", { name: member.name })),
      h("fieldset", {}, h("legend", {}, t("roster.focus_legend")), boxes),
      h("label", { for: "goal-text" }, t("roster.goal_text")),
      text,
      h("label", { class: "choice", for: "goal-share" }, share, t("roster.goal_share")),
      h("div", { class: "control-row" }, h("button", { type: "submit" }, t("roster.goal_save")), h("button", { type: "button", class: "quiet", onclick: () => this._close() }, t("core.cancel"))),
    );
  }

  _homeworkForm(member, current) {
    const text = h("input", { type: "text", id: "fac-homework", maxlength: "240", value: current?.text ?? "" });
    const submit = async (ev) => {
      ev.preventDefault();
      if (await this.errors.run(t("roster.homework"), this.conn.send("homework.set", { member_id: member.id, text: text.value }))) this._close();
    };
    return h(
      "form",
      { class: "homework-record", onsubmit: submit, "aria-label": t("roster.homework_for", { name: member.name }) },
      h("label", { for: "fac-homework" }, t("roster.homework_label", { name: member.name })),
      text,
      h("div", { class: "control-row" }, h("button", { type: "submit" }, t("roster.homework_save")), h("button", { type: "button", class: "quiet", onclick: () => this._close() }, t("core.cancel"))),
    );
  }
}

function bdi(text) {
  return h("bdi", {}, text);
}

function goalText(goal) {
  const areas = formatList(goal.areas.map(focusLabel));
  const quoted = goal.text ? h("span", {}, tNodes("core.quoted", { text: bdi(goal.text) })) : "";
  const parts = areas && quoted ? h("span", {}, tNodes("roster.goal_areas_text", { areas, text: quoted })) : areas || quoted;
  return goal.shared ? tNodes("roster.goal_shared", { goal: parts }) : parts;
}
