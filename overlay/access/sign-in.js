// facilitator-only
// "Sign in with your facilitator key": asked once, then kept in this browser (access/key.js).
// The card is in one of four states:
// - checking: a key is kept (or came in the sign-in link) and is being tried;
// - in: "Signed in as Dr. Ana", with the page's links (My groups) and "Sign out";
// - ask: the key field, with the sentence that says why it is asked (not valid, revoked…);
// - offer: the server needs no key from this visitor (loopback, no key made yet): it says so
//   in one discreet line, with a quiet "Sign in with a key" that opens the field.
// A key is tried with GET /api/groups before it is kept, and the answer (the key's name and
// groups) is handed to the page through `onChange(answer)`; `onChange(null)` after sign-out.

import { fill, h, setText } from "../core/dom.js";
import { t, tNodes } from "../core/i18n.js";
import { ApiError, call } from "./api.js";
import { forgetKey, keepKey, keyFrom, storedKey, takeFromAddress, wellFormed } from "./key.js";

let cards = 0;

export class SignIn {
  /** `open`: this visitor may create groups without a key. `links`: elements shown beside
   *  "Signed in as …" (the start page's "My groups"). */
  constructor({ open = false, links = [], onChange }) {
    this.open = open;
    this.links = links;
    this.onChange = onChange;
    this.key = null;
    const id = `sign-in-${++cards}`;
    this.titleId = `${id}-title`;
    this.fieldId = `${id}-key`;
    this.error = h("p", { class: "error", role: "alert" });
    this.body = h("div", { class: "sign-in-body" });
    this.el = h("section", { class: "card sign-in", "aria-labelledby": this.titleId }, this.body, this.error);
    // A sign-in link opened in this tab over the same page changes only the fragment.
    addEventListener("hashchange", () => {
      if (location.hash.startsWith("#k=")) this.start();
    });
  }

  /** Read the key from the address (the sign-in link) or this browser, and try it. */
  async start() {
    const fromLink = takeFromAddress();
    const key = fromLink ?? storedKey();
    if (key === null) {
      this.showSignedOut();
      this.onChange(null);
      return;
    }
    if (!wellFormed(key)) {
      if (fromLink === null) forgetKey();
      this.ask(t("access.key_not_a_key"));
      this.onChange(null);
      return;
    }
    await this.tryKey(key, { focus: false });
  }

  async tryKey(key, { focus = true } = {}) {
    if (this.busy) return;
    this.busy = true;
    if (focus) setText(this.error, "");
    else this.showChecking();
    let answer;
    try {
      answer = await call("GET", "/api/groups", { key });
    } catch (err) {
      this.busy = false;
      if (!(err instanceof ApiError)) throw err;
      if (err.aboutTheKey) {
        forgetKey();
        this.key = null;
        this.ask(err.message, { focus });
        this.onChange(null);
        return;
      }
      if (focus) {
        // A key typed in just now: the field stays, with the sentence; nothing is kept yet.
        setText(this.error, err.message);
        return;
      }
      // The kept key could not be tried (out of reach, busy): it may well be good; keep it.
      this.key = key;
      this.showSignedIn(null);
      setText(this.error, err.message);
      this.onChange({ key: null, groups: null, error: err }, { focus });
      return;
    }
    this.busy = false;
    keepKey(key);
    this.key = key;
    this.showSignedIn(answer.key.name);
    setText(this.error, "");
    this.onChange(answer, { focus });
    // The field and its button are gone: focus what the page chose, else "Sign out".
    if (focus && !this.el.ownerDocument.activeElement?.closest("main")) this.body.querySelector(".sign-out")?.focus();
  }

  /** The page met a refusal about the key (missing, not valid, revoked): forget it and ask. */
  refused(err) {
    forgetKey();
    this.key = null;
    this.ask(err.message);
    this.onChange(null);
  }

  showChecking() {
    fill(this.body, h("h2", { id: this.titleId, class: "sign-in-title" }, t("access.checking_key")));
  }

  showSignedIn(name) {
    const out = h("button", { type: "button", class: "quiet sign-out", onclick: () => this.signOut() }, t("access.sign_out"));
    const who = name === null ? t("access.signed_in") : tNodes("access.signed_in_as", { name: h("bdi", { class: "key-name" }, name) });
    fill(
      this.body,
      h("div", { class: "signed-in" }, h("p", { id: this.titleId, class: "sign-in-who" }, who), h("div", { class: "sign-in-links" }, this.links, out)),
    );
  }

  showSignedOut() {
    if (this.open) this.offer();
    else this.ask("", { focus: false });
  }

  offer() {
    const button = h("button", { type: "button", class: "quiet", onclick: () => this.ask("") }, t("access.sign_in_with_key"));
    fill(this.body, h("div", { class: "sign-in-offer" }, h("p", { id: this.titleId, class: "hint" }, t("access.no_key_needed")), button));
    this.el.classList.add("discreet");
  }

  /** Show the key field with `why` (a refusal, or nothing), focused unless told otherwise. */
  ask(why, { focus = true } = {}) {
    this.el.classList.remove("discreet");
    const input = h("input", {
      type: "password",
      id: this.fieldId,
      name: "key",
      autocomplete: "off",
      spellcheck: "false",
      autocapitalize: "off",
      class: "key-input",
      "aria-describedby": `${this.fieldId}-hint`,
    });
    const form = h(
      "form",
      { class: "sign-in-form", onsubmit: (ev) => this.submit(ev, input) },
      h("label", { class: "field" }, h("span", {}, t("access.key_label")), input),
      h("button", { type: "submit" }, t("access.sign_in")),
    );
    fill(
      this.body,
      h("h2", { id: this.titleId }, t("access.sign_in_title")),
      h("p", { id: `${this.fieldId}-hint`, class: "hint" }, t("access.sign_in_hint")),
      form,
    );
    setText(this.error, why);
    if (focus) input.focus();
  }

  async submit(ev, input) {
    ev.preventDefault();
    const key = keyFrom(input.value);
    if (!wellFormed(key)) {
      setText(this.error, key === "" ? t("access.key_empty") : t("access.key_not_a_key"));
      input.focus();
      return;
    }
    await this.tryKey(key);
  }

  signOut() {
    forgetKey();
    this.key = null;
    setText(this.error, "");
    if (this.open) {
      this.offer();
      this.body.querySelector("button").focus();
    } else this.ask("");
    this.onChange(null);
  }
}
