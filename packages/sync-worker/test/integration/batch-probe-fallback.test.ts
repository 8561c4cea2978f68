import { readPause } from '@gradata/core';
import type { SyncEvents } from '@gradata/core';
import { BRAIN_ID, enqueueCorrections, pendingCount, useWorkerFixture, waitFor } from './helpers';

describe('a batch route answered with a redirect', () => {
  const fx = useWorkerFixture();

  test('never pauses per-row delivery: the rows go one per request at once, and so does every later row', async () => {
    const { brain, server, requests } = fx;
    const first = enqueueCorrections(brain.db, 5);
    server.pushBatchScript({ status: 302, headers: { location: 'https://elsewhere.example/ingest/batch' }, body: {} });
    const worker = fx.makeWorker();
    const pauses: Array<SyncEvents['paused']> = [];
    worker.on('paused', (pause) => pauses.push(pause));
    worker.start();
    await waitFor('the first rows delivered per row', () => pendingCount(brain.db) === 0);
    const second = enqueueCorrections(brain.db, 5);
    worker.nudge();
    await waitFor('later rows delivered per row too', () => pendingCount(brain.db) === 0);
    expect(pauses).toEqual([]);
    expect(readPause(brain.db)).toBeNull();
    expect(server.counts().batch).toBe(1); // the one probe; never asked again
    expect(server.storedEventIds(BRAIN_ID).sort()).toEqual([...first, ...second].sort());
    expect(requests.filter((r) => r.batchSize === undefined && r.status === 200)).toHaveLength(10);
  });
});
