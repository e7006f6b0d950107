// facilitator-only
// The console's two agendas: the live session's (while one runs) and the one for coming
// sessions, which folds away during a session because the live one matters then.

import { h, setText } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { AgendaEditor } from "./agenda-editor.js";

export class SessionAgenda {
  constructor({ conn, errors }) {
    this.editor = new AgendaEditor({ conn, errors, scope: "session", label: t("agenda.this_session") });
    this.el = h("section", { class: "card agenda-card" }, h("h2", {}, t("agenda.this_session")), this.editor.el);
    this.session = null;
  }

  update({ view }) {
    this.session = view.session?.status === "live" ? view.session : null;
    this.el.hidden = !this.session;
  }

  draw(now) {
    if (this.session) this.editor.draw(this.session.segments, this.session, now);
    return null;
  }
}

export class ComingAgenda {
  constructor({ conn, errors }) {
    this.editor = new AgendaEditor({ conn, errors, scope: "template", label: t("agenda.coming") });
    this.head = h("h2", {}, t("agenda.coming"));
    this.summary = h("summary", {}, t("agenda.coming"));
    this.fold = h("details", { class: "template-fold" }, this.summary, this.editor.el);
    this.el = h("section", { class: "card agenda-card" }, this.head, this.fold);
    this.template = [];
    this.wasLive = null;
  }

  update({ view }) {
    const s = view.session;
    const isLive = s?.status === "live";
    this.template = view.template ?? [];
    setText(this.head, t("agenda.for_session", { n: (s?.number ?? 0) + 1 }));
    this.head.hidden = isLive;
    this.summary.hidden = !isLive;
    // Open between sessions; folded once when a session starts, then as the facilitator leaves it.
    if (!isLive) this.fold.open = true;
    else if (this.wasLive !== isLive) this.fold.open = false;
    this.wasLive = isLive;
    // The template has no clock: it is drawn when a state brings it, not on every tick.
    this.editor.draw(this.template, null, null);
  }
}
