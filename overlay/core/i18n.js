// The page's language and its words. Every visible sentence is a key in a plain JSON catalog
// under /static/i18n/<lang>.json (docs/translating.md); this module picks the language, loads
// its catalog (and English, the fallback for a missing key) before any page module runs, and
// formats numbers, times, dates and lists with Intl in that language.
//
// Per person, not per group: each page kind (member, display, facilitator pages) keeps its own
// choice in localStorage. Without one: the browser's languages, then the group's default
// (remembered from the first state, see followGroup), then English.

export const LANGUAGES = [
  { code: "en", name: "English", dir: "ltr" },
  { code: "es", name: "Español", dir: "ltr" },
];
const FALLBACK = "en";
const STORE = "holdspace.lang.";

const app = document.getElementById("app");
const view = app?.dataset.view ?? "";
const kind = view === "member" || view === "display" ? view : "facilitator";
const groupKey = `group.${app?.dataset.group ?? ""}`;

function shipped(tag) {
  const code = String(tag ?? "").toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.some((l) => l.code === code) ? code : null;
}

function stored(name) {
  try {
    return localStorage.getItem(STORE + name);
  } catch {
    return null;
  }
}

function fromBrowser() {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const code = shipped(tag);
    if (code) return code;
  }
  return null;
}

// Pages the server writes in the language it chose (cookie, then Accept-Language): their
// scripts follow it.
const SERVER_MADE = new Set(["start", "groups"]);

/** [language, where it came from]. */
function choose() {
  if (SERVER_MADE.has(view)) return [shipped(document.documentElement.lang) ?? FALLBACK, "server"];
  const own = shipped(stored(kind));
  if (own) return [own, "choice"];
  const browser = fromBrowser();
  if (browser) return [browser, "browser"];
  const group = shipped(stored(groupKey));
  if (group) return [group, "group"];
  return [FALLBACK, "fallback"];
}

const [chosen, source] = choose();
export const lang = chosen;
export const dir = LANGUAGES.find((l) => l.code === lang).dir;
document.documentElement.lang = lang;
document.documentElement.dir = dir;

async function fetchCatalog(code) {
  try {
    const res = await fetch(`/static/i18n/${code}.json`);
    if (res.ok) return await res.json();
  } catch {
    /* offline: the page says what it can */
  }
  console.warn(`holdspace: the ${code} catalog could not be loaded`);
  return {};
}

const [own, englishCatalog] = await Promise.all([fetchCatalog(lang), lang === FALLBACK ? null : fetchCatalog(FALLBACK)]);
const fallback = englishCatalog ?? own;
const missing = new Set();

/** The locale for Intl: the browser's own variant of the language when it asks for one
 *  (en-GB keeps its 24-hour clock), else the language itself. */
export const locale = (navigator.languages ?? []).find((tag) => shipped(tag) === lang) ?? lang;
const cardinal = new Intl.PluralRules(locale);
const ordinalRules = new Intl.PluralRules(locale, { type: "ordinal" });
const numbers = new Intl.NumberFormat(locale);
const percents = new Intl.NumberFormat(locale, { style: "percent" });
const lists = new Intl.ListFormat(locale, { style: "short", type: "unit" });
const times = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" });
const dates = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric" });

function lookup(key) {
  if (Object.hasOwn(own, key)) return own[key];
  if (!missing.has(key)) {
    missing.add(key);
    console.warn(`holdspace: no "${key}" in the ${lang} catalog; English is shown`);
  }
  return Object.hasOwn(fallback, key) ? fallback[key] : key;
}

/** The message `key` with `{name}` placeholders filled from `params` (numbers formatted for
 *  the language). A message with plural forms is an object keyed by Intl.PluralRules
 *  categories: `params.n` picks among them, or `params.nth` by ordinal rules. */
export function t(key, params = {}) {
  let message = lookup(key);
  if (message !== null && typeof message === "object") {
    const category = "nth" in params ? ordinalRules.select(params.nth) : cardinal.select(params.n ?? 0);
    message = message[category] ?? message.other;
  }
  return String(message).replace(/\{(\w+)\}/g, (whole, name) => {
    if (!(name in params)) return whole;
    const value = params[name];
    return typeof value === "number" ? numbers.format(value) : String(value);
  });
}

/** Like t(), for a sentence with an element inside it ("Show results from [3] answers"): a
 *  parameter that is a DOM node comes back in its place, among the text around it. */
export function tNodes(key, params = {}) {
  const nodes = {};
  const text = {};
  for (const [name, value] of Object.entries(params)) {
    if (value instanceof Node) {
      nodes[name] = value;
      text[name] = `\u0000${name}\u0000`;
    } else text[name] = value;
  }
  return t(key, text)
    .split(/\u0000(\w+)\u0000/)
    .map((part, i) => (i % 2 ? nodes[part] : part))
    .filter((part) => part !== "");
}

/** The English message `key`, unformatted: the wording built-in content is stored in. */
export function english(key) {
  return Object.hasOwn(fallback, key) ? fallback[key] : key;
}

/** True when the catalog (or English) has `key`: for optional per-item words. */
export function has(key) {
  return Object.hasOwn(own, key) || Object.hasOwn(fallback, key);
}

/** 0…1 as a percentage, e.g. "25%" (English) or "25 %" (Spanish). */
export const formatPercent = (part) => percents.format(part);
/** Names as the language lists them: "Ann, Bo, Cy". */
export const formatList = (items) => lists.format(items.map(String));

/** The same list as nodes, each name in its own <bdi> (a right-to-left name does not reorder
 *  the words around it): a fragment to pass to tNodes(). */
export function formatNameList(items) {
  const fragment = document.createDocumentFragment();
  for (const part of lists.formatToParts(items.map(String))) {
    if (part.type !== "element") {
      fragment.append(part.value);
      continue;
    }
    const name = document.createElement("bdi");
    name.textContent = part.value;
    fragment.append(name);
  }
  return fragment;
}
/** A server instant (epoch ms) as a local clock time: "7:42 PM", "19:42". */
export const formatTime = (ms) => times.format(new Date(ms));
export const formatDate = (ms) => dates.format(new Date(ms));

/** Keep `code` as this page kind's language (and tell the server, for the pages it makes),
 *  then load the page again in it. */
export function setLanguage(code) {
  if (!shipped(code)) return;
  try {
    localStorage.setItem(STORE + kind, code);
  } catch {
    /* storage blocked: the cookie still carries the choice for this visit */
  }
  document.cookie = `lang=${code}; path=/; max-age=31536000; SameSite=Lax`;
  location.reload();
}

/** The group's default language, from a state: followed only by a page whose person chose
 *  none and whose browser asks for no language Holdspace has. Returns true when the page
 *  reloads to follow it. */
export function followGroup(code) {
  if (source !== "group" && source !== "fallback") return false;
  const wanted = shipped(code);
  if (!wanted || wanted === lang) return false;
  try {
    localStorage.setItem(STORE + groupKey, wanted);
  } catch {
    return false;
  }
  // Reload only when the hint stuck, or the next load would choose the same and loop.
  if (stored(groupKey) !== wanted) return false;
  location.reload();
  return true;
}
