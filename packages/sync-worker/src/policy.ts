/**
 * The delivery policy (SPEC §7.3): a pure function from one HTTP response (or network failure) to
 * what happens to the row and to the worker. Clock and randomness are injected; all times in ms.
 */
import type { PauseReason } from '@gradata/core';

/** What came back for one row. */
export type DeliveryResponse =
  | { status: number; headers: Record<string, string | string[] | undefined>; body?: string }
  | { networkError: string };

export interface PolicyContext {
  /** The row's attempts before this one. */
  attempts: number;
  /** The worker's tick, the default Retry-After. */
  tickSec: number;
  /** Epoch milliseconds. */
  now: number;
  /** Uniform in [0, 1). */
  random: () => number;
  /** Length of an auth / endpoint pause (the caller doubles it per consecutive pause); default 60 s. */
  pauseBackoffMs?: number;
  /** A drain's budget: the backoff ceiling never exceeds this, so a retry falls inside the budget. */
  maxBackoffMs?: number;
}

export type Outcome =
  | { kind: 'synced'; deduplicated: boolean; status: number }
  | { kind: 'retry'; nextAttemptAt: number; error: string; status: number | null }
  | { kind: 'pause'; reason: PauseReason; until: number; error: string; status: number | null; countsAttempt: boolean }
  | { kind: 'dead'; error: string; status: number };

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
export const RETRY_AFTER_MIN_MS = 1_000;
export const RETRY_AFTER_MAX_MS = 15 * 60_000;
export const PAUSE_BASE_MS = 60_000;
export const PAUSE_CAP_MS = 60 * 60_000;
export const ERROR_BODY_CHARS = 200;

/** Full jitter: random × min(cap, base × 2^attempts, maxMs). */
export function backoffMs(attempts: number, random: () => number, maxMs = Infinity): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(Math.max(attempts, 0), 30), Math.max(0, maxMs));
  return Math.floor(random() * ceiling);
}

/** Length of the n-th consecutive auth / endpoint pause (n from 0): 60 s doubling to 1 h. */
export function pauseBackoffMs(consecutivePauses: number): number {
  return Math.min(PAUSE_CAP_MS, PAUSE_BASE_MS * 2 ** Math.min(Math.max(consecutivePauses, 0), 30));
}

/** Retry-After as delta-seconds or an HTTP date, in ms from now; null when absent or unparseable. */
export function parseRetryAfterMs(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return date - now;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function snippet(body: string | undefined): string {
  const text = (body ?? '').replace(/\s+/g, ' ').trim();
  return text.length > ERROR_BODY_CHARS ? text.slice(0, ERROR_BODY_CHARS) : text;
}

function isDeduplicated(body: string | undefined): boolean {
  if (!body) return false;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && (parsed as { deduplicated?: unknown }).deduplicated === true;
  } catch {
    return false; // a 2xx with a garbage body is still a delivery (SPEC §13)
  }
}

/** Maps one response to the row's fate and the worker's next move. */
export function classifyResponse(response: DeliveryResponse, context: PolicyContext): Outcome {
  const { now } = context;
  if ('networkError' in response) {
    return retry(context, `network: ${response.networkError}`, null);
  }
  const { status, headers, body } = response;
  if (status >= 200 && status < 300) return { kind: 'synced', deduplicated: isDeduplicated(body), status };

  const retryAfter = header(headers, 'retry-after');
  if (status === 429 || (status === 503 && retryAfter !== undefined && retryAfter.trim() !== '')) {
    const delay = parseRetryAfterMs(retryAfter, now) ?? context.tickSec * 1000;
    const until = now + clamp(delay, RETRY_AFTER_MIN_MS, RETRY_AFTER_MAX_MS);
    return { kind: 'pause', reason: 'rate-limited', until, error: `http ${status} (rate-limited)`, status, countsAttempt: true };
  }
  if (status === 408 || (status >= 500 && status < 600)) {
    return retry(context, withBody(`http ${status}`, body), status);
  }
  const pauseFor = context.pauseBackoffMs ?? PAUSE_BASE_MS;
  if (status === 401 || status === 403) {
    return { kind: 'pause', reason: 'auth', until: now + pauseFor, error: withBody(`http ${status} (auth)`, body), status, countsAttempt: false };
  }
  if (status === 404 || status === 405 || status === 410 || (status >= 300 && status < 400)) {
    return { kind: 'pause', reason: 'endpoint', until: now + pauseFor, error: withBody(`http ${status} (endpoint)`, body), status, countsAttempt: false };
  }
  if (status >= 400 && status < 500) {
    return { kind: 'dead', error: `http ${status} (permanent): ${snippet(body)}`, status };
  }
  // 1xx or outside 100–599: nothing we understand; treat as transient rather than lose the row.
  return retry(context, withBody(`http ${status} (unexpected)`, body), status);
}

function retry(context: PolicyContext, error: string, status: number | null): Outcome {
  return { kind: 'retry', nextAttemptAt: context.now + backoffMs(context.attempts, context.random, context.maxBackoffMs), error, status };
}

function withBody(prefix: string, body: string | undefined): string {
  const text = snippet(body);
  return text === '' ? prefix : `${prefix}: ${text}`;
}
