// The one place that talks HTTP: same-origin fetch with the session cookie, the CSRF header on
// every state-changing request, and MAAS error bodies turned into ApiError.

export const API_ROOT = "/MAAS/api/2.0/";
export const ACCOUNTS_ROOT = "/MAAS/accounts/";
export const CSRF_HEADER = "X-CSRFToken";

/** Field-keyed validation messages as MAAS returns them in a 400 (`__all__` for the form). */
export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly fieldErrors: FieldErrors | null;

  constructor(status: number, message: string, fieldErrors: FieldErrors | null = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.fieldErrors = fieldErrors;
  }
}

/** Parses a MAAS error body: JSON keyed by field, or plain text worded for people. */
export function errorFromBody(status: number, body: string, contentType: string): ApiError {
  const text = body.trim();
  if (contentType.includes("json")) {
    try {
      const parsed: unknown = JSON.parse(text);
      const fields = asFieldErrors(parsed);
      if (fields) {
        const all = Object.entries(fields).map(([field, messages]) =>
          field === "__all__" ? messages.join(" ") : `${field}: ${messages.join(" ")}`,
        );
        return new ApiError(status, all.join("\n"), fields);
      }
      if (typeof parsed === "string") return new ApiError(status, parsed);
    } catch {
      // Not JSON after all: fall through and show the text as it came.
    }
  }
  return new ApiError(status, text || `Request failed with HTTP ${status}.`);
}

function asFieldErrors(value: unknown): FieldErrors | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const out: FieldErrors = {};
  for (const [key, messages] of Object.entries(value)) {
    if (typeof messages === "string") out[key] = [messages];
    else if (Array.isArray(messages) && messages.every((m) => typeof m === "string"))
      out[key] = messages as string[];
    else return null;
  }
  return Object.keys(out).length > 0 ? out : null;
}

export type Query = Record<string, string | number | boolean | undefined>;
export type FormFields = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  query?: Query;
  form?: FormFields;
  signal?: AbortSignal;
  /** How long to wait for the region's answer (default READ_ or REQUEST_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Given a successful answer's headers (for example X-Total-Count of a paged list). */
  onHeaders?: (headers: Headers) => void;
}

/**
 * No request waits longer than this: a region that accepts the connection but never answers
 * (frozen, or a half-dead failover) must not leave a button spinning. Power calls that reach a
 * slow BMC answer within the region's own power timeout, which is shorter.
 */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Reads are answered from the database at once; a read this slow means the region is stuck. */
export const READ_TIMEOUT_MS = 10_000;

/** The request was not answered in time, or the region could not be reached at all. */
export class UnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnreachableError";
  }
}

/**
 * True when the error says nothing about the request, only that no region answered: no answer
 * in time, no connection, or a gateway's 502/504. A region's own 503 ("Database busy", a BMC
 * it could not reach) is an answer.
 */
export function isUnreachable(error: unknown): boolean {
  return (
    error instanceof UnreachableError ||
    (error instanceof ApiError && (error.status === 502 || error.status === 504))
  );
}

/** Builds `path?query` with keys in the given order; undefined values are left out. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Form fields as MAAS takes them: null clears a field (empty value), booleans as true/false. */
export function encodeForm(form: FormFields): URLSearchParams {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) {
    if (v === undefined) continue;
    body.append(k, v === null ? "" : String(v));
  }
  return body;
}

let csrfToken: string | null = null;

/** Set by the session once logged in; sent on every request that is not a GET. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener | null = null;

/** Called when the API answers 401: the session has expired or was logged out elsewhere. */
export function setUnauthorizedListener(listener: UnauthorizedListener | null): void {
  onUnauthorized = listener;
}

/** Told of every request's fate, for the page's "region unreachable" banner. */
export type ExchangeListener = (event: { answered: boolean; sentAt: number; at: number }) => void;
let onExchange: ExchangeListener | null = null;

export function setExchangeListener(listener: ExchangeListener | null): void {
  onExchange = listener;
}

export async function request<T>(url: string, options: RequestOptions = {}): Promise<T> {
  const sentAt = Date.now();
  try {
    const result = await exchange<T>(url, options);
    onExchange?.({ answered: true, sentAt, at: Date.now() });
    return result;
  } catch (e) {
    if (!options.signal?.aborted) onExchange?.({ answered: !isUnreachable(e), sentAt, at: Date.now() });
    throw e;
  }
}

async function exchange<T>(url: string, options: RequestOptions): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "GET" && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let body: URLSearchParams | undefined;
  if (options.form) {
    body = encodeForm(options.form);
    headers["Content-Type"] = "application/x-www-form-urlencoded";
  }
  const timeoutMs = options.timeoutMs ?? (method === "GET" ? READ_TIMEOUT_MS : REQUEST_TIMEOUT_MS);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const onCallerAbort = () => timeout.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onCallerAbort);
  let response: Response;
  try {
    response = await fetch(withQuery(url, options.query), {
      method,
      headers,
      body,
      credentials: "same-origin",
      signal: timeout.signal,
    });
  } catch (e) {
    if (options.signal?.aborted) throw e;
    throw new UnreachableError(
      timeout.signal.aborted
        ? `The region did not answer within ${Math.round(timeoutMs / 1000)} s.`
        : "The region could not be reached.",
    );
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onCallerAbort);
  }
  const contentType = response.headers.get("Content-Type") ?? "";
  if (response.status === 503 && contentType.includes("text/html")) {
    // HAProxy's page when no region is up: the regions answer in text or JSON, never HTML.
    throw new UnreachableError("No region answered: the load balancer has no live region.");
  }
  if (!response.ok) {
    const error = errorFromBody(response.status, await response.text(), contentType);
    // Only the API's 401 means "logged out meanwhile"; a refused login is just a refused login.
    if (response.status === 401 && url.startsWith(API_ROOT) && onUnauthorized) onUnauthorized();
    throw error;
  }
  options.onHeaders?.(response.headers);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (!text) return undefined as T;
  return (contentType.includes("json") ? JSON.parse(text) : text) as T;
}

export function api<T>(path: string, options?: RequestOptions): Promise<T> {
  return request<T>(API_ROOT + path, options);
}
