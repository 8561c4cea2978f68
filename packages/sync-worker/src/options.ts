import type { Logger } from 'pino';
import {
  DEFAULTS, DELIVERY_DEFAULTS, GradataValidationError, TICK_SEC_RANGE, badOptionValue, insecureIngestUrlReason, resolveDeliveryOptions, resolveNumberOption,
} from '@gradata/core/delivery-thread';
import type { DeliveryOptions, OptionLabel, ResolvedDeliveryOptions } from '@gradata/core';
import { GradataInsecureUrlError } from './errors';

/**
 * Options of `new SyncWorker(...)`. Only dbPath, apiKey and ingestUrl are required. The delivery
 * knobs are core's `DeliveryOptions` (the same ones `new Brain(dir, { delivery })` takes), so the
 * two can never drift: one list of fields, one set of defaults and rules.
 */
export interface SyncWorkerOptions extends DeliveryOptions {
  /** Path of the brain's system.db (the worker opens its own connection). */
  dbPath: string;
  apiKey: string;
  /** https, or http on a loopback host only. */
  ingestUrl: string;
  /** Only used in log context. */
  brainId?: string;
  /** Idle wake-up interval in seconds. */
  tickSec?: number;
  /** A pino logger; worker log lines are forwarded to it. */
  logger?: Logger;
}

/** Defaults of every optional field: core's delivery defaults and Brain's tick. */
export const SYNC_WORKER_DEFAULTS = Object.freeze({ tickSec: DEFAULTS.tickSec, ...DELIVERY_DEFAULTS });

/** The fully filled, validated options (frozen). */
export type ResolvedSyncWorkerOptions = ResolvedDeliveryOptions &
  Readonly<{ dbPath: string; apiKey: string; ingestUrl: string; tickSec: number; brainId: string | null; logger: Logger | null }>;

/** Options only the main thread uses: the logger (not cloneable), the key (sent as it is at spawn), supervision and flush. */
export const MAIN_THREAD_ONLY = Object.freeze(['logger', 'apiKey', 'maxCrashes', 'crashWindowMs', 'restartDelayMs', 'flushTimeoutMs'] as const);

/** The resolved options the worker thread runs with: all the others. */
export type ThreadOptions = Omit<ResolvedSyncWorkerOptions, (typeof MAIN_THREAD_ONLY)[number]>;

/** The thread's share of the resolved options, derived by leaving out the main thread's (never a hand-kept list of the rest). */
export function threadOptions(options: ResolvedSyncWorkerOptions): ThreadOptions {
  const copy: Record<string, unknown> = { ...options };
  for (const field of MAIN_THREAD_ONLY) delete copy[field];
  return copy as ThreadOptions;
}

const label: OptionLabel = (field) => `SyncWorker option "${field}"`;

// Core's range, so a tick that Brain's configuration accepts never makes the worker refuse to start.
const TICK_RULE = { integer: false, ...TICK_SEC_RANGE };

function resolveString(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw badOptionValue(label, field, 'a non-empty string', value);
  return value;
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
  if (options.brainId !== undefined && typeof options.brainId !== 'string') throw badOptionValue(label, 'brainId', 'a string', options.brainId);
  const logger = options.logger ?? null;
  if (logger !== null && (typeof logger !== 'object' || typeof logger.warn !== 'function')) {
    throw new GradataValidationError('BAD_OPTION', `${label('logger')} must be a pino logger`);
  }
  const tickSec = resolveNumberOption(label, 'tickSec', options.tickSec, TICK_RULE, SYNC_WORKER_DEFAULTS.tickSec);
  const delivery = resolveDeliveryOptions(options, label);
  return Object.freeze({ dbPath, apiKey, ingestUrl, brainId: options.brainId ?? null, logger, tickSec, ...delivery });
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

export { LEASE_MARGIN_MS } from '@gradata/core/delivery-thread';
