// Results of a feedback card, for the console, the display and members after a reveal:
// per question, a small SVG bar per answer with its count, then the comments. A question
// with too few answers says so and shows nothing else.

import { h, svg } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { optionLabel, questionText } from "./words.js";

/** One row per option: label, bar (its share of the answers), count. */
function bars(question, result) {
  const total = Math.max(1, result.answered);
  const rows = question.options.map((_, i) => {
    const count = result.counts[i];
    const width = Math.round((100 * count) / total);
    const bar = svg(
      "svg",
      { class: "fb-bar", viewBox: "0 0 100 10", preserveAspectRatio: "none", "aria-hidden": "true", focusable: "false" },
      svg("rect", { x: 0, y: 0, width: 100, height: 10, class: "fb-bar-track" }),
      svg("rect", { x: 0, y: 0, width, height: 10, class: `fb-bar-fill fb-fill-${question.kind}-${i}` }),
    );
    return h(
      "li",
      { class: "fb-row" },
      h("span", { class: "fb-option" }, optionLabel(question, i)),
      bar,
      h("span", { class: "fb-count", "aria-label": t("results.count", { n: count, of: result.answered }) }, String(count)),
    );
  });
  return h("ul", { class: "fb-bars", "aria-label": t("results.answers_to", { question: questionText(question) }) }, rows);
}

/** The results of one question (`question.result` comes from the server's one gate). With
 *  `comments: false` the comments are left out (the console reviews them separately). */
export function questionResult(question, { comments = true } = {}) {
  const result = question.result;
  const head = h("h3", { class: "fb-question" }, questionText(question));
  if (result.state === "collecting") return h("div", { class: "fb-result" }, head, h("p", { class: "fb-note" }, t("results.collecting")));
  if (result.state !== "shown") return h("div", { class: "fb-result too-few" }, head, h("p", { class: "fb-note" }, t("results.too_few")));
  const parts = [head, h("p", { class: "fb-answered" }, t("results.answered", { n: result.answered }))];
  if (question.kind !== "text") parts.push(bars(question, result));
  if (comments && result.comments.length) {
    parts.push(
      h("p", { class: "fb-comments-head" }, question.kind === "text" ? t("results.answers_head") : t("results.comments_head")),
      h("ul", { class: "fb-comments" }, result.comments.map((c) => h("li", {}, c))),
    );
  }
  return h("div", { class: "fb-result" }, parts);
}

export function cardResults(card, options = {}) {
  return h("div", { class: "fb-results" }, card.questions.map((q) => questionResult(q, options)));
}

/** For facilitators: every comment of a closed card, each with a choice to show it to the
 *  group; nothing is shown to members or the display until it is chosen. */
export function reviewComments(card, choose) {
  const parts = [];
  for (const question of card.questions) {
    const result = question.result;
    if (result.state !== "shown") continue;
    const chosen = new Set(result.chosen ?? []);
    if (result.comments.length) {
      parts.push(
        h("h4", {}, t("feedback.review_head", { question: questionText(question) })),
        h(
          "ul",
          { class: "fb-review" },
          result.comments.map((text, i) => {
            // data-key: the console redraws on the new state and keeps the focus on this box.
            const box = h("input", { type: "checkbox", checked: chosen.has(i), "data-key": `review-${question.id}-${i}` });
            box.addEventListener("change", async () => {
              if (!(await choose(question, i, box.checked))) box.checked = !box.checked;
            });
            return h("li", {}, h("label", { class: "fb-check" }, box, h("bdi", {}, text), h("span", { class: "sr-only" }, t("feedback.show_this"))));
          }),
        ),
      );
    }
    if (result.withheld) parts.push(h("p", { class: "fb-note" }, t("feedback.withheld", { n: result.withheld, k: card.comment_k ?? 5 })));
  }
  if (!parts.length) return h("div", { class: "fb-review-box", hidden: true });
  return h("div", { class: "fb-review-box" }, h("p", { class: "fb-note" }, t("feedback.review_note")), parts);
}
