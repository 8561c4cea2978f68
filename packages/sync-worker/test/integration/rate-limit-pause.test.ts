import { getMeta, readPause } from '@gradata/core';
import type { SyncEvents } from '@gradata/core';
import { endPauseNow, enqueueCorrections, nextEvent, pendingCount, queueRows, settle, useWorkerFixture, waitFor } from './helpers';

describe('429 / 503 + Retry-After pause all delivery', () => {
  // Scripts answer per row: a receiver without the batch route makes the worker fall back to per-row requests.
  const fx = useWorkerFixture({ batch: false });

  test('429 + Retry-After: the row counts an attempt, the pause is persisted, nothing is sent until it ends, then delivery resumes', async () => {
    const { brain, server, requests } = fx;
    enqueueCorrections(brain.db, 6);
    // A long Retry-After, ended by the test: the pause cannot run out while the machine is busy.
    server.pushScript(200, { status: 429, headers: { 'retry-after': '600' } });
    const worker = fx.makeWorker({ concurrency: 1 });
    const paused = nextEvent<SyncEvents['paused']>(worker, 'paused');
    const resumed = nextEvent<SyncEvents['resumed']>(worker, 'resumed');
    worker.start();

    const pause = await paused;
    const pausedSeenAt = Date.now();
    expect(pause.reason).toBe('rate-limited');
    const limitedRequest = requests.find((r) => r.status === 429);
    expect(pause.until).toBeGreaterThanOrEqual((limitedRequest?.at ?? Infinity) + 600_000);
    expect(pause.until).toBeLessThanOrEqual(pausedSeenAt + 600_000);
    const stored = readPause(brain.db);
    expect(stored?.reason).toBe('rate-limited');
    expect(Math.abs((stored?.until ?? 0) * 1000 - pause.until)).toBeLessThan(1);
    const limited = queueRows(brain.db)[1];
    expect(limited).toMatchObject({ attempts: 1, last_status: 429, synced_at: null });
    // The rest of the batch went back untouched.
    await waitFor('leases released', () => queueRows(brain.db).every((row) => row.lease_owner === null));
    expect(queueRows(brain.db).slice(2).every((row) => row.attempts === 0)).toBe(true);
    expect(worker.status()).toMatchObject({ pauseReason: 'rate-limited', pausedUntil: pause.until });
    worker.nudge(); // a nudge (a new correction) does not break the pause
    await settle();
    expect(requests.map((r) => r.status)).toEqual([200, 429]);

    const endedAt = endPauseNow(brain.db, worker);
    await expect(resumed).resolves.toEqual({ reason: 'rate-limited' });
    await waitFor('all delivered', () => pendingCount(brain.db) === 0);
    const after = requests.slice(2);
    expect(after.length).toBe(5);
    expect(after.every((r) => r.at >= endedAt)).toBe(true);
    expect(getMeta(brain.db, 'paused_until')).toBeNull();
    expect(worker.status().pauseReason).toBeNull();
  });

  test('503 with Retry-After pauses; 503 without it is an ordinary retry', async () => {
    const { brain, server, requests } = fx;
    enqueueCorrections(brain.db, 1);
    server.pushScript(503, { status: 503, headers: { 'retry-after': '1' } });
    const worker = fx.makeWorker();
    const paused = nextEvent<SyncEvents['paused']>(worker, 'paused');
    worker.start();
    await expect(paused).resolves.toMatchObject({ reason: 'rate-limited' });
    await waitFor('delivered', () => pendingCount(brain.db) === 0);
    expect(requests.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(queueRows(brain.db)[0]?.attempts).toBe(2);
  });

  test('flush honours a pause: it returns at once with the rows still pending', async () => {
    const { brain, server, requests } = fx;
    enqueueCorrections(brain.db, 3);
    server.pushScript({ status: 429, headers: { 'retry-after': '600' } });
    const worker = fx.makeWorker({ concurrency: 1 });
    const paused = nextEvent<SyncEvents['paused']>(worker, 'paused');
    worker.start();
    await paused;
    const report = await worker.flush({ timeoutMs: 5_000 });
    expect(report).toEqual({ delivered: 0, dead: 0, remaining: 3, leasedElsewhere: 0 });
    expect(requests).toHaveLength(1);
  });
});
