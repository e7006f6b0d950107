// The course on the display: the group agreements, large, while a facilitator shows them.

import { fill, h } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { agreementText } from "./text.js";

export class DisplayAgreements {
  constructor() {
    this.list = h("ol", { class: "agreement-list" });
    this.el = h(
      "section",
      { class: "display-agreements", "aria-labelledby": "display-agreements-heading", hidden: true },
      h("h2", { id: "display-agreements-heading" }, t("course.our_agreements")),
      this.list,
    );
  }

  update({ view }) {
    const agreements = view.course.agreements;
    this.el.hidden = !agreements;
    if (agreements) fill(this.list, agreements.items.map((_, i) => h("li", {}, agreementText(agreements, i))));
  }
}
