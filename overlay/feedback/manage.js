// facilitator-only
// Less frequent feedback tasks in the console, folded away: the threshold k, the group's
// library, and results across the course (charts and a CSV of aggregates). Course results
// are fetched with the facilitator's token in the Authorization header, never in a URL.

import { fill, focusOn, h } from "../core/dom.js";
import { t, tNodes } from "../core/i18n.js";
import { courseCharts, courseSeries, downloadCsv } from "./course.js";
import { KINDS, canonicalText, questionText } from "./words.js";

export class FeedbackManager {
  constructor(conn, cmd) {
    this.conn = conn;
    this.cmd = cmd;
    this.k = h("input", { type: "number", min: 3, max: 12, "aria-label": t("manage.k_label") });
    this.list = h("ul", { class: "fb-library" });
    this.course = h("div", { class: "fb-course", "aria-live": "polite" });
    this.courseFold = h("details", { class: "fb-fold" }, h("summary", {}, t("manage.across_course")), this.course);
    this.courseFold.addEventListener("toggle", () => this.courseFold.open && this.loadCourse());
    this.el = h(
      "div",
      { class: "fb-manage" },
      h(
        "details",
        { class: "fb-fold" },
        h("summary", {}, t("manage.threshold_and_library")),
        h(
          "div",
          { class: "fb-k" },
          h("label", {}, tNodes("manage.show_from", { k: this.k })),
          h("button", { type: "button", class: "quiet", onclick: () => this.cmd(t("manage.threshold"), "feedback.threshold", { k: Number(this.k.value) }) }, t("core.save")),
        ),
        h("p", { class: "hint" }, t("manage.never_fewer")),
        this.list,
        this.addForm(),
        h("button", { type: "button", class: "quiet", onclick: () => this.cmd(t("manage.restore"), "feedback.library_reset", {}) }, t("manage.restore_builtin")),
      ),
      this.courseFold,
    );
    this._drawn = null;
    this._k = null;
  }

  addForm() {
    const kind = h("select", { "aria-label": t("manage.kind_label") }, KINDS.map((v) => h("option", { value: v }, t(`manage.kind.${v}`))));
    const text = h("input", { type: "text", maxlength: 200, "aria-label": t("manage.new_label"), placeholder: t("manage.new_placeholder") });
    const options = h("input", { type: "text", "aria-label": t("manage.options_commas"), hidden: true });
    kind.addEventListener("change", () => (options.hidden = kind.value !== "choice"));
    const add = async () => {
      const args = { kind: kind.value, text: text.value };
      if (kind.value === "choice") args.options = options.value.split(",").map((o) => o.trim()).filter(Boolean);
      if (await this.cmd(t("manage.add"), "feedback.library_add", args)) text.value = options.value = "";
    };
    return h("div", { class: "fb-add" }, kind, text, options, h("button", { type: "button", class: "quiet", onclick: add }, t("manage.add")));
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
    const li = h("li", { "data-item": item.id });
    const wording = questionText(item);
    const show = (again = false) => {
      fill(
        li,
        h("span", {}, t("manage.item", { text: wording, kind: t(`manage.kind.${item.kind}`) })),
        h("span", { class: "fb-row-actions" },
          h("button", { type: "button", class: "quiet small", "data-local": "", "aria-label": t("manage.edit_label", { text: wording }), onclick: edit }, t("core.edit")),
          h("button", {
            type: "button",
            class: "quiet small",
            "aria-label": t("manage.remove_label", { text: wording }),
            onclick: () => this.cmd(t("core.remove"), "feedback.library_remove", { item_id: item.id }),
          }, t("core.remove")),
        ),
      );
      // Back from editing: the keyboard returns to Edit (of the row drawn again, if it was).
      if (again) focusOn(() => this.list.querySelector(`li[data-item="${CSS.escape(item.id)}"] button`));
    };
    const edit = () => {
      const text = h("input", { type: "text", maxlength: 200, value: wording, "aria-label": t("manage.wording_label") });
      const save = async () => {
        if (await this.cmd(t("core.edit"), "feedback.library_update", { item_id: item.id, text: canonicalText(item, text.value) })) show(true);
      };
      fill(li, text, h("span", { class: "fb-row-actions" },
        h("button", { type: "button", class: "quiet small", "aria-label": t("manage.save_wording"), onclick: save }, t("core.save")),
        h("button", { type: "button", class: "quiet small", "data-local": "", onclick: () => show(true) }, t("core.cancel")),
      ));
      text.focus();
    };
    show();
    return li;
  }

  async loadCourse() {
    const token = this.conn.token;
    fill(this.course, h("p", { class: "hint" }, t("core.loading")));
    try {
      const series = await courseSeries(token);
      const charts = await courseCharts(token, series);
      const csv = h("button", { type: "button", class: "quiet", onclick: () => this.download() }, t("manage.csv"));
      const refresh = h("button", { type: "button", class: "quiet", onclick: () => this.loadCourse() }, t("manage.refresh"));
      fill(
        this.course,
        series.length ? charts : h("p", { class: "hint" }, t("manage.no_results")),
        h("div", { class: "control-row" }, csv, refresh),
      );
    } catch (err) {
      fill(this.course, h("p", { class: "error" }, t("manage.course_failed", { message: err.message })));
    }
  }

  async download() {
    try {
      await downloadCsv(this.conn.token);
    } catch (err) {
      fill(this.course, h("p", { class: "error" }, t("manage.csv_failed", { message: err.message })));
    }
  }
}
