// Feedback's built-in words in the reader's language: a built-in library prompt nobody edited
// (the view flags it `builtin`), its answer labels, the agreement and yes/no scales, the
// default card titles and the library's topics. What a facilitator wrote is shown as written.
// Answers count by option index, so the same card read in two languages counts together.

import { english, t } from "../core/i18n.js";

const SCALES = { agree: 5, yesno: 2 };
/** The kinds of question a facilitator may write. */
export const KINDS = ["agree", "yesno", "choice", "text"];

/** A question's (or a library item's) wording for this reader. */
export function questionText(q) {
  return q.builtin ? t(`library.${q.source ?? q.id}`) : q.text;
}

/** Answer option `i` of question `q`: the scales are always built-in words. */
export function optionLabel(q, i) {
  if (q.kind in SCALES) return t(`answers.${q.kind}.${i}`);
  return q.builtin ? t(`library.${q.source ?? q.id}.option.${i}`) : q.options[i];
}

export function cardTitle(card) {
  return card.builtin_title ? t(`feedback.title.${card.builtin_title}`) : card.title;
}

export function topicLabel(topic) {
  return t(`library.topic.${topic}`);
}

/** What to send for a built-in prompt's wording edited in the reader's language: unchanged
 *  words go back as the built-in wording, so the prompt stays built-in for every reader. */
export function canonicalText(item, text) {
  const key = `library.${item.id}`;
  return item.builtin && text === t(key) ? english(key) : text;
}
