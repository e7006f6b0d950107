// facilitator-only
// The self-report's small SVG charts, built as DOM (colours come from static/selfreport.css):
// the console's sparkline of one member's scores across the course, and the summary page's
// trend chart with the instrument's severity bands shaded lightly and reliable changes marked.
// Each is role=img with a sentence a screen reader reads instead; the summary adds a table.

import { svg } from "../core/dom.js";
import { formatList, t } from "../core/i18n.js";
import { bandLabel } from "./words.js";

/** Runs of consecutive sessions with a score: a skipped week breaks the line. */
function runs(points) {
  const out = [];
  let run = [];
  for (const p of points) {
    if (p.score === null) {
      if (run.length) out.push(run);
      run = [];
    } else run.push(p);
  }
  if (run.length) out.push(run);
  return out;
}

/** "session 1: 8, session 2: 14" */
export function pointsText(points) {
  return formatList(points.map((p) => (p.score === null ? t("selfreport.point_none", { n: p.session }) : t("selfreport.point", { n: p.session, score: p.score }))));
}

/** Changes between a scored point and the one scored before it, marked when reliable. */
export function reliableChanges(points, reliable) {
  const scored = points.filter((p) => p.score !== null);
  const out = [];
  for (let i = 1; i < scored.length; i++) {
    const change = scored[i].score - scored[i - 1].score;
    if (Math.abs(change) >= reliable) out.push({ session: scored[i].session, from: scored[i - 1].session, change });
  }
  return out;
}

/** A tiny line of one member's scores by session (1 … planned), 0 at the bottom, the
 *  instrument's maximum at the top; the last score is a dot. */
export function sparkline(points, { max, planned, label }) {
  const width = 96;
  const height = 28;
  const pad = 3;
  const x = (session) => pad + ((session - 1) / Math.max(1, planned - 1)) * (width - 2 * pad);
  const y = (score) => height - pad - (score / max) * (height - 2 * pad);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": label, class: "sr-spark" });
  root.append(svg("line", { x1: pad, x2: width - pad, y1: height - pad, y2: height - pad, class: "sr-spark-base" }));
  for (const run of runs(points)) {
    if (run.length > 1) root.append(svg("polyline", { points: run.map((p) => `${x(p.session)},${y(p.score)}`).join(" "), class: "sr-spark-line" }));
  }
  const last = [...points].reverse().find((p) => p.score !== null);
  if (last) root.append(svg("circle", { cx: x(last.session), cy: y(last.score), r: 2.5, class: "sr-spark-dot" }));
  return root;
}

/** The summary's chart of one member's scores on one instrument: sessions across, the score
 *  up, each severity band a light shade with its name at the end, reliable changes ringed. */
export function trendChart(points, instrument, { planned, label }) {
  const left = 28;
  const right = 150;
  const top = 8;
  const plot = 150;
  const step = 34;
  const width = left + Math.max(1, planned - 1) * step + 16 + right;
  const height = top + plot + 24;
  const max = instrument.max_score;
  const x = (session) => left + 8 + (session - 1) * step;
  const y = (score) => top + plot - (score / max) * plot;
  const end = x(planned) + 8;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": label, class: "chart sr-trend" });
  instrument.bands.forEach((band, i) => {
    const y1 = y(Math.min(max, band.high + 0.5));
    const y2 = y(Math.max(0, band.low - 0.5));
    root.append(svg("rect", { x: left, y: y1, width: end - left, height: y2 - y1, class: `sr-band sr-band-${i}` }));
    root.append(svg("text", { x: end + 6, y: (y1 + y2) / 2 + 4, class: "axis" }, bandLabel(band.key)));
  });
  for (const score of [0, max]) root.append(svg("text", { x: left - 4, y: y(score) + 4, class: "axis", "text-anchor": "end" }, score));
  for (let s = 1; s <= planned; s++) root.append(svg("text", { x: x(s), y: top + plot + 16, class: "axis", "text-anchor": "middle" }, s));
  for (const run of runs(points)) {
    if (run.length > 1) root.append(svg("polyline", { points: run.map((p) => `${x(p.session)},${y(p.score)}`).join(" "), class: "sr-trend-line" }));
  }
  const marked = new Map(reliableChanges(points, instrument.reliable_change).map((c) => [c.session, c]));
  for (const p of points) {
    if (p.score === null) continue;
    const change = marked.get(p.session);
    const dot = svg("circle", { cx: x(p.session), cy: y(p.score), r: 4, class: "sr-trend-dot" });
    dot.append(svg("title", {}, t("selfreport.point", { n: p.session, score: p.score })));
    root.append(dot);
    if (change) root.append(svg("circle", { cx: x(p.session), cy: y(p.score), r: 9, class: change.change > 0 ? "sr-reliable sr-up" : "sr-reliable sr-down" }));
  }
  return root;
}
