// The page's language picker: a small calm select, each language named in itself ("Español"),
// so a person finds their own whatever the page is in now. Choosing reloads the page in it.

import { h } from "./dom.js";
import { LANGUAGES, lang, setLanguage, t } from "./i18n.js";

export function languagePicker() {
  return h(
    "select",
    { class: "lang-select", "aria-label": t("core.language"), onchange: (ev) => setLanguage(ev.target.value) },
    LANGUAGES.map((l) => h("option", { value: l.code, lang: l.code, selected: l.code === lang }, l.name)),
  );
}
