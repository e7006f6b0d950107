// facilitator-only
// The start page: sign in with a facilitator key (access/sign-in.js), create a group through
// POST /api/groups with it, and show the group's links once, handed out safely
// (access/links.js). When this visitor may create without a key (loopback, no key made yet),
// the page says so discreetly and creates without one; a 401 then asks for the key, and the
// creation is tried again once it is given.

import { h, fill, setText } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { languagePicker } from "../core/language.js";
import { ApiError, call } from "../access/api.js";
import { groupLinks } from "../access/links.js";
import { SignIn } from "../access/sign-in.js";

const app = document.getElementById("app");
const form = document.getElementById("create");
const errorBox = document.getElementById("form-error");
const agenda = document.getElementById("agenda");
const memberCount = document.getElementById("member-count");
const maxMembers = Number(form.elements.members.dataset.max);
const open = app.dataset.open === "yes";
document.getElementById("start-language").append(languagePicker());

// ---- the key ---------------------------------------------------------------------------

let created = false;
let retry = false; // a creation refused for want of a key: tried again once one is given
const myGroups = h("a", { href: "/groups", class: "button quiet" }, t("access.my_groups"));
const signIn = new SignIn({ open, links: [myGroups], onChange: keyChanged });
document.getElementById("sign-in").replaceWith(signIn.el);

function keyChanged(answer, { focus = false } = {}) {
  const signedIn = answer !== null;
  document.getElementById("lost-note").hidden = !signedIn;
  if (created) return;
  // Where a key is needed, the form waits for one (a filled form refused for want of one stays).
  form.hidden = !signedIn && !open && !retry;
  if (signedIn && retry) {
    retry = false;
    form.requestSubmit();
  } else if (signedIn && focus) form.elements.name.focus();
}

// ---- the form ----------------------------------------------------------------------------

function members() {
  return form.elements.members.value
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

function showCount() {
  const n = members().length;
  if (n === 0) setText(memberCount, "");
  else if (n > maxMembers) setText(memberCount, t("start.members_too_many", { n, max: maxMembers, remove: n - maxMembers }));
  else setText(memberCount, t("start.members_count", { n }));
}

function agendaRows() {
  return Array.from(agenda.querySelectorAll("li"), (li) => ({
    title: li.querySelector('[name="title"]').value,
    minutes: Number(li.querySelector('[name="minutes"]').value),
    kind: li.querySelector('[name="kind"]').value,
  }));
}

/** Name each row's Remove button after its segment, so the buttons are told apart. */
function relabel() {
  for (const li of agenda.querySelectorAll("li")) {
    const title = li.querySelector('[name="title"]').value.trim();
    li.querySelector(".remove-segment").setAttribute("aria-label", title ? t("start.remove_segment", { title }) : t("start.remove_this_segment"));
  }
}

function showTotal() {
  relabel();
  const total = agendaRows().reduce((a, s) => a + (Number.isFinite(s.minutes) ? s.minutes : 0), 0);
  setText(document.getElementById("agenda-total"), t("clock.min", { n: total }));
}

agenda.addEventListener("click", (ev) => {
  const remove = ev.target.closest(".remove-segment");
  if (!remove) return;
  const li = remove.closest("li");
  const focusNext = li.nextElementSibling ?? li.previousElementSibling;
  li.remove();
  (focusNext?.querySelector("input") ?? document.getElementById("add-segment")).focus();
  showTotal();
});
agenda.addEventListener("input", showTotal);

document.getElementById("add-segment").addEventListener("click", () => {
  const model = agenda.querySelector("li");
  if (!model) return;
  const li = model.cloneNode(true);
  li.querySelector('[name="title"]').value = "";
  li.querySelector('[name="minutes"]').value = "10";
  li.querySelector('[name="kind"]').value = "discussion";
  agenda.append(li);
  li.querySelector("input").focus();
  showTotal();
});
// Keep one row as the model for new ones: the last row cannot be removed.
new MutationObserver(() => {
  const rows = agenda.querySelectorAll(".remove-segment");
  rows.forEach((b) => (b.disabled = rows.length === 1));
}).observe(agenda, { childList: true });

form.elements.members.addEventListener("input", showCount);
relabel();

let creating = false;
form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  if (creating) return;
  setText(errorBox, "");
  const names = members();
  if (names.length > maxMembers) {
    setText(errorBox, t("start.too_many", { max: maxMembers, n: names.length }));
    return;
  }
  const body = {
    name: form.elements.name.value,
    sessions: Number(form.elements.sessions.value),
    members: names,
    agenda: agendaRows(),
  };
  // Not `disabled`: a disabled button drops the keyboard focus.
  const submit = form.querySelector('button[type="submit"]');
  submit.setAttribute("aria-disabled", "true");
  creating = true;
  try {
    showLinks(await call("POST", "/api/groups", { key: signIn.key, body }));
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.aboutTheKey) {
      // Asked where the key goes; the group is created once the key is given.
      retry = true;
      signIn.refused(err);
    } else {
      setText(errorBox, err.status === 0 ? t("start.unreachable") : err.message);
    }
  } finally {
    creating = false;
    submit.removeAttribute("aria-disabled");
  }
});

function showLinks(data) {
  created = true;
  const status = document.getElementById("copy-status");
  const { el, text } = groupLinks(data.name, data.links, status);
  fill(document.getElementById("link-list"), h("p", { class: "group-name links-group" }, data.name), el);
  const download = document.getElementById("download");
  download.href = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  form.hidden = true;
  const section = document.getElementById("links");
  section.hidden = false;
  section.focus();
}

await signIn.start();
