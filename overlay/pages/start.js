// facilitator-only
// The start page: create a group through POST /api/groups and show its links once.

import { h, fill, setText } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { languagePicker } from "../core/language.js";

const form = document.getElementById("create");
const errorBox = document.getElementById("form-error");
const agenda = document.getElementById("agenda");
const memberCount = document.getElementById("member-count");
const maxMembers = Number(form.elements.members.dataset.max);
document.getElementById("start-language").append(languagePicker());

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

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
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
  const submit = form.querySelector('button[type="submit"]');
  submit.disabled = true;
  try {
    const response = await fetch("/api/groups", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      setText(errorBox, data?.error?.message ?? t("start.server_answered", { status: response.status }));
      return;
    }
    showLinks(data);
  } catch {
    setText(errorBox, t("start.unreachable"));
  } finally {
    submit.disabled = false;
  }
});

function showLinks(data) {
  const { links } = data;
  const entries = [
    [t("start.link_facilitator"), links.facilitator],
    [t("start.link_cofacilitator"), links.cofacilitator],
    [t("start.link_display"), links.display],
    ...links.members.map((m) => [t("start.link_member", { name: m.name }), m.url]),
  ];
  const rows = entries.map(([label, url], i) => linkRow(label, url, i));
  fill(document.getElementById("link-list"), h("h3", {}, data.name), rows);
  const text = `${data.name}\n\n${entries.map(([label, url]) => `${label}\n${url}`).join("\n\n")}\n`;
  document.getElementById("copy-all").onclick = () => copy(text, t("start.copied_all"));
  const download = document.getElementById("download");
  download.href = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  form.hidden = true;
  const section = document.getElementById("links");
  section.hidden = false;
  section.focus();
}

function linkRow(label, url, i) {
  const id = `link-${i}`;
  const input = h("input", { type: "text", id, readonly: true, value: url, class: "link-url", spellcheck: "false" });
  input.addEventListener("focus", () => input.select());
  return h(
    "div",
    { class: "link-row" },
    h("label", { for: id }, label),
    h(
      "div",
      { class: "link-line" },
      input,
      h("button", { type: "button", "aria-label": t("start.copy_link", { label }), onclick: () => copy(url, t("start.copied", { label }), input) }, t("start.copy")),
      h("a", { href: url, target: "_blank", rel: "noopener noreferrer", class: "button quiet", "aria-label": t("start.open_link", { label }) }, t("start.open")),
    ),
  );
}

async function copy(text, done, input = null) {
  const status = document.getElementById("copy-status");
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard API (plain http on a LAN address): select the text for Ctrl+C.
    if (input) {
      input.focus();
      input.select();
      setText(status, t("start.press_copy"));
      return;
    }
    setText(status, t("start.copy_blocked"));
    return;
  }
  setText(status, done);
}
