// facilitator-only
// The facilitator console: run the session clock and the floor, see signals and the whole
// session, edit the agendas, ask for feedback, keep the course.

import { ComingAgenda, SessionAgenda } from "../clock/agendas.js";
import { ClockCard, LastSession, SessionStart, SessionStats } from "../clock/console.js";
import { h, setText } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { languagePicker } from "../core/language.js";
import { boot } from "../core/page.js";
import { CourseActions } from "../course/actions.js";
import { AgreementsEditor } from "../course/agreements-editor.js";
import { SignalInbox } from "../course/inbox.js";
import { Roster } from "../course/roster.js";
import { WeekLine } from "../course/week.js";
import { FeedbackConsole } from "../feedback/console.js";
import { ConsoleFloor } from "../floor/console.js";
import { SelfReportScores } from "../selfreport/console.js";
import { SelfReportSettings } from "../selfreport/settings.js";

class TopBar {
  constructor() {
    this.group = h("span", { class: "group-name" });
    this.el = h("header", { class: "topbar" }, this.group, h("span", { class: "role" }, t("console.role")), languagePicker());
  }

  update({ view }) {
    setText(this.group, view.group.name);
    document.title = t("console.title", { group: view.group.name });
  }
}

boot((page) => {
  const { errors, root } = page;
  const top = new TopBar();
  const week = new WeekLine();
  const inbox = new SignalInbox(page);
  const start = new SessionStart(page);
  const clock = new ClockCard(page);
  const stats = new SessionStats(page);
  const last = new LastSession();
  const floor = new ConsoleFloor(page);
  const feedback = new FeedbackConsole(page);
  const sessionAgenda = new SessionAgenda(page);
  const comingAgenda = new ComingAgenda(page);
  const roster = new Roster(page);
  const agreements = new AgreementsEditor(page);
  const actions = new CourseActions(page);
  const selfReport = [new SelfReportScores(page), new SelfReportSettings(page)];
  root.append(
    top.el,
    errors.el,
    h(
      "main",
      { class: "console" },
      h("div", { class: "col" }, h("div", { class: "course-top" }, week.el, inbox.el), start.el, clock.el, stats.el, last.el),
      h("div", { class: "col" }, floor.el, feedback.el, sessionAgenda.el, comingAgenda.el),
      h("div", { class: "course-panel" }, roster.el, h("div", { class: "course-side" }, agreements.el, actions.el), ...selfReport.map((p) => p.el)),
    ),
  );
  return [top, week, inbox, start, clock, stats, last, floor, feedback, sessionAgenda, comingAgenda, roster, agreements, actions, ...selfReport];
});
