import { readPause } from '@gradata/core';
import type { SyncEvents } from '@gradata/core';
import type { IngestServer, ReceivedRequest } from '@gradata/ingest-server';
import type { SyncWorker } from '../../src/sync-worker';
import { enqueueCorrections, makeBrain, makeWorker, nextEvent, queueRows, removeBrain, startReceiver, waitFor } from './helpers';
import type { Brain } from './helpers';

describe('a wrong endpoint (404, 405, 410, 3xx) pauses delivery, rows stay pending', () => {
  let brain: Brain;
  let server: IngestServer;
  let requests: ReceivedRequest[];
  let worker: SyncWorker | undefined;

  beforeEach(async () => {
    brain = makeBrain();
    ({ server, requests } = await startReceiver());
  });
  afterEach(async () => {
    await worker?.stop({ drain: false, timeoutMs: 1_000 });
    worker = undefined;
    await server.close();
    removeBrain(brain);
  });

  test('404 from a mistyped path: pause endpoint, nothing dead, attempts untouched', async () => {
    enqueueCorrections(brain.db, 3);
    worker = makeWorker(brain, `${server.url}/api/v1/ingestt`, { concurrency: 1 });
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
    enqueueCorrections(brain.db, 1);
    server.pushScript({ status: 301, headers: { location: 'http://127.0.0.1:9/elsewhere' } });
    worker = makeWorker(brain, server.ingestUrl);
    const paused = nextEvent<SyncEvents['paused']>(worker, 'paused');
    worker.start();
    await expect(paused).resolves.toMatchObject({ reason: 'endpoint' });
    expect(requests.map((r) => r.status)).toEqual([301]);
    expect(queueRows(brain.db)[0]).toMatchObject({ synced_at: null, attempts: 0 });
  });
});
