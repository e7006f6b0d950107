// The self-report's own words, shared by the member's card, the console and the summary:
// severity bands, and a member's own score and trend in plain sentences. (The questionnaires'
// wording is not here: it comes from the server, see instruments.js.)

import { h } from "../core/dom.js";
import { locale, t } from "../core/i18n.js";

const BANDS = ["minimal", "mild", "moderate", "moderately_severe", "severe"];
const DIRECTIONS = ["lower", "higher", "same"];

export function bandLabel(band) {
  return BANDS.includes(band) ? t(`selfreport.band.${band}`) : band;
}

/** A member's own result for one instrument (`me.selfreport.own[key]`) as sentences:
 *  "Your PHQ-9 score this week is 12 (moderate)." "That is lower than last time." … */
export function ownSentences(name, own) {
  if (own.score === null) return [t("selfreport.own.no_score", { name })];
  const lines = [t("selfreport.own.score", { name, score: own.score, band: bandLabel(own.band) })];
  if (own.skipped) lines.push(t("selfreport.own.skipped"));
  if (DIRECTIONS.includes(own.since_last)) lines.push(t(`selfreport.own.last.${own.since_last}`));
  // With two scores, "since the start" is "since last time": said once.
  const scored = (own.series ?? []).filter((p) => p.score !== null).length;
  if (DIRECTIONS.includes(own.since_start) && scored > 2) {
    lines.push(t(`selfreport.own.start.${own.since_start}`));
  }
  return lines;
}

const lists = new Intl.ListFormat(locale, { style: "short", type: "unit" });

/** Names as the language lists them, each isolated (an Arabic name in an English sentence
 *  keeps its own direction): a span for tNodes(). */
export function nameList(names) {
  return h(
    "span",
    {},
    lists.formatToParts(names.map(String)).map((part) => (part.type === "element" ? h("bdi", {}, part.value) : part.value)),
  );
}
