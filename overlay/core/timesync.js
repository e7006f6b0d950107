// Server clock offset from ping/pong samples. Pure: no timers, no sockets, no globals.
//
// One sample: the client sends t0 (its monotonic clock, performance.now()), the server
// answers with t1 (its epoch ms), the client reads t2 (monotonic) on arrival.
//   rtt    = t2 - t0
//   offset = t1 - (t0 + t2) / 2      so that   server_time ≈ monotonic + offset
// The midpoint assumes the pong took as long as the ping; the error of one sample is at
// most rtt / 2 (plus under 1 ms: the server sends whole milliseconds). The sample with the smallest rtt is therefore the most trustworthy: keep
// the last WINDOW samples and use the offset of the one with the least rtt. A window
// (not "best ever") lets the estimate follow a server restart or a machine that slept.
//
// bench/ ports this module line for line to Python; keep the two in step.

// At least connection.js's SETTLE_PINGS, so that all of a connect's samples stay until periodic
// ones replace them. At the periodic pace (one per 15–25 s) the window spans about 10 minutes:
// a clock rate difference of 10 ppm moves the offset 6 ms in that time, and a much larger one
// soon reads as a jump (below) and starts the window over.
export const WINDOW = 32;
// Each sample brackets the true offset within ±rtt/2, so two honest samples always overlap.
// If a new one does not overlap the trusted one (beyond this allowance for clock rate
// differences), a clock jumped — a machine woke from sleep, a server clock was stepped —
// and the old samples describe a clock that no longer exists: start over from the new one.
export const JUMP_SLACK_MS = 25;

// A trusted sample this quick bounds the estimate's error to GOOD_RTT_MS / 2 (plus under 1 ms).
// After connecting, the page keeps sampling until it has one (connection.js): on a jittery
// network the least rtt of a few samples can still be many tens of ms.
export const GOOD_RTT_MS = 20;

/** True when `estimate` (from OffsetEstimator.estimate()) is good enough to stop sampling early. */
export function settled(estimate) {
  return estimate !== null && estimate.rtt <= GOOD_RTT_MS;
}

/** One ping/pong sample; null if the numbers cannot be a real round trip. */
export function sample(t0, t1, t2) {
  if (![t0, t1, t2].every(Number.isFinite) || t2 < t0) return null;
  return { rtt: t2 - t0, offset: t1 - (t0 + t2) / 2 };
}

/** The sample to trust among `samples`: least rtt, the newest on a tie. */
export function best(samples) {
  let chosen = null;
  for (const s of samples) {
    if (chosen === null || s.rtt <= chosen.rtt) chosen = s;
  }
  return chosen;
}

/** True when `s` cannot be reconciled with `trusted`: one of the clocks jumped. */
export function jumped(trusted, s) {
  return Math.abs(s.offset - trusted.offset) > (s.rtt + trusted.rtt) / 2 + JUMP_SLACK_MS;
}

/** Keeps the last WINDOW samples; `offset` is the offset of the least-rtt one (or null). */
export class OffsetEstimator {
  constructor(window = WINDOW) {
    this.window = window;
    this.samples = [];
  }

  /** Add a pong; returns the estimate after it. */
  add(t0, t1, t2) {
    const s = sample(t0, t1, t2);
    if (s !== null) {
      const trusted = this.estimate();
      if (trusted !== null && jumped(trusted, s)) this.samples = [];
      this.samples.push(s);
      if (this.samples.length > this.window) this.samples.shift();
    }
    return this.estimate();
  }

  /** {offset, rtt} of the trusted sample, or null before any pong. */
  estimate() {
    return best(this.samples);
  }
}
