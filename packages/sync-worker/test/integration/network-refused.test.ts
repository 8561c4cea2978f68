import type { SyncWorker } from '../../src/sync-worker';
import { enqueueCorrections, makeBrain, makeWorker, queueRows, removeBrain, waitFor } from './helpers';
import type { Brain } from './helpers';
import { closedPort } from './closed-port';


describe('connection refused', () => {
  let brain: Brain;
  let worker: SyncWorker | undefined;

  beforeEach(() => {
    brain = makeBrain();
  });
  afterEach(async () => {
    await worker?.stop({ drain: false, timeoutMs: 1_000 });
    worker = undefined;
    removeBrain(brain);
  });

  test('rows stay pending with attempts + 1, a network error and a backoff; stop leaves them on disk', async () => {
    enqueueCorrections(brain.db, 3);
    const port = await closedPort();
    worker = makeWorker(brain, `http://127.0.0.1:${port}/api/v1/ingest`);
    worker.start();

    await waitFor('every row failed once', () => queueRows(brain.db).every((row) => row.attempts >= 1));
    const rows = queueRows(brain.db);
    expect(rows.every((row) => row.synced_at === null && row.dead_at === null)).toBe(true);
    expect(rows.every((row) => row.next_attempt_at !== null && row.last_status === null)).toBe(true);
    expect(rows[0]?.last_error).toMatch(/^network: .*ECONNREFUSED/);
    await waitFor('status shows the error', () => /ECONNREFUSED/.test(worker?.status().lastError ?? ''));

    const report = await worker.stop({ drain: true, timeoutMs: 2_000 });
    expect(report).toEqual({ delivered: 0, remaining: 3, leasedElsewhere: 0 });
    expect(queueRows(brain.db).every((row) => row.synced_at === null && row.lease_owner === null)).toBe(true);
  });
});
