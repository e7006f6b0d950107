// facilitator-only
// Anonymous feedback across the course, for facilitators (the console's fold and the course
// summary page): one small chart per prompt, made by the server from aggregates that passed
// the threshold, and the CSV of counts. Fetched with the facilitator's token in the
// Authorization header, never in a URL.

import { fetchWithToken } from "../core/connection.js";
import { h } from "../core/dom.js";
import { questionText } from "./words.js";

const base = (token) => `/api/groups/${token.split(".")[0]}/feedback`;

/** The series of the course (each {key, kind, text, options, points}). */
export async function courseSeries(token) {
  return (await (await fetchWithToken(token, `${base(token)}/course`)).json()).series;
}

/** A figure per series: the server's SVG chart and the prompt as caption. */
export async function courseCharts(token, series) {
  return Promise.all(
    series.map(async (s) => {
      const text = await (await fetchWithToken(token, `${base(token)}/chart/${encodeURIComponent(s.key)}.svg`)).text();
      // Parsed as SVG, not HTML, and only this server's own chart is ever inserted.
      const svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
      return h("figure", { class: "fb-chart-box" }, document.importNode(svg, true), h("figcaption", {}, questionText(s)));
    }),
  );
}

/** Save the CSV of counts (never comments) as a file. */
export async function downloadCsv(token) {
  const blob = await (await fetchWithToken(token, `${base(token)}/course.csv`)).blob();
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: "feedback.csv", hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
