// facilitator-only
// The facilitator key this browser keeps. It arrives once in the sign-in link the operator's
// `holdspace key add` prints (`<base>/#k=<key>`) or pasted into the sign-in field; the
// fragment is then removed from the address (history.replaceState), so it is neither
// bookmarked, nor shared with the page's address, nor left in the history. It is kept in
// localStorage until "Sign out", and only ever sent in an `Authorization` header.

const STORE = "holdspace.key";
const FORMAT = /^k[0-9a-f]{10}\.[A-Za-z0-9_-]{43}$/;
let memory = null; // when storage is blocked: kept for this page only

/** True for text shaped like a key (`k` + 10 hex digits, a dot, 43 URL-safe characters). */
export function wellFormed(text) {
  return FORMAT.test(text);
}

/** A key pasted as the whole sign-in link works too: the part after `#k=`. */
export function keyFrom(text) {
  const value = String(text).trim();
  const at = value.lastIndexOf("#k=");
  return at >= 0 ? value.slice(at + 3) : value;
}

/** The key in this page's address, if any, removing it from the address at once. */
export function takeFromAddress() {
  if (!location.hash.startsWith("#k=")) return null;
  let key = location.hash.slice(3);
  try {
    key = decodeURIComponent(key);
  } catch {
    /* kept as it came: refused as not a key */
  }
  history.replaceState(history.state, "", location.pathname + location.search);
  return key.trim();
}

export function storedKey() {
  try {
    return localStorage.getItem(STORE) ?? memory;
  } catch {
    return memory;
  }
}

export function keepKey(key) {
  memory = key;
  try {
    localStorage.setItem(STORE, key);
  } catch {
    /* storage blocked: this page still has it */
  }
}

export function forgetKey() {
  memory = null;
  try {
    localStorage.removeItem(STORE);
  } catch {
    /* nothing kept */
  }
}
