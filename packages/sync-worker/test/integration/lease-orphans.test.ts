import { spawnSync } from 'node:child_process';
import os from 'node:os';
import type { IngestServer, ReceivedRequest } from '@gradata/ingest-server';
import type { SyncWorker } from '../../src/sync-worker';
import { enqueueCorrections, makeBrain, makeWorker, queueRows, removeBrain, startReceiver, waitFor } from './helpers';
import type { Brain } from './helpers';

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid as number;
}

describe('leases left by other workers', () => {
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

  test('an expired lease and a dead owner on this host are taken over at once; a live owner keeps its rows', async () => {
    const [expired, orphaned, held] = enqueueCorrections(brain.db, 3);
    const now = Date.now() / 1000;
    const lease = brain.db.prepare('UPDATE sync_queue SET lease_owner = ?, lease_until = ? WHERE event_id = ?');
    lease.run(`crashed:${deadPid()}:some-other-host`, now - 1, expired);
    lease.run(`crashed:${deadPid()}:${os.hostname()}`, now + 600, orphaned);
    lease.run(`alive:${process.pid}:${os.hostname()}`, now + 600, held);

    worker = makeWorker(brain, server.ingestUrl);
    worker.start();
    await waitFor('expired and orphaned rows delivered', () => {
      const rows = queueRows(brain.db);
      return rows[0]?.synced_at !== null && rows[1]?.synced_at !== null;
    });
    const flushed = await worker.flush({ timeoutMs: 2_000 });
    expect(flushed.remaining).toBe(1);
    expect(requests.map((r) => r.eventId)).not.toContain(held);
    expect(queueRows(brain.db)[2]).toMatchObject({ synced_at: null, lease_owner: `alive:${process.pid}:${os.hostname()}` });
  });
});
