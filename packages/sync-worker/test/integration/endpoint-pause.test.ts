import { readPause } from '@gradata/core';
import type { SyncEvents } from '@gradata/core';
import { enqueueCorrections, nextEvent, queueRows, useWorkerFixture, waitFor } from './helpers';

describe('a wrong endpoint (404, 405, 410, 3xx) pauses delivery, rows stay pending', () => {
  const fx = useWorkerFixture();

  test('404 from a mistyped path: pause endpoint, nothing dead, attempts untouched', async () => {
    const { brain, server } = fx;
    enqueueCorrections(brain.db, 3);
    const worker = fx.makeWorker({ ingestUrl: `${server.url}/api/v1/ingestt`, concurrency: 1 });
    const paused = nextEvent<SyncEvents['paused']>(worker, 'paused');
    worker.start();
    await expect(paused).resolves.toMatchObject({ reason: 'endpoint' });
    expect(readPause(brain.db)?.reason).toBe('endpoint');
    await waitFor('leases released', () => queueRows(brain.db).every((row) => row.lease_owner === null));
    expect(queueRows(brain.db).every((row) => row.synced_at === null && row.dead_at === null && row.attempts === 0)).toBe(true);
    // Two 404s: the batch probe (which only switches to per-row requests) and the row's own request.
    expect(server.counts().byStatus[404]).toBe(2);
    expect(worker.status().lastError).toMatch(/^http 404 \(endpoint\)/);
  });

  test('a 3xx is never followed: it pauses', async () => {
    const { brain, server, requests } = fx;
    enqueueCorrections(brain.db, 1);
    server.pushScript({ status: 301, headers: { location: 'http://127.0.0.1:9/elsewhere' } });
    const worker = fx.makeWorker();
    const paused = nextEvent<SyncEvents['paused']>(worker, 'paused');
    worker.start();
    await expect(paused).resolves.toMatchObject({ reason: 'endpoint' });
    expect(requests.map((r) => r.status)).toEqual([301]);
    expect(queueRows(brain.db)[0]).toMatchObject({ synced_at: null, attempts: 0 });
  });
});
