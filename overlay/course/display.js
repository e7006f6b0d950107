// The course on the display: the group agreements, large, while a facilitator shows them.

import { fill, h, setText } from "../core/dom.js";
import { weekLabel } from "./text.js";

export class CourseDisplay {
  constructor(conn) {
    this.week = h("p", { class: "week-line" });
    this.list = h("ol", { class: "agreement-list" });
    this.agreements = h("section", { class: "display-agreements", "aria-labelledby": "display-agreements-heading", hidden: true }, h("h2", { id: "display-agreements-heading" }, "Our group agreements"), this.list);
    this.el = h("div", { class: "course-display" }, this.week, this.agreements);
    conn.addEventListener("state", () => {
      const course = conn.state.view.course;
      setText(this.week, weekLabel(course.week));
      this.agreements.hidden = !course.agreements;
      if (course.agreements) fill(this.list, course.agreements.items.map((text) => h("li", {}, text)));
    });
  }
}
