// The course on the facilitator console: "Session N of M — phase", the signals inbox, the
// members' course table, the agreements, and the course actions (summary, export, delete).

import { h, setText } from "../core/dom.js";
import { AgreementsEditor } from "./agreements-editor.js";
import { CourseActions } from "./actions.js";
import { SignalInbox } from "./inbox.js";
import { MembersPanel } from "./roster.js";
import { weekLabel } from "./text.js";

export class CourseConsole {
  constructor(conn, run) {
    this.conn = conn;
    this.week = h("p", { class: "week-line" });
    this.inbox = new SignalInbox(conn, run);
    this.members = new MembersPanel(conn, run);
    this.agreements = new AgreementsEditor(conn, run);
    this.actions = new CourseActions(conn, run);
    /** Put `top` above the clock; `panel` below the console's two columns. */
    this.top = h("div", { class: "course-top" }, this.week, this.inbox.el);
    this.panel = h("div", { class: "course-panel" }, this.members.el, h("div", { class: "course-side" }, this.agreements.el, this.actions.el));
    conn.addEventListener("state", () => this.draw());
  }

  draw() {
    const view = this.conn.state.view;
    setText(this.week, weekLabel(view.course.week));
    this.inbox.draw(view);
    this.members.draw(view);
    this.agreements.draw(view);
    this.actions.draw(view);
  }
}
