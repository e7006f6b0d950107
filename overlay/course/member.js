// The course on the member overlay: the group agreements (to acknowledge the first time),
// last week's homework at check-in, my goal and this week's homework. Nothing here shows
// anyone else's goal or homework. (The discreet signal to the facilitators is signal.js.)

import { fill, focusOn, h, setText } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { agreementText, focusLabel } from "./text.js";

/** The last homework a member set, shown at the next session's check-in. */
export class LastWeekCard {
  constructor() {
    this.el = h("section", { class: "card last-homework", "aria-label": t("member.last_homework"), hidden: true });
  }

  update({ view, me }) {
    if (!me) return;
    const last = me.course.homework.last;
    const live = view.session?.status === "live";
    this.el.hidden = !live || !last;
    if (this.el.hidden) return;
    const heading = last.session === view.session.number - 1 ? t("member.last_week_set") : t("member.session_set", { n: last.session });
    fill(
      this.el,
      h("h2", {}, heading),
      h("p", { class: "homework-text" }, last.text),
      h("p", { class: "hint" }, t("member.how_did_it_go")),
    );
  }
}

export class GoalCard {
  constructor() {
    this.el = h("section", { class: "card my-goal", "aria-label": t("member.my_goal"), hidden: true });
  }

  update({ me }) {
    if (!me) return;
    const goal = me.course.goal;
    this.el.hidden = !goal;
    if (!goal) return;
    fill(
      this.el,
      h("h2", {}, t("member.my_goal")),
      goal.areas.length ? h("p", { class: "goal-areas" }, goal.areas.map(focusLabel).join(" · ")) : null,
      goal.text ? h("p", { class: "goal-text" }, goal.text) : null,
    );
  }
}

export class AgreementsCard {
  constructor({ conn, errors }) {
    this.conn = conn;
    this.errors = errors;
    this.list = h("ol", { class: "agreement-list" });
    this.heading = h("h2", { id: "agreements-heading" }, t("course.our_agreements"));
    this.intro = h("p", { class: "hint" });
    this.button = h("button", { type: "button", onclick: () => this._ack() }, t("member.agreements_read"));
    this.open = h("section", { class: "card agreements", "aria-labelledby": "agreements-heading" }, this.heading, this.intro, this.list, this.button);
    this.foldList = h("ol", { class: "agreement-list" });
    this.fold = h("details", { class: "agreements-fold" }, h("summary", {}, t("course.agreements")), this.foldList);
    this.el = h("div", {}, this.open, this.fold);
    this.revision = null;
  }

  update({ view, me }) {
    if (!me) return;
    const agreements = view.course.agreements;
    const acked = me.course.agreements_ack;
    this.revision = agreements.revision;
    const needed = acked !== agreements.revision;
    this.open.hidden = !needed;
    this.fold.hidden = needed;
    setText(this.intro, acked === null ? t("member.agreements_first") : t("member.agreements_updated"));
    for (const list of [this.list, this.foldList]) fill(list, agreements.items.map((_, i) => h("li", {}, agreementText(agreements, i))));
  }

  async _ack() {
    this.button.disabled = true;
    const ok = await this.errors.run(null, this.conn.send("agreements.ack", { revision: this.revision }));
    this.button.disabled = false;
    // The card folded away: the keyboard goes to the folded agreements, still there to re-read.
    if (ok) focusOn(this.fold.querySelector("summary"));
  }
}

export class HomeworkCard {
  constructor({ conn, errors }) {
    this.conn = conn;
    this.errors = errors;
    this.heading = h("h2", { id: "homework-heading" }, t("member.homework_heading"));
    this.current = h("p", { class: "homework-text" });
    this.input = h("textarea", { id: "homework-input", rows: "2", maxlength: "240", "aria-describedby": "homework-help" });
    this.help = h("p", { class: "hint", id: "homework-help" }, t("member.homework_help"));
    this.save = h("button", { type: "submit" }, t("member.homework_save"));
    this.edit = h("button", { type: "button", class: "quiet", "data-local": "", onclick: () => this._editing(true) }, t("member.homework_change"));
    this.status = h("p", { class: "hint", role: "status" });
    this.form = h(
      "form",
      { class: "homework-form", onsubmit: (ev) => this._submit(ev) },
      h("label", { for: "homework-input" }, t("member.homework_label")),
      this.input,
      this.help,
      this.save,
    );
    this.historyList = h("ol", { class: "homework-history" });
    this.history = h("details", { class: "homework-fold" }, h("summary", {}, t("member.homework_history")), this.historyList);
    this.el = h("section", { class: "card homework", "aria-labelledby": "homework-heading", hidden: true }, this.heading, this.current, this.edit, this.form, this.status, this.history);
    this.editing = false;
    this.week = null;
  }

  update({ view, me }) {
    if (!me) return;
    const session = view.session;
    const homework = me.course.homework;
    const mine = homework.this;
    // Homework is set in the homework segment, or after the session, until next week starts;
    // at other times the card stays out of the way unless there is something to show.
    const seg = session?.status === "live" ? session.segments[session.current] : null;
    // By the segment's kind, never its title (any title, in any language).
    const now = Boolean(session) && (session.status !== "live" || seg?.kind === "homework");
    this.el.hidden = !session || (!now && !mine);
    if (this.week !== session?.number) {
      this.week = session?.number;
      setText(this.status, "");
    }
    if (this.el.hidden) return;
    this.el.classList.toggle("now", now);
    setText(this.current, mine ? mine.text : "");
    this.current.hidden = !mine || this.editing;
    this.edit.hidden = !mine || this.editing;
    this.form.hidden = Boolean(mine) && !this.editing;
    if (mine && mine.by === "facilitator") setText(this.status, t("member.homework_by_facilitator"));
    const past = homework.history.filter((hw) => hw.session !== session.number);
    this.history.hidden = past.length === 0;
    fill(this.historyList, past.map((hw) => h("li", {}, h("span", { class: "hint" }, t("course.session_prefix", { n: hw.session })), h("bdi", {}, hw.text))));
  }

  _editing(on) {
    this.editing = on;
    if (on) {
      this.input.value = this.current.textContent;
      this.form.hidden = false;
      this.current.hidden = this.edit.hidden = true;
      this.input.focus();
    }
  }

  async _submit(ev) {
    ev.preventDefault();
    const text = this.input.value.trim();
    if (!text) {
      this.errors.show(t("member.homework_empty"));
      return;
    }
    this.save.disabled = true;
    if (await this.errors.run(null, this.conn.send("homework.set", { text }))) {
      this.editing = false;
      this.input.value = "";
      setText(this.status, t("member.homework_saved"));
      this.update(this.conn.state);
      focusOn(this.edit, this.current);
    }
    this.save.disabled = false;
  }
}
