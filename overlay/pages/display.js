// The display view: read-only and large, for sharing on screen or as a streaming overlay.
// It sends no commands, so it places no error line.

import { ClockPanel } from "../clock/panel.js";
import { h, setText } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { languagePicker } from "../core/language.js";
import { boot } from "../core/page.js";
import { DisplayAgreements } from "../course/display.js";
import { WeekLine } from "../course/week.js";
import { FeedbackBoard } from "../feedback/board.js";
import { MemberFloor } from "../floor/member.js";

class GroupName {
  constructor() {
    this.el = h("p", { class: "group-name" });
  }

  update({ view }) {
    setText(this.el, view.group.name);
    document.title = t("display.title", { group: view.group.name });
  }
}

boot((page) => {
  const name = new GroupName();
  const clock = new ClockPanel();
  const floor = new MemberFloor({ ...page, readOnly: true });
  const feedback = new FeedbackBoard();
  const week = new WeekLine();
  const agreements = new DisplayAgreements();
  page.root.append(
    h(
      "main",
      { class: "display" },
      name.el,
      clock.el,
      h("div", { class: "turns-home" }, floor.el),
      feedback.el,
      h("div", { class: "course-display" }, week.el, agreements.el),
    ),
    h("footer", { class: "display-foot" }, languagePicker()),
  );
  return [name, clock, floor, feedback, week, agreements];
});
