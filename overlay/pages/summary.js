// facilitator-only
// The course summary for facilitators: attendance, speaking time per week, in-depth turns,
// goals and homework history. Read over HTTP with the console link's token in the
// Authorization header (never in the URL).

import { tokenFromHash } from "../core/connection.js";
import { fill, h } from "../core/dom.js";
import { formatDate, formatList, formatNameList, t, tNodes } from "../core/i18n.js";
import { languagePicker } from "../core/language.js";
import { attendanceChart, countChart, floorTimeChart, legend } from "../course/charts.js";
import { focusLabel, phaseText } from "../course/text.js";
import { courseCharts } from "../feedback/course.js";
import { selfReportTrends } from "../selfreport/summary.js";

const root = document.getElementById("app");
const token = tokenFromHash(location.hash);
addEventListener("hashchange", () => location.reload());

async function load() {
  if (token === null || token.split(".")[0] !== root.dataset.group) return fail(t("summary.invalid_link"));
  let res;
  try {
    res = await fetch(`/api/groups/${root.dataset.group}/summary`, { headers: { Authorization: `Bearer ${token}`, "Accept-Language": document.documentElement.lang }, cache: "no-store" });
  } catch {
    return fail(t("summary.unreachable"));
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) return fail(body?.error?.message ?? t("summary.load_failed"));
  render(body);
}

function fail(message) {
  fill(root, h("main", { class: "invalid" }, h("h1", {}, t("summary.role")), h("p", { role: "alert" }, message)));
}

/** A card with a heading; `name` names its id (the title itself may be in any language). */
function section(name, title, ...children) {
  const id = `h-${name}`;
  return h("section", { class: "card", "aria-labelledby": id }, h("h2", { id }, title), ...children);
}

function render(s) {
  // Charts come from the server's chart endpoint (aggregates past the threshold, no comments).
  const feedbackBox = h("div", { class: "fb-course" });
  if (s.feedback.length) {
    feedbackBox.append(h("p", { class: "hint" }, t("core.loading")));
    courseCharts(token, s.feedback)
      .then((charts) => fill(feedbackBox, charts))
      .catch((err) => fill(feedbackBox, h("p", { class: "error" }, t("summary.charts_failed", { message: err.message }))));
  } else {
    feedbackBox.append(h("p", { class: "hint" }, t("summary.no_feedback")));
  }
  document.title = t("summary.title", { group: s.group.name });
  const { members, sessions } = s;
  const held = sessions.length;
  fill(
    root,
    h("header", { class: "topbar" }, h("span", { class: "group-name" }, s.group.name), h("span", { class: "role" }, t("summary.role")), languagePicker()),
    h(
      "main",
      { class: "summary-page" },
      h("p", { class: "hint" }, t("summary.held", { n: held, planned: s.group.sessions_planned }), " ", t("summary.deletes", { date: formatDate(s.group.deletes_at), n: s.group.retention_days })),
      section(
        "attendance",
        t("summary.attendance"),
        held ? attendanceChart(members, sessions) : h("p", { class: "hint" }, t("summary.no_session")),
        h(
          "table",
          { class: "summary" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("summary.col_session")), h("th", { scope: "col" }, t("summary.col_phase")), h("th", { scope: "col" }, t("summary.col_date")), h("th", { scope: "col" }, t("summary.col_there")))),
          h(
            "tbody",
            {},
            sessions.map((x) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, x.number),
                h("td", {}, phaseText(x.phase)),
                h("td", {}, formatDate(x.started_at)),
                h("td", {}, x.attended.length ? formatNameList(x.attended.map((id) => members.find((m) => m.id === id)?.name ?? id)) : "–"),
              ),
            ),
          ),
        ),
      ),
      section(
        "speaking-time",
        t("summary.speaking_time"),
        held
          ? [floorTimeChart(members, sessions), legend(members)]
          : h("p", { class: "hint" }, t("summary.no_session_held")),
      ),
      section(
        "in-depth",
        t("summary.in_depth"),
        countChart(members, "spotlights", t("summary.in_depth_label", { counts: formatList(members.map((m) => t("summary.name_count", { name: m.name, n: m.spotlights }))) })),
      ),
      section(
        "goals",
        t("summary.goals"),
        members.map((m) =>
          h(
            "article",
            { class: "member-history", "aria-label": m.name },
            h("h3", { class: "member-name" }, m.name),
            m.goal
              ? h("p", {}, m.goal.text ? tNodes("summary.goal_with_text", { areas: formatList(m.goal.areas.map(focusLabel)), text: h("bdi", {}, m.goal.text) }) : formatList(m.goal.areas.map(focusLabel)))
              : h("p", { class: "hint" }, t("summary.no_goal")),
            m.homework.length
              ? h("ol", { class: "homework-history" }, m.homework.map((hw) => h("li", {}, h("span", { class: "hint" }, t("course.session_prefix", { n: hw.session })), h("bdi", {}, hw.text))))
              : h("p", { class: "hint" }, t("summary.no_homework")),
          ),
        ),
      ),
      section("selfreport", t("summary.selfreport"), selfReportTrends(s.selfreport, members, s.group.sessions_planned)),
      section("feedback", t("summary.feedback"), feedbackBox),
    ),
  );
}

load();
