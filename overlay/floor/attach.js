// Wiring the turn panels into a page: one call per page, fed by the page's connection.

import { mountConsoleFloor } from "./console.js";
import { mountMemberFloor } from "./member.js";

/** Mount the floor for `role` ("member" | "console" | "display") into `container`. */
export function attachFloor(conn, container, role) {
  const options = { send: (name, args) => conn.send(name, args), now: () => conn.serverNow() };
  const floor =
    role === "console"
      ? mountConsoleFloor(container, options)
      : mountMemberFloor(container, { ...options, readOnly: role === "display" });
  const update = () => {
    if (conn.state) floor.update(conn.state);
  };
  conn.addEventListener("state", update);
  update();
  return floor;
}
