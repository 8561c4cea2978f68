import { GradataClosedError, GradataValidationError } from '@gradata/core';
import { createSyncWorker } from '../../src/create-sync-worker';
import type { SyncWorker } from '../../src/sync-worker';
import { API_KEY, BRAIN_ID, captureLogger, enqueueCorrections, pendingCount, useWorkerFixture, waitFor } from './helpers';

describe('lifecycle edges', () => {
  const fx = useWorkerFixture();

  test('before start: status is off, nudge is a no-op, flush reports the disk, stop resolves', async () => {
    const { brain } = fx;
    enqueueCorrections(brain.db, 2);
    const worker = fx.makeWorker();
    expect(worker.status()).toEqual({ worker: 'off', inFlight: 0, lastSyncAt: null, lastError: null, pausedUntil: null, pauseReason: null });
    worker.nudge();
    await expect(worker.flush()).resolves.toEqual({ delivered: 0, dead: 0, remaining: 2 });
    await expect(worker.stop()).resolves.toEqual({ delivered: 0, remaining: 2 });
    expect(() => worker.start()).toThrow(GradataClosedError);
    await expect(worker.flush()).rejects.toBeInstanceOf(GradataClosedError);
  });

  test('stop right after start (thread still booting) drains within its budget; concurrent stops share one promise', async () => {
    const { brain, server } = fx;
    enqueueCorrections(brain.db, 10);
    const worker = fx.makeWorker();
    worker.start();
    worker.start(); // no-op
    const first = worker.stop({ drain: true, timeoutMs: 10_000 });
    const second = worker.stop({ drain: false, timeoutMs: 1 });
    expect(second).toBe(first);
    // `delivered` counts what this thread delivered after stop arrived; the loop may have raced it.
    await expect(first).resolves.toMatchObject({ remaining: 0 });
    expect(server.counts().stored).toBe(10);
  });

  test('bad arguments are refused with BAD_OPTION, the key is not echoed', async () => {
    const worker = fx.makeWorker();
    // A refused key can only be blank, so the check is the exact message: nothing of the value is in it.
    const refusedKey = ' \t\u2003 ';
    let refusal: unknown;
    try {
      worker.setApiKey(refusedKey);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(GradataValidationError);
    expect(refusal).toMatchObject({ code: 'BAD_OPTION', message: 'setApiKey needs a non-empty string' });
    expect(() => fx.makeWorker({ apiKey: refusedKey })).toThrow(/^SyncWorker option "apiKey" must be a non-empty string, got a string of length 4$/);
    // Other refusals name their field and value, never the key the worker holds.
    const refusals = await Promise.all([
      worker.flush({ timeoutMs: -1 }).catch((error: Error) => error),
      worker.stop({ timeoutMs: Number.NaN }).catch((error: Error) => error),
      Promise.resolve().then(() => fx.makeWorker({ tickSec: -5 })).catch((error: Error) => error),
    ]);
    expect(refusals).toEqual([expect.objectContaining({ code: 'BAD_OPTION' }), expect.objectContaining({ code: 'BAD_OPTION' }), expect.objectContaining({ code: 'BAD_OPTION' })]);
    for (const error of refusals) expect((error as Error).message).not.toContain(API_KEY);
  });

  test('createSyncWorker builds a working syncer from Brain-resolved options', async () => {
    const { brain, server } = fx;
    const ids = enqueueCorrections(brain.db, 2);
    const { logger } = captureLogger('warn');
    const worker = fx.adopt(createSyncWorker({ dbPath: brain.dbPath, brainId: BRAIN_ID, apiKey: API_KEY, ingestUrl: server.ingestUrl, tickSec: 999, logger }) as SyncWorker);
    worker.start();
    await waitFor('delivered', () => pendingCount(brain.db) === 0);
    expect(server.storedEventIds(BRAIN_ID).sort()).toEqual([...ids].sort());
  });
});
