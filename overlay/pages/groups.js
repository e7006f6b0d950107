// facilitator-only
// My groups: the groups a facilitator key created (GET /api/groups with the key this browser
// keeps, access/key.js), each a GroupCard: reopen its console, re-issue a member's link, add
// a member. Without a key (or with one that stopped working) the page asks for it.

import { fill, h } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { languagePicker } from "../core/language.js";
import { GroupCard } from "../access/group-card.js";
import { SignIn } from "../access/sign-in.js";

const app = document.getElementById("app");
const list = document.getElementById("group-list");
const section = document.getElementById("groups");
const limits = { members: Number(app.dataset.maxMembers), name: Number(app.dataset.maxName) };
document.getElementById("page-language").append(languagePicker());

const signIn = new SignIn({ onChange: show });
document.getElementById("sign-in").replaceWith(signIn.el);

function show(answer, { focus = false } = {}) {
  if (!answer || answer.groups === null) {
    section.hidden = true;
    fill(list);
    return;
  }
  const options = { key: () => signIn.key, refused: (err) => signIn.refused(err), limits };
  const cards = answer.groups.map((g) => new GroupCard(g, options));
  if (cards.length === 0) {
    fill(list, h("p", { class: "empty" }, t("groups.none"), " ", h("a", { href: "/" }, t("groups.start_one"))));
  } else fill(list, cards.map((c) => c.el));
  section.hidden = false;
  if (focus) (list.querySelector("button, a") ?? section).focus();
}

await signIn.start();
