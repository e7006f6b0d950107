// Words the course pages share: focus areas, signal kinds, "Session N of M — phase".

export const FOCUS_AREAS = [
  ["grief", "Grief and loss"],
  ["role_transition", "Role transition"],
  ["dispute", "Interpersonal dispute"],
  ["isolation", "Interpersonal deficits / isolation"],
];
const FOCUS_LABEL = Object.fromEntries(FOCUS_AREAS);

export const SIGNALS = [
  ["moment", "I need a moment"],
  ["check_in", "Please check in with me after the session"],
  ["not_right", "Something said didn't sit right with me"],
];
const SIGNAL_LABEL = Object.fromEntries(SIGNALS);

export const PHASE_TEXT = { initial: "initial", middle: "middle", termination: "termination" };

export function focusLabel(area) {
  return FOCUS_LABEL[area] ?? area;
}

export function signalLabel(kind) {
  return SIGNAL_LABEL[kind] ?? kind;
}

/** "Session 3 of 8 — middle", or before/between sessions "Next: session 4 of 8 — middle". */
export function weekLabel(week) {
  if (!week) return "";
  if (week.number > 0 && (week.live || week.next === null)) {
    return `Session ${week.number} of ${week.planned} — ${PHASE_TEXT[week.phase]}`;
  }
  if (week.next !== null) return `Next: session ${week.next} of ${week.planned} — ${PHASE_TEXT[week.next_phase]}`;
  return "";
}

/** "14:05" in the viewer's own time zone. */
export function clockTime(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

export function dateText(ms) {
  return new Date(ms).toLocaleDateString([], { year: "numeric", month: "short", day: "numeric" });
}
