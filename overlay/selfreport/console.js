// facilitator-only
// The clinician's view of the weekly self-report: per member and questionnaire the latest
// score and band, the change since the previous score and since the first (a reliable change
// marked, "▲ 6 (reliable)", with words for screen readers), a sparkline across the course,
// and who has not answered yet for this week's session. Named clinical data for the
// facilitators only: the view carries it to facilitators' pages alone.

import { fill, h, setText } from "../core/dom.js";
import { formatDate, formatTime, t, tNodes } from "../core/i18n.js";
import { pointsText, sparkline } from "./charts.js";
import { loadInstruments } from "./instruments.js";
import { bandLabel, nameList } from "./words.js";

const COLUMNS = ["member", "latest", "since_last", "since_start", "course"];

export class SelfReportScores {
  constructor({ errors }) {
    this.window = h("p", { class: "sr-window" });
    this.waiting = h("p", { class: "sr-waiting" });
    // One table per questionnaire, captioned with its name: narrow enough for a console
    // beside Zoom (420 px) without scrolling sideways.
    this.tables = h("div", { class: "sr-tables" });
    this.none = h("p", { class: "hint" }, t("selfreport.not_asked"));
    this.el = h(
      "section",
      { class: "card sr-console", "aria-labelledby": "sr-console-heading" },
      h("h2", { id: "sr-console-heading" }, t("selfreport.console_heading")),
      this.none,
      this.window,
      this.waiting,
      this.tables,
    );
    this.view = null;
    this.instruments = null;
    this.drawn = null;
    loadInstruments()
      .then((instruments) => {
        this.instruments = instruments;
        this._render();
      })
      .catch((err) => errors.show(err.message));
  }

  update({ view }) {
    this.view = view;
    this._render();
  }

  draw(now) {
    const sr = this.view?.selfreport;
    if (!sr) return null;
    setText(this.window, windowText(sr, now));
    return now !== null && sr.opens_at !== null && sr.opens_at > now ? sr.opens_at - now : null;
  }

  _render() {
    const view = this.view;
    const sr = view?.selfreport;
    if (!sr || !this.instruments) return;
    const key = JSON.stringify([sr, view.members, view.group.sessions_planned]);
    if (key === this.drawn) return;
    this.drawn = key;
    const names = Object.fromEntries(view.members.map((m) => [m.id, m.name]));
    this.none.hidden = sr.asked.length > 0;
    this.window.hidden = !sr.asked.length || sr.session === null;
    const waiting = sr.waiting.map((id) => names[id] ?? id);
    fill(this.waiting, waiting.length ? tNodes("selfreport.waiting", { n: waiting.length, names: nameList(waiting), session: sr.session }) : t("selfreport.all_answered", { session: sr.session }));
    this.waiting.hidden = !sr.asked.length || sr.session === null;
    // The questionnaires asked now, then any answered earlier in the course (the view's order).
    const used = [...new Set(view.members.flatMap((m) => Object.keys(sr.members[m.id] ?? {})))];
    fill(this.tables, used.map((instrument) => this._table(view, instrument)));
  }

  _table(view, instrument) {
    const sr = view.selfreport;
    return h(
      "div",
      { class: "sr-table-wrap" },
      h(
        "table",
        { class: "summary sr-scores", "data-instrument": instrument },
        h("caption", { class: "sr-caption" }, this.instruments[instrument].name),
        h("thead", {}, h("tr", {}, COLUMNS.map((col) => h("th", { scope: "col" }, t(`selfreport.col.${col}`))))),
        h(
          "tbody",
          {},
          view.members
            .filter((m) => sr.members[m.id]?.[instrument])
            .map((member) =>
              h(
                "tr",
                { "data-member": member.id, "data-instrument": instrument },
                h("th", { scope: "row", class: "sr-name" }, member.name),
                this._latest(sr, member.id, instrument),
                changeCell(sr.members[member.id][instrument].since_last, "since_last"),
                changeCell(sr.members[member.id][instrument].since_start, "since_start"),
                h("td", { class: "sr-course" }, this._spark(view, member, instrument)),
              ),
            ),
        ),
      ),
    );
  }

  _latest(sr, member, instrument) {
    const latest = sr.members[member][instrument].latest;
    const due = sr.session !== null && sr.asked.includes(instrument) && latest?.session !== sr.session;
    const parts = [];
    if (latest) {
      parts.push(
        h(
          "span",
          { class: "sr-score" },
          latest.score === null
            ? t("selfreport.no_score", { n: latest.skipped })
            : latest.skipped
              ? t("selfreport.score_band_skipped", { score: latest.score, band: bandLabel(latest.band), n: latest.skipped })
              : t("selfreport.score_band", { score: latest.score, band: bandLabel(latest.band) }),
        ),
      );
      if (latest.session !== sr.session) parts.push(h("span", { class: "hint" }, t("selfreport.in_session", { n: latest.session })));
    }
    if (due) parts.push(h("span", { class: "sr-due" }, t("selfreport.not_yet")));
    return h("td", { class: "sr-latest" }, parts.length ? parts : "–");
  }

  _spark(view, member, instrument) {
    const series = view.selfreport.members[member.id][instrument].series;
    if (!series.length) return "–";
    const name = this.instruments[instrument].name;
    return sparkline(series, {
      max: this.instruments[instrument].max_score,
      planned: view.group.sessions_planned,
      label: t("selfreport.spark_label", { name, member: member.name, points: pointsText(series) }),
    });
  }
}

/** When members may answer for this week's session: opens, open since, closed at. */
function windowText(sr, now) {
  if (sr.session === null || sr.opens_at === null) return "";
  const when = (ms) => t("selfreport.date_time", { date: formatDate(ms), time: formatTime(ms) });
  if (sr.closes_at !== null) return t("selfreport.window_closed", { session: sr.session, time: when(sr.closes_at) });
  if (now !== null && sr.opens_at <= now) return t("selfreport.window_open", { session: sr.session, time: when(sr.opens_at) });
  return t("selfreport.window_opens", { session: sr.session, time: when(sr.opens_at) });
}

/** "▲ 6 (reliable)" to the eye; "up 6 points since session 2, a reliable change" to a screen reader. */
function changeCell(change, which) {
  if (!change) return h("td", { class: `sr-change sr-${which}` }, "–");
  const n = Math.abs(change.change);
  const way = change.change > 0 ? "up" : change.change < 0 ? "down" : "same";
  const reliable = change.reliable ? "_reliable" : "";
  const cls = `sr-change sr-${which} sr-${way}${change.reliable ? " sr-reliable-change" : ""}`;
  return h(
    "td",
    { class: cls },
    h("span", { "aria-hidden": "true" }, t(`selfreport.change.${way}${reliable}`, { n })),
    h("span", { class: "sr-only" }, t(`selfreport.change_sr.${way}${reliable}`, { n, from: change.from_session })),
  );
}
