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

  test('a dead owner on this host is taken over at once, a lease from another host once the worker has seen it unchanged for leaseSec; a live owner keeps its rows', async () => {
    const { brain, requests } = fx;
    const [expired, orphaned, held] = enqueueCorrections(brain.db, 3);
    const now = Date.now() / 1000;
    const lease = brain.db.prepare('UPDATE sync_queue SET lease_owner = ?, lease_until = ? WHERE event_id = ?');
    lease.run(`crashed:${deadPid()}:some-other-host`, now - 1, expired);
    // Owner ids as a worker writes them (pid namespace, boot and start time included, on Linux).
    lease.run(leaseOwnerId('crashed', deadPid(), os.hostname()), now + 600, orphaned);
    const alive = leaseOwnerId('alive', process.pid, os.hostname());
    lease.run(alive, now + 600, held);
    // A live owner working through its rows: its lease on the row changes every half second, so no
    // watcher ever sees one lease of it unchanged for leaseSec.
    const working = setInterval(() => lease.run(alive, Date.now() / 1000 + 600, held), 500);
    try {
      // The lease from another host says it expired a second ago, by this machine's clock: no clock
      // decides, so it comes back once this worker has watched it for its own leaseSec (4.5 s).
      const worker = fx.makeWorker({ leaseSec: 4.5, requestTimeoutMs: 2_000 });
      worker.start();
      await waitFor('the orphaned row delivered', () => queueRows(brain.db)[1]?.synced_at !== null);
      expect(queueRows(brain.db)[0]?.synced_at).toBeNull();
      await waitFor('expired and orphaned rows delivered', () => {
        const rows = queueRows(brain.db);
        return rows[0]?.synced_at !== null && rows[1]?.synced_at !== null;
      });
      const flushed = await worker.flush({ timeoutMs: 2_000 });
      expect(flushed).toMatchObject({ remaining: 1, leasedElsewhere: 1 });
      expect(requests.map((r) => r.eventId)).not.toContain(held);
      expect(queueRows(brain.db)[2]).toMatchObject({ synced_at: null, lease_owner: alive });
    } finally {
      clearInterval(working);
    }
  });
});
