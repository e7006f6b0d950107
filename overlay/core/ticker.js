// Redraw the clock exactly when its text changes: no server ticks, no busy loop.
// `draw(now)` paints from the latest snapshot and server time `now` (null before the first
// pong) and returns how many ms until its text next changes (or null: nothing counts).

const SLACK_MS = 15; // land just after the second turns over, not just before it
const IDLE_MS = 1000;

export function startTicker(conn, draw) {
  let timer = null;
  const frame = () => {
    clearTimeout(timer);
    const wait = draw(conn.serverNow());
    timer = setTimeout(frame, Math.min(wait ?? IDLE_MS, IDLE_MS) + SLACK_MS);
  };
  conn.addEventListener("state", frame);
  conn.addEventListener("sync", frame);
  // Timers are throttled in hidden tabs; catch up at once when the page is seen again.
  document.addEventListener("visibilitychange", frame);
  frame();
  return frame;
}
