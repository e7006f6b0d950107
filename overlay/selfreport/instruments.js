// The PHQ-9 and GAD-7 as the server publishes them (GET /api/instruments, no token: nothing of
// any group): their official wording in English and Spanish, scoring bands and reliable
// change, and Holdspace's default crisis line in every language. The instruments' own words
// reach a page only from here, never from the catalogs. Fetched once per page.

import { lang, t } from "../core/i18n.js";

let loading = null;

/** `{phq9: {name, items, max_score, bands, reliable_change, texts, crisis_text?}, gad7: …}`;
 *  a failed request is asked again on the next call. */
export function loadInstruments() {
  loading ??= fetch("/api/instruments", { headers: { "Accept-Language": lang } })
    .then((res) => {
      if (!res.ok) throw new Error(t("selfreport.load_failed"));
      return res.json();
    })
    .catch((err) => {
      loading = null;
      throw err;
    });
  return loading;
}

/** One instrument's wording (title, stem, options, items, credit) in the page's language. */
export function wording(instrument) {
  return instrument.texts[lang] ?? instrument.texts.en;
}

/** Holdspace's default line after an answer above 0 to PHQ-9 item 9, in the page's language. */
export function defaultCrisisText(instruments) {
  const texts = instruments.phq9.crisis_text;
  return texts[lang] ?? texts.en;
}
