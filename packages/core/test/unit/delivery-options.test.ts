import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { GradataValidationError, resolveConfig } from '@gradata/core';
import type { DeliveryOptions, SyncerOptions } from '@gradata/core';
import { openTestBrain } from '../helpers/brain';
import { tmpDir } from '../helpers/tmp';

// `new Brain(dir, { delivery })` (SPEC §3): every knob validated like every other option, with
// BAD_OPTION and the field's name, and resolved once into the frozen shape the syncer is built with.
const silent = pino({ level: 'silent' });
const resolve = (delivery: unknown) => resolveConfig({ env: {}, homeDir: tmpDir('gradata-home-'), logger: silent, delivery: delivery as DeliveryOptions });

test('without delivery, every knob has its default (literal figures, so a changed default fails here)', () => {
  const { delivery } = resolve(undefined);
  expect(delivery).toEqual({
    concurrency: 4, maxConcurrency: 32, batch: true, batchSize: 400, maxBatchRows: 100, leaseSec: 60, requestTimeoutMs: 30_000,
    retentionSec: 7 * 86_400, idleExitSec: 30, maxCrashes: 5, crashWindowMs: 300_000, restartDelayMs: 250, flushTimeoutMs: 30_000,
  });
  expect(Object.isFrozen(delivery)).toBe(true);
});

test('valid knobs are kept, and the rules between fields apply as on a SyncWorker', () => {
  expect(resolve({ requestTimeoutMs: 500, leaseSec: 5, batch: false, idleExitSec: 0, retentionSec: 0 }).delivery).toMatchObject({
    requestTimeoutMs: 500, leaseSec: 5, batch: false, batchSize: 50, idleExitSec: 0, retentionSec: 0,
  });
  // A pinned concurrency alone is also the ceiling; with batch on a round claims a full batch per lane.
  expect(resolve({ concurrency: 2 }).delivery).toMatchObject({ concurrency: 2, maxConcurrency: 2, batchSize: 200 });
  // A ceiling alone below the default start lowers the start, so `maxConcurrency: 1` is all a caller needs.
  expect(resolve({ maxConcurrency: 1 }).delivery).toMatchObject({ concurrency: 1, maxConcurrency: 1, batchSize: 100 });
});

test.each<[string, Record<string, unknown>, RegExp]>([
  ['maxConcurrency 0', { maxConcurrency: 0 }, /^option delivery\.maxConcurrency must be between 1 and 256, got 0$/],
  ['maxConcurrency 1.5', { maxConcurrency: 1.5 }, /delivery\.maxConcurrency must be an integer/],
  ['concurrency above maxConcurrency', { concurrency: 8, maxConcurrency: 4 }, /delivery\.concurrency \(8\) must not exceed option delivery\.maxConcurrency \(4\)/],
  ['requestTimeoutMs as a string', { requestTimeoutMs: '500' }, /delivery\.requestTimeoutMs must be a finite number, got a string of length 3/],
  ['requestTimeoutMs NaN', { requestTimeoutMs: Number.NaN }, /delivery\.requestTimeoutMs must be a finite number/],
  ['leaseSec not past the request timeout', { leaseSec: 10, requestTimeoutMs: 9_000 }, /delivery\.leaseSec \(10 s\) must be longer than option delivery\.requestTimeoutMs/],
  ['leaseSec 0', { leaseSec: 0 }, /delivery\.leaseSec must be between 1 and 86400/],
  ['batch "no"', { batch: 'no' }, /delivery\.batch must be a boolean/],
  ['batchSize 0', { batchSize: 0 }, /delivery\.batchSize must be between 1 and 1000/],
  ['maxBatchRows 501', { maxBatchRows: 501 }, /delivery\.maxBatchRows must be between 1 and 500/],
  ['retentionSec -1', { retentionSec: -1 }, /delivery\.retentionSec must be between 0/],
  ['idleExitSec Infinity', { idleExitSec: Infinity }, /delivery\.idleExitSec must be a finite number/],
  ['idleExitSec -1', { idleExitSec: -1 }, /delivery\.idleExitSec must be between 0 and 86400/],
  ['maxCrashes 0', { maxCrashes: 0 }, /delivery\.maxCrashes must be between 1/],
  ['crashWindowMs 0', { crashWindowMs: 0 }, /delivery\.crashWindowMs must be between 1/],
  ['restartDelayMs -1', { restartDelayMs: -1 }, /delivery\.restartDelayMs must be between 0/],
  ['flushTimeoutMs 0', { flushTimeoutMs: 0 }, /delivery\.flushTimeoutMs must be between 1/],
  ['a misspelt knob', { maxConcurency: 1 }, /^option delivery\.maxConcurency is not a delivery option; known: concurrency, maxConcurrency/],
  ['tickSec (a top-level option)', { tickSec: 1 }, /delivery\.tickSec is not a delivery option \(tickSec is a top-level option/],
])('a bad delivery option is BAD_OPTION naming the field: %s', (_case, delivery, message) => {
  let caught: unknown;
  try {
    resolve(delivery);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(GradataValidationError);
  expect(caught).toMatchObject({ code: 'BAD_OPTION' });
  expect((caught as Error).message).toMatch(message);
});

test.each([null, 'fast', 3, [1]])('delivery that is not an object is refused: %p', (delivery) => {
  expect(() => resolve(delivery)).toThrow(/^option delivery must be an object, got /);
});

test('a refused value that may be a key is never echoed', () => {
  expect(() => resolve({ leaseSec: 'sk-live-very-secret' })).toThrow(GradataValidationError);
  expect(() => resolve({ leaseSec: 'sk-live-very-secret' })).not.toThrow(/sk-live-very-secret/);
});

test('new Brain refuses a bad delivery option before creating anything', () => {
  const dir = path.join(tmpDir(), 'brain');
  expect(() => openTestBrain({ delivery: { maxConcurrency: 0 } }, dir)).toThrow(/delivery\.maxConcurrency/);
  expect(fs.existsSync(dir)).toBe(false);
});

test('the syncer is built with every resolved knob, flat beside the connection fields', () => {
  const seen: SyncerOptions[] = [];
  const brain = openTestBrain({
    apiKey: 'k', ingestUrl: 'http://127.0.0.1:9/ingest', delivery: { requestTimeoutMs: 500, maxConcurrency: 1, idleExitSec: 5 },
    syncer: (options) => {
      seen.push(options);
      return { start() {}, nudge() {}, status: () => ({ worker: 'running', inFlight: 0, lastSyncAt: null, lastError: null, pausedUntil: null, pauseReason: null }),
        flush: async () => ({ delivered: 0, dead: 0, remaining: 0 }), stop: async () => ({ delivered: 0, remaining: 0 }), setApiKey() {}, on() {} };
    },
  });
  try {
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ ingestUrl: 'http://127.0.0.1:9/ingest', requestTimeoutMs: 500, maxConcurrency: 1, concurrency: 1, idleExitSec: 5, leaseSec: 60 });
  } finally {
    void brain.close();
  }
});
