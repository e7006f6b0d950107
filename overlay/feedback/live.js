// facilitator-only
// Anonymous feedback, compact, in the console's Live tab: ask the group one question from the
// library; while a card is open, only whether k answers are in (never the running count) and
// Close / Close and show; once closed, one line and the way to its results and comments, which
// live in the Feedback tab (feedback/console.js) with the library, surveys and course results.

import { fill, focusOn, h, setText } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { fillLibrary, progressText } from "./console.js";
import { cardTitle } from "./words.js";

export class LiveFeedback {
  /** openTab(id): show another tab of the console (the Feedback tab). */
  constructor({ conn, errors, openTab }) {
    this.conn = conn;
    this.errors = errors;
    this.openTab = openTab;
    this.pick = h("select", { class: "fb-live-pick", "aria-label": t("feedback.from_library") });
    this.ask = h("button", { type: "button", onclick: () => this.askLibrary() }, t("feedback.ask_group"));
    this.askRow = h("div", { class: "fb-live-ask" }, this.pick, this.ask);
    this.count = h("p", { class: "fb-live-count", "aria-live": "polite" });
    this.body = h("div", { class: "fb-live-body" });
    this.el = h(
      "section",
      { class: "card fb-live", "aria-labelledby": "fb-live-head" },
      h("h2", { id: "fb-live-head" }, t("feedback.heading")),
      this.body,
      this.askRow,
    );
    this.drawn = { library: null, card: null };
  }

  update(state) {
    const view = state.view;
    this.el.hidden = view.session?.status !== "live";
    const fb = view.feedback;
    const key = JSON.stringify(fb.library);
    if (key !== this.drawn.library) {
      this.drawn.library = key;
      fillLibrary(this.pick, fb.library, fb.topics);
    }
    const open = fb.cards.find((c) => c.status === "open") ?? null;
    const latest = open ?? fb.cards.at(-1) ?? null;
    this.askRow.hidden = open !== null;
    if (open) setText(this.count, progressText(open, state.presence));
    const cardKey = latest ? JSON.stringify([latest.id, latest.status, latest.revealed, latest.answers, latest.enough && latest.status !== "open"]) : "";
    if (cardKey === this.drawn.card) return;
    this.drawn.card = cardKey;
    if (!latest) return fill(this.body);
    const title = h("h3", { class: "fb-live-title" }, cardTitle(latest));
    if (open) {
      return fill(
        this.body,
        title,
        this.count,
        h(
          "div",
          { class: "control-row" },
          h("button", { type: "button", class: "quiet", "data-focus": "close", onclick: () => this.cmd(t("feedback.close"), "feedback.close", { card_id: open.id }) }, t("feedback.close")),
          h("button", { type: "button", onclick: () => this.cmd(t("feedback.show_group"), "feedback.reveal", { card_id: open.id }) }, t("feedback.close_and_show")),
        ),
      );
    }
    const status = latest.revealed ? t("feedback.shown") : latest.answers >= latest.k ? t("feedback.facilitators_only") : t("feedback.too_few", { answers: latest.answers, of: latest.eligible, n: latest.k });
    fill(
      this.body,
      title,
      h("p", { class: "fb-live-status" }, t("feedback.closed_status", { count: t("feedback.count", { n: latest.answers, of: latest.eligible }), status })),
      h("button", { type: "button", class: "quiet", "data-local": "", "data-focus": "results", onclick: () => this.openTab("feedback") }, t("feedback.see_results")),
    );
  }

  askLibrary() {
    if (this.pick.value) this.cmd(t("feedback.ask"), "feedback.open", { questions: [{ library: this.pick.value }] });
  }

  /** Send a command, then put the keyboard on what comes next: Close while the card is open,
   *  the way to its results once it closed (the buttons pressed have gone). */
  async cmd(label, name, args) {
    const ok = await this.errors.run(label, this.conn.send(name, args));
    if (ok) focusOn(() => this.body.querySelector('[data-focus="close"]'), () => this.body.querySelector('[data-focus="results"]'), this.pick);
    return ok;
  }
}
