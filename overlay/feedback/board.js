// The display's feedback panel: while a card is open, only that members are answering
// (no count: on a shared screen it would let people time each other's answers); after
// the facilitator shows the group, the results.

import { fill, h } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { cardResults } from "./results.js";
import { cardTitle, questionText } from "./words.js";

export class FeedbackBoard {
  constructor() {
    this.el = h("section", { class: "fb-board", "aria-label": t("feedback.label"), "aria-live": "polite", hidden: true });
    this._drawn = null;
  }

  update({ view }) {
    const card = view.feedback?.card ?? null;
    const key = JSON.stringify(card);
    if (key === this._drawn) return;
    this._drawn = key;
    this.el.hidden = card === null;
    if (!card) return fill(this.el);
    if (card.status === "open") {
      return fill(
        this.el,
        h("h2", {}, cardTitle(card)),
        h("p", { class: "fb-note" }, t("feedback.board_note")),
        h("ul", { class: "fb-asked" }, card.questions.map((q) => h("li", {}, questionText(q)))),
      );
    }
    fill(this.el, h("h2", {}, t("feedback.results_title", { title: cardTitle(card) })), cardResults(card));
  }
}
