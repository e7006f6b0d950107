// The facilitator console: run the session clock, see the whole session, edit the agenda.

import { AgendaEditor } from "../clock/agenda-editor.js";
import { formatClockTime, formatDuration, formatMinutes, plannedEnd, projectedEnd } from "../core/clock.js";
import { ClockPanel } from "../clock/panel.js";
import { CourseConsole } from "../course/console.js";
import { fill, h, setText } from "../core/dom.js";
import { FeedbackConsole } from "../feedback/console.js";
import { boot } from "../core/page.js";
import { ANY_FIELD, shortcut } from "../core/shortcuts.js";
import { startTicker } from "../core/ticker.js";
import { attachFloor } from "../floor/attach.js";

const MINUTE = 60_000;

boot((conn, root) => {
  const alert = h("p", { class: "error", role: "alert" });
  /** Await a command; show a refusal calmly. Resolves true when it was acknowledged. */
  const run = async (label, promise) => {
    try {
      await promise;
      setText(alert, "");
      return true;
    } catch (err) {
      setText(alert, `${label}: ${err.message}`);
      return false;
    }
  };
  const session = () => conn.state?.view?.session ?? null;
  const live = () => session()?.status === "live";
  const cmd = (label, name, args) => run(label, conn.send(name, args));

  // ---- clock and its controls --------------------------------------------------------
  const panel = new ClockPanel();
  const primary = button("Start", () => {
    const s = session();
    const name = { running: "segment.pause", paused: "segment.resume", idle: "segment.start" }[s.state];
    cmd(primaryLabel(s.state), name, { index: s.current });
  }, "Space");
  const prev = button("Previous", () => cmd("Previous", "segment.prev", { from_index: session().current }), "P");
  prev.classList.add("quiet");
  const next = button("Next", () => cmd("Next", "segment.next", { from_index: session().current }), "N");
  const adjust = (min) => cmd(min > 0 ? "Extend" : "Shorten", "segment.adjust", { index: session().current, delta_ms: min * MINUTE });
  const adjusters = [-5, -1, 1, 5].map((m) =>
    h("button", {
      type: "button",
      class: "adjust",
      "aria-label": `${m > 0 ? "Extend" : "Shorten"} by ${Math.abs(m)} minute${Math.abs(m) === 1 ? "" : "s"}`,
      "aria-keyshortcuts": Math.abs(m) === 1 ? (m > 0 ? "+" : "-") : null,
      onclick: () => adjust(m),
    }, `${m > 0 ? "+" : "−"}${Math.abs(m)} min`),
  );
  const hint = h("p", { class: "hint" }, "Keys: Space pause/resume · N next · P previous · +/− 1 min");
  const controls = h(
    "div",
    { class: "controls" },
    h("div", { class: "control-row" }, prev, primary, next),
    h("div", { class: "control-row", role: "group", "aria-label": "Change this segment's length" }, adjusters),
    hint,
  );

  // ---- whole-session numbers -----------------------------------------------------------
  const elapsed = h("dd");
  const planned = h("dd");
  const projected = h("dd");
  const stats = h(
    "dl",
    { class: "stats" },
    h("div", {}, h("dt", {}, "Elapsed"), elapsed),
    h("div", {}, h("dt", {}, "Planned end"), planned),
    h("div", {}, h("dt", {}, "Projected end"), projected),
  );
  let confirmTimer = null;
  const endBtn = button("End session", () => {
    const s = session();
    if (confirmTimer === null) {
      setText(endBtn, `Confirm: end session ${s.number}`);
      endBtn.classList.add("confirm");
      confirmTimer = setTimeout(resetEnd, 6000);
      return;
    }
    resetEnd();
    cmd("End session", "session.end", { number: s.number });
  });
  endBtn.classList.add("quiet");
  const resetEnd = () => {
    clearTimeout(confirmTimer);
    confirmTimer = null;
    setText(endBtn, "End session");
    endBtn.classList.remove("confirm");
  };

  // ---- starting a session ----------------------------------------------------------------
  const startBtn = button("Start session", () => {
    const number = nextNumber(session());
    cmd(`Start session ${number}`, "session.start", { number });
  });
  const startNote = h("p", { class: "hint" });

  // ---- agendas -----------------------------------------------------------------------------
  const liveAgenda = new AgendaEditor({ conn, scope: "session", label: "This session's agenda", run });
  const templateAgenda = new AgendaEditor({ conn, scope: "template", label: "Agenda for coming sessions", run });
  const liveHead = h("h2", {}, "This session's agenda");
  const templateHead = h("h2", {}, "Agenda for coming sessions");
  // During a session the coming sessions' agenda folds away: the live one matters now.
  const templateSummary = h("summary", {}, "Agenda for coming sessions");
  const templateFold = h("details", { class: "template-fold" }, templateSummary, templateAgenda.el);
  const templateBox = h("section", { class: "card agenda-card" }, templateHead, templateFold);
  const lastSession = h("section", { class: "card", hidden: true });

  const groupName = h("span", { class: "group-name" });
  const liveCard = h("section", { class: "card clock-card" }, panel.el, controls);
  const statsCard = h("section", { class: "card stats-card", "aria-label": "Whole session" }, stats, endBtn);
  const startCard = h("section", { class: "card start-card" }, startBtn, startNote);
  const liveAgendaCard = h("section", { class: "card agenda-card" }, liveHead, liveAgenda.el);
  const course = new CourseConsole(conn, run);
  const turnsCard = h("div", { class: "card turns-card" });
  const feedback = new FeedbackConsole(conn, run);
  root.append(
    h("header", { class: "topbar" }, groupName, h("span", { class: "role" }, "Facilitator console")),
    alert,
    h(
      "main",
      { class: "console" },
      h("div", { class: "col" }, course.top, startCard, liveCard, statsCard, lastSession),
      h("div", { class: "col" }, turnsCard, feedback.el, liveAgendaCard, templateBox),
      course.panel,
    ),
  );

  let wasLive = null;
  conn.addEventListener("state", () => {
    const view = conn.state.view;
    setText(groupName, view.group.name);
    document.title = `${view.group.name} · Console`;
    const s = view.session;
    const isLive = s?.status === "live";
    liveCard.hidden = statsCard.hidden = liveAgendaCard.hidden = turnsCard.hidden = !isLive;
    startCard.hidden = isLive;
    if (!isLive) resetEnd();
    const n = nextNumber(s);
    const left = n <= view.group.sessions_planned;
    setText(startBtn, `Start session ${n}`);
    startBtn.hidden = !left;
    setText(
      startNote,
      left ? `Session ${n} of ${view.group.sessions_planned} uses the agenda for coming sessions.` : `All ${view.group.sessions_planned} sessions were held.`,
    );
    setText(templateHead, `Agenda for session ${n}`);
    templateHead.hidden = isLive;
    templateSummary.hidden = !isLive;
    if (!isLive) templateFold.open = true;
    else if (wasLive !== isLive) templateFold.open = false;
    wasLive = isLive;
    drawLastSession(lastSession, s);
    feedback.update(view);
    if (isLive) {
      setText(primary, primaryLabel(s.state));
      prev.disabled = s.current === 0;
      next.disabled = s.current + 1 >= s.segments.length;
    }
  });

  const draw = (now) => {
    const view = conn.state?.view;
    let wait = panel.draw(view, now);
    templateAgenda.draw(view?.template ?? [], null, now);
    const s = view?.session;
    if (s?.status === "live") {
      liveAgenda.draw(s.segments, s, now);
      if (now !== null) {
        const since = now - s.started_at;
        setText(elapsed, formatDuration(since));
        setText(planned, formatClockTime(plannedEnd(s)));
        const over = projectedEnd(s, now) - plannedEnd(s);
        setText(projected, `${formatClockTime(projectedEnd(s, now))}${over >= MINUTE ? ` (${formatMinutes(over)} over)` : ""}`);
        wait = Math.min(wait ?? 1000, 1000 - (since % 1000));
      }
    }
    return wait;
  };
  startTicker(conn, draw);
  attachFloor(conn, turnsCard, "console");
  shortcuts({ live, primary, next, prev, adjust });
});

function button(label, onclick, keys = null) {
  return h("button", { type: "button", onclick, "aria-keyshortcuts": keys === "Space" ? "Space" : keys }, label);
}

function primaryLabel(state) {
  return { running: "Pause", paused: "Resume", idle: "Start" }[state];
}

function nextNumber(session) {
  return (session?.number ?? 0) + 1;
}

function drawLastSession(el, s) {
  el.hidden = !s || s.status !== "ended";
  if (el.hidden) return;
  const rows = s.segments.map((seg) =>
    h("tr", {}, h("th", { scope: "row" }, seg.title), h("td", {}, formatMinutes(seg.duration_ms)), h("td", {}, formatDuration(seg.elapsed_ms))),
  );
  fill(
    el,
    h("h2", {}, `Session ${s.number} ended`),
    h("p", {}, `${formatClockTime(s.started_at)} – ${formatClockTime(s.ended_at)} · ${formatDuration(s.ended_at - s.started_at)}`),
    h(
      "table",
      { class: "summary" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Segment"), h("th", { scope: "col" }, "Planned"), h("th", { scope: "col" }, "Actual"))),
      h("tbody", {}, rows),
    ),
  );
}

/** Space, N, P, + and − run the clock while a session is live, never in a form field (not
 *  even a checkbox); Space also leaves a focused button, link or summary its own meaning. */
function shortcuts({ live, primary, next, prev, adjust }) {
  const key = (keys, run, notOn = ANY_FIELD) => shortcut({ keys, run, notOn, when: live });
  key([" "], () => primary.click(), `${ANY_FIELD}, button, a, summary`);
  key(["n"], () => next.disabled || next.click());
  key(["p"], () => prev.disabled || prev.click());
  key(["+", "="], () => adjust(1));
  key(["-"], () => adjust(-1));
}
