import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { enqueueCorrection, leaseOwnerId, localLeaseScope, openBrainDatabase } from '@gradata/core';
import { BRAIN_ID, enqueueCorrections, pendingCount, settle, useWorkerFixture, waitFor } from './helpers';
import type { SyncWorker } from '../../src/sync-worker';

/** A correction's payload as both SDKs write it (the Python SDK writes the same JSON, by plain SQL). */
function correctionPayloadJson(): string {
  const scratch = openBrainDatabase(':memory:');
  try {
    enqueueCorrection(scratch, BRAIN_ID, { session: 1, category: 'STYLE', severity: 'minor', description: 'python', draft: 'a', final: 'b' }, 'python-event-1');
    return (scratch.prepare('SELECT payload_json FROM sync_queue').get() as { payload_json: string }).payload_json;
  } finally {
    scratch.close();
  }
}

/** The thread's status says 'resting' and no thread is running. */
const resting = (worker: SyncWorker): boolean => worker.status().worker === 'resting';

describe('the worker rests when idle (SPEC §7.2, §14.9)', () => {
  const fx = useWorkerFixture();

  test('after idleExitSec with nothing pending the thread exits, is not counted as a crash, and a nudge starts it again', async () => {
    const { brain, server } = fx;
    const errors: Error[] = [];
    // One crash would already give up: a rest counted as a crash would show as 'crashed'.
    const worker = fx.makeWorker({ idleExitSec: 0.3, maxCrashes: 1 });
    worker.on('error', (error) => errors.push(error));
    worker.start();
    for (let round = 0; round < 3; round++) {
      await waitFor(`rest ${round}`, () => resting(worker));
      expect(worker.status()).toMatchObject({ worker: 'resting', inFlight: 0 });
      const [eventId] = enqueueCorrections(brain.db, 1);
      worker.nudge();
      await waitFor(`row after rest ${round}`, () => server.storedEventIds(BRAIN_ID).includes(eventId as string));
    }
    await waitFor('last rest', () => resting(worker));
    expect(errors).toEqual([]);
    expect(await worker.stop()).toEqual({ delivered: 0, remaining: 0, leasedElsewhere: 0 });
    expect(worker.status().worker).toBe('off');
  });

  test('a resting worker wakes for a row the Python SDK queued (plain SQL, no nudge) at the next tick', async () => {
    const { brain, server } = fx;
    const worker = fx.makeWorker({ idleExitSec: 0.3, tickSec: 0.2 });
    worker.start();
    await waitFor('rest', () => resting(worker));
    // As the Python SDK writes it: no event id, no due time, nobody nudges this process.
    brain.db
      .prepare("INSERT INTO sync_queue (payload_json, kind, enqueued_at, attempts) VALUES (?, 'correction', ?, 0)")
      .run(correctionPayloadJson(), Date.now() / 1000);
    await waitFor('the Python row delivered', () => pendingCount(brain.db) === 0);
    expect(server.counts().stored).toBe(1);
    await waitFor('rest again', () => resting(worker));
  });

  test('a resting worker wakes for a row another process leased and then died with (its lease is taken over, the row delivered)', async () => {
    const { brain, server } = fx;
    // leaseSec 3.5: the lease watch takes the dead owner's lease after 3.5 s of this process's own time.
    const worker = fx.makeWorker({ idleExitSec: 0.3, tickSec: 0.2, leaseSec: 3.5, requestTimeoutMs: 1000 });
    worker.start();
    await waitFor('rest', () => resting(worker));
    // As a process on another host leaves it when killed mid-send: leased, its lease a minute ahead.
    brain.db
      .prepare("INSERT INTO sync_queue (payload_json, kind, enqueued_at, attempts, lease_owner, lease_until) VALUES (?, 'correction', ?, 0, 'gone:1:other-host', ?)")
      .run(correctionPayloadJson(), Date.now() / 1000, Date.now() / 1000 + 60);
    await waitFor('the dead owner’s row delivered', () => pendingCount(brain.db) === 0, 20_000);
    expect(server.counts().stored).toBe(1);
    await waitFor('rest again', () => resting(worker));
  });

  (localLeaseScope() !== null ? test : test.skip)('a resting worker stays resting while a live process on this host holds a lease, and wakes when it is gone', async () => {
    const { brain, server } = fx;
    const worker = fx.makeWorker({ idleExitSec: 0.3, tickSec: 0.1 });
    worker.start();
    await waitFor('rest', () => resting(worker));
    const agent = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const agentExited = new Promise((resolve) => agent.once('exit', resolve));
    try {
      await new Promise((resolve, reject) => agent.once('spawn', resolve).once('error', reject));
      // Another agent on this machine, mid-send: its lease is its own business.
      brain.db
        .prepare("INSERT INTO sync_queue (payload_json, kind, enqueued_at, attempts, lease_owner, lease_until) VALUES (?, 'correction', ?, 0, ?, ?)")
        .run(correctionPayloadJson(), Date.now() / 1000, leaseOwnerId('other-agent', agent.pid as number, os.hostname()), Date.now() / 1000 + 60);
      await settle(1_000); // ten ticks
      expect(worker.status().worker).toBe('resting');
      expect(pendingCount(brain.db)).toBe(1);
    } finally {
      agent.kill();
      await agentExited;
    }
    // Gone: the next look wakes the thread, which frees a dead local owner's lease at once.
    await waitFor('the gone agent’s row delivered', () => pendingCount(brain.db) === 0, 10_000);
    expect(server.counts().stored).toBe(1);
  });

  test('flush() and stop({ drain }) on a resting worker start it when rows wait, and report the same as awake', async () => {
    const { brain } = fx;
    const worker = fx.makeWorker({ idleExitSec: 0.3 });
    worker.start();
    await waitFor('rest', () => resting(worker));
    expect(await worker.flush({ timeoutMs: 5_000 })).toEqual({ delivered: 0, dead: 0, remaining: 0, leasedElsewhere: 0 });
    await waitFor('rest after the flush', () => resting(worker));
    enqueueCorrections(brain.db, 3); // no nudge: only the flush can find them
    expect(await worker.flush({ timeoutMs: 5_000 })).toEqual({ delivered: 3, dead: 0, remaining: 0, leasedElsewhere: 0 });
    await waitFor('rest before close', () => resting(worker));
    enqueueCorrections(brain.db, 2);
    expect(await worker.stop({ drain: true, timeoutMs: 5_000 })).toEqual({ delivered: 2, remaining: 0, leasedElsewhere: 0 });
    expect(worker.status().worker).toBe('off');
  });

  test('a crash after a rest is supervised as a crash: restarted with backoff, then delivering', async () => {
    const { brain, server } = fx;
    // maxCrashes 2: a rest counted as a crash, plus the real one, would give up.
    const worker = fx.makeWorker({ idleExitSec: 0.3, tickSec: 0.2, restartDelayMs: 1_000, maxCrashes: 2 });
    worker.start();
    await waitFor('rest', () => resting(worker));
    // While it rests, the brain's file is taken away and a folder put in its place: the woken thread
    // cannot open it and exits non-zero; the file is back before the restart (1 s later).
    brain.db.close();
    fs.renameSync(brain.dbPath, `${brain.dbPath}.away`);
    fs.mkdirSync(brain.dbPath);
    worker.nudge();
    await waitFor('restarting', () => worker.status().worker === 'restarting');
    fs.rmdirSync(brain.dbPath);
    fs.renameSync(`${brain.dbPath}.away`, brain.dbPath);
    brain.db = openBrainDatabase(brain.dbPath);
    const [eventId] = enqueueCorrections(brain.db, 1);
    await waitFor('delivered by the restarted thread', () => server.storedEventIds(BRAIN_ID).includes(eventId as string), 20_000);
    expect(worker.status().worker).not.toBe('crashed');
  });
});
