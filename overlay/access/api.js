// facilitator-only
// Requests made with the facilitator key (`Authorization: Bearer <key>`), and what a refusal
// means, said in the reader's language: the server's one error body carries a code, and the
// codes a key's holder meets have sentences of their own here (401: the key is missing or not
// valid, ask for it; 403: revoked; 429: when to try again; 503: nothing changed, try later).

import { t } from "../core/i18n.js";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** The key was missing, not valid or revoked: the page forgets it and asks again. */
  get aboutTheKey() {
    return this.status === 401 || (this.status === 403 && this.code === "forbidden");
  }
}

/** The answer's JSON to `method path` (with the key when given, `body` as JSON), or an
 *  ApiError whose message is a sentence to show. `sentences` overrides one by error code. */
export async function call(method, path, { key = null, body, sentences = {} } = {}) {
  const headers = {};
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "unreachable", t("access.unreachable"));
  }
  const data = await response.json().catch(() => null);
  if (response.ok) return data;
  const code = data?.error?.code ?? "";
  const text = sentences[code] ?? sentence(response, code, key) ?? data?.error?.message;
  throw new ApiError(response.status, code, text ?? t("core.server_answered", { status: response.status }));
}

function sentence(response, code, key) {
  switch (response.status) {
    case 401:
      return key ? t("access.key_not_valid") : t("access.key_needed");
    case 403:
      return key && code === "forbidden" ? t("access.key_revoked") : null;
    case 404:
      return code === "not_found" ? t("access.not_yours") : null;
    case 429: {
      const seconds = Number(response.headers.get("Retry-After")) || 60;
      return t("access.rate_limited", { n: Math.max(1, Math.ceil(seconds / 60)) });
    }
    case 503:
      return t("access.unavailable");
    default:
      return null;
  }
}
