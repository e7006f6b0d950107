// The display view: read-only and large, for sharing on screen or as a streaming overlay.

import { ClockPanel } from "../clock/panel.js";
import { CourseDisplay } from "../course/display.js";
import { h, setText } from "../core/dom.js";
import { FeedbackBoard } from "../feedback/board.js";
import { boot } from "../core/page.js";
import { startTicker } from "../core/ticker.js";
import { attachFloor } from "../floor/attach.js";

boot((conn, root) => {
  const groupName = h("p", { class: "group-name" });
  const panel = new ClockPanel();
  const course = new CourseDisplay(conn);
  const feedback = new FeedbackBoard();
  const turns = h("div", { class: "turns-home" });
  root.append(h("main", { class: "display" }, groupName, panel.el, turns, feedback.el, course.el));
  conn.addEventListener("state", () => {
    const name = conn.state.view.group.name;
    setText(groupName, name);
    document.title = `${name} · Holdspace display`;
    feedback.update(conn.state.view);
  });
  startTicker(conn, (now) => panel.draw(conn.state?.view, now));
  attachFloor(conn, turns, "display");
});
