// The member overlay: a small calm window beside Zoom. It can pop out into an always-on-top
// Document Picture-in-Picture window where the browser offers one.

import { ClockPanel } from "../clock/panel.js";
import { CourseMember } from "../course/member.js";
import { h, setText } from "../core/dom.js";
import { FeedbackCard } from "../feedback/card.js";
import { boot } from "../core/page.js";
import { startTicker } from "../core/ticker.js";
import { attachFloor } from "../floor/attach.js";

boot((conn, root) => {
  const groupName = h("span", { class: "group-name" });
  const myName = h("span", { class: "my-name" });
  const panel = new ClockPanel();
  const home = h("div", { class: "panel-home" }, panel.el);
  const popOut = popOutButton(panel, home);
  const course = new CourseMember(conn);
  const feedback = new FeedbackCard(conn, document.getElementById("app").dataset.group);
  const turns = h("div", { class: "turns-home" });
  root.append(
    h("header", { class: "topbar" }, groupName, myName),
    h("main", { class: "member" }, course.top, home, turns, feedback.el, course.bottom),
    h("footer", { class: "member-foot" }, course.signal.el, popOut),
  );
  conn.addEventListener("state", () => {
    const { view, me } = conn.state;
    setText(groupName, view.group.name);
    setText(myName, me ? me.name : "");
    document.title = `${view.group.name} · Holdspace`;
    feedback.update(view);
  });
  startTicker(conn, (now) => panel.draw(conn.state?.view, now));
  attachFloor(conn, turns, "member");
});

function popOutButton(panel, home) {
  const pip = window.documentPictureInPicture;
  const button = h("button", { type: "button", class: "quiet", hidden: !pip }, "Pop out");
  if (!pip) return button;
  const note = h("p", { class: "popped-note", hidden: true }, "The clock is in its own small window.");
  home.append(note);
  button.addEventListener("click", async () => {
    if (pip.window) {
      pip.window.close();
      return;
    }
    const win = await pip.requestWindow({ width: 360, height: 320 });
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      win.document.head.append(link.cloneNode());
    }
    win.document.title = document.title;
    win.document.body.className = `${document.body.className} pip`;
    win.document.body.append(panel.el);
    note.hidden = false;
    setText(button, "Bring back");
    win.addEventListener("pagehide", () => {
      home.prepend(panel.el);
      note.hidden = true;
      setText(button, "Pop out");
    });
  });
  return button;
}
