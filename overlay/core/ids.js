// Random ids made in the browser. crypto.randomUUID exists only in secure contexts (not on
// plain http to a LAN address); getRandomValues works everywhere.

/** `bytes` random bytes as lowercase hex (12 bytes: 24 characters). */
export function randomHex(bytes) {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
}
