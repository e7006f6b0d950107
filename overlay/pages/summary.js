// facilitator-only
// The course summary for facilitators: attendance, speaking time per week, in-depth turns,
// goals and homework history. Read over HTTP with the console link's token in the
// Authorization header (never in the URL).

import { tokenFromHash } from "../core/connection.js";
import { fill, h } from "../core/dom.js";
import { attendanceChart, countChart, floorTimeChart, legend } from "../course/charts.js";
import { PHASE_TEXT, dateText, focusLabel } from "../course/text.js";
import { courseCharts } from "../feedback/course.js";

const root = document.getElementById("app");
const token = tokenFromHash(location.hash);
addEventListener("hashchange", () => location.reload());

async function load() {
  if (token === null || token.split(".")[0] !== root.dataset.group) return fail("This link is not valid. Open the summary from your console.");
  let res;
  try {
    res = await fetch(`/api/groups/${root.dataset.group}/summary`, { headers: { Authorization: `Bearer ${token}` }, cache: "no-store" });
  } catch {
    return fail("The server cannot be reached. Try again in a moment.");
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) return fail(body?.error?.message ?? "The summary could not be loaded.");
  render(body);
}

function fail(message) {
  fill(root, h("main", { class: "invalid" }, h("h1", {}, "Course summary"), h("p", { role: "alert" }, message)));
}

function section(title, ...children) {
  const id = `h-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return h("section", { class: "card", "aria-labelledby": id }, h("h2", { id }, title), ...children);
}

function render(s) {
  // Charts come from the server's chart endpoint (aggregates past the threshold, no comments).
  const feedbackBox = h("div", { class: "fb-course" });
  if (s.feedback.length) {
    feedbackBox.append(h("p", { class: "hint" }, "Loading…"));
    courseCharts(token, s.feedback)
      .then((charts) => fill(feedbackBox, charts))
      .catch((err) => fill(feedbackBox, h("p", { class: "error" }, `Feedback charts: ${err.message}`)));
  } else {
    feedbackBox.append(h("p", { class: "hint" }, "No feedback results yet: a question shows here once it closed with enough answers."));
  }
  document.title = `${s.group.name} · Course summary`;
  const { members, sessions } = s;
  const held = sessions.length;
  fill(
    root,
    h("header", { class: "topbar" }, h("span", { class: "group-name" }, s.group.name), h("span", { class: "role" }, "Course summary")),
    h(
      "main",
      { class: "summary-page" },
      h("p", { class: "hint" }, `${held} of ${s.group.sessions_planned} sessions held. Deleted automatically on ${dateText(s.group.deletes_at)} (${s.group.retention_days} days after the last session) unless deleted sooner from the console.`),
      section(
        "Attendance",
        held ? attendanceChart(members, sessions) : h("p", { class: "hint" }, "No session yet."),
        h(
          "table",
          { class: "summary" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Session"), h("th", { scope: "col" }, "Phase"), h("th", { scope: "col" }, "Date"), h("th", { scope: "col" }, "There"))),
          h(
            "tbody",
            {},
            sessions.map((x) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, x.number),
                h("td", {}, PHASE_TEXT[x.phase]),
                h("td", {}, dateText(x.started_at)),
                h("td", {}, x.attended.map((id) => members.find((m) => m.id === id)?.name ?? id).join(", ") || "–"),
              ),
            ),
          ),
        ),
      ),
      section(
        "Speaking time per session",
        held
          ? [floorTimeChart(members, sessions), legend(members)]
          : h("p", { class: "hint" }, "No session has been held yet."),
      ),
      section(
        "In-depth turns",
        countChart(members, "spotlights", `In-depth turns: ${members.map((m) => `${m.name} ${m.spotlights}`).join(", ")}`),
      ),
      section(
        "Goals and homework",
        members.map((m) =>
          h(
            "article",
            { class: "member-history", "aria-label": m.name },
            h("h3", {}, m.name),
            m.goal
              ? h("p", {}, m.goal.areas.map(focusLabel).join(", "), m.goal.text ? ` — “${m.goal.text}”` : "")
              : h("p", { class: "hint" }, "No goal recorded."),
            m.homework.length
              ? h("ol", { class: "homework-history" }, m.homework.map((hw) => h("li", {}, h("span", { class: "hint" }, `Session ${hw.session}: `), hw.text)))
              : h("p", { class: "hint" }, "No homework recorded."),
          ),
        ),
      ),
      section("Anonymous feedback across the course", feedbackBox),
    ),
  );
}

load();
