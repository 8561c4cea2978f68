/** Shared fixtures: a real brain database in a tmp dir, a real receiver, a capturing logger. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from 'pino';
import { clearPause, enqueueCorrection, openBrainDatabase } from '@gradata/core';
import type { Database } from '@gradata/core';
import { startIngestServer } from '@gradata/ingest-server';
import type { IngestServer, IngestServerOptions, ReceivedRequest } from '@gradata/ingest-server';
import { SyncWorker } from '../../src/sync-worker';
import type { SyncWorkerOptions } from '../../src/options';

export const API_KEY = 'gd_test_key_7f3a9c2e';
export const BRAIN_ID = '3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

export interface Brain {
  dir: string;
  dbPath: string;
  db: Database;
}

export function makeBrain(): Brain {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-sync-'));
  const dbPath = path.join(dir, 'system.db');
  return { dir, dbPath, db: openBrainDatabase(dbPath) };
}

export function removeBrain(brain: Brain): void {
  brain.db.close();
  fs.rmSync(brain.dir, { recursive: true, force: true });
}

/** Enqueues `n` corrections in the SPEC §6 shape; returns their event ids in order. */
export function enqueueCorrections(db: Database, n: number, brainId = BRAIN_ID): string[] {
  const ids: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const eventId = randomUUID();
      enqueueCorrection(db, brainId, { session: 1, category: 'STYLE', severity: 'minor', description: `edit ${i}`, draft: `draft ${i}`, final: `final ${i}` }, eventId);
      ids.push(eventId);
    }
  })();
  return ids;
}

export interface QueueRow {
  id: number;
  event_id: string | null;
  synced_at: number | null;
  attempts: number;
  last_error: string | null;
  last_status: number | null;
  next_attempt_at: number | null;
  lease_owner: string | null;
  dead_at: number | null;
}

export function queueRows(db: Database): QueueRow[] {
  return db.prepare('SELECT id, event_id, synced_at, attempts, last_error, last_status, next_attempt_at, lease_owner, dead_at FROM sync_queue ORDER BY id').all() as QueueRow[];
}

export function pendingCount(db: Database): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM sync_queue WHERE synced_at IS NULL').get() as { n: number }).n;
}

/** A receiver on 127.0.0.1:0 that records every request it answered. */
export async function startReceiver(options: IngestServerOptions = {}): Promise<{ server: IngestServer; requests: ReceivedRequest[] }> {
  const requests: ReceivedRequest[] = [];
  const server = await startIngestServer({
    port: 0,
    keys: [API_KEY],
    logger: false,
    ...options,
    onRequest: (info) => {
      requests.push(info);
      options.onRequest?.(info);
    },
  });
  return { server, requests };
}

/** A pino logger whose lines (JSON) land in memory. */
export function captureLogger(level: pino.Level = 'trace'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line.length > 0));
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

export function makeWorker(brain: Brain, ingestUrl: string, options: Partial<SyncWorkerOptions> = {}): SyncWorker {
  return new SyncWorker({
    dbPath: brain.dbPath,
    apiKey: API_KEY,
    ingestUrl,
    tickSec: 999,
    logger: options.logger ?? captureLogger('warn').logger,
    ...options,
  });
}

/** Polls until `check` returns a truthy value; fails with `what` after a generous timeout. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves with the payload of the next `event` emitted by `emitter`. */
export function nextEvent<T>(emitter: SyncWorker, event: string): Promise<T> {
  return new Promise((resolve) => emitter.once(event, resolve as (payload: unknown) => void));
}

/** What `useWorkerFixture` hands a describe block; its fields are fresh in every test. */
export interface WorkerFixture {
  /** A new brain database in a tmp dir, removed after the test. */
  readonly brain: Brain;
  /** The receiver on 127.0.0.1:0, closed after the test. */
  readonly server: IngestServer;
  /** Every request `server` answered. */
  readonly requests: ReceivedRequest[];
  /** A worker on this brain and receiver (not started); after the test it is stopped without drain. */
  makeWorker(options?: Partial<SyncWorkerOptions>): SyncWorker;
  /** Hands a worker built some other way to the same cleanup. */
  adopt<T extends SyncWorker>(worker: T): T;
  /** Closes the receiver and starts another with `options` (for the one test that needs a different one). */
  replaceReceiver(options?: IngestServerOptions): Promise<void>;
}

/**
 * Registers beforeEach / afterEach for the usual shape: a brain, a receiver started with
 * `receiverOptions`, and the workers a test makes; cleanup stops those workers, closes the
 * receiver, then removes the brain.
 */
export function useWorkerFixture(receiverOptions: IngestServerOptions = {}): WorkerFixture {
  let current: { brain: Brain; server: IngestServer; requests: ReceivedRequest[] } | null = null;
  const workers: SyncWorker[] = [];
  const active = (): NonNullable<typeof current> => {
    if (!current) throw new Error('useWorkerFixture: the fixture is only ready inside a test');
    return current;
  };

  beforeEach(async () => {
    const brain = makeBrain();
    current = { brain, ...(await startReceiver(receiverOptions)) };
  });
  afterEach(async () => {
    const { brain, server } = active();
    current = null;
    try {
      // Every worker is stopped even if one stop fails; the receiver and brain go regardless.
      const stops = await Promise.allSettled(workers.splice(0).map((worker) => worker.stop({ drain: false, timeoutMs: 1_000 })));
      const failed = stops.find((stop) => stop.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
    } finally {
      await server.close();
      removeBrain(brain);
    }
  });

  const adopt = <T extends SyncWorker>(worker: T): T => {
    workers.push(worker);
    return worker;
  };
  return {
    get brain() {
      return active().brain;
    },
    get server() {
      return active().server;
    },
    get requests() {
      return active().requests;
    },
    makeWorker: (options = {}) => adopt(makeWorker(active().brain, active().server.ingestUrl, options)),
    adopt,
    async replaceReceiver(options = {}) {
      const fixture = active();
      await fixture.server.close();
      Object.assign(fixture, await startReceiver(options));
    },
  };
}

/**
 * Ends the persisted pause now, as if its Retry-After had elapsed (the pause and the refused rows'
 * next attempt), and wakes the worker. Tests answer
 * with a long Retry-After and call this, instead of racing a 1–3 s window a busy machine can overrun.
 * Returns the moment the pause ended (epoch ms): nothing may reach the receiver before it.
 */
export function endPauseNow(db: Database, worker: SyncWorker): number {
  const endedAt = Date.now();
  db.transaction(() => {
    clearPause(db);
    // The refused rows wait for the pause's end too (their next_attempt_at): that end is now.
    db.prepare('UPDATE sync_queue SET next_attempt_at = ? WHERE synced_at IS NULL AND next_attempt_at > ?').run(endedAt / 1000, endedAt / 1000);
  })();
  worker.nudge();
  return endedAt;
}

/** Lets a misbehaving worker show itself: an observation window, never a timing assertion. */
export function settle(ms = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
