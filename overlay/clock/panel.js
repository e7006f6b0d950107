// The clock panel of every group page: current segment, its countdown, what comes next and
// how far the session is. Announces segment changes (not seconds) politely to screen readers.

import { countdown, formatMinutes, remaining, untilNextChange } from "../core/clock.js";
import { fill, flag, h, liveRegion, setText } from "../core/dom.js";
import { t, tNodes } from "../core/i18n.js";

export class ClockPanel {
  constructor() {
    this.kicker = h("p", { class: "kicker" });
    this.title = h("h1", { class: "seg-title" });
    this.count = h("p", { class: "countdown", "aria-label": "" });
    this.state = h("p", { class: "seg-state" });
    this.progress = h("progress", { class: "progress", max: "1", value: "0", "aria-label": t("clock.progress") });
    this.progressText = h("p", { class: "progress-text" });
    this.next = h("p", { class: "next" });
    this.live = liveRegion();
    this.el = h(
      "section",
      { class: "clock-panel", "aria-label": t("clock.panel") },
      this.kicker,
      this.title,
      this.count,
      this.state,
      this.progress,
      this.progressText,
      this.next,
      this.live,
    );
    this._said = null; // what the live region last announced about
    this.view = null;
  }

  update(state) {
    this.view = state.view;
  }

  /** Paint at server time `now`; returns ms until the countdown text changes. */
  draw(now) {
    const view = this.view;
    const session = view?.session ?? null;
    const group = view?.group;
    if (!session || session.status !== "live") {
      this._between(session, group);
      return null;
    }
    const i = session.current;
    const seg = session.segments[i];
    const n = session.segments.length;
    setText(this.kicker, t("clock.session_of", { n: session.number, planned: group.sessions_planned }));
    setText(this.title, seg.title);
    this._announce(`${seg.id}:${session.state}`, announcement(session, seg));
    this.count.hidden = false;
    this.progress.hidden = false;
    setText(this.progressText, t("clock.segment_of", { n: i + 1, count: n }));
    this._next(session.segments[i + 1]);
    setText(this.state, stateText(session.state));
    flag(this.el, "paused", session.state !== "running");
    if (now === null) {
      setText(this.count, "–:––");
      this.count.setAttribute("aria-label", t("clock.syncing"));
      flag(this.el, "over", false);
      return null;
    }
    const left = remaining(session, now);
    const shown = countdown(left);
    setText(this.count, shown.text);
    this.count.setAttribute("aria-label", shown.words);
    flag(this.el, "over", shown.over);
    this.progress.value = progressOf(session, left);
    return session.state === "running" ? untilNextChange(left) : null;
  }

  _between(session, group) {
    this.count.hidden = true;
    this.progress.hidden = true;
    setText(this.state, "");
    setText(this.progressText, "");
    flag(this.el, "over", false);
    flag(this.el, "paused", false);
    if (session && session.status === "ended") {
      setText(this.kicker, t("clock.session_of", { n: session.number, planned: group.sessions_planned }));
      setText(this.title, t("clock.ended_title"));
      this._next(null, t("clock.thanks"));
      this._announce(`ended:${session.number}`, t("clock.ended_announce"));
    } else {
      const upcoming = (session?.number ?? 0) + 1;
      setText(this.kicker, group ? t("clock.session_of", { n: upcoming, planned: group.sessions_planned }) : "");
      setText(this.title, t("clock.waiting_title"));
      this._next(null, t("clock.waiting_note"));
      this._announce("waiting", "");
    }
  }

  /** "Next: Check-in round (15 min)", the title isolated (any script, any direction). */
  _next(after, text = t("clock.last_segment")) {
    const key = after ? `${after.id}:${after.title}:${after.duration_ms}` : text;
    if (key === this._nextKey) return;
    this._nextKey = key;
    if (!after) return fill(this.next, text);
    fill(this.next, tNodes("clock.next_segment", { title: h("bdi", {}, after.title), minutes: formatMinutes(after.duration_ms) }));
  }

  _announce(key, text) {
    if (this._said === key) return;
    const first = this._said === null;
    this._said = key;
    // Nothing on first paint: the page itself is being read then.
    if (!first) setText(this.live, text);
  }
}

function stateText(state) {
  return state === "running" ? "" : t(`clock.state.${state}`);
}

function announcement(session, seg) {
  if (session.state === "paused") return t("clock.paused_announce", { title: seg.title });
  return t("clock.now_announce", { title: seg.title, minutes: t("clock.minutes", { n: Math.round(seg.duration_ms / 60000) }) });
}

/** How far through its planned time the session is, 0…1; overruns keep it full. */
function progressOf(session, left) {
  const planned = session.segments.reduce((a, s) => a + s.duration_ms, 0);
  let done = 0;
  session.segments.forEach((s, i) => {
    if (i < session.current) done += s.duration_ms;
  });
  const cur = session.segments[session.current];
  done += Math.min(cur.duration_ms, cur.duration_ms - left);
  return planned > 0 ? Math.max(0, Math.min(1, done / planned)) : 0;
}
