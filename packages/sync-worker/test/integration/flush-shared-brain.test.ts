/**
 * Issue 19, item 6: flush() in a shared brain returned at once, reporting rows another process held
 * in flight as remaining. It now waits for them within its budget, and says how many were still
 * held elsewhere when its budget ran out.
 */
import { enqueueCorrections, pendingCount, useWorkerFixture, waitFor } from './helpers';

const inFlightCount = (db: import('@gradata/core').Database): number =>
  (db.prepare('SELECT COUNT(*) AS n FROM sync_queue WHERE lease_owner IS NOT NULL AND synced_at IS NULL').get() as { n: number }).n;

describe('flush beside another process delivering the same brain', () => {
  const fx = useWorkerFixture({ faults: { latencyMs: 250 } });

  test('waits within its budget for the rows the other one holds, and reports those still held as leasedElsewhere', async () => {
    const { brain, server } = fx;
    const eventIds = enqueueCorrections(brain.db, 60);
    // The other process claims every row at once and sends them 4 at a time over a slow link.
    const other = fx.makeWorker({ batch: false, batchSize: 60, concurrency: 4 });
    other.start();
    await waitFor('the other process holds the rows', () => inFlightCount(brain.db) >= 40);

    const flusher = fx.makeWorker({ batch: false });
    flusher.start();
    const short = await flusher.flush({ timeoutMs: 300 });
    expect(short.leasedElsewhere).toBeGreaterThan(0);
    expect(short.leasedElsewhere).toBeLessThanOrEqual(short.remaining);

    const full = await flusher.flush({ timeoutMs: 30_000 });
    expect(full).toMatchObject({ dead: 0, remaining: 0, leasedElsewhere: 0 });
    expect(pendingCount(brain.db)).toBe(0);
    expect(server.storedEventIds().sort()).toEqual([...eventIds].sort());
  }, 60_000);
});
