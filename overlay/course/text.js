// Words the course pages share: focus areas, signal kinds, phases, "Session N of M — phase",
// times and dates. The words themselves are in the catalogs (static/i18n/).

import { english, locale, t } from "../core/i18n.js";

export const FOCUS_AREAS = ["grief", "role_transition", "dispute", "isolation"];
export const SIGNALS = ["moment", "check_in", "not_right"];
const PHASES = ["initial", "middle", "termination"];
const DEFAULT_AGREEMENTS = 4; // how many server/domain/document/course.py has (tests/test_i18n.py)

export function focusLabel(area) {
  return FOCUS_AREAS.includes(area) ? t(`course.focus.${area}`) : area;
}

export function signalLabel(kind) {
  return SIGNALS.includes(kind) ? t(`signal.kind.${kind}`) : kind;
}

export function phaseText(phase) {
  return PHASES.includes(phase) ? t(`course.phase.${phase}`) : phase;
}

/** "Session 3 of 8 — middle", or before/between sessions "Next: session 4 of 8 — middle". */
export function weekLabel(week) {
  if (!week) return "";
  if (week.number > 0 && (week.live || week.next === null)) {
    return t("course.week", { n: week.number, planned: week.planned, phase: phaseText(week.phase) });
  }
  if (week.next !== null) return t("course.week_next", { n: week.next, planned: week.planned, phase: phaseText(week.next_phase) });
  return "";
}

const clock = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit" });

/** "14:05" in the viewer's own time zone. */
export function clockTime(ms) {
  return clock.format(new Date(ms));
}

/** Agreement `i` as this reader reads it: a built-in agreement nobody edited (the view's
 *  `builtin[i]` names which) in the reader's language, anything a facilitator wrote as written. */
export function agreementText(agreements, i) {
  const which = agreements.builtin?.[i];
  return which === null || which === undefined ? agreements.items[i] : t(`agreements.default.${which}`);
}

/** What to store for a line a facilitator saves: a built-in agreement shown in their language
 *  goes back as the built-in wording, so it stays built-in for every reader. */
export function canonicalAgreement(line) {
  for (let i = 0; i < DEFAULT_AGREEMENTS; i++) {
    if (line === t(`agreements.default.${i}`)) return english(`agreements.default.${i}`);
  }
  return line;
}
