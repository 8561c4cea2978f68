import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { leaseOwnerId } from '@gradata/core';
import { enqueueCorrections, queueRows, useWorkerFixture, waitFor } from './helpers';

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid as number;
}

describe('leases left by other workers', () => {
  const fx = useWorkerFixture();

  test('an expired lease and a dead owner on this host are taken over at once; a live owner keeps its rows', async () => {
    const { brain, requests } = fx;
    const [expired, orphaned, held] = enqueueCorrections(brain.db, 3);
    const now = Date.now() / 1000;
    const lease = brain.db.prepare('UPDATE sync_queue SET lease_owner = ?, lease_until = ? WHERE event_id = ?');
    lease.run(`crashed:${deadPid()}:some-other-host`, now - 1, expired);
    // Owner ids as a worker writes them (pid namespace, boot and start time included, on Linux).
    lease.run(leaseOwnerId('crashed', deadPid(), os.hostname()), now + 600, orphaned);
    const alive = leaseOwnerId('alive', process.pid, os.hostname());
    lease.run(alive, now + 600, held);

    const worker = fx.makeWorker();
    worker.start();
    await waitFor('expired and orphaned rows delivered', () => {
      const rows = queueRows(brain.db);
      return rows[0]?.synced_at !== null && rows[1]?.synced_at !== null;
    });
    const flushed = await worker.flush({ timeoutMs: 2_000 });
    expect(flushed.remaining).toBe(1);
    expect(requests.map((r) => r.eventId)).not.toContain(held);
    expect(queueRows(brain.db)[2]).toMatchObject({ synced_at: null, lease_owner: alive });
  });
});
