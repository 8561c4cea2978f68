import type { Logger } from 'pino';
import { GradataValidationError, TICK_SEC_RANGE, describeValue, insecureIngestUrlReason } from '@gradata/core';
import { GradataInsecureUrlError } from './errors';

/** Options of `new SyncWorker(...)`. Only dbPath, apiKey and ingestUrl are required. */
export interface SyncWorkerOptions {
  /** Path of the brain's system.db (the worker opens its own connection). */
  dbPath: string;
  apiKey: string;
  /** https, or http on a loopback host only. */
  ingestUrl: string;
  /** Only used in log context. */
  brainId?: string;
  /** Idle wake-up interval in seconds. */
  tickSec?: number;
  /**
   * Requests in flight at the start (default 4). The limit then adapts to the link (AIMD): it grows
   * while replies are healthy and slow, up to `maxConcurrency`, and halves on 429, 503, timeouts
   * and network errors, never below 1.
   */
  concurrency?: number;
  /** Most requests in flight (default 32; when only `concurrency` is given, that value). */
  maxConcurrency?: number;
  /**
   * Rows claimed per round. Default 50 one request per row; with `batch` on, `maxBatchRows ×
   * concurrency` (400): a round is then a few full batch requests in parallel, and the per-round
   * cost (claim, one transaction, status) is paid per 400 rows, not per 50.
   */
  batchSize?: number;
  /**
   * Send several rows per request to `<ingestUrl>/batch` (default true). A receiver without that
   * route is detected on its first 404/405/410/501 and rows then go one per request.
   */
  batch?: boolean;
  /** Most rows in one batch request (the receiver takes up to 500). */
  maxBatchRows?: number;
  /** Lease length in seconds; must exceed the request timeout by more than 2 s. */
  leaseSec?: number;
  requestTimeoutMs?: number;
  /** Synced rows older than this are pruned. */
  retentionSec?: number;
  /** Crashes within `crashWindowMs` after which the supervisor gives up. */
  maxCrashes?: number;
  crashWindowMs?: number;
  /** First restart delay after a crash; doubles per crash in the window. */
  restartDelayMs?: number;
  /** Default flush timeout. */
  flushTimeoutMs?: number;
  /** A pino logger; worker log lines are forwarded to it. */
  logger?: Logger;
}

/** Defaults of every optional numeric field (`batch` defaults to true). */
export const SYNC_WORKER_DEFAULTS = Object.freeze({
  tickSec: 30,
  concurrency: 4,
  maxConcurrency: 32,
  batchSize: 50,
  maxBatchRows: 100,
  leaseSec: 60,
  requestTimeoutMs: 30_000,
  retentionSec: 7 * 24 * 3600,
  maxCrashes: 5,
  crashWindowMs: 5 * 60_000,
  restartDelayMs: 250,
  flushTimeoutMs: 30_000,
});

/** The fully filled, validated options (frozen). */
export type ResolvedSyncWorkerOptions = Readonly<
  Required<Omit<SyncWorkerOptions, 'logger' | 'brainId'>> & { brainId: string | null; logger: Logger | null }
>;

const DEFAULT_BATCH = true;

/** A request must be able to finish (time out at worst) this long before its lease expires. */
export const LEASE_MARGIN_MS = 2_000;

type NumericField = keyof typeof SYNC_WORKER_DEFAULTS;

const NUMERIC_RULES: Record<NumericField, { integer: boolean; min: number; max: number }> = {
  // Core's range, so a tick that Brain's configuration accepts never makes the worker refuse to start.
  tickSec: { integer: false, min: TICK_SEC_RANGE.min, max: TICK_SEC_RANGE.max },
  concurrency: { integer: true, min: 1, max: 256 },
  maxConcurrency: { integer: true, min: 1, max: 256 },
  batchSize: { integer: true, min: 1, max: 1000 },
  maxBatchRows: { integer: true, min: 1, max: 500 },
  leaseSec: { integer: false, min: 1, max: 86_400 },
  requestTimeoutMs: { integer: true, min: 1, max: 600_000 },
  retentionSec: { integer: false, min: 0, max: 10 * 365 * 86_400 },
  maxCrashes: { integer: true, min: 1, max: 1000 },
  crashWindowMs: { integer: true, min: 1, max: 86_400_000 },
  restartDelayMs: { integer: true, min: 0, max: 3_600_000 },
  flushTimeoutMs: { integer: true, min: 1, max: 86_400_000 },
};

function badOption(field: string, message: string): GradataValidationError {
  return new GradataValidationError('BAD_OPTION', `SyncWorker option "${field}" ${message}`);
}

function resolveNumber(field: NumericField, value: unknown): number {
  if (value === undefined) return SYNC_WORKER_DEFAULTS[field];
  const rule = NUMERIC_RULES[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw badOption(field, `must be a finite number, got ${describe(value)}`);
  }
  if (rule.integer && !Number.isInteger(value)) throw badOption(field, `must be an integer, got ${value}`);
  if (value < rule.min || value > rule.max) {
    throw badOption(field, `must be between ${rule.min} and ${rule.max}, got ${value}`);
  }
  return value;
}

function resolveString(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw badOption(field, `must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

/** Never echoes string values: an API key could end up in an error message. */
function describe(value: unknown): string {
  return describeValue(value, { hideStrings: true });
}

/** Validates every field (the message names the field) and returns a frozen, fully filled copy. */
export function resolveSyncWorkerOptions(options: SyncWorkerOptions): ResolvedSyncWorkerOptions {
  if (options === null || typeof options !== 'object') {
    throw new GradataValidationError('BAD_OPTION', 'SyncWorker options must be an object');
  }
  const dbPath = resolveString('dbPath', options.dbPath);
  const apiKey = resolveString('apiKey', options.apiKey);
  const ingestUrl = resolveString('ingestUrl', options.ingestUrl);
  assertSecureIngestUrl(ingestUrl);
  if (options.brainId !== undefined && typeof options.brainId !== 'string') {
    throw badOption('brainId', `must be a string, got ${describe(options.brainId)}`);
  }
  const logger = options.logger ?? null;
  if (logger !== null && (typeof logger !== 'object' || typeof logger.warn !== 'function')) {
    throw badOption('logger', 'must be a pino logger');
  }
  if (options.batch !== undefined && typeof options.batch !== 'boolean') {
    throw badOption('batch', `must be a boolean, got ${describe(options.batch)}`);
  }
  const batch = options.batch ?? DEFAULT_BATCH;
  const numbers = {} as Record<NumericField, number>;
  for (const field of Object.keys(SYNC_WORKER_DEFAULTS) as NumericField[]) {
    numbers[field] = resolveNumber(field, options[field]);
  }
  // A caller who pins `concurrency` alone gets it as the ceiling too: it never grows past what was asked.
  if (options.maxConcurrency === undefined && options.concurrency !== undefined) numbers.maxConcurrency = numbers.concurrency;
  if (numbers.concurrency > numbers.maxConcurrency) {
    throw badOption('concurrency', `(${numbers.concurrency}) must not exceed maxConcurrency (${numbers.maxConcurrency})`);
  }
  if (batch && options.batchSize === undefined) {
    numbers.batchSize = Math.min(NUMERIC_RULES.batchSize.max, numbers.maxBatchRows * numbers.concurrency);
  }
  if (numbers.leaseSec * 1000 <= numbers.requestTimeoutMs + LEASE_MARGIN_MS) {
    throw badOption(
      'leaseSec',
      `(${numbers.leaseSec} s) must be longer than requestTimeoutMs (${numbers.requestTimeoutMs} ms) + ${LEASE_MARGIN_MS / 1000} s: ` +
        'a request must be able to start and still time out before its lease ends',
    );
  }
  return Object.freeze({ dbPath, apiKey, ingestUrl, brainId: options.brainId ?? null, logger, batch, ...numbers });
}

/**
 * Throws `GradataInsecureUrlError` (code INSECURE_INGEST_URL) unless the URL is https, or http
 * on a loopback host (127.0.0.0/8, ::1, localhost): the API key must never travel in clear.
 * The rule is core's, so Brain and the worker can never disagree about a URL.
 */
export function assertSecureIngestUrl(url: string): void {
  const reason = insecureIngestUrlReason(url);
  if (reason !== null) throw new GradataInsecureUrlError(url, reason);
}
