// facilitator-only
// One group on My groups (pages/groups.js): its name, sessions held of planned, live now, the
// day it will be deleted; "Open console" (a new console link: the old one stops working),
// each member with "New link" (the old one stops working at once), and "Add a member".
// A change that replaces a link asks first, saying what stops working; the new link then
// shows on its own row with its own Copy button (access/links.js). Links are shown only here
// and now: the server keeps their hashes.

import { fill, h, setText } from "../core/dom.js";
import { formatDate, t, tNodes } from "../core/i18n.js";
import { ApiError, call } from "./api.js";
import { facilitatorsPart, linkRow } from "./links.js";

export class GroupCard {
  /** `key()`: the key to send; `refused(err)`: the page's answer to a refusal about the key;
   *  `limits`: a group's most members and a name's most characters. */
  constructor(group, { key, refused, limits }) {
    this.group = group;
    this.key = key;
    this.refused = refused;
    this.maxMembers = limits.members;
    const id = `group-${group.id}`;
    this.error = h("p", { class: "error", role: "alert" });
    this.status = h("p", { class: "hint copy-status", role: "status" });
    this.consoleButton = h(
      "button",
      { type: "button", class: "open-console", "aria-label": t("groups.open_console_of", { group: group.name }), onclick: () => this.askConsole() },
      t("groups.open_console"),
    );
    this.consolePart = h("div", { class: "console-part" });
    this.memberList = h("ul", { class: "member-list", "aria-labelledby": `${id}-members` });
    this.nameInput = h("input", { type: "text", name: "name", autocomplete: "off", required: true, maxlength: limits.name, id: `${id}-new` });
    this.el = h(
      "article",
      { class: "card group-card", "aria-labelledby": `${id}-name` },
      h("h2", { id: `${id}-name`, class: "group-name" }, group.name),
      facts(group),
      h("div", { class: "console-line" }, this.consoleButton),
      this.consolePart,
      h("h3", { id: `${id}-members` }, t("groups.members")),
      h("p", { class: "hint" }, t("access.members_note")),
      this.memberList,
      h(
        "form",
        { class: "add-member", onsubmit: (ev) => this.addMember(ev) },
        h("label", { class: "field", for: `${id}-new` }, h("span", {}, t("groups.add_member")), this.nameInput),
        h("button", { type: "submit" }, t("groups.add")),
      ),
      this.error,
      this.status,
    );
    fill(this.memberList, group.members.map((m) => this.memberItem(m)));
  }

  /** A request of this card: its refusal said in the card (or, about the key, by the page). */
  async request(method, path, options = {}) {
    setText(this.error, "");
    try {
      return await call(method, path, { key: this.key(), ...options });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.aboutTheKey) this.refused(err);
      else setText(this.error, err.message);
      return null;
    }
  }

  // ---- the console -------------------------------------------------------------------

  askConsole() {
    const go = h("button", { type: "button", class: "confirm", onclick: () => this.newConsole(go) }, t("groups.console_confirm"));
    const cancel = h("button", { type: "button", class: "quiet", onclick: () => this.closeConsole() }, t("core.cancel"));
    fill(this.consolePart, h("div", { class: "confirm-box" }, h("p", {}, t("groups.console_warning")), h("div", { class: "control-row" }, go, cancel)));
    this.consoleButton.hidden = true;
    go.focus();
  }

  closeConsole() {
    fill(this.consolePart);
    this.consoleButton.hidden = false;
    this.consoleButton.focus();
  }

  async newConsole(button) {
    if (button.getAttribute("aria-disabled") === "true") return;
    button.setAttribute("aria-disabled", "true");
    const answer = await this.request("POST", `/api/groups/${this.group.id}/console`);
    button.removeAttribute("aria-disabled");
    if (!answer) return;
    const label = t("groups.console_link", { group: this.group.name });
    fill(
      this.consolePart,
      facilitatorsPart([linkRow({ label, url: answer.facilitator, status: this.status, open: true })], { heading: false }),
    );
    this.consoleButton.hidden = false;
    this.consolePart.querySelector("a.button").focus();
  }

  // ---- members -----------------------------------------------------------------------

  memberItem(member) {
    const more = h("div", { class: "member-more" });
    const button = h(
      "button",
      { type: "button", class: "quiet new-link", "aria-label": t("groups.new_link_for", { name: member.name }), onclick: () => this.askLink(member, button, more) },
      t("groups.new_link"),
    );
    return h("li", { class: "member-item" }, h("div", { class: "member-line" }, h("bdi", { class: "member-name" }, member.name), button), more);
  }

  askLink(member, button, more) {
    const go = h(
      "button",
      { type: "button", class: "confirm", "aria-label": t("groups.new_link_confirm_for", { name: member.name }), onclick: () => this.newLink(member, button, more, go) },
      t("groups.new_link_confirm"),
    );
    const cancel = h(
      "button",
      {
        type: "button",
        class: "quiet",
        onclick: () => {
          fill(more);
          button.hidden = false;
          button.focus();
        },
      },
      t("core.cancel"),
    );
    const warning = tNodes("groups.new_link_warning", { name: h("bdi", {}, member.name) });
    fill(more, h("div", { class: "confirm-box" }, h("p", {}, warning), h("div", { class: "control-row" }, go, cancel)));
    button.hidden = true;
    go.focus();
  }

  async newLink(member, button, more, go) {
    if (go.getAttribute("aria-disabled") === "true") return;
    go.setAttribute("aria-disabled", "true");
    const path = `/api/groups/${this.group.id}/members/${encodeURIComponent(member.id)}/link`;
    const answer = await this.request("POST", path, { sentences: { conflict: t("groups.card_open") } });
    go.removeAttribute("aria-disabled");
    if (!answer) return;
    this.showLink(more, answer.member);
    button.hidden = false;
  }

  showLink(more, member) {
    const label = t("access.link_member", { name: member.name });
    fill(more, linkRow({ label, name: member.name, labelKey: "access.link_member", url: member.url, status: this.status }));
    more.querySelector(".copy-link").focus();
  }

  async addMember(ev) {
    ev.preventDefault();
    const name = this.nameInput.value.trim();
    if (name === "") {
      setText(this.error, t("groups.name_needed"));
      this.nameInput.focus();
      return;
    }
    if (this.group.members.length >= this.maxMembers) {
      setText(this.error, t("groups.full", { max: this.maxMembers }));
      return;
    }
    if (this.adding) return;
    this.adding = true;
    const answer = await this.request("POST", `/api/groups/${this.group.id}/members`, { body: { name } });
    this.adding = false;
    if (!answer) {
      this.nameInput.focus();
      return;
    }
    this.group.members.push({ id: answer.member.id, name: answer.member.name });
    this.nameInput.value = "";
    const item = this.memberItem(answer.member);
    this.memberList.append(item);
    this.showLink(item.querySelector(".member-more"), answer.member);
  }
}

function facts(group) {
  const parts = [
    h("span", {}, t("groups.sessions_held", { held: group.sessions_held, n: group.sessions_planned })),
    group.live ? h("span", { class: "live-badge" }, t("groups.live")) : null,
    h("span", {}, t("groups.deletes_on", { date: formatDate(group.deletes_at) })),
  ];
  return h("p", { class: "group-facts" }, parts);
}
