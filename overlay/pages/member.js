// The member overlay: a small calm window beside Zoom. It can pop out into an always-on-top
// Document Picture-in-Picture window where the browser offers one.

import { ClockPanel } from "../clock/panel.js";
import { h, setText } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { languagePicker } from "../core/language.js";
import { boot } from "../core/page.js";
import { AgreementsCard, GoalCard, HomeworkCard, LastWeekCard } from "../course/member.js";
import { SignalForm } from "../course/signal.js";
import { WeekLine } from "../course/week.js";
import { FeedbackCard } from "../feedback/card.js";
import { MemberFloor } from "../floor/member.js";
import { SelfReportCard } from "../selfreport/member.js";

/** The group's name and mine; the window's title. */
class TopBar {
  constructor() {
    this.group = h("span", { class: "group-name" });
    this.me = h("span", { class: "my-name" });
    this.el = h("header", { class: "topbar" }, this.group, this.me);
  }

  update({ view, me }) {
    setText(this.group, view.group.name);
    setText(this.me, me ? me.name : "");
    document.title = t("member.title", { group: view.group.name });
  }
}

boot((page) => {
  const { errors, root } = page;
  const top = new TopBar();
  const week = new WeekLine({ hideWhileLive: true });
  const agreements = new AgreementsCard(page);
  const lastWeek = new LastWeekCard();
  const selfReport = new SelfReportCard(page);
  const clock = new ClockPanel();
  const home = h("div", { class: "panel-home" }, clock.el);
  const popOut = popOutButton(clock, home);
  const floor = new MemberFloor(page);
  const feedback = new FeedbackCard({ ...page, groupId: document.getElementById("app").dataset.group });
  const homework = new HomeworkCard(page);
  const goal = new GoalCard();
  const signal = new SignalForm(page);
  root.append(
    top.el,
    h(
      "main",
      { class: "member" },
      h("div", { class: "course-top" }, week.el, errors.el, agreements.el, lastWeek.el, selfReport.el),
      home,
      h("div", { class: "turns-home" }, floor.el),
      feedback.el,
      h("div", { class: "course-bottom" }, homework.el, goal.el),
    ),
    h("footer", { class: "member-foot" }, signal.el, popOut, languagePicker()),
  );
  return [top, week, agreements, lastWeek, selfReport, clock, floor, feedback, homework, goal, signal];
});

function popOutButton(panel, home) {
  const pip = window.documentPictureInPicture;
  const button = h("button", { type: "button", class: "quiet", hidden: !pip }, t("member.pop_out"));
  if (!pip) return button;
  const note = h("p", { class: "popped-note", hidden: true }, t("member.popped_note"));
  home.append(note);
  button.addEventListener("click", async () => {
    if (pip.window) {
      pip.window.close();
      return;
    }
    const win = await pip.requestWindow({ width: 360, height: 320 });
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      win.document.head.append(link.cloneNode());
    }
    win.document.title = document.title;
    win.document.documentElement.lang = document.documentElement.lang;
    win.document.documentElement.dir = document.documentElement.dir;
    win.document.body.className = `${document.body.className} pip`;
    win.document.body.append(panel.el);
    note.hidden = false;
    setText(button, t("member.bring_back"));
    win.addEventListener("pagehide", () => {
      home.prepend(panel.el);
      note.hidden = true;
      setText(button, t("member.pop_out"));
    });
  });
  return button;
}
