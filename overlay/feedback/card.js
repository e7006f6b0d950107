// The member's feedback card: a calm card under the clock (never over it), answered or
// skipped. Its ballot comes privately to this page and is kept in localStorage, so a
// reload still answers exactly once; skipping sends nothing at all.

import { BallotKeeper } from "./ballot-keeper.js";
import { fill, focusOn, h, setText } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { cardResults } from "./results.js";
import { cardTitle, optionLabel, questionText } from "./words.js";

const MAX_COMMENT = 500;

export class FeedbackCard {
  constructor({ conn, errors, groupId }) {
    this.conn = conn;
    this.errors = errors;
    this.keeper = new BallotKeeper(groupId);
    this.body = h("div", { class: "fb-body" });
    // A status line (polite by role): says a question arrived, without taking the focus.
    this.live = h("div", { class: "sr-only", role: "status" });
    this.el = h("section", { class: "fb-card", "aria-label": t("feedback.label"), hidden: true }, this.body, this.live);
    this.card = null;
    this.shownKey = null; // what is on screen now; the form is only rebuilt when this changes
    this.asking = null; // the card id a ballot request is out for
    this.elsewhere = null; // the card id whose ballot went to another window
    conn.addEventListener("message", (ev) => {
      const msg = ev.detail;
      if (msg.type === "ballot" && this.keeper.get(msg.card)) {
        this.keeper.update(msg.card, { ballot: msg.ballot });
        this.render();
      }
    });
    this.keeper.onChange(() => this.render());
    this.watchers = [];
    this.focusAfter = null; // what to focus once the card is drawn again: "done" | "again" | "form"
  }

  /** Call `fn()` whenever the card is drawn differently (for the page's cue). */
  onChange(fn) {
    this.watchers.push(fn);
  }

  /** True while an open card waits for this member's answer (not yet answered or skipped). */
  waiting() {
    return this.phase === "form" || this.phase === "waiting";
  }

  /** What the keyboard should go to when the page's cue brings the card into view. */
  focusTarget() {
    return this.body.querySelector("input, textarea, button") ?? this.body.querySelector("h2");
  }

  update({ view }) {
    this.card = view.feedback?.card ?? null;
    const open = this.card?.status === "open" ? this.card.id : null;
    this.keeper.keepOnly(open);
    this.render();
  }

  render() {
    const card = this.card;
    const phase = this._phase(card);
    this.phase = phase;
    // Results are redrawn when they change (a facilitator shows or hides a comment).
    const shown = phase === "results" ? JSON.stringify(card.questions.map((q) => q.result)) : "";
    const key = card ? `${card.id}:${phase}:${shown}` : "none";
    this.el.hidden = card === null;
    if (key === this.shownKey) return;
    const first = this.shownKey === null || this.shownKey === "none" || !this.shownKey.startsWith(`${card?.id}:`);
    this.shownKey = key;
    if (!card) return fill(this.body);
    const name = cardTitle(card);
    const title = h("h2", { class: "fb-title" }, phase === "results" ? t("feedback.results_title", { title: name }) : name);
    const promise = h(
      "div",
      { class: "fb-promise" },
      h("p", {}, t("feedback.promise", { n: card.k })),
      h("p", {}, t("feedback.at_close")),
      card.questions.some((q) => q.comment || q.kind === "text")
        ? h("p", {}, card.comment_k === null ? t("feedback.comments_unread") : t("feedback.comments_reviewed"))
        : null,
    );
    if (phase === "results") fill(this.body, title, cardResults(card));
    else if (phase === "form") fill(this.body, title, promise, this._form(card));
    else if (phase === "answered") fill(this.body, title, h("p", { class: "fb-done" }, t("feedback.thanks")), promise);
    else if (phase === "skipped") {
      const again = h("button", { type: "button", class: "quiet", "data-local": "", onclick: () => this._undoSkip(card) }, t("feedback.answer_after_all"));
      fill(this.body, title, h("p", { class: "fb-done" }, t("feedback.skipped")), again);
    } else if (phase === "elsewhere") fill(this.body, title, h("p", { class: "fb-note" }, t("feedback.elsewhere")));
    else fill(this.body, title, promise, h("p", { class: "fb-note" }, t("feedback.getting_ballot")));
    if (first) setText(this.live, phase === "results" ? t("feedback.live_results", { title: name }) : t("feedback.live_question", { title: name }));
    for (const fn of this.watchers) fn();
    const after = this.focusAfter;
    this.focusAfter = null;
    // The button pressed has gone with the form: the keyboard goes to what replaced it.
    if (after === "done") focusOn(this.body.querySelector(".fb-done"));
    else if (after === "again") focusOn(this.body.querySelector("button"));
    else if (after === "form") focusOn(this.body.querySelector("input"));
  }

  _phase(card) {
    if (!card) return "none";
    if (card.status !== "open") return "results";
    const entry = this.keeper.get(card.id);
    if (entry?.done === "answered") return "answered";
    if (entry?.done === "skipped") return "skipped";
    if (entry?.ballot) return "form";
    if (this.elsewhere === card.id) return "elsewhere";
    // Offline, nothing is asked (the connection would refuse it); the next state asks again.
    if (this.conn.status === "open") this._ask(card.id);
    return "waiting";
  }

  /** Ask for this page's ballot (once at a time); the server sends it to this socket only. */
  _ask(cardId) {
    if (this.asking === cardId) return;
    this.asking = cardId;
    const nonce = this.keeper.nonce(cardId);
    this.conn
      .send("feedback.ballot", { card_id: cardId, nonce })
      .catch((err) => {
        if (err.code === "conflict" && this.card?.id === cardId && this.card.status === "open") this.elsewhere = cardId;
      })
      .finally(() => {
        this.asking = null;
        this.render();
      });
  }

  _undoSkip(card) {
    this.focusAfter = "form";
    this.keeper.update(card.id, { done: undefined });
    this.render();
  }

  _form(card) {
    const fields = card.questions.map((q) => question(card, q));
    const send = h("button", { type: "submit" }, t("feedback.send"));
    const skip = h("button", { type: "button", class: "quiet", "data-local": "" }, t("feedback.skip"));
    const form = h(
      "form",
      { class: "fb-form", "aria-label": cardTitle(card) },
      fields.map((f) => f.el),
      h("div", { class: "fb-actions" }, send, skip),
    );
    skip.addEventListener("click", () => {
      this.errors.show("");
      this.focusAfter = "again";
      this.keeper.update(card.id, { done: "skipped" });
      this.render();
    });
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const unfinished = fields.find((f) => f.unfinished());
      if (unfinished) {
        this.errors.show(t("feedback.unfinished", { question: unfinished.text }));
        return;
      }
      const answers = fields.map((f) => f.value()).filter(Boolean);
      if (!answers.length) {
        this.errors.show(t("feedback.choose_first"));
        return;
      }
      const ballot = this.keeper.get(card.id)?.ballot;
      send.disabled = skip.disabled = true;
      this.errors.show("");
      try {
        await this.conn.send("feedback.answer", { card_id: card.id, ballot, answers });
        this.focusAfter = "done";
        this.keeper.update(card.id, { done: "answered" });
      } catch (err) {
        // A conflict on an open card means the ballot is spent: this page's own earlier
        // attempt got through (e.g. re-sent after a reconnect).
        if (err.code === "conflict" && this.card?.id === card.id && this.card.status === "open") {
          this.focusAfter = "done";
          this.keeper.update(card.id, { done: "answered" });
        } else {
          this.errors.show(err.message);
          send.disabled = skip.disabled = false;
        }
      }
      this.render();
    });
    return form;
  }
}

/** One question's inputs; `.value()` is its answer for the server, or null when left empty. */
function question(card, q) {
  const name = `fb-${card.id}-${q.id}`;
  const text = questionText(q);
  const parts = [h("legend", {}, text)];
  let radios = [];
  if (q.kind !== "text") {
    radios = q.options.map((label, i) => h("input", { type: "radio", name, value: String(i) }));
    parts.push(
      h(
        "div",
        { class: `fb-options fb-${q.kind}` },
        radios.map((r, i) => h("label", { class: "fb-option-label" }, r, h("span", {}, optionLabel(q, i)))),
      ),
    );
  }
  let box = null;
  if (q.kind === "text" || q.comment) {
    box = h("textarea", { rows: 2, maxlength: MAX_COMMENT, name: `${name}-text` });
    parts.push(h("label", { class: "fb-text-label" }, q.kind === "text" ? t("feedback.your_answer") : t("feedback.comment_optional"), box));
  }
  const el = h("fieldset", { class: "fb-q" }, parts);
  const value = () => {
    const comment = box?.value.trim() || null;
    if (q.kind === "text") return comment ? { question: q.id, comment } : null;
    const picked = radios.find((r) => r.checked);
    if (!picked) return null;
    const answer = { question: q.id, choice: Number(picked.value) };
    if (comment) answer.comment = comment;
    return answer;
  };
  // A comment typed under a scale with nothing chosen would be lost: say so instead.
  const unfinished = () => q.kind !== "text" && Boolean(box?.value.trim()) && !radios.some((r) => r.checked);
  return { el, value, unfinished, text };
}
