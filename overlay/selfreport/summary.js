// facilitator-only
// The course summary's self-report section: per member and questionnaire, a trend chart
// across the course (bands shaded, reliable changes ringed; role=img with a sentence) and the
// scores as a table for anyone who reads rather than looks. From the summary's `selfreport`
// `{instruments, members: {id: {instrument: [{session, score, band, skipped}]}}}`.

import { fill, h } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { pointsText, reliableChanges, trendChart } from "./charts.js";
import { loadInstruments } from "./instruments.js";
import { bandLabel } from "./words.js";

const COLUMNS = ["session", "score", "band", "change"];

/** The section's content; it fills in once the instruments' data has arrived. */
export function selfReportTrends(selfreport, members, planned) {
  const box = h("div", { class: "sr-summary" });
  if (!selfreport?.instruments.length) {
    box.append(h("p", { class: "hint" }, t("selfreport.summary_none")));
    return box;
  }
  box.append(h("p", { class: "hint" }, t("core.loading")));
  loadInstruments()
    .then((instruments) =>
      fill(box, h("p", { class: "hint" }, t("selfreport.summary_legend")), h("div", { class: "sr-members" }, members.map((m) => memberTrends(m, selfreport, instruments, planned)))),
    )
    .catch((err) => fill(box, h("p", { class: "error" }, err.message)));
  return box;
}

function memberTrends(member, selfreport, instruments, planned) {
  const series = selfreport.members[member.id] ?? {};
  return h(
    "article",
    { class: "member-history sr-member", "aria-label": member.name },
    h("h3", { class: "sr-name" }, member.name),
    selfreport.instruments.map((key) => {
      const points = series[key] ?? [];
      const instrument = instruments[key];
      if (!points.length) return h("p", { class: "hint" }, t("selfreport.summary_no_answers", { name: instrument.name }));
      return h("div", { class: "sr-trend-box" }, h("h4", {}, instrument.name), trendChart(points, instrument, { planned: Math.max(planned, ...points.map((p) => p.session)), label: chartLabel(member, instrument, points) }), scoresTable(points, instrument));
    }),
  );
}

/** "PHQ-9 for Ann: session 1: 8, session 2: 14. Reliable change: up 6 in session 2." */
function chartLabel(member, instrument, points) {
  const changes = reliableChanges(points, instrument.reliable_change);
  const label = t("selfreport.trend_label", { name: instrument.name, member: member.name, points: pointsText(points) });
  if (!changes.length) return label;
  const words = changes.map((c) => t(c.change > 0 ? "selfreport.reliable_up" : "selfreport.reliable_down", { n: Math.abs(c.change), session: c.session }));
  return t("selfreport.trend_label_reliable", { label, changes: words.join(" ") });
}

function scoresTable(points, instrument) {
  let previous = null;
  const rows = points.map((p) => {
    let change = "";
    if (p.score !== null) {
      if (previous !== null) change = changeText(p.score - previous, instrument.reliable_change);
      previous = p.score;
    }
    return h(
      "tr",
      {},
      h("th", { scope: "row" }, p.session),
      h("td", {}, p.score === null ? t("selfreport.no_score", { n: p.skipped }) : p.skipped ? t("selfreport.score_skipped", { score: p.score, n: p.skipped }) : p.score),
      h("td", {}, p.band ? bandLabel(p.band) : "–"),
      h("td", {}, change),
    );
  });
  return h(
    "details",
    { class: "sr-table-fold" },
    h("summary", {}, t("selfreport.summary_table", { name: instrument.name })),
    h(
      "table",
      { class: "summary" },
      h("thead", {}, h("tr", {}, COLUMNS.map((col) => h("th", { scope: "col" }, t(`selfreport.summary_col.${col}`))))),
      h("tbody", {}, rows),
    ),
  );
}

/** "▲ 6 (reliable)", "▼ 2", "no change": the change since the previous score. */
function changeText(change, reliable) {
  const way = change > 0 ? "up" : change < 0 ? "down" : "same";
  const marked = Math.abs(change) >= reliable && change !== 0 ? "_reliable" : "";
  return t(`selfreport.change.${way}${marked}`, { n: Math.abs(change) });
}
