// The page's one keyboard-shortcut table. Panels add their keys here; one keydown listener on
// the document looks each press up, so two panels cannot both answer a key unnoticed.
//
//   shortcut({ keys: ["n"], label, run: () => next.click() })   // N, also with Shift
//   shortcut({ chord: "Alt+Shift+S", label, run: open })        // works while typing too
//
// A plain key never fires while someone types: `notOn` is the CSS selector of focused
// elements where the key stays the browser's (text fields by default). When a key answers a
// press (it has no `when`, or `when()` is true), the browser's own action for it is prevented.
//
// Single-key shortcuts can be turned off (WCAG 2.1.4: a speech-input user saying a word, or
// someone with a tremor, must not fire them by accident). The choice is kept in this browser
// (localStorage) for every Holdspace page; chords with Alt stay on, they are never typed by
// accident. `label` is what the page's list of shortcuts (core/keys.js) says the key does.

/** Where typing happens: a letter there is text, never a command. */
export const TEXT_ENTRY = 'input:not([type="checkbox"]):not([type="radio"]), textarea, select, [contenteditable]';
/** Every form control, also checkboxes and radios (Space would toggle them). */
export const ANY_FIELD = "input, textarea, select, [contenteditable], dialog";

const STORE = "holdspace.single-keys";
const table = [];
const listening = new WeakSet();
const watchers = new Set();
let singleKeys = readSetting();

function readSetting() {
  try {
    return localStorage.getItem(STORE) !== "off";
  } catch {
    return true;
  }
}

/** Add a key: {keys: ["n", "+"], run(ev), when?(), notOn?, label?, shown?} or
 *  {chord: "Alt+Shift+S", run(ev), label?}. `shown` is how the list writes the keys ("N").
 *  A key belongs to one panel: taking one that is taken throws. */
export function shortcut(entry) {
  const names = entry.chord ? [entry.chord.toLowerCase()] : entry.keys;
  const taken = names.filter((name) => table.some((other) => other.names.includes(name)));
  if (taken.length) throw new Error(`shortcut ${taken.join(", ")} is taken`);
  listenOn(document);
  table.push(entry.chord ? { ...entry, names, chord: parseChord(entry.chord) } : { notOn: TEXT_ENTRY, ...entry, names });
}

/** Answer this page's keys in another document too (a Picture-in-Picture window). */
export function listenOn(doc) {
  if (listening.has(doc)) return;
  listening.add(doc);
  doc.addEventListener("keydown", dispatch);
}

/** The keys registered so far, for the page's list: [{keys: "N", label, single}]. */
export function listed() {
  return table
    .filter((entry) => entry.label)
    .map((entry) => ({ keys: entry.chord ? entry.names[0].replace(/(^|\+)(\w)/g, (m) => m.toUpperCase()) : (entry.shown ?? entry.keys[0].toUpperCase()), label: entry.label, single: !entry.chord }));
}

/** Are single-key shortcuts on in this browser? */
export function singleKeysOn() {
  return singleKeys;
}

/** Turn single-key shortcuts on or off here (kept for every Holdspace page of this browser). */
export function setSingleKeys(on) {
  singleKeys = Boolean(on);
  try {
    localStorage.setItem(STORE, singleKeys ? "on" : "off");
  } catch {
    /* storage blocked: the choice holds for this page */
  }
  for (const watch of watchers) watch(singleKeys);
}

/** Call `fn(on)` whenever the setting changes. */
export function onSingleKeys(fn) {
  watchers.add(fn);
}

/** What a button's aria-keyshortcuts should say for single key `key`: nothing while single
 *  keys are off (a screen reader must not announce a key that does nothing). */
export function keyHint(key) {
  return singleKeys ? key : null;
}

function dispatch(ev) {
  const target = ev.target && typeof ev.target.closest === "function" ? ev.target : null;
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
  if (!singleKeys) return false;
  // A held key repeats ~30 times a second; one press is one command.
  if (ev.defaultPrevented || ev.repeat || ev.ctrlKey || ev.metaKey || ev.altKey) return false;
  if (!entry.keys.includes(key)) return false;
  return !(target && target.closest(entry.notOn));
}

function parseChord(text) {
  const parts = text.toLowerCase().split("+");
  return { alt: parts.includes("alt"), shift: parts.includes("shift"), key: parts.at(-1) };
}
