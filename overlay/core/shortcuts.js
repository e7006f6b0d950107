// The page's one keyboard-shortcut table. Panels add their keys here; one keydown listener on
// the document looks each press up, so two panels cannot both answer a key unnoticed.
//
//   shortcut({ keys: ["n"], run: () => next.click() })            // N, also with Shift
//   shortcut({ chord: "Alt+Shift+S", run: open })                 // works while typing too
//
// A plain key never fires while someone types: `notOn` is the CSS selector of focused
// elements where the key stays the browser's (text fields by default). When a key answers a
// press (it has no `when`, or `when()` is true), the browser's own action for it is prevented.

/** Where typing happens: a letter there is text, never a command. */
export const TEXT_ENTRY = 'input:not([type="checkbox"]):not([type="radio"]), textarea, select, [contenteditable]';
/** Every form control, also checkboxes and radios (Space would toggle them). */
export const ANY_FIELD = "input, textarea, select, [contenteditable], dialog";

const table = [];

/** Add a key: {keys: ["n", "+"], run(ev), when?(), notOn?} or {chord: "Alt+Shift+S", run(ev)}.
 *  A key belongs to one panel: taking one that is taken throws. */
export function shortcut(entry) {
  const names = entry.chord ? [entry.chord.toLowerCase()] : entry.keys;
  const taken = names.filter((name) => table.some((other) => other.names.includes(name)));
  if (taken.length) throw new Error(`shortcut ${taken.join(", ")} is taken`);
  if (table.length === 0) document.addEventListener("keydown", dispatch);
  table.push(entry.chord ? { ...entry, names, chord: parseChord(entry.chord) } : { notOn: TEXT_ENTRY, ...entry, names });
}

function dispatch(ev) {
  const target = ev.target instanceof Element ? ev.target : document.body;
  for (const entry of table) {
    if (!matches(entry, ev, target)) continue;
    if (entry.when && !entry.when()) continue;
    ev.preventDefault();
    entry.run(ev);
    return;
  }
}

function matches(entry, ev, target) {
  const key = (ev.key ?? "").toLowerCase(); // Chrome sends keydowns without a key on autofill
  if (entry.chord) {
    // A chord with Alt is never typed text, so it works in fields too; on a Mac, Alt changes
    // the character, so the physical key (`code`) counts as well.
    const chord = entry.chord;
    return ev.altKey === chord.alt && ev.shiftKey === chord.shift && (key === chord.key || ev.code === `Key${chord.key.toUpperCase()}`);
  }
  // A held key repeats ~30 times a second; one press is one command.
  if (ev.defaultPrevented || ev.repeat || ev.ctrlKey || ev.metaKey || ev.altKey) return false;
  if (!entry.keys.includes(key)) return false;
  return !target.closest(entry.notOn);
}

function parseChord(text) {
  const parts = text.toLowerCase().split("+");
  return { alt: parts.includes("alt"), shift: parts.includes("shift"), key: parts.at(-1) };
}
