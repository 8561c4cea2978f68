import { queueStats } from '@gradata/core';
import { BRAIN_ID, enqueueCorrections, pendingCount, useWorkerFixture, waitFor } from './helpers';

/** Mark every row synced `ageSec` ago (a backlog a long-running brain has already delivered). */
function deliveredLongAgo(db: import('@gradata/core').Database, ageSec: number): void {
  db.prepare('UPDATE sync_queue SET synced_at = ? WHERE synced_at IS NULL').run(Date.now() / 1000 - ageSec);
}

describe('retention pruning', () => {
  const fx = useWorkerFixture();

  test('a synced backlog many chunks long is pruned beside delivery; pending and dead rows stay', async () => {
    const { brain, server } = fx;
    enqueueCorrections(brain.db, 2_500, BRAIN_ID);
    deliveredLongAgo(brain.db, 8 * 86_400);
    brain.db.prepare("UPDATE sync_queue SET dead_at = synced_at, last_error = 'http 422' WHERE id <= 5").run();
    const pendingIds = enqueueCorrections(brain.db, 3, BRAIN_ID);
    expect(queueStats(brain.db)).toMatchObject({ synced: 2_495, dead: 5, pending: 3 });

    const worker = fx.makeWorker({ tickSec: 999 });
    worker.start();
    // The first pass starts with the worker: 2,495 rows are 25 chunks of the first chunk size at least.
    await waitFor('pending rows delivered', () => pendingCount(brain.db) === 0);
    await waitFor('old synced rows pruned', () => queueStats(brain.db).synced === 3);
    expect(queueStats(brain.db)).toMatchObject({ dead: 5, pending: 0, synced: 3 });
    for (const id of pendingIds) expect(server.storedEventIds(BRAIN_ID)).toContain(id);
  });
});
