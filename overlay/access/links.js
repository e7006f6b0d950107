// facilitator-only
// Handing a group's links out safely (issue 16). Each link sits on its own row with its own
// Copy button, and the rows are kept in three parts:
// - for facilitators only, under a warning: the console links (never into the group's chat);
// - for the members: "send each member only their own link", and "Copy all member links",
//   which copies the members' links and nothing else;
// - for screen sharing: the display.
// Used by the start page (a new group's links) and My groups (a re-issued or new link).

import { h, setText } from "../core/dom.js";
import { t, tNodes } from "../core/i18n.js";

let rows = 0;

/** One link: its label, the link in a read-only field (all selected on focus), "Copy", and
 *  "Open" when `open`. `name` (a member's) is shown isolated, in its own direction. Copying
 *  says so in `status` (a role=status line of the page). */
export function linkRow({ label, url, status, open = false, name = null, labelKey = null }) {
  const id = `link-${++rows}`;
  const input = h("input", {
    type: "text",
    id,
    readonly: true,
    value: url,
    class: "link-url",
    spellcheck: "false",
    autocomplete: "off",
  });
  input.addEventListener("focus", () => input.select());
  const shown = name !== null && labelKey ? tNodes(labelKey, { name: h("bdi", {}, name) }) : label;
  return h(
    "div",
    { class: "link-row" },
    h("label", { for: id }, shown),
    h(
      "div",
      { class: "link-line" },
      input,
      h(
        "button",
        {
          type: "button",
          class: "copy-link",
          "aria-label": t("access.copy_link", { label }),
          onclick: () => copyText(url, t("access.copied", { label }), status, input),
        },
        t("access.copy"),
      ),
      open
        ? h(
            "a",
            { href: url, target: "_blank", rel: "noopener noreferrer", class: "button quiet", "aria-label": t("access.open_link", { label }) },
            t("access.open"),
          )
        : null,
    ),
  );
}

/** Copy `text`; say `done` in `status`. Without a clipboard (plain http on a LAN address) the
 *  field is selected for Ctrl+C instead. */
export async function copyText(text, done, status, input = null) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    if (input) {
      input.focus();
      input.select();
      say(status, t("access.press_copy"));
    } else say(status, t("access.copy_blocked"));
    return false;
  }
  say(status, done);
  return true;
}

const SHOWN_MS = 8000;
const timers = new WeakMap();

/** A status line says the same sentence again (copying a second link, or the same twice),
 *  and clears itself after a while: it floats at the bottom of the window. */
function say(status, text) {
  setText(status, "");
  clearTimeout(timers.get(status));
  setTimeout(() => setText(status, text), 30);
  timers.set(status, setTimeout(() => setText(status, ""), SHOWN_MS));
}

/** The facilitators' part: a heading and the warning, then `rows`. */
export function facilitatorsPart(rowsIn, { heading = true } = {}) {
  return h(
    "section",
    { class: "links-part links-facilitators", "aria-label": heading ? null : t("access.for_facilitators") },
    heading ? h("h3", {}, t("access.for_facilitators")) : null,
    h("p", { class: "link-warning" }, t("access.facilitators_warning")),
    rowsIn,
  );
}

const labels = {
  facilitator: () => t("access.link_facilitator"),
  cofacilitator: () => t("access.link_cofacilitator"),
  display: () => t("access.link_display"),
  member: (name) => t("access.link_member", { name }),
};

/** A new group's links (the API's `links`), in their three parts; `status` says what was
 *  copied. Returns {el, text}: `text` is every link, by part, for the downloadable file. */
export function groupLinks(groupName, links, status) {
  const memberRows = links.members.map((m) =>
    linkRow({ label: labels.member(m.name), name: m.name, labelKey: "access.link_member", url: m.url, status }),
  );
  const copyAll = h(
    "button",
    { type: "button", class: "copy-members", onclick: () => copyText(membersText(groupName, links.members), t("access.copied_members"), status) },
    t("access.copy_members"),
  );
  const el = [
    facilitatorsPart([
      linkRow({ label: labels.facilitator(), url: links.facilitator, status, open: true }),
      linkRow({ label: labels.cofacilitator(), url: links.cofacilitator, status }),
    ]),
    h(
      "section",
      { class: "links-part links-members" },
      h("h3", {}, t("access.for_members")),
      h("p", { class: "hint" }, t("access.members_note")),
      memberRows,
      h("p", { class: "link-actions" }, copyAll),
    ),
    h(
      "section",
      { class: "links-part links-display" },
      h("h3", {}, t("access.for_screen")),
      h("p", { class: "hint" }, t("access.screen_note")),
      linkRow({ label: labels.display(), url: links.display, status, open: true }),
    ),
  ];
  return { el, text: allText(groupName, links) };
}

/** What "Copy all member links" copies: the members' links, nothing else. */
export function membersText(groupName, members) {
  const lines = members.map((m) => `${m.name}\n${m.url}`);
  return `${t("access.members_text_title", { group: groupName })}\n\n${lines.join("\n\n")}\n`;
}

function allText(groupName, links) {
  const block = (pairs) => pairs.map(([l, url]) => `${l}\n${url}`).join("\n\n");
  return [
    groupName,
    `${t("access.for_facilitators").toUpperCase()}\n${t("access.facilitators_warning")}\n\n${block([
      [labels.facilitator(), links.facilitator],
      [labels.cofacilitator(), links.cofacilitator],
    ])}`,
    `${t("access.for_members").toUpperCase()}\n${t("access.members_note")}\n\n${block(links.members.map((m) => [labels.member(m.name), m.url]))}`,
    `${t("access.for_screen").toUpperCase()}\n\n${block([[labels.display(), links.display]])}`,
  ].join("\n\n\n") + "\n";
}
