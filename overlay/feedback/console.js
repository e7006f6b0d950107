// facilitator-only
// The console's feedback section: push a question (library or written on the spot) or an
// end-of-session survey, see whether enough answers are in (never the running count: its moves
// would say who just answered), close, read the comments and choose which the group sees, show
// results to the group or keep them for facilitators. Results come only through the server's
// threshold gate.

import { fill, focusOn, h, render, setText } from "../core/dom.js";
import { english, t } from "../core/i18n.js";
import { FeedbackManager } from "./manage.js";
import { cardResults, reviewComments } from "./results.js";
import { KINDS, cardTitle, questionText, topicLabel } from "./words.js";

/** "Fewer than k answers" / "k or more: you can close", and how many pages are open. */
export function progressText(card, presence) {
  const open = (presence ?? []).length;
  const status = card.enough ? t("feedback.enough", { n: card.k }) : t("feedback.not_enough", { n: card.k });
  return t("feedback.progress", { status, n: open, of: card.eligible });
}

/** The library's questions as options of `select`, grouped by topic; keeps the choice. */
export function fillLibrary(select, library, topics) {
  const chosen = select.value;
  const groups = Object.keys(topics)
    .map((topic) => [topicLabel(topic), library.filter((i) => i.topic === topic)])
    .filter(([, items]) => items.length);
  fill(select, groups.map(([label, items]) => h("optgroup", { label }, items.map((i) => h("option", { value: i.id }, questionText(i))))));
  if (library.some((i) => i.id === chosen)) select.value = chosen;
}

export class FeedbackConsole {
  constructor({ conn, errors }) {
    this.conn = conn;
    this.errors = errors;
    this.current = h("div", { class: "fb-current" });
    this.count = h("p", { class: "fb-progress" });
    this.earlier = h("div", { class: "fb-earlier" });
    this.earlierFold = h("details", { class: "fb-fold", hidden: true }, h("summary", {}, t("feedback.earlier")), this.earlier);
    this.pick = h("select", { "aria-label": t("feedback.from_library") });
    this.survey = h("fieldset", { class: "fb-survey-items" }, h("legend", {}, t("feedback.survey_questions")));
    this.pushBox = h(
      "div",
      { class: "fb-push" },
      h("div", { class: "fb-push-one" }, h("h3", {}, t("feedback.ask_one")), this.pick, this.button(t("feedback.ask_group"), () => this.askLibrary())),
      h("div", { class: "fb-push-survey" }, h("h3", {}, t("feedback.title.survey")), this.survey, this.button(t("feedback.send_survey"), () => this.sendSurvey())),
      this.writeOwn(),
    );
    this.manager = new FeedbackManager(conn, (label, name, args) => this.cmd(label, name, args));
    this.el = h(
      "section",
      { class: "card fb-console", "aria-labelledby": "fb-console-head" },
      (this.heading = h("h2", { id: "fb-console-head" }, t("feedback.heading"))),
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

  /** Send a command; when its button went away (the ask box folds while a card is open, the
   *  card's buttons change), the keyboard goes to the card's next control. */
  async cmd(label, name, args) {
    const ok = await this.errors.run(label, this.conn.send(name, args));
    const doc = this.el.ownerDocument;
    const active = doc.activeElement;
    if (!active || active === doc.body || active.closest("[hidden]")) focusOn(() => this.current.querySelector("button, input"), this.pick, this.heading);
    return ok;
  }

  askLibrary() {
    if (this.pick.value) this.cmd(t("feedback.ask"), "feedback.open", { questions: [{ library: this.pick.value }] });
  }

  sendSurvey() {
    const ids = [...this.survey.querySelectorAll("input:checked")].map((i) => i.value);
    if (!ids.length) return this.errors.run(t("feedback.send_survey"), Promise.reject(new Error(t("feedback.tick_one"))));
    // The built-in title in its stored (English) wording: every reader sees it in their own language.
    this.cmd(t("feedback.send_survey"), "feedback.open", { title: english("feedback.title.survey"), questions: ids.map((id) => ({ library: id })) });
  }

  writeOwn() {
    const kind = h("select", { "aria-label": t("feedback.kind_of_question") }, KINDS.map((v) => h("option", { value: v }, t(`feedback.kind.${v}`))));
    const text = h("input", { type: "text", maxlength: 200, "aria-label": t("feedback.your_question") });
    const options = h("textarea", { rows: 3, "aria-label": t("feedback.options_per_line") });
    const optionsBox = h("label", { class: "fb-options-box", hidden: true }, t("feedback.options_per_line"), options);
    const comment = h("input", { type: "checkbox" });
    const commentBox = h("label", { class: "fb-check" }, comment, t("feedback.add_comment_box"));
    kind.addEventListener("change", () => {
      optionsBox.hidden = kind.value !== "choice";
      commentBox.hidden = kind.value === "text";
    });
    const ask = this.button(t("feedback.ask_this"), async () => {
      const q = { kind: kind.value, text: text.value, comment: comment.checked && kind.value !== "text" };
      if (kind.value === "choice") q.options = options.value.split("\n").map((o) => o.trim()).filter(Boolean);
      if (await this.cmd(t("feedback.ask"), "feedback.open", { questions: [q] })) text.value = "";
    });
    return h("details", { class: "fb-fold fb-own" }, h("summary", {}, t("feedback.write_own")), kind, h("label", {}, t("feedback.question"), text), optionsBox, commentBox, ask);
  }

  update(state) {
    const view = state.view;
    this.presence = state.presence;
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
    fillLibrary(this.pick, library, topics);
    fill(
      this.survey,
      h("legend", {}, t("feedback.survey_questions")),
      library.map((i) => h("label", { class: "fb-check" }, h("input", { type: "checkbox", value: i.id, checked: i.survey }), questionText(i))),
    );
  }

  _current(card) {
    // While a card is open only its progress line moves: update that text, keep the buttons.
    if (card?.status === "open") setText(this.count, progressText(card, this.presence));
    const key = card ? JSON.stringify({ ...card, enough: card.status === "open" ? null : card.enough }) : "";
    if (key === this._drawn.current) return;
    this._drawn.current = key;
    if (!card) return fill(this.current, h("p", { class: "hint" }, t("feedback.none_yet")));
    const title = h("h3", {}, cardTitle(card));
    if (card.status === "open") {
      return fill(
        this.current,
        title,
        h("ul", { class: "fb-asked" }, card.questions.map((q) => h("li", {}, questionText(q)))),
        this.count,
        h(
          "div",
          { class: "control-row" },
          this.button(t("feedback.close"), () => this.cmd(t("feedback.close"), "feedback.close", { card_id: card.id }), "quiet"),
          this.button(t("feedback.close_and_show"), () => this.cmd(t("feedback.show_group"), "feedback.reveal", { card_id: card.id })),
        ),
      );
    }
    const enough = card.answers >= card.k;
    const status = card.revealed
      ? t("feedback.shown")
      : enough
        ? t("feedback.facilitators_only")
        : t("feedback.too_few", { answers: card.answers, of: card.eligible, n: card.k });
    const toggle = card.revealed
      ? this.button(t("feedback.hide_group"), () => this.cmd(t("feedback.hide"), "feedback.hide", { card_id: card.id }), "quiet")
      : this.button(t("feedback.show_group"), () => this.cmd(t("feedback.show_group"), "feedback.reveal", { card_id: card.id }));
    toggle.hidden = !enough;
    const review = reviewComments(card, (question, index, show) =>
      this.cmd(
        show ? t("feedback.comment_show") : t("feedback.comment_hide"),
        show ? "feedback.comments_show" : "feedback.comments_hide",
        { card_id: card.id, question_id: question.id, comments: [index] },
      ),
    );
    render(
      this.current,
      title,
      h("p", { class: "fb-status" }, t("feedback.closed_status", { count: t("feedback.count", { n: card.answers, of: card.eligible }), status })),
      cardResults(card, { comments: false }),
      review,
      toggle,
    );
  }

  _earlier(cards) {
    const key = JSON.stringify(cards);
    if (key === this._drawn.earlier) return;
    this._drawn.earlier = key;
    this.earlierFold.hidden = cards.length === 0;
    fill(this.earlier, cards.map((c) => h("div", { class: "fb-past" }, h("h3", {}, cardTitle(c)), cardResults(c))));
  }
}
