// The display's feedback panel: while a card is open, only that members are answering
// (no count: on a shared screen it would let people time each other's answers); after
// the facilitator shows the group, the results.

import { fill, h } from "../core/dom.js";
import { cardResults } from "./results.js";

export class FeedbackBoard {
  constructor() {
    this.el = h("section", { class: "fb-board", "aria-label": "Feedback", "aria-live": "polite", hidden: true });
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
        h("h2", {}, card.title),
        h("p", { class: "fb-note" }, "Members are answering privately on their own screens."),
        h("ul", { class: "fb-asked" }, card.questions.map((q) => h("li", {}, q.text))),
      );
    }
    fill(this.el, h("h2", {}, `Results: ${card.title}`), cardResults(card));
  }
}
