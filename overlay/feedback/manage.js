// facilitator-only
// Less frequent feedback tasks in the console, folded away: the threshold k, the group's
// library, and results across the course (charts and a CSV of aggregates). Course results
// are fetched with the facilitator's token in the Authorization header, never in a URL.

import { fill, h } from "../core/dom.js";
import { courseCharts, courseSeries, downloadCsv } from "./course.js";

const KIND_WORDS = { agree: "scale", yesno: "yes/no", choice: "choice", text: "free text" };

export class FeedbackManager {
  constructor(conn, cmd) {
    this.conn = conn;
    this.cmd = cmd;
    this.k = h("input", { type: "number", min: 3, max: 12, "aria-label": "Fewest answers before results show" });
    this.list = h("ul", { class: "fb-library" });
    this.course = h("div", { class: "fb-course", "aria-live": "polite" });
    this.courseFold = h("details", { class: "fb-fold" }, h("summary", {}, "Across the course"), this.course);
    this.courseFold.addEventListener("toggle", () => this.courseFold.open && this.loadCourse());
    this.el = h(
      "div",
      { class: "fb-manage" },
      h(
        "details",
        { class: "fb-fold" },
        h("summary", {}, "Threshold and library"),
        h(
          "div",
          { class: "fb-k" },
          h("label", {}, "Show results from ", this.k, " answers"),
          h("button", { type: "button", class: "quiet", onclick: () => this.cmd("Threshold", "feedback.threshold", { k: Number(this.k.value) }) }, "Save"),
        ),
        h("p", { class: "hint" }, "Never fewer than 3: with fewer answers, people can tell who said what."),
        this.list,
        this.addForm(),
        h("button", { type: "button", class: "quiet", onclick: () => this.cmd("Restore", "feedback.library_reset", {}) }, "Restore built-in questions"),
      ),
      this.courseFold,
    );
    this._drawn = null;
    this._k = null;
  }

  addForm() {
    const kind = h("select", { "aria-label": "Kind of library question" }, Object.entries(KIND_WORDS).map(([v, l]) => h("option", { value: v }, l)));
    const text = h("input", { type: "text", maxlength: 200, "aria-label": "New library question", placeholder: "A new question for the library" });
    const options = h("input", { type: "text", "aria-label": "Options, separated by commas", hidden: true });
    kind.addEventListener("change", () => (options.hidden = kind.value !== "choice"));
    const add = async () => {
      const args = { kind: kind.value, text: text.value };
      if (kind.value === "choice") args.options = options.value.split(",").map((o) => o.trim()).filter(Boolean);
      if (await this.cmd("Add to library", "feedback.library_add", args)) text.value = options.value = "";
    };
    return h("div", { class: "fb-add" }, kind, text, options, h("button", { type: "button", class: "quiet", onclick: add }, "Add to library"));
  }

  update({ view }) {
    const fb = view.feedback;
    if (this._k !== fb.k) {
      this._k = fb.k;
      this.k.value = String(fb.k);
    }
    const key = JSON.stringify(fb.library);
    if (key === this._drawn) return;
    this._drawn = key;
    fill(this.list, fb.library.map((item) => this.row(item)));
  }

  /** A library prompt with Edit (its wording) and Remove. */
  row(item) {
    const li = h("li", {});
    const show = () =>
      fill(
        li,
        h("span", {}, `${item.text} (${KIND_WORDS[item.kind]})`),
        h("span", { class: "fb-row-actions" },
          h("button", { type: "button", class: "quiet small", "aria-label": `Edit “${item.text}”`, onclick: edit }, "Edit"),
          h("button", {
            type: "button",
            class: "quiet small",
            "aria-label": `Remove “${item.text}” from the library`,
            onclick: () => this.cmd("Remove", "feedback.library_remove", { item_id: item.id }),
          }, "Remove"),
        ),
      );
    const edit = () => {
      const text = h("input", { type: "text", maxlength: 200, value: item.text, "aria-label": "Wording of this question" });
      const save = async () => {
        if (await this.cmd("Edit", "feedback.library_update", { item_id: item.id, text: text.value })) show();
      };
      fill(li, text, h("span", { class: "fb-row-actions" },
        h("button", { type: "button", class: "quiet small", "aria-label": "Save the new wording", onclick: save }, "Save"),
        h("button", { type: "button", class: "quiet small", onclick: show }, "Cancel"),
      ));
      text.focus();
    };
    show();
    return li;
  }

  async loadCourse() {
    const token = this.conn.token;
    fill(this.course, h("p", { class: "hint" }, "Loading…"));
    try {
      const series = await courseSeries(token);
      const charts = await courseCharts(token, series);
      const csv = h("button", { type: "button", class: "quiet", onclick: () => this.download() }, "Download CSV (counts only)");
      const refresh = h("button", { type: "button", class: "quiet", onclick: () => this.loadCourse() }, "Refresh");
      fill(
        this.course,
        series.length ? charts : h("p", { class: "hint" }, "No results yet: a question shows here once it closed with enough answers."),
        h("div", { class: "control-row" }, csv, refresh),
      );
    } catch (err) {
      fill(this.course, h("p", { class: "error" }, `Course results: ${err.message}`));
    }
  }

  async download() {
    try {
      await downloadCsv(this.conn.token);
    } catch (err) {
      fill(this.course, h("p", { class: "error" }, `CSV: ${err.message}`));
    }
  }
}
