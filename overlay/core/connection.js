// One websocket per page: hello with the link's token, keep the latest state, send commands,
// reconnect by itself, and estimate the server's clock from ping/pong.
//
// Events (EventTarget): "status" (this.status changed), "state" (a new snapshot),
// "welcome", "sync" (first clock estimate), "notice" (an error not tied to a command),
// "message" (any other server frame, e.g. a feedback ballot; `detail` is the frame).

import { t } from "./i18n.js";
import { randomHex } from "./ids.js";
import { OffsetEstimator, settled } from "./timesync.js";

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 10_000;
const BURST = 5; // pings right after (re)connecting, for a first estimate quickly
const BURST_GAP_MS = 120;
// Then, while the estimate is not settled (timesync.js), one more ping every SETTLE_GAP_MS,
// up to SETTLE_PINGS pings in all. A sample's error is up to rtt/2 and jitter makes most rtts
// long, so on a poor network only many samples hold a quick one; spreading them over a few
// seconds also meets more moments of the network than a tight burst would.
const SETTLE_PINGS = 32;
const SETTLE_GAP_MS = 250;
const PING_EVERY_MS = [15_000, 25_000]; // then one every 15–25 s
const PONG_TIMEOUT_MS = 10_000; // a silent socket is treated as dead and replaced

/** The token in a page's fragment (`#t=<token>`), or null. */
export function tokenFromHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const token = params.get("t");
  return token && /^[a-z0-9]{6,32}\.[A-Za-z0-9_-]{22,64}$/.test(token) ? token : null;
}

/** Full-jitter exponential backoff: a random delay in [0, min(cap, base·2^attempt)). */
export function backoffDelay(attempt, random = Math.random) {
  return random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
}

/** A refused command: `code` is one of docs/protocol.md's error codes. */
export class CommandError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export class Connection extends EventTarget {
  constructor({ token, url = defaultUrl() }) {
    super();
    this.token = token;
    this.url = url;
    /** "connecting" | "open" | "reconnecting" | "invalid" | "closed" */
    this.status = "connecting";
    this.welcome = null;
    this.state = null; // the latest {version, view, me?}: version counts this socket's state frames
    this.invalidMessage = "";
    this.clock = new OffsetEstimator();
    this._pending = new Map(); // id -> {name, args, resolve, reject}
    this._acked = []; // [{version, resolve, result}] waiting for that state
    this._pings = new Set();
    this._attempt = 0;
    this._ws = null;
    this._timers = new Set();
    this._retryTimer = null;
    this._pongDeadline = null;
    this._frames = 0; // state frames on this socket
    this._welcomed = false; // this socket was welcomed (a refused hello on a later socket still counts)
    this._onWake = () => this._wake();
  }

  start() {
    addEventListener("online", this._onWake);
    document.addEventListener("visibilitychange", this._onWake);
    this._open();
    return this;
  }

  close() {
    removeEventListener("online", this._onWake);
    document.removeEventListener("visibilitychange", this._onWake);
    this._setStatus("closed");
    this._teardown();
  }

  get synced() {
    return this.clock.estimate() !== null;
  }

  /** Server epoch ms now, from the monotonic clock and the estimated offset. */
  serverNow() {
    const est = this.clock.estimate();
    return est === null ? null : performance.now() + est.offset;
  }

  /** Send a command; resolves with {version, changed} once that state is here, rejects
   *  with a CommandError. A command sent while connected whose ack was lost with the socket
   *  is re-sent with the same id after the reconnect (the server acknowledges a repeat
   *  without applying it twice). A command asked for while the page is NOT connected is
   *  refused at once (code "offline"), never kept for later: a click made while offline
   *  and applied when the page reconnects, maybe minutes later, would move a session that
   *  has moved on ("Next" jumping a segment). The person sees the refusal and decides again
   *  once the page says it is connected. */
  send(name, args = {}) {
    if (this.status === "invalid" || this.status === "closed") {
      return Promise.reject(new CommandError("unauthorized", this.invalidMessage || t("core.not_connected")));
    }
    if (this.status !== "open") return Promise.reject(new CommandError("offline", t("core.offline_not_sent")));
    return new Promise((resolve, reject) => {
      const id = randomHex(12);
      this._pending.set(id, { name, args, resolve, reject });
      this._transmit(id);
    });
  }

  // ---- socket life ------------------------------------------------------------------

  _open() {
    this._teardown();
    const ws = new WebSocket(this.url);
    this._ws = ws;
    ws.onopen = () => {
      this._welcomed = false;
      ws.send(JSON.stringify({ type: "hello", token: this.token, lang: document.documentElement.lang }));
      // The old estimate stays (the countdown keeps going through a reconnect); if this
      // server's clock differs, the first new sample shows the jump and replaces it.
      this._burst();
    };
    ws.onmessage = (ev) => this._receive(ev.data);
    ws.onclose = () => this._dropped(ws);
    ws.onerror = () => {}; // onclose follows and handles it
  }

  _dropped(ws) {
    if (this._ws !== ws) return;
    this._teardown();
    if (this.status === "invalid" || this.status === "closed") return;
    this._setStatus(this.welcome ? "reconnecting" : "connecting");
    this._retry();
  }

  _retry() {
    const delay = backoffDelay(this._attempt);
    this._attempt += 1;
    this._retryTimer = setTimeout(() => {
      this._retryTimer = null;
      this._open();
    }, delay);
  }

  _wake() {
    // Back online or back in view: try now instead of waiting out the backoff, or, when
    // connected, re-sample the clock (the machine may have slept).
    if (document.visibilityState === "hidden") return;
    if (this.status === "open") {
      this._burst(false);
      return;
    }
    if (this._retryTimer === null) return;
    clearTimeout(this._retryTimer);
    this._retryTimer = null;
    this._open();
  }

  _teardown() {
    this._clearTimers();
    if (this._retryTimer !== null) clearTimeout(this._retryTimer);
    this._retryTimer = null;
    const ws = this._ws;
    this._ws = null;
    if (ws) {
      ws.onclose = ws.onmessage = ws.onopen = null;
      try {
        ws.close();
      } catch {
        /* already closed */
      }
    }
  }

  _setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.dispatchEvent(new Event("status"));
  }

  // ---- messages ---------------------------------------------------------------------

  _receive(data) {
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      return;
    }
    switch (msg.type) {
      case "welcome":
        this.welcome = msg;
        this._welcomed = true;
        this._frames = 0;
        // Acked on the socket before this one: this socket's first state already shows them.
        for (const a of this._acked) a.version = 1;
        this._attempt = 0;
        this._setStatus("open");
        this.dispatchEvent(new Event("welcome"));
        for (const id of this._pending.keys()) this._transmit(id);
        break;
      case "state":
        this._state(msg);
        break;
      case "pong":
        this._pong(msg);
        break;
      case "ack":
        this._ack(msg);
        break;
      case "error":
        this._error(msg);
        break;
      default:
        // Frames other modules own (a member's feedback ballot): handed on as they came.
        this.dispatchEvent(new CustomEvent("message", { detail: msg }));
        break;
    }
  }

  _state(msg) {
    // A frame carries no version (so a role's sockets can share its bytes): the page counts
    // its socket's frames, which arrive in order, as the server does for its acks. A member's
    // own part comes only in frames where it changed.
    this._frames += 1;
    msg.version = this._frames;
    if (msg.me === undefined && this.state !== null && this.state.me !== undefined) msg.me = this.state.me;
    this.state = msg;
    this.dispatchEvent(new Event("state"));
    const ready = this._acked.filter((a) => a.version <= msg.version);
    this._acked = this._acked.filter((a) => a.version > msg.version);
    for (const a of ready) a.resolve(a.result);
  }

  _ack(msg) {
    const cmd = this._pending.get(msg.id);
    if (!cmd) return;
    this._pending.delete(msg.id);
    const result = { version: msg.version, changed: msg.changed };
    if (this.state !== null && this.state.version >= msg.version) cmd.resolve(result);
    else this._acked.push({ version: msg.version, resolve: cmd.resolve, result });
  }

  _error(msg) {
    const cmd = msg.id ? this._pending.get(msg.id) : null;
    if (cmd) {
      this._pending.delete(msg.id);
      cmd.reject(new CommandError(msg.code, msg.message));
      return;
    }
    // A link refused on any socket, also after reconnecting (the group was deleted meanwhile).
    if (msg.code === "unauthorized" && !this._welcomed) {
      this.invalidMessage = msg.message;
      this._setStatus("invalid");
      this._teardown();
      for (const c of this._pending.values()) c.reject(new CommandError(msg.code, msg.message));
      this._pending.clear();
      return;
    }
    this.dispatchEvent(new CustomEvent("notice", { detail: msg }));
  }

  _transmit(id) {
    const cmd = this._pending.get(id);
    if (!cmd || !this._ws || this._ws.readyState !== WebSocket.OPEN) return;
    this._ws.send(JSON.stringify({ type: "cmd", id, name: cmd.name, args: cmd.args }));
  }

  // ---- time sync ----------------------------------------------------------------------

  _ping() {
    const ws = this._ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const t0 = performance.now();
    this._pings.add(t0);
    ws.send(JSON.stringify({ type: "ping", t0 }));
  }

  _pong(msg) {
    const t2 = performance.now();
    if (!this._pings.delete(msg.t0)) return; // not one of ours (or from an old socket)
    if (this._pongDeadline !== null) {
      clearTimeout(this._pongDeadline);
      this._timers.delete(this._pongDeadline);
      this._pongDeadline = null;
    }
    const wasSynced = this.synced;
    this.clock.add(msg.t0, msg.t1, t2);
    if (!wasSynced && this.synced) this.dispatchEvent(new Event("sync"));
  }

  _burst(thenPeriodic = true) {
    for (let i = 0; i < BURST; i++) this._later(i * BURST_GAP_MS, () => this._ping());
    this._later(BURST * BURST_GAP_MS, () => this._settle(BURST, thenPeriodic));
  }

  _settle(sent, thenPeriodic) {
    if (sent < SETTLE_PINGS && !settled(this.clock.estimate())) {
      this._ping();
      this._later(SETTLE_GAP_MS, () => this._settle(sent + 1, thenPeriodic));
    } else if (thenPeriodic) {
      this._schedulePing();
    }
  }

  _schedulePing() {
    const [lo, hi] = PING_EVERY_MS;
    this._later(lo + Math.random() * (hi - lo), () => {
      this._ping();
      this._pongDeadline = this._later(PONG_TIMEOUT_MS, () => {
        // No answer: the network is gone without a close. Replace the socket.
        this._pongDeadline = null;
        this._dropped(this._ws);
      });
      this._schedulePing();
    });
  }

  _later(ms, fn) {
    const timer = setTimeout(() => {
      this._timers.delete(timer);
      fn();
    }, ms);
    this._timers.add(timer);
    return timer;
  }

  _clearTimers() {
    for (const t of this._timers) clearTimeout(t);
    this._timers.clear();
    this._pongDeadline = null;
    this._pings.clear();
  }
}

function defaultUrl() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws`;
}

/** An HTTP request with the page's link token (never in the URL); a refusal throws its sentence. */
export async function fetchWithToken(token, path, method = "GET") {
  // The page's language, so the server writes the charts', the CSV's and its refusals' words in it.
  const headers = { Authorization: `Bearer ${token}`, "Accept-Language": document.documentElement.lang };
  const res = await fetch(path, { method, headers, cache: "no-store" });
  if (!res.ok) throw new Error((await res.json().catch(() => null))?.error?.message ?? t("core.server_answered", { status: res.status }));
  return res;
}
