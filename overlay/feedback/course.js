// facilitator-only
// Anonymous feedback across the course, for facilitators (the console's fold and the course
// summary page): one small chart per prompt, made by the server from aggregates that passed
// the threshold, and the CSV of counts. Fetched with the facilitator's token in the
// Authorization header, never in a URL.

import { h } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { questionText } from "./words.js";

export async function fetchWithToken(token, path) {
  // The page's language, so the server writes the charts' and the CSV's words in it.
  const headers = { Authorization: `Bearer ${token}`, "Accept-Language": document.documentElement.lang };
  const res = await fetch(path, { headers, cache: "no-store" });
  if (!res.ok) throw new Error((await res.json().catch(() => null))?.error?.message ?? t("core.server_answered", { status: res.status }));
  return res;
}

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
