import type { Logger } from 'pino';

/** Random and standing faults, applied to `/ingest`, `/ingest/batch` and `/sync` before normal handling. */
export interface FaultOptions {
  /** Share of requests (0–1) answered `503` without `Retry-After`. */
  failRate?: number;
  /** Delay (ms) before any answer, including error answers. */
  latencyMs?: number;
  /** Share of requests (0–1) whose connection is destroyed without a response. */
  dropRate?: number;
  /** Hold every request open without answering (until `close()` destroys the connection). */
  neverRespond?: boolean;
}

/**
 * One scripted answer, consumed by the next request of its route before normal handling.
 * A plain `200` (or `{ status: 200 }` without `body`) means "handle normally". Any other entry is
 * answered as written — generic body when none is given — and nothing is stored.
 */
export type ScriptedResponse =
  | number
  | { status: number; headers?: Record<string, string>; body?: unknown; drop?: boolean; delayMs?: number };

/** What the server saw and answered; handed to `onRequest` after each answer. */
export interface ReceivedRequest {
  route: RouteName;
  /** HTTP status sent; `0` when the connection was dropped or held without an answer. */
  status: number;
  /** Request headers as received (includes `authorization`: never log this object as is). */
  headers: Record<string, string | undefined>;
  eventId?: string;
  brainId?: string;
  /** `X-Gradata-Attempt` as an integer, when present and numeric. */
  attempt?: number;
  /** Epoch ms when the request arrived. */
  at: number;
  /**
   * Set when this correction came in a batch request: the number of items in that request. A batch
   * is reported once per item (route `ingest`, the item's own status); a batch refused before its
   * items were read (401, 429, 413, 400, a bad envelope) is reported once, with route `ingest-batch`.
   */
  batchSize?: number;
}

export type RouteName = 'ingest' | 'ingest-batch' | 'sync' | 'corrections' | 'healthz';

/** Options of `startIngestServer`; every field is optional. */
export interface IngestServerOptions {
  /** TCP port; default 0 (a free port). */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** SQLite file for received data; default ':memory:'. */
  dbPath?: string;
  /** Accepted API keys; default env GRADATA_INGEST_KEYS (comma list). An empty list rejects all. */
  keys?: string[];
  /**
   * Per-key fixed one-second window on `/ingest` and `/sync`; over it → 429 + Retry-After.
   * `now` (epoch ms, default Date.now) lets a test hold the window still on a busy machine.
   */
  rateLimit?: { perKeyPerSecond: number; retryAfterSec?: number; now?: () => number };
  faults?: FaultOptions;
  /** Scripted answers for `/ingest`, one per request. */
  script?: ScriptedResponse[];
  /** Scripted answers for `/sync`, one per request. */
  syncScript?: ScriptedResponse[];
  /** Scripted answers for `/ingest/batch`, one per batch request (the whole request, not an item). */
  batchScript?: ScriptedResponse[];
  /** Serve `POST /api/v1/ingest/batch`; default true. False makes it a 404, like a cloud without it. */
  batch?: boolean;
  /** A pino logger, or `false` for none; default pino at GRADATA_LOG_LEVEL or 'warn'. */
  logger?: Logger | false;
  /** Called once per answered (or dropped/held) request; keep it cheap, it runs on the hot path. */
  onRequest?: (info: ReceivedRequest) => void;
  /** Maximum request body in bytes; default 1 MiB (SPEC §11). */
  bodyLimit?: number;
  /** A request whose headers and body are not all received within this many ms gets 408 and is closed; default 30,000. */
  requestTimeoutMs?: number;
  /** A request whose headers are not all received within this many ms gets 408 and is closed; default 10,000 (at most requestTimeoutMs). */
  headersTimeoutMs?: number;
}

/** Options after defaults and validation; read by the hot path, never re-derived. */
export interface ResolvedOptions {
  readonly port: number;
  readonly host: string;
  readonly dbPath: string;
  readonly keys: ReadonlySet<string>;
  readonly rateLimit: { readonly perKeyPerSecond: number; readonly retryAfterSec: number | undefined; readonly now: () => number } | undefined;
  readonly faults: FaultOptions;
  readonly script: ScriptedResponse[];
  readonly syncScript: ScriptedResponse[];
  readonly batchScript: ScriptedResponse[];
  readonly batch: boolean;
  readonly logger: Logger | false | undefined;
  readonly onRequest: ((info: ReceivedRequest) => void) | undefined;
  readonly bodyLimit: number;
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

/** Splits a comma-separated key list (as in GRADATA_INGEST_KEYS), trimming blanks and empties. */
export function parseKeys(value: string | undefined | null): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
}

/** Throws a `TypeError` naming the field unless `value` is a rate in [0, 1]. */
function checkRate(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new TypeError(`${name} must be a number between 0 and 1, got ${String(value)}`);
  }
}

function checkNonNegative(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`${name} must be a non-negative number, got ${String(value)}`);
  }
}

/** Validates fault options; returns a frozen copy. */
export function resolveFaults(faults: FaultOptions | undefined): FaultOptions {
  const f = { ...(faults ?? {}) };
  checkRate('faults.failRate', f.failRate);
  checkRate('faults.dropRate', f.dropRate);
  checkNonNegative('faults.latencyMs', f.latencyMs);
  if (f.neverRespond !== undefined && typeof f.neverRespond !== 'boolean') {
    throw new TypeError('faults.neverRespond must be a boolean');
  }
  return Object.freeze(f);
}

/** Validates one scripted answer. */
export function checkScripted(entry: ScriptedResponse): ScriptedResponse {
  const status = typeof entry === 'number' ? entry : entry?.status;
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new TypeError(`scripted response status must be an integer 100–599, got ${String(status)}`);
  }
  if (typeof entry === 'object') checkNonNegative('scripted response delayMs', entry.delayMs);
  return entry;
}

/** Applies defaults and validates every field once, naming the field on error. */
export function resolveOptions(options: IngestServerOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`port must be an integer 0–65535, got ${String(options.port)}`);
  }
  const keys = options.keys ?? parseKeys(env.GRADATA_INGEST_KEYS);
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string' || k.length === 0)) {
    throw new TypeError('keys must be an array of non-empty strings');
  }
  let rateLimit: ResolvedOptions['rateLimit'];
  if (options.rateLimit) {
    const { perKeyPerSecond, retryAfterSec, now = Date.now } = options.rateLimit;
    if (!Number.isInteger(perKeyPerSecond) || perKeyPerSecond < 1) {
      throw new TypeError(`rateLimit.perKeyPerSecond must be a positive integer, got ${String(perKeyPerSecond)}`);
    }
    if (retryAfterSec !== undefined && (!Number.isInteger(retryAfterSec) || retryAfterSec < 0)) {
      throw new TypeError(`rateLimit.retryAfterSec must be a non-negative integer, got ${String(retryAfterSec)}`);
    }
    if (typeof now !== 'function') throw new TypeError('rateLimit.now must be a function');
    rateLimit = Object.freeze({ perKeyPerSecond, retryAfterSec, now });
  }
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  if (!Number.isInteger(bodyLimit) || bodyLimit < 1) {
    throw new TypeError(`bodyLimit must be a positive integer, got ${String(options.bodyLimit)}`);
  }
  const requestTimeoutMs = positiveInteger('requestTimeoutMs', options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  // Node refuses a headers timeout above the request timeout.
  const headersTimeoutMs = Math.min(requestTimeoutMs, positiveInteger('headersTimeoutMs', options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS));
  if (options.batch !== undefined && typeof options.batch !== 'boolean') {
    throw new TypeError(`batch must be a boolean, got ${String(options.batch)}`);
  }
  if (options.onRequest !== undefined && typeof options.onRequest !== 'function') {
    throw new TypeError('onRequest must be a function');
  }
  return Object.freeze({
    port,
    host: options.host ?? '127.0.0.1',
    dbPath: options.dbPath ?? ':memory:',
    keys: new Set(keys),
    rateLimit,
    faults: resolveFaults(options.faults),
    script: (options.script ?? []).map(checkScripted),
    syncScript: (options.syncScript ?? []).map(checkScripted),
    batchScript: (options.batchScript ?? []).map(checkScripted),
    batch: options.batch ?? true,
    logger: options.logger,
    onRequest: options.onRequest,
    bodyLimit,
    requestTimeoutMs,
    headersTimeoutMs,
  });
}
