// facilitator-only
// The facilitator console. Its Live tab is a cockpit made to sit beside Zoom in a window of
// 420×800 px: the segment and its countdown, who has the floor and their time, the order that
// comes next, the next segment — with the signals strip above every tab, sticky, so a new
// signal is in view whatever was scrolled. At 1280 px the same cockpit lies side by side.
// Everything else has a tab of its own: the agendas, feedback (library, threshold, course
// results), members (goals, homework, floor time), the course (agreements, export, delete,
// language). The cockpit and the signals pop out together into an always-on-top window.

import { ComingAgenda, SessionAgenda } from "../clock/agendas.js";
import { ClockCard, LastSession, SessionStart, SessionStats } from "../clock/console.js";
import { h, setText } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { KeysHelp } from "../core/keys.js";
import { languagePicker } from "../core/language.js";
import { boot } from "../core/page.js";
import { PopOut } from "../core/popout.js";
import { Tabs } from "../core/tabs.js";
import { CourseActions } from "../course/actions.js";
import { AgreementsEditor } from "../course/agreements-editor.js";
import { SignalInbox } from "../course/inbox.js";
import { Roster } from "../course/roster.js";
import { WeekLine } from "../course/week.js";
import { FeedbackConsole } from "../feedback/console.js";
import { LiveFeedback } from "../feedback/live.js";
import { ConsoleFloor } from "../floor/console.js";
import { FloorTime } from "../floor/floor-time.js";
import { HereMarks, WhoIsHere } from "../floor/people.js";
import { FloorSettings } from "../floor/settings.js";
import { SelfReportScores } from "../selfreport/console.js";
import { SelfReportSettings } from "../selfreport/settings.js";

/** The group's name, the page's role, the pop-out and the language; the window's title, which
 *  counts the signals waiting: "(2) Tuesday group · Console". */
class TopBar {
  constructor(popOut) {
    this.group = h("span", { class: "group-name" });
    this.el = h(
      "header",
      { class: "topbar" },
      this.group,
      h("span", { class: "role" }, t("console.role")),
      h("span", { class: "topbar-tools" }, popOut.button, languagePicker()),
    );
  }

  update({ view }) {
    setText(this.group, view.group.name);
    const waiting = (view.signals ?? []).filter((s) => s.acknowledged_at === null).length;
    document.title = waiting ? t("console.title_waiting", { n: waiting, group: view.group.name }) : t("console.title", { group: view.group.name });
  }
}

const TABS = ["live", "agenda", "feedback", "members", "course"];

boot((page) => {
  const { conn, errors, root } = page;
  const group = document.getElementById("app").dataset.group;
  const panel = (id) => h("section", { class: `tab-panel panel-${id}` });
  const panels = Object.fromEntries(TABS.map((id) => [id, panel(id)]));
  const tabs = new Tabs({
    tabs: TABS.map((id) => ({ id, label: t(`console.tab.${id}`), panel: panels[id] })),
    label: t("console.tabs"),
    store: `holdspace.console-tab.${group}`,
  });

  const here = new HereMarks();
  const week = new WeekLine();
  const clock = new ClockCard(page);
  const start = new SessionStart({ ...page, afterStart: () => clock.primary });
  const last = new LastSession();
  const stats = new SessionStats({ ...page, afterEnd: () => last.heading });
  const floor = new ConsoleFloor({ ...page, here });
  const people = new WhoIsHere({ ...page, here });
  const settings = new FloorSettings(page);
  const liveFeedback = new LiveFeedback({ ...page, openTab: (id) => tabs.select(id, { focus: true }) });
  const inbox = new SignalInbox({ ...page, afterAck: () => tabs.tabs.find((tab) => tab.id === tabs.current).button });
  const sessionAgenda = new SessionAgenda(page);
  const comingAgenda = new ComingAgenda(page);
  const feedback = new FeedbackConsole(page);
  const roster = new Roster(page);
  const floorTime = new FloorTime();
  const agreements = new AgreementsEditor(page);
  const actions = new CourseActions(page);
  const scores = new SelfReportScores(page);
  const selfReportSettings = new SelfReportSettings(page);

  const cockpit = h(
    "div",
    { class: "cockpit" },
    h(
      "div",
      { class: "cockpit-grid" },
      h("div", { class: "cockpit-col cockpit-clock" }, week.el, start.el, clock.el, last.el),
      h("div", { class: "cockpit-col cockpit-floor" }, floor.el),
      // After the floor: the live question, who is here (a member's self-report score line
      // belongs under their name there), the whole session's numbers, the floor's settings.
      h("div", { class: "cockpit-col cockpit-side" }, liveFeedback.el, people.el, stats.el, settings.el),
    ),
  );
  const popOut = new PopOut({
    conn,
    parts: [inbox.el, errors.el, cockpit],
    size: { width: 420, height: 800 },
    words: { open: t("console.pop_out"), back: t("member.bring_back"), note: t("console.popped_note") },
  });
  const top = new TopBar(popOut);

  panels.live.append(cockpit);
  panels.agenda.append(h("div", { class: "tab-grid" }, sessionAgenda.el, comingAgenda.el));
  panels.feedback.append(feedback.el);
  panels.members.append(roster.el, scores.el, floorTime.el);
  panels.course.append(h("div", { class: "tab-grid" }, agreements.el, actions.el, selfReportSettings.el));
  const main = h("main", { class: "console", id: "console-main", tabindex: "-1" }, tabs.el, ...Object.values(panels));
  // The first stop for the keyboard: past the top bar and the signals strip to the tabs. It
  // moves focus itself: following the link would replace the page's fragment.
  const skip = h(
    "a",
    {
      class: "skip-link",
      href: "#console-main",
      onclick: (event) => {
        event.preventDefault();
        main.focus();
      },
    },
    t("console.skip"),
  );
  root.append(
    skip,
    top.el,
    inbox.el,
    errors.el,
    main,
    h("footer", { class: "console-foot" }, new KeysHelp().el),
  );
  return [top, inbox, week, start, clock, last, stats, floor, people, settings, liveFeedback, sessionAgenda, comingAgenda, feedback, roster, floorTime, agreements, actions, scores, selfReportSettings];
});
