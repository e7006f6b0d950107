// Turn time from a snapshot: a line-for-line port of server/domain/turns.py `held`, and the
// words the floor shows. `now` is the estimated server clock (ms since the epoch),
// never the browser's own clock.

import { untilNextChange } from "../core/clock.js";
import { t } from "../core/i18n.js";

export const WRAP_UP_MS = 60_000;

export function held(turn, now) {
  if (!turn) return 0;
  if (turn.run_started_at === null || now === null) return turn.elapsed_ms;
  return turn.elapsed_ms + Math.max(0, now - turn.run_started_at);
}

// Milliseconds left in the turn's share; null for an open turn; negative is overtime.
export function left(turn, now) {
  if (!turn || turn.share_ms === null) return null;
  return turn.share_ms - held(turn, now);
}

// The gentle cue: from one minute before the share ends.
export function wrapUp(turn, now) {
  const l = left(turn, now);
  return l !== null && l <= WRAP_UP_MS;
}

/** Ms until a running turn's shown time changes (its time left, or in an open turn the time
 *  held so far): when the ticker should draw it next. Null while nothing counts. */
export function nextSecond(turn, now) {
  if (!turn || turn.run_started_at === null) return null;
  const l = left(turn, now);
  return untilNextChange(l === null ? -held(turn, now) : l);
}

export function clockText(ms) {
  const s = Math.floor(Math.abs(ms) / 1000);
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, "0")}`;
}

// "3:12 left", or calmly "0:40 over" once the share has run out.
export function leftText(turn, now) {
  const l = left(turn, now);
  if (l === null) return t("floor.so_far", { time: clockText(held(turn, now)) });
  return l >= 0 ? t("floor.left", { time: clockText(l) }) : t("floor.over", { time: clockText(l) });
}

export function spokenDuration(ms) {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return t("floor.less_than_a_minute");
  return t("clock.minutes", { n: minutes });
}

export function nameOf(view, id) {
  const m = (view.members || []).find((x) => x.id === id);
  return m ? m.name : t("floor.someone");
}
