// The member's feedback card: a calm card under the clock (never over it), answered or
// skipped. Its ballot comes privately to this page and is kept in localStorage, so a
// reload still answers exactly once; skipping sends nothing at all.

import { BallotKeeper } from "./ballot-keeper.js";
import { fill, h, setText } from "../core/dom.js";
import { cardResults } from "./results.js";

export const PROMISE = (k) =>
  `Nobody, including your facilitators, can see which answer is yours. Results appear only when at least ${k} people have answered.`;
const ELSEWHERE =
  "Your private ballot for this question went to another window or device. Answer there, or leave this one.";
const MAX_COMMENT = 500;

export class FeedbackCard {
  constructor({ conn, errors, groupId }) {
    this.conn = conn;
    this.errors = errors;
    this.keeper = new BallotKeeper(groupId);
    this.body = h("div", { class: "fb-body" });
    // A status line (polite by role): says a question arrived, without taking the focus.
    this.live = h("div", { class: "sr-only", role: "status" });
    this.el = h("section", { class: "fb-card", "aria-label": "Feedback", hidden: true }, this.body, this.live);
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
    const key = card ? `${card.id}:${phase}` : "none";
    this.el.hidden = card === null;
    if (key === this.shownKey) return;
    const first = this.shownKey === null || this.shownKey === "none" || !this.shownKey.startsWith(`${card?.id}:`);
    this.shownKey = key;
    if (!card) return fill(this.body);
    const title = h("h2", { class: "fb-title" }, phase === "results" ? `Results: ${card.title}` : card.title);
    const promise = h("p", { class: "fb-promise" }, PROMISE(card.k));
    if (phase === "results") fill(this.body, title, cardResults(card));
    else if (phase === "form") fill(this.body, title, promise, this._form(card));
    else if (phase === "answered") fill(this.body, title, h("p", { class: "fb-done" }, "Thank you. Your answer is in."), promise);
    else if (phase === "skipped") {
      const again = h("button", { type: "button", class: "quiet", onclick: () => this._undoSkip(card) }, "Answer after all");
      fill(this.body, title, h("p", { class: "fb-done" }, "You skipped this question."), again);
    } else if (phase === "elsewhere") fill(this.body, title, h("p", { class: "fb-note" }, ELSEWHERE));
    else fill(this.body, title, promise, h("p", { class: "fb-note" }, "Getting your private ballot…"));
    if (first) setText(this.live, phase === "results" ? `Feedback results: ${card.title}` : `A feedback question: ${card.title}`);
  }

  _phase(card) {
    if (!card) return "none";
    if (card.status !== "open") return "results";
    const entry = this.keeper.get(card.id);
    if (entry?.done === "answered") return "answered";
    if (entry?.done === "skipped") return "skipped";
    if (entry?.ballot) return "form";
    if (this.elsewhere === card.id) return "elsewhere";
    this._ask(card.id);
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
    this.keeper.update(card.id, { done: undefined });
    this.render();
  }

  _form(card) {
    const fields = card.questions.map((q) => question(card, q));
    const send = h("button", { type: "submit" }, "Send answer");
    const skip = h("button", { type: "button", class: "quiet" }, "Skip");
    const form = h(
      "form",
      { class: "fb-form", "aria-label": card.title },
      fields.map((f) => f.el),
      h("div", { class: "fb-actions" }, send, skip),
    );
    skip.addEventListener("click", () => {
      this.errors.show("");
      this.keeper.update(card.id, { done: "skipped" });
      this.render();
    });
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const unfinished = fields.find((f) => f.unfinished());
      if (unfinished) {
        this.errors.show(`Choose an answer to “${unfinished.text}” to send your comment with it.`);
        return;
      }
      const answers = fields.map((f) => f.value()).filter(Boolean);
      if (!answers.length) {
        this.errors.show("Choose an answer first, or skip.");
        return;
      }
      const ballot = this.keeper.get(card.id)?.ballot;
      send.disabled = skip.disabled = true;
      this.errors.show("");
      try {
        await this.conn.send("feedback.answer", { card_id: card.id, ballot, answers });
        this.keeper.update(card.id, { done: "answered" });
      } catch (err) {
        // A conflict on an open card means the ballot is spent: this page's own earlier
        // attempt got through (e.g. re-sent after a reconnect).
        if (err.code === "conflict" && this.card?.id === card.id && this.card.status === "open") {
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
  const parts = [h("legend", {}, q.text)];
  let radios = [];
  if (q.kind !== "text") {
    radios = q.options.map((label, i) => h("input", { type: "radio", name, value: String(i) }));
    parts.push(
      h(
        "div",
        { class: `fb-options fb-${q.kind}` },
        radios.map((r, i) => h("label", { class: "fb-option-label" }, r, h("span", {}, q.options[i]))),
      ),
    );
  }
  let text = null;
  if (q.kind === "text" || q.comment) {
    text = h("textarea", { rows: 2, maxlength: MAX_COMMENT, name: `${name}-text` });
    parts.push(h("label", { class: "fb-text-label" }, q.kind === "text" ? "Your answer" : "Comment (optional)", text));
  }
  const el = h("fieldset", { class: "fb-q" }, parts);
  const value = () => {
    const comment = text?.value.trim() || null;
    if (q.kind === "text") return comment ? { question: q.id, comment } : null;
    const picked = radios.find((r) => r.checked);
    if (!picked) return null;
    const answer = { question: q.id, choice: Number(picked.value) };
    if (comment) answer.comment = comment;
    return answer;
  };
  // A comment typed under a scale with nothing chosen would be lost: say so instead.
  const unfinished = () => q.kind !== "text" && Boolean(text?.value.trim()) && !radios.some((r) => r.checked);
  return { el, value, unfinished, text: q.text };
}
