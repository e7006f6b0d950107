// The page's one ticker: redraw exactly when something shown changes, with no server ticks and
// no busy loop. Each panel's draw(now) paints at server time `now` (null before the first
// pong) and returns how many ms until what it shows next changes (or null: nothing counts).
// The ticker sleeps until the soonest of them, and at most a second.

const SLACK_MS = 15; // land just after the second turns over, not just before it
const IDLE_MS = 1000;

/** Draw `panels` now and whenever one is due; returns `frame`, which draws them all at once. */
export function startTicker(conn, panels) {
  const drawing = panels.filter((panel) => panel.draw);
  let timer = null;
  const frame = () => {
    clearTimeout(timer);
    const now = conn.serverNow();
    let wait = IDLE_MS;
    for (const panel of drawing) {
      const next = isolated(() => panel.draw(now));
      if (next !== null && next !== undefined) wait = Math.min(wait, next);
    }
    timer = setTimeout(frame, wait + SLACK_MS);
  };
  conn.addEventListener("sync", frame);
  // Timers are throttled in hidden tabs; catch up at once when the page is seen again.
  document.addEventListener("visibilitychange", frame);
  frame();
  return frame;
}

/** Run one panel's step. One that throws is reported like an uncaught error, and the other
 *  panels still run, as they would have as separate event listeners. */
export function isolated(step) {
  try {
    return step();
  } catch (err) {
    reportError(err);
    return null;
  }
}
