// facilitator-only
// The console's feedback section: push a question (library or written on the spot) or an
// end-of-session survey, watch "3 of 5 answered", close, show results to the group or keep
// them for facilitators. Results come only through the server's threshold gate.

import { fill, h, setText } from "../core/dom.js";
import { FeedbackManager } from "./manage.js";
import { cardResults } from "./results.js";

export const KINDS = {
  agree: "Agreement scale (5 points)",
  yesno: "Yes or no",
  choice: "Single choice",
  text: "Free text",
};

export class FeedbackConsole {
  constructor({ conn, errors }) {
    this.conn = conn;
    this.errors = errors;
    this.current = h("div", { class: "fb-current" });
    this.count = h("p", { class: "fb-live-count", "aria-live": "polite" });
    this.earlier = h("div", { class: "fb-earlier" });
    this.earlierFold = h("details", { class: "fb-fold", hidden: true }, h("summary", {}, "Earlier this session"), this.earlier);
    this.pick = h("select", { "aria-label": "Question from the library" });
    this.survey = h("fieldset", { class: "fb-survey-items" }, h("legend", {}, "Questions in the survey"));
    this.pushBox = h(
      "div",
      { class: "fb-push" },
      h("div", { class: "fb-push-one" }, h("h3", {}, "Ask one question"), this.pick, this.button("Ask the group", () => this.askLibrary())),
      h("div", { class: "fb-push-survey" }, h("h3", {}, "End-of-session survey"), this.survey, this.button("Send survey", () => this.sendSurvey())),
      this.writeOwn(),
    );
    this.manager = new FeedbackManager(conn, (label, name, args) => this.cmd(label, name, args));
    this.el = h(
      "section",
      { class: "card fb-console", "aria-labelledby": "fb-console-head" },
      h("h2", { id: "fb-console-head" }, "Anonymous feedback"),
      this.current,
      this.pushBox,
      this.earlierFold,
      this.manager.el,
    );
    this._drawn = { library: null, current: null, earlier: null };
  }

  button(label, onclick, cls = "") {
    return h("button", { type: "button", class: cls, onclick }, label);
  }

  cmd(label, name, args) {
    return this.errors.run(label, this.conn.send(name, args));
  }

  askLibrary() {
    if (this.pick.value) this.cmd("Ask", "feedback.open", { questions: [{ library: this.pick.value }] });
  }

  sendSurvey() {
    const ids = [...this.survey.querySelectorAll("input:checked")].map((i) => i.value);
    if (!ids.length) return this.errors.run("Send survey", Promise.reject(new Error("tick at least one question.")));
    this.cmd("Send survey", "feedback.open", { title: "End-of-session survey", questions: ids.map((id) => ({ library: id })) });
  }

  writeOwn() {
    const kind = h("select", { "aria-label": "Kind of question" }, Object.entries(KINDS).map(([v, l]) => h("option", { value: v }, l)));
    const text = h("input", { type: "text", maxlength: 200, "aria-label": "Your question" });
    const options = h("textarea", { rows: 3, "aria-label": "Options, one per line" });
    const optionsBox = h("label", { class: "fb-options-box", hidden: true }, "Options, one per line", options);
    const comment = h("input", { type: "checkbox" });
    const commentBox = h("label", { class: "fb-check" }, comment, "Add an optional comment box");
    kind.addEventListener("change", () => {
      optionsBox.hidden = kind.value !== "choice";
      commentBox.hidden = kind.value === "text";
    });
    const ask = this.button("Ask this question", async () => {
      const q = { kind: kind.value, text: text.value, comment: comment.checked && kind.value !== "text" };
      if (kind.value === "choice") q.options = options.value.split("\n").map((o) => o.trim()).filter(Boolean);
      if (await this.cmd("Ask", "feedback.open", { questions: [q] })) text.value = "";
    });
    return h("details", { class: "fb-fold fb-own" }, h("summary", {}, "Write your own question"), kind, h("label", {}, "Question", text), optionsBox, commentBox, ask);
  }

  update(state) {
    const view = state.view;
    const fb = view.feedback;
    const cards = fb.cards;
    const open = cards.find((c) => c.status === "open") ?? null;
    const latest = open ?? cards.at(-1) ?? null;
    this.pushBox.hidden = open !== null;
    this._library(fb.library, fb.topics);
    this._current(latest);
    this._earlier(cards.filter((c) => c !== latest).reverse());
    this.manager.update(state);
  }

  _library(library, topics) {
    const key = JSON.stringify(library);
    if (key === this._drawn.library) return;
    this._drawn.library = key;
    const chosen = this.pick.value;
    const groups = Object.entries(topics)
      .map(([topic, label]) => [label, library.filter((i) => i.topic === topic)])
      .filter(([, items]) => items.length);
    fill(this.pick, groups.map(([label, items]) => h("optgroup", { label }, items.map((i) => h("option", { value: i.id }, i.text)))));
    if (library.some((i) => i.id === chosen)) this.pick.value = chosen;
    fill(
      this.survey,
      h("legend", {}, "Questions in the survey"),
      library.map((i) => h("label", { class: "fb-check" }, h("input", { type: "checkbox", value: i.id, checked: i.survey }), i.text)),
    );
  }

  _current(card) {
    // While a card is open only its count moves: update that text, keep the buttons (and focus).
    if (card?.status === "open") setText(this.count, `${card.answers} of ${card.eligible} answered`);
    const key = card ? JSON.stringify({ ...card, answers: card.status === "open" ? null : card.answers }) : "";
    if (key === this._drawn.current) return;
    this._drawn.current = key;
    if (!card) return fill(this.current, h("p", { class: "hint" }, "No question asked yet this session."));
    const title = h("h3", {}, card.title);
    if (card.status === "open") {
      return fill(
        this.current,
        title,
        h("ul", { class: "fb-asked" }, card.questions.map((q) => h("li", {}, q.text))),
        this.count,
        h(
          "div",
          { class: "control-row" },
          this.button("Close", () => this.cmd("Close", "feedback.close", { card_id: card.id }), "quiet"),
          this.button("Close and show the group", () => this.cmd("Show the group", "feedback.reveal", { card_id: card.id })),
        ),
      );
    }
    const enough = card.answers >= card.k;
    const status = card.revealed
      ? "Shown to the group."
      : enough
        ? "Only facilitators see these results."
        : `Only ${card.answers} of ${card.eligible} answered: results need at least ${card.k} answers and stay hidden.`;
    const toggle = card.revealed
      ? this.button("Hide from the group", () => this.cmd("Hide", "feedback.hide", { card_id: card.id }), "quiet")
      : this.button("Show the group", () => this.cmd("Show the group", "feedback.reveal", { card_id: card.id }));
    toggle.hidden = !enough;
    fill(this.current, title, h("p", { class: "fb-status" }, `${card.answers} of ${card.eligible} answered · closed. ${status}`), cardResults(card), toggle);
  }

  _earlier(cards) {
    const key = JSON.stringify(cards);
    if (key === this._drawn.earlier) return;
    this._drawn.earlier = key;
    this.earlierFold.hidden = cards.length === 0;
    fill(this.earlier, cards.map((c) => h("div", { class: "fb-past" }, h("h3", {}, c.title), cardResults(c))));
  }
}
