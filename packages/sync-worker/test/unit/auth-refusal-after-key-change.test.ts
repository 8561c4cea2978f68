/**
 * A 401 answers the key its request carried. When setApiKey replaced that key while the request was
 * out, the refusal says nothing about the key now held: no pause starts and the row goes back
 * untouched. One round of the real Deliverer on a real SQLite file, with a sender written here that
 * plays the receiver (and the key change) at the moment of the reply; nothing waits on a timeout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { enqueueCorrection, openBrainDatabase, readPause } from '@gradata/core';
import type { ClaimedRow, Database } from '@gradata/core';
import type { WorkerConfig } from '../../src/protocol';
import type { SendOptions, SendResult, Sender } from '../../src/sender/sender';
import { PauseTracker, keyFingerprint } from '../../src/worker/pause';
import { Reporter } from '../../src/worker/reporter';
import { Deliverer } from '../../src/worker/round';

const OLD_KEY = 'gd_old_key_1111';
const NEW_KEY = 'gd_new_key_2222';
const UNAUTHORISED: SendResult = { status: 401, headers: {}, body: '{"error":"bad key"}' };

let dir: string;
let db: Database;
const channel = new MessageChannel();
const reporter = new Reporter(channel.port1, OLD_KEY, 'silent');

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-key-epoch-'));
  db = openBrainDatabase(path.join(dir, 'system.db'));
  enqueueCorrection(db, 'brain', { session: 1, category: 'STYLE', severity: 'minor', description: 'd', draft: 'a', final: 'b' }, 'event-1');
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
afterAll(() => channel.port1.close());

function config(): WorkerConfig {
  return {
    dbPath: path.join(dir, 'system.db'),
    apiKey: OLD_KEY,
    ingestUrl: 'https://ingest.test/api/v1/ingest',
    brainId: null,
    leaseOwner: 'test-owner',
    userAgent: 'test',
    tickSec: 30,
    concurrency: 1,
    maxConcurrency: 1,
    batchSize: 10,
    batch: false,
    maxBatchRows: 10,
    leaseSec: 60,
    requestTimeoutMs: 10_000,
    retentionSec: 7 * 86_400,
    idleExitSec: 0,
    logLevel: 'silent',
  };
}

/** A sender whose every row is refused with 401; `beforeReply` runs while the requests are out. */
function refusingSender(beforeReply: () => void): Sender {
  return {
    async send(rows: readonly ClaimedRow[], _signal: AbortSignal, options: SendOptions = {}): Promise<SendResult[]> {
      beforeReply();
      rows.forEach((_row, index) => options.onResult?.(index, UNAUTHORISED));
      return rows.map(() => UNAUTHORISED);
    },
    setApiKey: () => undefined,
    close: () => undefined,
  };
}

const row = (): { attempts: number; lease_owner: string | null; synced_at: number | null } =>
  db.prepare('SELECT attempts, lease_owner, synced_at FROM sync_queue').get() as { attempts: number; lease_owner: string | null; synced_at: number | null };

test('a 401 for the key still held pauses delivery for that key', async () => {
  const pause = new PauseTracker(db, reporter, () => undefined, OLD_KEY);
  const deliverer = new Deliverer(db, refusingSender(() => undefined), config(), pause, reporter, () => undefined);
  const result = await deliverer.round({ ignoreBackoff: false });
  expect(result).toMatchObject({ claimed: 1, attempted: 1, paused: true });
  expect(readPause(db)).toMatchObject({ reason: 'auth', keyFingerprint: keyFingerprint(OLD_KEY) });
});

test('a 401 for a key replaced while the request was out starts no pause, and the row goes back untouched', async () => {
  const pause = new PauseTracker(db, reporter, () => undefined, OLD_KEY);
  const deliverer = new Deliverer(db, refusingSender(() => pause.apiKeyChanged(NEW_KEY)), config(), pause, reporter, () => undefined);
  const result = await deliverer.round({ ignoreBackoff: false });
  expect(result).toMatchObject({ claimed: 1, paused: false, delivered: 0, dead: 0 });
  expect(readPause(db)).toBeNull();
  expect(pause.snapshot()).toBeNull();
  expect(row()).toEqual({ attempts: 0, lease_owner: null, synced_at: null });
});
