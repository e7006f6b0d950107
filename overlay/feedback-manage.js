// Less frequent feedback tasks in the console, folded away: the threshold k, the group's
// library, and results across the course (charts and a CSV of aggregates). Course results
// are fetched with the facilitator's token in the Authorization header, never in a URL.

import { fill, h, setText } from "./dom.js";

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
          { class: "control-row" },
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
    const text = h("input", { type: "text", maxlength: 200, "aria-label": "New library question" });
    const options = h("input", { type: "text", "aria-label": "Options, separated by commas", hidden: true });
    kind.addEventListener("change", () => (options.hidden = kind.value !== "choice"));
    const add = async () => {
      const args = { kind: kind.value, text: text.value };
      if (kind.value === "choice") args.options = options.value.split(",").map((o) => o.trim()).filter(Boolean);
      if (await this.cmd("Add to library", "feedback.library_add", args)) text.value = options.value = "";
    };
    return h("div", { class: "control-row fb-add" }, kind, text, options, h("button", { type: "button", class: "quiet", onclick: add }, "Add to library"));
  }

  update(view) {
    const fb = view.feedback;
    if (this._k !== fb.k) {
      this._k = fb.k;
      this.k.value = String(fb.k);
    }
    const key = JSON.stringify(fb.library);
    if (key === this._drawn) return;
    this._drawn = key;
    fill(
      this.list,
      fb.library.map((item) =>
        h(
          "li",
          {},
          h("span", {}, `${item.text} (${KIND_WORDS[item.kind]})`),
          h("button", {
            type: "button",
            class: "quiet small",
            "aria-label": `Remove “${item.text}” from the library`,
            onclick: () => this.cmd("Remove", "feedback.library_remove", { item_id: item.id }),
          }, "Remove"),
        ),
      ),
    );
  }

  async fetchWithToken(path) {
    const res = await fetch(path, { headers: { Authorization: `Bearer ${this.conn.token}` }, cache: "no-store" });
    if (!res.ok) throw new Error((await res.json().catch(() => null))?.error?.message ?? `HTTP ${res.status}`);
    return res;
  }

  async loadCourse() {
    const base = `/api/groups/${this.conn.token.split(".")[0]}/feedback`;
    fill(this.course, h("p", { class: "hint" }, "Loading…"));
    try {
      const { series } = await (await this.fetchWithToken(`${base}/course`)).json();
      const charts = await Promise.all(series.map((s) => this.chart(`${base}/chart/${encodeURIComponent(s.key)}.svg`, s)));
      const csv = h("button", { type: "button", class: "quiet", onclick: () => this.download(`${base}/course.csv`) }, "Download CSV (counts only)");
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

  async chart(path, series) {
    const text = await (await this.fetchWithToken(path)).text();
    // Parsed as SVG, not HTML, and only this server's own chart is ever inserted.
    const svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
    return h("figure", { class: "fb-chart-box" }, document.importNode(svg, true), h("figcaption", {}, series.text));
  }

  async download(path) {
    try {
      const blob = await (await this.fetchWithToken(path)).blob();
      const url = URL.createObjectURL(blob);
      const a = h("a", { href: url, download: "feedback.csv", hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      fill(this.course, h("p", { class: "error" }, `CSV: ${err.message}`));
    }
  }
}
