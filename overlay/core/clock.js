// Clock arithmetic over a session view: a line-for-line port of server/domain/clock.py.
// `session` is view.session from a state frame; `now` is server epoch ms (serverNow()).
// Keep the two in step: tests/browser/test_clock_port.py compares them on random sessions.

import { t } from "./i18n.js";

export function segmentElapsed(session, index, now) {
  const seg = session.segments[index];
  if (index === session.current && session.run_started_at !== null) {
    return seg.elapsed_ms + Math.max(0, now - session.run_started_at);
  }
  return seg.elapsed_ms;
}

/** Milliseconds left in the current segment; negative means overtime. */
export function remaining(session, now) {
  const seg = session.segments[session.current];
  return seg.duration_ms - segmentElapsed(session, session.current, now);
}

export function plannedEnd(session) {
  return session.started_at + sum(session.segments.map((s) => s.duration_ms));
}

/** When the session will end if every segment from here on runs to its planned length.
 *  Past segments count as they actually ran, the current one at least as long as planned. */
export function projectedEnd(session, now) {
  if (session.status === "ended" && session.ended_at !== null) {
    return session.ended_at;
  }
  const cur = session.segments[session.current];
  const curElapsed = segmentElapsed(session, session.current, now);
  const future = sum(session.segments.slice(session.current + 1).map((s) => s.duration_ms));
  // Past segments already lie behind `now`; only the plan still ahead is added to it.
  return now + Math.max(0, cur.duration_ms - curElapsed) + future;
}

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

// ---- Formatting (browser only) ------------------------------------------------------

const pad = (n) => String(n).padStart(2, "0");

/** A duration in whole seconds as m:ss, or h:mm:ss from an hour on. */
export function formatDuration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** What the countdown shows for `remainingMs`: {text, over, words}.
 *  Counting down rounds up (a fresh 5-minute segment shows 5:00 for its first second and
 *  0:00 only when it is really over); overtime counts up: "+2:13 over". `words` is the
 *  same for a screen reader ("4 minutes 10 seconds left"). */
export function countdown(remainingMs) {
  const secs = Math.ceil(remainingMs / 1000);
  if (secs >= 0) {
    return { text: formatDuration(secs * 1000), over: false, words: t("clock.words_left", { time: spoken(secs) }) };
  }
  const overMs = -secs * 1000;
  return {
    text: t("clock.over", { time: formatDuration(overMs) }),
    over: true,
    words: t("clock.words_over", { time: spoken(-secs) }),
  };
}

/** Milliseconds until `countdown(remainingMs)` changes its text: when to draw next. */
export function untilNextChange(remainingMs) {
  const r = ((remainingMs % 1000) + 1000) % 1000;
  return r === 0 ? 1000 : r;
}

/** "4 minutes 10 seconds", "1 minute", "0 seconds". */
export function spoken(secs) {
  const m = Math.floor(secs / 60);
  const s = secs % 60;
  if (m > 0 && s > 0) return t("clock.minutes_seconds", { minutes: t("clock.minutes", { n: m }), seconds: t("clock.seconds", { n: s }) });
  return m > 0 ? t("clock.minutes", { n: m }) : t("clock.seconds", { n: s });
}

/** Whole minutes, for agenda rows: "15 min". */
export function formatMinutes(ms) {
  return t("clock.min", { n: Math.round(ms / 60000) });
}
