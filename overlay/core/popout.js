// Pop a part of the page out into an always-on-top Document Picture-in-Picture window (where
// the browser offers one), and bring it back when that window closes. The part's elements move
// as they are, with their listeners: the page's panels keep drawing them in the small window.
// The window gets the page's stylesheets, language and direction, its own connection line,
// the page's keys, and the same offline rule as the page (core/page.js).

import { h, setText } from "./dom.js";
import { disableWhileOffline, statusText } from "./page.js";
import { listenOn } from "./shortcuts.js";

export class PopOut {
  /** parts: the elements to move, in the order the window shows them (the note stands in
   *  for the first, while they are out); size: {width, height}; words: {open, back, note}. */
  constructor({ conn, parts, size, words }) {
    this.conn = conn;
    this.parts = parts;
    this.marks = parts.map(() => document.createComment("popped out"));
    this.size = size;
    this.words = words;
    this.api = window.documentPictureInPicture;
    this.button = h("button", { type: "button", class: "quiet pop-out", "data-local": "", hidden: !this.api, onclick: () => this.toggle() }, words.open);
    this.note = h("p", { class: "popped-note", hidden: true }, words.note);
    this.window = null;
  }

  async toggle() {
    if (this.window) {
      this.window.close();
      return;
    }
    const win = await this.api.requestWindow(this.size);
    this.window = win;
    const doc = win.document;
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) doc.head.append(link.cloneNode());
    doc.title = document.title;
    doc.documentElement.lang = document.documentElement.lang;
    doc.documentElement.dir = document.documentElement.dir;
    doc.body.className = `${document.body.className} pip`;
    const status = h("p", { class: "conn-status", role: "status" });
    const showStatus = () => {
      setText(status, statusText(this.conn.status));
      status.classList.toggle("visible", statusText(this.conn.status) !== "");
      doc.body.classList.toggle("offline", this.conn.status !== "open");
    };
    this.conn.addEventListener("status", showStatus);
    showStatus();
    this.parts.forEach((part, i) => part.before(i === 0 ? this.note : this.marks[i]));
    doc.body.append(status, ...this.parts);
    listenOn(doc);
    const stopMarking = disableWhileOffline(doc.body, this.conn);
    this.note.hidden = false;
    document.body.classList.add("popped");
    setText(this.button, this.words.back);
    win.addEventListener("pagehide", () => {
      this.conn.removeEventListener("status", showStatus);
      stopMarking();
      this.parts.forEach((part, i) => (i === 0 ? this.note : this.marks[i]).replaceWith(part));
      document.body.classList.remove("popped");
      this.window = null;
      setText(this.button, this.words.open);
    });
  }
}
