import type { Logger } from 'pino';
import { GradataValidationError, isLogLevel } from '@gradata/core';
import type { ResolvedSyncWorkerOptions } from '../options';
import type { WorkerConfig } from '../protocol';
import { USER_AGENT } from '../version';

/** The plain-data settings one thread incarnation starts with (the key may have changed since construction). */
export function buildWorkerConfig(options: ResolvedSyncWorkerOptions, apiKey: string, leaseOwner: string, logger: Logger): WorkerConfig {
  const level = logger.level;
  return {
    dbPath: options.dbPath,
    apiKey,
    ingestUrl: options.ingestUrl,
    brainId: options.brainId,
    leaseOwner,
    userAgent: USER_AGENT,
    tickSec: options.tickSec,
    concurrency: options.concurrency,
    maxConcurrency: options.maxConcurrency,
    batchSize: options.batchSize,
    batch: options.batch,
    maxBatchRows: options.maxBatchRows,
    leaseSec: options.leaseSec,
    requestTimeoutMs: options.requestTimeoutMs,
    retentionSec: options.retentionSec,
    // A custom pino level the thread does not know: send everything and let the logger decide.
    logLevel: isLogLevel(level) ? level : 'trace',
  };
}

/** `timeoutMs` of flush / stop: a non-negative finite number. */
export function checkTimeout(what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new GradataValidationError('BAD_OPTION', `${what} timeoutMs must be a non-negative number`);
  }
  return value;
}
