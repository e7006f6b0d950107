// facilitator-only
// The weekly self-report's settings (`selfreport.settings`): which questionnaires, how many
// minutes before the session members may answer, whether members see their own score and
// trend, and the crisis text and number a member reads after an answer above 0 to PHQ-9
// item 9; and when the next session is planned (`session.schedule`), from which the window
// opens. A state arriving while a facilitator edits a field leaves what they typed alone.

import { h, setText } from "../core/dom.js";
import { formatDate, formatTime, t } from "../core/i18n.js";
import { defaultCrisisText, loadInstruments } from "./instruments.js";

const CHOICES = ["none", "phq9", "gad7", "both"];
const MAX_MINUTES = 10080;

/** An instant as the value of an <input type=datetime-local>, in this browser's time zone. */
function localValue(ms) {
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export class SelfReportSettings {
  constructor({ conn, errors }) {
    this.conn = conn;
    this.errors = errors;
    this.radios = CHOICES.map((choice) => h("input", { type: "radio", name: "sr-instruments", value: choice, "data-choice": choice }));
    this.labels = this.radios.map((radio) => h("span", {}));
    this.minutes = h("input", { type: "number", id: "sr-opens-before", min: 0, max: MAX_MINUTES, step: 1, "aria-describedby": "sr-opens-before-hint" });
    this.showOwn = h("input", { type: "checkbox", id: "sr-show-own" });
    this.crisisText = h("textarea", { id: "sr-crisis-text", rows: 3, maxlength: 280, "aria-describedby": "sr-crisis-text-hint" });
    this.crisisNumber = h("input", { type: "text", id: "sr-crisis-number", maxlength: 40, autocomplete: "off", "aria-describedby": "sr-crisis-number-hint" });
    this.defaultHint = h("p", { class: "hint", id: "sr-crisis-text-hint" });
    this.saved = h("p", { class: "sr-saved", role: "status" });
    this.save = h("button", { type: "submit" }, t("selfreport.settings.save"));
    this.form = h(
      "form",
      { class: "sr-settings-form", "aria-labelledby": "sr-settings-heading", onsubmit: (ev) => this._save(ev), oninput: () => this._edited() },
      h(
        "fieldset",
        {},
        h("legend", {}, t("selfreport.settings.instruments")),
        this.radios.map((radio, i) => h("label", { class: "choice" }, radio, this.labels[i])),
      ),
      h("label", { for: "sr-opens-before" }, t("selfreport.settings.opens_before")),
      this.minutes,
      h("p", { class: "hint", id: "sr-opens-before-hint" }, t("selfreport.settings.opens_before_hint")),
      h("label", { class: "choice", for: "sr-show-own" }, this.showOwn, t("selfreport.settings.show_own")),
      h("label", { for: "sr-crisis-text" }, t("selfreport.settings.crisis_text")),
      this.crisisText,
      this.defaultHint,
      h("label", { for: "sr-crisis-number" }, t("selfreport.settings.crisis_number")),
      this.crisisNumber,
      h("p", { class: "hint", id: "sr-crisis-number-hint" }, t("selfreport.settings.crisis_number_hint")),
      h("div", { class: "control-row" }, this.save),
      this.saved,
    );

    this.planned = h("input", { type: "datetime-local", id: "sr-planned", "aria-describedby": "sr-planned-hint" });
    this.plannedLabel = h("label", { for: "sr-planned" });
    this.plannedHint = h("p", { class: "hint", id: "sr-planned-hint" });
    this.clear = h("button", { type: "button", class: "quiet", onclick: () => this._schedule(null) }, t("selfreport.schedule.clear"));
    this.plan = h(
      "form",
      { class: "sr-schedule", "aria-labelledby": "sr-schedule-heading", onsubmit: (ev) => this._plan(ev), oninput: () => (this.planEdited = true) },
      h("h3", { id: "sr-schedule-heading" }, t("selfreport.schedule.heading")),
      this.plannedLabel,
      this.planned,
      this.plannedHint,
      h("div", { class: "control-row" }, h("button", { type: "submit" }, t("selfreport.schedule.save")), this.clear),
    );
    this.el = h(
      "section",
      { class: "card sr-settings", "aria-labelledby": "sr-settings-heading" },
      h("h2", { id: "sr-settings-heading" }, t("selfreport.settings.heading")),
      this.form,
      this.plan,
    );
    this.settings = null;
    this.edited = false; // the settings form holds unsaved changes
    this.planEdited = false;
    this.planFor = null; // the session number the planned-time field is for
    this.instruments = null;
    loadInstruments()
      .then((instruments) => {
        this.instruments = instruments;
        this._words();
      })
      .catch((err) => errors.show(err.message));
  }

  /** The choices name the questionnaires as the server does ("PHQ-9 (depression)"). */
  _words() {
    const { phq9, gad7 } = this.instruments;
    const words = {
      none: t("selfreport.settings.none"),
      phq9: t("selfreport.settings.phq9", { name: phq9.name }),
      gad7: t("selfreport.settings.gad7", { name: gad7.name }),
      both: t("selfreport.settings.both", { phq9: phq9.name, gad7: gad7.name }),
    };
    CHOICES.forEach((choice, i) => setText(this.labels[i], words[choice]));
    setText(this.defaultHint, t("selfreport.settings.crisis_default", { text: defaultCrisisText(this.instruments) }));
  }

  update({ view }) {
    const settings = view.selfreport?.settings;
    if (!settings) return;
    const key = JSON.stringify(settings);
    if (key !== this.settings && !this.edited) this._fill(settings);
    this.settings = key;
    this._fillPlan(view);
  }

  _fill(settings) {
    for (const radio of this.radios) radio.checked = radio.value === settings.instruments;
    this.minutes.value = String(settings.opens_before);
    this.showOwn.checked = settings.show_own;
    this.crisisText.value = settings.crisis_text ?? "";
    this.crisisNumber.value = settings.crisis_number ?? "";
  }

  _edited() {
    this.edited = true;
    setText(this.saved, "");
  }

  async _save(ev) {
    ev.preventDefault();
    const minutes = Number(this.minutes.value);
    if (this.minutes.value === "" || !Number.isInteger(minutes) || minutes < 0 || minutes > MAX_MINUTES) {
      this.errors.show(t("selfreport.settings.minutes_invalid", { max: MAX_MINUTES }));
      this.minutes.focus();
      return;
    }
    const args = {
      instruments: this.radios.find((r) => r.checked)?.value ?? "none",
      opens_before: minutes,
      show_own: this.showOwn.checked,
      crisis_text: this.crisisText.value.trim() || null,
      crisis_number: this.crisisNumber.value.trim() || null,
    };
    this.save.disabled = true;
    const ok = await this.errors.run(t("selfreport.settings.save"), this.conn.send("selfreport.settings", args));
    this.save.disabled = false;
    this.save.focus();
    if (!ok) return;
    this.edited = false;
    this._fill(JSON.parse(this.settings));
    setText(this.saved, t("selfreport.settings.saved"));
  }

  // ---- the next session's planned time -------------------------------------------------------

  _fillPlan(view) {
    const next = view.course.week.next;
    this.plan.hidden = next === null;
    if (next === null) return;
    const at = view.course.schedule?.find((s) => s.number === next)?.at ?? null;
    setText(this.plannedLabel, t("selfreport.schedule.label", { n: next }));
    const sr = view.selfreport;
    const opens = sr && sr.session === next && sr.asked.length && sr.opens_at !== null ? sr.opens_at : null;
    setText(
      this.plannedHint,
      at === null
        ? t("selfreport.schedule.none")
        : opens !== null
          ? t("selfreport.schedule.planned_opens", { date: formatDate(at), time: formatTime(at), opens: t("selfreport.date_time", { date: formatDate(opens), time: formatTime(opens) }) })
          : t("selfreport.schedule.planned", { date: formatDate(at), time: formatTime(at) }),
    );
    this.clear.hidden = at === null;
    const key = `${next}:${at}`;
    if (key !== this.planFor && !this.planEdited) this.planned.value = at === null ? "" : localValue(at);
    this.planFor = key;
    this.next = next;
  }

  _plan(ev) {
    ev.preventDefault();
    const at = this.planned.value ? new Date(this.planned.value).getTime() : NaN;
    if (Number.isNaN(at)) {
      this.errors.show(t("selfreport.schedule.choose"));
      this.planned.focus();
      return;
    }
    this._schedule(at);
  }

  async _schedule(at) {
    const ok = await this.errors.run(t("selfreport.schedule.heading"), this.conn.send("session.schedule", { number: this.next, at }));
    if (!ok) return;
    this.planEdited = false;
    this.planFor = null;
    this._fillPlan(this.conn.state.view);
    // Cleared: the Clear button is gone; the field is where the keyboard continues.
    if (at === null) this.planned.focus();
  }
}
