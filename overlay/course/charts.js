// facilitator-only
// Small SVG charts for the course summary, built as DOM (no inline script or style: colours
// come from classes in static/course.css). Each chart has a text alternative beside it.

import { svg } from "../core/dom.js";
import { formatList, formatPercent, t } from "../core/i18n.js";

/** A labelled chart root: role img with a summary a screen reader reads instead. */
function frame(width, height, label) {
  return svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": label, class: "chart" });
}

/** Sessions across, members down: a dot where the member was there. */
export function attendanceChart(members, sessions) {
  const cell = 30;
  const left = 90;
  const width = left + Math.max(1, sessions.length) * cell + 8;
  const height = 20 + members.length * cell;
  const root = frame(width, height, t("charts.attendance", { counts: formatList(members.map((m) => t("charts.attended", { name: m.name, n: m.attended.length, of: sessions.length }))) }));
  sessions.forEach((s, j) => root.append(svg("text", { x: left + j * cell + cell / 2, y: 12, class: "axis", "text-anchor": "middle" }, s.number)));
  members.forEach((m, i) => {
    const y = 20 + i * cell + cell / 2;
    root.append(svg("text", { x: left - 6, y: y + 4, class: "axis", "text-anchor": "end" }, m.name));
    sessions.forEach((s, j) => {
      const here = s.attended.includes(m.id);
      root.append(svg("circle", { cx: left + j * cell + cell / 2, cy: y, r: here ? 10 : 4, class: here ? `s${i % 12}` : "absent" }));
    });
  });
  return root;
}

/** One bar per session, split by each member's share of the floor time. */
export function floorTimeChart(members, sessions) {
  const barW = 28;
  const gap = 10;
  const top = 8;
  const barH = 140;
  const width = 30 + sessions.length * (barW + gap);
  const root = frame(width, top + barH + 20, t("charts.speaking_share"));
  sessions.forEach((s, j) => {
    const total = Object.values(s.airtime ?? {}).reduce((a, b) => a + b, 0);
    const x = 30 + j * (barW + gap);
    let y = top + barH;
    members.forEach((m, i) => {
      const ms = s.airtime?.[m.id] ?? 0;
      if (!total || !ms) return;
      const height = (ms / total) * barH;
      y -= height;
      const rect = svg("rect", { x, y, width: barW, height, class: `s${i % 12}` });
      rect.append(svg("title", {}, t("charts.share_in_session", { name: m.name, share: formatPercent(Math.round((ms / total) * 100) / 100), n: s.number })));
      root.append(rect);
    });
    root.append(svg("text", { x: x + barW / 2, y: top + barH + 14, class: "axis", "text-anchor": "middle" }, s.number));
  });
  root.append(svg("text", { x: 0, y: top + 10, class: "axis" }, formatPercent(1)));
  return root;
}

/** Horizontal bars: how many in-depth turns each member has had. */
export function countChart(members, key, label) {
  const rowH = 20;
  const left = 90;
  const max = Math.max(1, ...members.map((m) => m[key] ?? 0));
  const scale = 160 / max;
  const root = frame(left + 200, members.length * rowH + 6, label);
  members.forEach((m, i) => {
    const y = 3 + i * rowH;
    const n = m[key] ?? 0;
    root.append(svg("text", { x: left - 6, y: y + 13, class: "axis", "text-anchor": "end" }, m.name));
    root.append(svg("rect", { x: left, y, width: Math.max(1, n * scale), height: rowH - 6, class: `s${i % 12}` }));
    root.append(svg("text", { x: left + n * scale + 6, y: y + 13, class: "axis" }, n));
  });
  return root;
}

export function legend(members) {
  const root = document.createElement("ul");
  root.className = "legend";
  members.forEach((m, i) => {
    const li = document.createElement("li");
    const key = svg("svg", { width: 12, height: 12, "aria-hidden": "true" }, svg("rect", { width: 12, height: 12, class: `s${i % 12}` }));
    li.append(key, ` ${m.name}`);
    root.append(li);
  });
  return root;
}
