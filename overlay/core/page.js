// What every group page does first: find the token, open the connection, show the
// connection status. Then it runs the page's panels (see overlay/README.md): the one state
// subscription, the one ticker and the one error line are here, so no panel has its own.

import { remaining } from "./clock.js";
import { Connection, tokenFromHash } from "./connection.js";
import { fill, h, setText } from "./dom.js";
import { followGroup, t } from "./i18n.js";
import { isolated, startTicker } from "./ticker.js";

const STATUS_KEY = { connecting: "core.connecting", reconnecting: "core.reconnecting" };
/** The connection line's words for `status` ("" when connected). */
export const statusText = (status) => (STATUS_KEY[status] ? t(STATUS_KEY[status]) : "");

/** The page's one error line (role=alert): panels say refusals here, calmly. */
export class ErrorLine {
  constructor() {
    this.el = h("p", { class: "error", role: "alert" });
  }

  /** Say `text`; "" clears the line. */
  show(text) {
    setText(this.el, text);
  }

  /** Await a command: a refusal is said as "label: message" (or the message alone), an
   *  acknowledgement clears the line. Resolves true when the command was acknowledged. */
  async run(label, promise) {
    try {
      await promise;
      this.show("");
      return true;
    } catch (err) {
      this.show(label ? t("core.refused", { label, message: err.message }) : err.message);
      return false;
    }
  }
}

/** Start a group page. `mount({conn, errors, root})` builds the view into `root`, places
 *  `errors.el` where the page wants its error line, and returns the page's panels.
 *  Returns the connection, or null when the link cannot work. */
export function boot(mount) {
  const root = document.getElementById("app");
  const token = tokenFromHash(location.hash);
  // A link pasted into this tab (only the fragment changes) must not keep the old token.
  addEventListener("hashchange", () => location.reload());
  if (token === null || token.split(".")[0] !== root.dataset.group) {
    showInvalid(root, t("core.invalid_link"));
    return null;
  }
  const conn = new Connection({ token });
  const status = h("p", { class: "conn-status", role: "status" });
  const view = h("div", { class: "view" });
  fill(root, status, view);
  const showStatus = () => {
    if (conn.status === "invalid") {
      showInvalid(root, conn.invalidMessage || t("core.invalid_link"));
      return;
    }
    setText(status, statusText(conn.status));
    status.classList.toggle("visible", statusText(conn.status) !== "");
    document.body.classList.toggle("offline", conn.status !== "open");
  };
  conn.addEventListener("status", showStatus);
  showStatus();
  exposeTestHook(conn);
  const panels = mount({ conn, errors: new ErrorLine(), root: view });
  disableWhileOffline(view, conn);
  const frame = startTicker(conn, panels);
  conn.addEventListener("state", () => {
    // A page whose person chose no language may follow the group's default (i18n.js).
    if (followGroup(conn.state.view.group.language)) return;
    for (const panel of panels) isolated(() => panel.update(conn.state));
    frame();
  });
  conn.start();
  return conn;
}

/** While the page is not connected, every button under `root` that would send a command is
 *  shown disabled (aria-disabled: it keeps the keyboard focus where it is) and the
 *  connection refuses what it would send, with a sentence in the error line. Buttons that
 *  only act on the page itself (tabs, pop-out, folding a form open, Cancel) carry
 *  `data-local` and stay as they are. Called for the page, and for a pop-out window. */
export function disableWhileOffline(root, conn) {
  const mark = () => {
    const offline = conn.status !== "open";
    for (const el of root.querySelectorAll(offline ? "button:not([data-local])" : "[data-offline]")) {
      if (offline) {
        if (el.getAttribute("aria-disabled") === "true") continue;
        el.setAttribute("aria-disabled", "true");
        el.dataset.offline = "";
      } else {
        el.removeAttribute("aria-disabled");
        delete el.dataset.offline;
      }
    }
  };
  conn.addEventListener("status", mark);
  // Buttons drawn while offline (a panel redrawn by a timer or a click) are marked too.
  const observer = new MutationObserver(() => conn.status !== "open" && mark());
  observer.observe(root, { childList: true, subtree: true });
  mark();
  return () => {
    conn.removeEventListener("status", mark);
    observer.disconnect();
  };
}

function showInvalid(root, message) {
  fill(root, h("main", { class: "invalid" }, h("h1", {}, t("core.product")), h("p", { role: "alert" }, message)));
}

// Read-only numbers for the browser tests and for anyone checking clock agreement by hand.
// Nothing here can reveal the token or change the group.
function exposeTestHook(conn) {
  window.__holdspace = Object.freeze({
    serverNow: () => conn.serverNow(),
    remainingMs: () => {
      const session = conn.state?.view?.session;
      const now = conn.serverNow();
      return session && now !== null ? remaining(session, now) : null;
    },
    estimate: () => conn.clock.estimate(),
    samples: () => conn.clock.samples.length,
    status: () => conn.status,
    version: () => conn.state?.version ?? null,
  });
}
