// The course on the member overlay: the group agreements (to acknowledge the first time),
// last week's homework at check-in, my goal and this week's homework. Nothing here shows
// anyone else's goal or homework. (The discreet signal to the facilitators is signal.js.)

import { fill, h, setText } from "../core/dom.js";
import { focusLabel } from "./text.js";

/** The last homework a member set, shown at the next session's check-in. */
export class LastWeekCard {
  constructor() {
    this.el = h("section", { class: "card last-homework", "aria-label": "Last week's homework", hidden: true });
  }

  update({ view, me }) {
    if (!me) return;
    const last = me.course.homework.last;
    const live = view.session?.status === "live";
    this.el.hidden = !live || !last;
    if (this.el.hidden) return;
    const when = last.session === view.session.number - 1 ? "Last week" : `In session ${last.session}`;
    fill(
      this.el,
      h("h2", {}, `${when} you set yourself`),
      h("p", { class: "homework-text" }, last.text),
      h("p", { class: "hint" }, "How did it go? You can tell the group at check-in."),
    );
  }
}

export class GoalCard {
  constructor() {
    this.el = h("section", { class: "card my-goal", "aria-label": "My goal", hidden: true });
  }

  update({ me }) {
    if (!me) return;
    const goal = me.course.goal;
    this.el.hidden = !goal;
    if (!goal) return;
    fill(
      this.el,
      h("h2", {}, "My goal"),
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
    this.heading = h("h2", { id: "agreements-heading" }, "Our group agreements");
    this.intro = h("p", { class: "hint" });
    this.button = h("button", { type: "button", onclick: () => this._ack() }, "I have read the agreements");
    this.open = h("section", { class: "card agreements", "aria-labelledby": "agreements-heading" }, this.heading, this.intro, this.list, this.button);
    this.foldList = h("ol", { class: "agreement-list" });
    this.fold = h("details", { class: "agreements-fold" }, h("summary", {}, "Group agreements"), this.foldList);
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
    setText(this.intro, acked === null ? "Please read these before we begin." : "The agreements were updated. Please read them again.");
    for (const list of [this.list, this.foldList]) fill(list, agreements.items.map((text) => h("li", {}, text)));
  }

  async _ack() {
    this.button.disabled = true;
    await this.errors.run(null, this.conn.send("agreements.ack", { revision: this.revision }));
    this.button.disabled = false;
  }
}

export class HomeworkCard {
  constructor({ conn, errors }) {
    this.conn = conn;
    this.errors = errors;
    this.heading = h("h2", { id: "homework-heading" }, "My homework for this week");
    this.current = h("p", { class: "homework-text" });
    this.input = h("textarea", { id: "homework-input", rows: "2", maxlength: "240", "aria-describedby": "homework-help" });
    this.help = h("p", { class: "hint", id: "homework-help" }, "A small task toward your goal, in your own words. Only you and the facilitators see it.");
    this.save = h("button", { type: "submit" }, "Save my homework");
    this.edit = h("button", { type: "button", class: "quiet", onclick: () => this._editing(true) }, "Change");
    this.status = h("p", { class: "hint", role: "status" });
    this.form = h(
      "form",
      { class: "homework-form", onsubmit: (ev) => this._submit(ev) },
      h("label", { for: "homework-input" }, "Your homework"),
      this.input,
      this.help,
      this.save,
    );
    this.historyList = h("ol", { class: "homework-history" });
    this.history = h("details", { class: "homework-fold" }, h("summary", {}, "My homework so far"), this.historyList);
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
    const now = Boolean(session) && (session.status !== "live" || /homework/i.test(seg?.title ?? ""));
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
    if (mine && mine.by === "facilitator") setText(this.status, "Your facilitator wrote this down for you.");
    const past = homework.history.filter((hw) => hw.session !== session.number);
    this.history.hidden = past.length === 0;
    fill(this.historyList, past.map((hw) => h("li", {}, h("span", { class: "hint" }, `Session ${hw.session}: `), hw.text)));
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
      this.errors.show("Write your homework first.");
      return;
    }
    this.save.disabled = true;
    if (await this.errors.run(null, this.conn.send("homework.set", { text }))) {
      this.editing = false;
      this.input.value = "";
      setText(this.status, "Saved. You will see it again at next week's check-in.");
      this.update(this.conn.state);
    }
    this.save.disabled = false;
  }
}
