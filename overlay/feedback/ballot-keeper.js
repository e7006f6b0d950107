// Keeps this member's feedback ballots in localStorage, so a reload (or another tab of the
// same browser) can still answer exactly once. The nonce is written *before* asking the
// server, so a lost reply can be repaired by asking again with the same nonce.
//
// Entries are per group and card: {nonce, ballot?, done?: "answered"|"skipped"}. They are
// deleted as soon as the card is no longer open: nothing about past answers stays on the device.

import { randomHex } from "../core/ids.js";

const PREFIX = "holdspace.feedback.";

export class BallotKeeper {
  constructor(groupId, storage = window.localStorage) {
    this.key = PREFIX + groupId;
    this.storage = storage;
  }

  _read() {
    try {
      const data = JSON.parse(this.storage.getItem(this.key) || "{}");
      return data && typeof data === "object" ? data : {};
    } catch {
      return {};
    }
  }

  _write(data) {
    try {
      if (Object.keys(data).length) this.storage.setItem(this.key, JSON.stringify(data));
      else this.storage.removeItem(this.key);
    } catch {
      /* storage full or blocked: the page still works until it is reloaded */
    }
  }

  get(cardId) {
    return this._read()[cardId] ?? null;
  }

  /** This card's nonce, made (128 random bits) and saved on first use. */
  nonce(cardId) {
    const data = this._read();
    const entry = data[cardId] ?? {};
    if (!entry.nonce) {
      entry.nonce = randomHex(16);
      data[cardId] = entry;
      this._write(data);
    }
    return entry.nonce;
  }

  update(cardId, fields) {
    const data = this._read();
    data[cardId] = { ...(data[cardId] ?? {}), ...fields };
    this._write(data);
  }

  /** Forget every card but the open one (or all, when none is open). */
  keepOnly(openCardId) {
    const data = this._read();
    const kept = openCardId && data[openCardId] ? { [openCardId]: data[openCardId] } : {};
    if (Object.keys(kept).length !== Object.keys(data).length) this._write(kept);
  }

  /** Call `fn` when another tab of this browser changes the ballots of this group. */
  onChange(fn) {
    addEventListener("storage", (ev) => {
      if (ev.key === this.key) fn();
    });
  }
}
