// The member overlay: a small calm window beside Zoom. Everything live — the clock, the floor
// (who speaks, my turn, Raise hand, the round or in-depth order), the feedback card, the
// signal to the facilitators — sits in one part that pops out into an always-on-top Document
// Picture-in-Picture window where the browser offers one. A calm cue at the top of the window
// points to what needs the member (a question, their turn) when it is out of sight.

import { ClockPanel } from "../clock/panel.js";
import { Cue } from "../core/cue.js";
import { h, setText } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { KeysHelp } from "../core/keys.js";
import { languagePicker } from "../core/language.js";
import { boot } from "../core/page.js";
import { PopOut } from "../core/popout.js";
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

/** The cue's two needs: a question waiting for my answer, and my turn. */
function cueItems(feedback, floor) {
  return [
    { id: "question", text: () => (feedback.waiting() ? t("cue.question") : null), target: () => feedback.el, focus: () => feedback.focusTarget() },
    { id: "turn", text: () => (floor.speaking() ? t("cue.your_turn") : null), target: () => floor.el, focus: () => floor.body.querySelector('[data-key="done"]') },
  ];
}

boot((page) => {
  const { conn, errors, root } = page;
  const top = new TopBar();
  const week = new WeekLine({ hideWhileLive: true });
  const agreements = new AgreementsCard(page);
  const lastWeek = new LastWeekCard();
  const selfReport = new SelfReportCard(page);
  const clock = new ClockPanel();
  const floor = new MemberFloor(page);
  const feedback = new FeedbackCard({ ...page, groupId: document.getElementById("app").dataset.group });
  const homework = new HomeworkCard(page);
  const goal = new GoalCard();
  const signal = new SignalForm(page);
  // One cue for the page, one inside the live part for when it is popped out.
  const cue = new Cue(cueItems(feedback, floor));
  const liveCue = new Cue(cueItems(feedback, floor));
  cue.el.classList.add("cue-page");
  liveCue.el.classList.add("cue-popped");
  feedback.onChange(() => {
    cue.refresh();
    liveCue.refresh();
  });
  const live = h(
    "div",
    { class: "member-live" },
    liveCue.el,
    errors.el,
    // The weekly check-in opens before the session and closes after grounding: it travels with
    // the live part so a member who popped out early still sees it (and its crisis note).
    selfReport.el,
    h("div", { class: "panel-home" }, clock.el),
    h("div", { class: "turns-home" }, floor.el),
    feedback.el,
    signal.el,
  );
  const popOut = new PopOut({
    conn,
    parts: [live],
    size: { width: 380, height: 560 },
    words: { open: t("member.pop_out"), back: t("member.bring_back"), note: t("member.popped_note") },
  });
  root.append(
    top.el,
    cue.el,
    h(
      "main",
      { class: "member" },
      h("div", { class: "course-top" }, week.el, agreements.el, lastWeek.el),
      live,
      h("div", { class: "course-bottom" }, homework.el, goal.el),
    ),
    h("footer", { class: "member-foot" }, h("div", { class: "foot-row" }, popOut.button, languagePicker()), new KeysHelp({ intro: t("keys.member_intro") }).el),
  );
  return [top, week, agreements, lastWeek, selfReport, clock, floor, feedback, homework, goal, signal, cue, liveCue];
});
