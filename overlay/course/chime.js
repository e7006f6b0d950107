// facilitator-only
// An optional soft chime for a new signal (off by default): a switch in the signals strip,
// kept in this browser. The sound is made on the spot with the Web Audio API (no file):
// one short, quiet sine note, two gentle rising notes for a safety signal. Browsers let a page
// play sound only after someone interacted with it; turning the switch on plays the chime
// once, so the facilitator hears what it will sound like.

import { h, setText } from "../core/dom.js";
import { t } from "../core/i18n.js";

const STORE = "holdspace.chime";
const VOLUME = 0.05; // of full scale: a soft tone, never an alarm

export class Chime {
  constructor() {
    this.on = stored() === "on";
    this.ctx = null;
    this.played = 0;
    this.state = h("span", { class: "chime-state" });
    this.el = h(
      "button",
      { type: "button", role: "switch", class: "quiet chime", "data-local": "", "aria-checked": String(this.on), onclick: () => this.toggle() },
      t("chime.label"),
      " ",
      this.state,
    );
    this._show();
  }

  toggle() {
    this.on = !this.on;
    try {
      localStorage.setItem(STORE, this.on ? "on" : "off");
    } catch {
      /* storage blocked: the switch holds for this page */
    }
    this._show();
    if (this.on) this.play(false);
  }

  /** Play the chime if it is on; `safety`: the two-note form. */
  play(safety) {
    if (!this.on) return;
    try {
      this.ctx ??= new AudioContext();
      if (this.ctx.state === "suspended") this.ctx.resume();
      const start = this.ctx.currentTime + 0.02;
      const notes = safety ? [523.25, 659.25] : [659.25];
      notes.forEach((frequency, i) => this._note(frequency, start + i * 0.32));
      this.played += 1;
      this.el.dataset.played = String(this.played);
    } catch {
      /* no audio here: the strip and the title still say it */
    }
  }

  _note(frequency, at) {
    const osc = this.ctx.createOscillator();
    const gain = this.ctx.createGain();
    osc.type = "sine";
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(VOLUME, at + 0.04);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.8);
    osc.connect(gain).connect(this.ctx.destination);
    osc.start(at);
    osc.stop(at + 0.85);
  }

  _show() {
    this.el.setAttribute("aria-checked", String(this.on));
    setText(this.state, this.on ? t("chime.on") : t("chime.off"));
  }
}

function stored() {
  try {
    return localStorage.getItem(STORE);
  } catch {
    return null;
  }
}
