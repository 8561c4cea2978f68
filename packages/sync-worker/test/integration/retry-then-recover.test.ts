import { BRAIN_ID, enqueueCorrections, pendingCount, queueRows, useWorkerFixture, waitFor } from './helpers';

describe('transient failures are retried with backoff, never dropped', () => {
  // Scripts answer per row: a receiver without the batch route makes the worker fall back to per-row requests.
  const fx = useWorkerFixture({ batch: false });

  test('500 and 408 answers leave the row pending with attempts + 1 and a backoff; the retry delivers it', async () => {
    const { brain, server, requests } = fx;
    const eventIds = enqueueCorrections(brain.db, 2);
    server.pushScript({ status: 500, body: { error: 'db down' } }, 408);
    const worker = fx.makeWorker({ concurrency: 1 });
    worker.start();

    await waitFor('both rows failed once', () => queueRows(brain.db).every((row) => row.attempts === 1));
    const failed = queueRows(brain.db);
    expect(failed.map((row) => row.last_status)).toEqual([500, 408]);
    expect(failed[0]?.last_error).toBe('http 500: {"error":"db down"}');
    expect(failed.every((row) => row.synced_at === null && row.dead_at === null)).toBe(true);
    // The backoff of a first failure is at most 1 s (full jitter), so the tick (999 s) is not what wakes the loop.
    await waitFor('recovered', () => pendingCount(brain.db) === 0);
    expect(server.storedEventIds(BRAIN_ID).sort()).toEqual([...eventIds].sort());
    const retries = requests.filter((r) => r.status === 200);
    expect(retries.map((r) => r.attempt)).toEqual([2, 2]);
    expect(queueRows(brain.db).every((row) => row.attempts === 1 && row.last_status === 200)).toBe(true);
  });

  test('a dropped connection counts as a network error and is retried', async () => {
    const { brain, server, requests } = fx;
    const [eventId] = enqueueCorrections(brain.db, 1);
    server.pushScript({ status: 200, drop: true });
    const worker = fx.makeWorker();
    worker.start();
    await waitFor('delivered after the drop', () => pendingCount(brain.db) === 0);
    expect(server.storedEventIds(BRAIN_ID)).toEqual([eventId]);
    expect(requests.map((r) => r.status)).toEqual([0, 200]);
    expect(queueRows(brain.db)[0]?.attempts).toBe(1);
    expect(queueRows(brain.db)[0]?.last_error).toMatch(/^network: /);
  });
});
