// The member's weekly check-in (PHQ-9 and/or GAD-7, as the group asks): a calm card before
// the session, shown only while the window is open by the server's clock (`opens_at` <= now
// < `closes_at`; no `closes_at` yet: open until the session leaves its first segment). One
// question at a time — a radio group whose legend is the question, the stem as its
// description, Back / Skip / Next, "Question 3 of 9" — then a last look and Send. The last
// answers sent in the window count, so the card offers to change them after sending, and
// says the member's own score and trend in plain words when a facilitator allows it.
//
// After an answer above 0 to PHQ-9 item 9, the server adds `crisis` to this member's part:
// a calm note with the group's crisis text (or the default line in the page's language) and
// number, which takes the focus when it appears after sending. It stays while `crisis` does
// (until the session it was for ends), window open or not: it is help, not a question.
//
// The questionnaires' wording comes from the server (instruments.js), never the catalogs.

import { fill, h, render } from "../core/dom.js";
import { formatTime, t, tNodes } from "../core/i18n.js";
import { defaultCrisisText, loadInstruments, wording } from "./instruments.js";
import { ownSentences } from "./words.js";

const MINUTES_PER_QUESTIONNAIRE = 2;

export class SelfReportCard {
  constructor({ conn, errors }) {
    this.conn = conn;
    this.errors = errors;
    this.crisis = h("section", { class: "sr-crisis", "aria-labelledby": "sr-crisis-heading", tabindex: "-1", hidden: true });
    this.body = h("div", { class: "sr-body" });
    this.card = h("section", { class: "card sr-card", "aria-labelledby": "sr-heading", hidden: true }, this.body);
    this.el = h("div", { class: "sr-home", hidden: true }, this.crisis, this.card);
    this.sr = null; // me.selfreport
    this.now = null;
    this.instruments = null;
    this.step = null; // null (the card), an index into this.items, or "review"
    this.draft = {}; // {instrument: [0–3 | null | undefined, …]}
    this.flow = null; // "session:asked" the open form was made for
    this.closedOn = null; // the session whose window closed while its form was open
    this.shown = null;
    this.crisisShown = null;
    loadInstruments()
      .then((instruments) => {
        this.instruments = instruments;
        this.render();
      })
      .catch((err) => this.errors.show(err.message));
  }

  update({ me }) {
    this.sr = me?.selfreport ?? null;
    const flow = this.sr ? `${this.sr.session}:${this.sr.asked.join(",")}` : null;
    if (this.step !== null && flow !== this.flow) this.step = null;
    this.render();
  }

  draw(now) {
    // Only the clock can open or close the window between states; nothing else here moves.
    const was = this._open();
    this.now = now;
    if (this._open() !== was) this.render();
    const sr = this.sr;
    if (!sr || now === null) return null;
    const next = [sr.opens_at, sr.closes_at].filter((at) => at !== null && at > now);
    return next.length ? Math.min(...next) - now : null;
  }

  /** Open by the server's clock: opens_at <= now < closes_at (none yet: open-ended). */
  _open() {
    const sr = this.sr;
    if (!sr || this.now === null || sr.opens_at === null || sr.session === null) return false;
    return sr.opens_at <= this.now && (sr.closes_at === null || this.now < sr.closes_at);
  }

  get items() {
    return this.sr.asked.flatMap((key) => Array.from({ length: this.instruments[key].items }, (_, i) => ({ key, i })));
  }

  _phase() {
    const sr = this.sr;
    if (!sr || !this.instruments || !sr.asked.length) return "none";
    if (!this._open()) {
      if (this.step !== null) {
        this.closedOn = sr.session;
        this.step = null;
      }
      return this.closedOn !== null && this.closedOn === sr.session ? "closed" : "none";
    }
    this.closedOn = null;
    if (this.step === "review") return "review";
    if (this.step !== null) return `item:${this.step}`;
    const done = sr.asked.every((key) => sr.sent[key]);
    return done ? `sent:${JSON.stringify([sr.sent, sr.own])}` : `intro:${sr.asked.join(",")}`;
  }

  render() {
    this._renderCrisis();
    const phase = this._phase();
    this.card.hidden = phase === "none";
    this.el.hidden = this.card.hidden && this.crisis.hidden;
    if (phase === this.shown) return;
    this.shown = phase;
    // ownerDocument, not document: the card may live in a pop-out window.
    const had = this.body.contains(this.body.ownerDocument.activeElement);
    const [kind] = phase.split(":");
    if (kind === "none") fill(this.body);
    // render() keeps the focus on a control with the same data-key (a state that changes
    // what is shown must not throw the keyboard back to the top).
    else if (kind === "intro") render(this.body, this._intro());
    else if (kind === "item") render(this.body, this._item(this.step));
    else if (kind === "review") render(this.body, this._review());
    else if (kind === "sent") render(this.body, this._sent());
    else render(this.body, h("h2", { id: "sr-heading" }, t("selfreport.heading")), h("p", { class: "sr-note", tabindex: "-1", "data-focus": "" }, t("selfreport.closed_unsent")));
    // The window closed under the keyboard: it goes to the sentence that says so.
    if (had && !this.body.contains(this.body.ownerDocument.activeElement)) this.body.querySelector("[data-focus]")?.focus();
  }

  // ---- the card before answering ----------------------------------------------------------

  _intro() {
    const asked = this.sr.asked;
    const questions = asked.reduce((n, key) => n + this.instruments[key].items, 0);
    const start = h("button", { type: "button", class: "sr-start", "data-key": "start", "data-focus": "", onclick: () => this._begin() }, t("selfreport.start"));
    return [
      h("h2", { id: "sr-heading" }, t("selfreport.intro_title", { n: asked.length * MINUTES_PER_QUESTIONNAIRE })),
      h("p", {}, t("selfreport.intro_text", { n: questions })),
      h("p", { class: "sr-note" }, t("selfreport.only_facilitators")),
      h("div", { class: "sr-actions" }, start),
    ];
  }

  _begin() {
    const sr = this.sr;
    this.draft = Object.fromEntries(
      sr.asked.map((key) => [key, sr.sent[key] ? [...sr.sent[key].answers] : Array(this.instruments[key].items).fill(undefined)]),
    );
    this.flow = `${sr.session}:${sr.asked.join(",")}`;
    this._go(0);
  }

  /** Show step `step` (an item's index or "review") and put the focus where it continues. */
  _go(step) {
    this.errors.show("");
    this.step = step;
    this.render();
    if (step === "review") this.body.querySelector(".sr-send")?.focus();
    else if (step === null) this.body.querySelector("[data-focus]")?.focus();
    else (this.body.querySelector("input:checked") ?? this.body.querySelector("input[type=radio]"))?.focus();
  }

  // ---- one question ------------------------------------------------------------------------

  _item(index) {
    const { key, i } = this.items[index];
    const instrument = this.instruments[key];
    const words = wording(instrument);
    const chosen = this.draft[key][i];
    const radios = words.options.map((_, value) =>
      h("input", {
        type: "radio",
        name: `sr-${key}-${i}`,
        value: String(value),
        checked: chosen === value,
        onchange: () => {
          this.draft[key][i] = value;
        },
      }),
    );
    const progress =
      this.sr.asked.length > 1
        ? t("selfreport.progress_named", { name: instrument.name, n: i + 1, total: instrument.items })
        : t("selfreport.progress", { n: i + 1, total: instrument.items });
    const form = h(
      "form",
      { class: "sr-form", "aria-labelledby": "sr-heading", onsubmit: (ev) => this._next(ev, index, radios) },
      h("p", { class: "sr-stem", id: "sr-stem" }, words.stem),
      h(
        "fieldset",
        { class: "sr-item", role: "radiogroup", "aria-describedby": "sr-stem" },
        h("legend", {}, words.items[i]),
        h(
          "div",
          { class: "sr-options" },
          radios.map((radio, value) => h("label", { class: "sr-option" }, radio, h("span", {}, words.options[value]))),
        ),
      ),
      h(
        "div",
        { class: "sr-actions" },
        h("button", { type: "button", class: "quiet", "data-key": "back", onclick: () => this._go(index === 0 ? null : index - 1) }, t("selfreport.back")),
        h("button", { type: "button", class: "quiet", "data-key": "skip", onclick: () => this._skip(index) }, t("selfreport.skip")),
        h("button", { type: "submit", "data-key": "next" }, t("selfreport.next")),
      ),
    );
    return [
      h("h2", { id: "sr-heading", class: "sr-progress" }, progress),
      form,
      h("p", { class: "sr-credit" }, words.credit),
    ];
  }

  _next(ev, index, radios) {
    ev.preventDefault();
    const picked = radios.find((r) => r.checked);
    if (!picked) {
      this.errors.show(t("selfreport.choose_or_skip"));
      radios[0].focus();
      return;
    }
    const { key, i } = this.items[index];
    this.draft[key][i] = Number(picked.value);
    this._go(index + 1 < this.items.length ? index + 1 : "review");
  }

  _skip(index) {
    const { key, i } = this.items[index];
    this.draft[key][i] = null;
    this._go(index + 1 < this.items.length ? index + 1 : "review");
  }

  // ---- a last look, and sending --------------------------------------------------------------

  _review() {
    const lines = this.sr.asked.map((key) => {
      const answers = this.draft[key];
      const answered = answers.filter((a) => a !== null && a !== undefined).length;
      const name = this.instruments[key].name;
      return h(
        "li",
        {},
        answered === answers.length
          ? t("selfreport.review_all", { name, n: answered })
          : t("selfreport.review_some", { name, n: answered, total: answers.length }),
      );
    });
    const send = h("button", { type: "button", class: "sr-send", "data-key": "send", "aria-describedby": "sr-review", onclick: () => this._send(send) }, t("selfreport.send"));
    return [
      h("h2", { id: "sr-heading" }, t("selfreport.review_title")),
      h("ul", { class: "sr-review", id: "sr-review" }, lines),
      h("p", { class: "sr-note" }, t("selfreport.only_facilitators")),
      h(
        "div",
        { class: "sr-actions" },
        h("button", { type: "button", class: "quiet", "data-key": "back", onclick: () => this._go(this.items.length - 1) }, t("selfreport.back")),
        send,
      ),
    ];
  }

  async _send(button) {
    button.disabled = true;
    for (const key of this.sr.asked) {
      const answers = this.draft[key].map((a) => (a === undefined ? null : a));
      const sent = this.conn.send("selfreport.submit", { instrument: key, answers });
      if (!(await this.errors.run(t("selfreport.send"), sent))) {
        button.disabled = false;
        button.focus();
        return;
      }
    }
    this.step = null;
    this.render();
    // The state showing what was sent came before the acknowledgement: the crisis note, if
    // the answers call for it, is on screen now and takes the focus; else the thanks.
    if (!this.crisis.hidden) this.crisis.focus();
    else this.body.querySelector("[data-focus]")?.focus();
  }

  // ---- after sending -----------------------------------------------------------------------

  _sent() {
    const sr = this.sr;
    const at = Math.max(...sr.asked.map((key) => sr.sent[key].at));
    const own = sr.own
      ? sr.asked.flatMap((key) => {
          const mine = sr.own[key];
          return mine && mine.session === sr.session ? ownSentences(this.instruments[key].name, mine) : [];
        })
      : [];
    return [
      h("h2", { id: "sr-heading" }, t("selfreport.heading")),
      h("p", { class: "sr-thanks", tabindex: "-1", "data-key": "thanks", "data-focus": "" }, t("selfreport.thanks", { time: formatTime(at) })),
      own.length ? h("div", { class: "sr-own" }, own.map((line) => h("p", {}, line)), h("p", { class: "sr-note" }, t("selfreport.own.meaning"))) : null,
      h("p", { class: "sr-note" }, t("selfreport.change_until")),
      h("div", { class: "sr-actions" }, h("button", { type: "button", class: "quiet", "data-key": "change", onclick: () => this._begin() }, t("selfreport.change_answers"))),
    ];
  }

  // ---- the crisis note -----------------------------------------------------------------------

  _renderCrisis() {
    const crisis = this.instruments ? (this.sr?.crisis ?? null) : null;
    this.crisis.hidden = crisis === null;
    const key = JSON.stringify(crisis);
    if (key === this.crisisShown) return;
    this.crisisShown = key;
    if (crisis === null) return fill(this.crisis);
    const text = crisis.custom ? crisis.text : defaultCrisisText(this.instruments);
    const number = crisis.number?.trim();
    fill(
      this.crisis,
      h("h2", { id: "sr-crisis-heading" }, t("selfreport.crisis.heading")),
      h("p", { class: "sr-crisis-text" }, text),
      number
        ? h("p", {}, h("a", { class: "button sr-call", href: `tel:${number.replace(/[^\d+*#]/g, "")}` }, tNodes("selfreport.crisis.call", { number: h("bdi", {}, number) })))
        : null,
      h("p", { class: "sr-note" }, t("selfreport.crisis.seen")),
    );
  }
}
