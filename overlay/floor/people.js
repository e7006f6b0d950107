// facilitator-only
// Who is here, in the console's Live tab: each member with their page's presence, the
// facilitator's own "is here" tick (someone on Zoom only counts as here for rounds and the
// floor), and giving the floor to anyone. Other panels may add a line under each member
// (`lines`): a member's weekly self-report score belongs there.

import { focusOn, h, render } from "../core/dom.js";
import { t, tNodes } from "../core/i18n.js";

/** The facilitator's "is here" marks over connection presence, shared by the floor panels. */
export class HereMarks {
  constructor() {
    this.marks = new Map();
  }

  connected(state) {
    return new Set(state.presence || state.view.members.map((m) => m.id));
  }

  isHere(state, id) {
    return this.marks.has(id) ? this.marks.get(id) : this.connected(state).has(id);
  }

  present(state) {
    return state.view.members.filter((m) => this.isHere(state, m.id)).map((m) => m.id);
  }

  set(id, here) {
    this.marks.set(id, here);
  }
}

export class WhoIsHere {
  /** lines: [(member, state) -> node | null], drawn under each member. */
  constructor({ conn, errors, here, lines = [] }) {
    this.conn = conn;
    this.errors = errors;
    this.here = here;
    this.lines = lines;
    this.list = h("ul", { class: "turns-people", "aria-labelledby": "people-heading" });
    this.el = h(
      "section",
      { class: "card turns people-card", "aria-labelledby": "people-heading" },
      h("h2", { id: "people-heading", class: "turns-heading" }, t("floor.who_is_here")),
      this.list,
    );
    this.state = null;
  }

  update(state) {
    this.state = state;
    this.el.hidden = state.view.session?.status !== "live" || !state.view.floor;
    if (this.el.hidden) return;
    this.rerender();
  }

  rerender() {
    const state = this.state;
    const turn = state.view.floor.turn;
    const connected = this.here.connected(state);
    render(
      this.list,
      state.view.members.map((m) =>
        h(
          "li",
          { class: connected.has(m.id) ? "turns-connected" : "turns-away", "data-member": m.id },
          h(
            "span",
            { class: "turns-who-here" },
            h("span", { class: "turns-name" }, m.name),
            h("span", { class: "turns-presence" }, connected.has(m.id) ? t("floor.connected") : t("floor.away")),
          ),
          // Shown as "is here" beside the name; read as "Ann is here".
          h(
            "label",
            {},
            h("input", { type: "checkbox", "data-key": `here-${m.id}`, checked: this.here.isHere(state, m.id), onchange: (e) => this.mark(m.id, e.target.checked) }),
            tNodes("floor.is_here", { name: h("span", { class: "sr-only" }, m.name) }),
          ),
          h(
            "button",
            {
              type: "button",
              class: "quiet",
              "data-key": `give-${m.id}`,
              "aria-label": t("floor.give_to", { name: m.name }),
              disabled: Boolean(turn && turn.member === m.id),
              onclick: () => this.give(m.id),
            },
            t("floor.give"),
          ),
          h("div", { class: "member-lines" }, this.lines.map((line) => line(m, state))),
        ),
      ),
    );
  }

  mark(id, here) {
    this.here.set(id, here);
    this.rerender();
  }

  async give(id) {
    const turn = this.state.view.floor.turn;
    await this.errors.run(null, this.conn.send("floor.give", { member: id, turn_id: turn ? turn.id : null }));
    // Their button is disabled now: the keyboard stays on their row.
    const doc = this.el.ownerDocument;
    if (!doc.activeElement || doc.activeElement === doc.body || doc.activeElement.disabled) {
      focusOn(this.list.querySelector(`[data-key="here-${id}"]`));
    }
  }
}
