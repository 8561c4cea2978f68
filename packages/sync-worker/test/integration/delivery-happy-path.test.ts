import type { ReceivedRequest } from '@gradata/ingest-server';
import type { SyncEvents } from '@gradata/core';
import { USER_AGENT } from '../../src/version';
import { API_KEY, BRAIN_ID, enqueueCorrections, pendingCount, queueRows, useWorkerFixture, waitFor } from './helpers';

describe('delivery: the happy path', () => {
  const fx = useWorkerFixture();

  test('a backlog left on disk is delivered at start in batch requests, and rows are marked synced', async () => {
    const { brain, server, requests } = fx;
    const eventIds = enqueueCorrections(brain.db, 120);
    const worker = fx.makeWorker();
    const synced: SyncEvents['synced'][] = [];
    worker.on('synced', (payload) => synced.push(payload));
    worker.start();

    await waitFor('all rows synced', () => pendingCount(brain.db) === 0);
    expect(server.storedEventIds(BRAIN_ID).sort()).toEqual([...eventIds].sort());
    const rows = queueRows(brain.db);
    expect(rows.every((row) => row.synced_at !== null && row.dead_at === null && row.lease_owner === null && row.last_status === 200)).toBe(true);
    await waitFor('synced events', () => synced.reduce((n, e) => n + e.count, 0) === 120);
    expect(synced.flatMap((e) => e.eventIds).sort()).toEqual([...eventIds].sort());

    // 120 rows in a few batch requests; the same headers as a single ingest, minus Idempotency-Key.
    expect(server.counts()).toMatchObject({ batch: 2, ingest: 120, stored: 120 });
    expect(requests.every((r) => (r.batchSize ?? 0) > 1)).toBe(true);
    const first = requests[0] as ReceivedRequest;
    expect(first.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.headers['user-agent']).toBe(USER_AGENT);
    expect(first.headers['idempotency-key']).toBeUndefined();
    expect(first.attempt).toBe(1);
    expect(worker.status()).toMatchObject({ worker: 'running', lastError: null, pausedUntil: null });
    await waitFor('lastSyncAt in status', () => worker.status().lastSyncAt !== null);
  });

  test('a re-sent event is answered deduplicated and still counts as delivered', async () => {
    const { brain, server, requests } = fx;
    const [eventId] = enqueueCorrections(brain.db, 1);
    const worker = fx.makeWorker();
    worker.start();
    await waitFor('first delivery', () => pendingCount(brain.db) === 0);
    // The same event comes back (e.g. a second device re-enqueued it): the receiver dedups, we mark synced.
    brain.db.prepare('UPDATE sync_queue SET synced_at = NULL, last_status = NULL').run();
    worker.nudge();
    await waitFor('second delivery', () => pendingCount(brain.db) === 0);
    expect(server.counts()).toMatchObject({ stored: 1, deduplicated: 1, batch: 0 });
    expect(requests.map((r) => r.eventId)).toEqual([eventId, eventId]);
    // A lone row goes to the single route with the SPEC §7.4 headers.
    const [first] = requests as [ReceivedRequest];
    expect(first.batchSize).toBeUndefined();
    expect(first.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.headers['user-agent']).toBe(USER_AGENT);
    expect(first.headers['idempotency-key']).toBe(eventId);
    expect(first.attempt).toBe(1);
  });

  test('flush reports what it delivered, and stop drains the rest', async () => {
    const { brain, server } = fx;
    const worker = fx.makeWorker();
    worker.start();
    await waitFor('worker idle', () => worker.status().worker === 'running');
    enqueueCorrections(brain.db, 30);
    const report = await worker.flush({ timeoutMs: 10_000 });
    expect(report.dead).toBe(0);
    expect(report.remaining).toBe(0);
    expect(server.counts().stored).toBe(30);

    enqueueCorrections(brain.db, 5);
    const stopped = await worker.stop({ drain: true, timeoutMs: 10_000 });
    expect(stopped.remaining).toBe(0);
    expect(server.counts().stored).toBe(35);
    expect(worker.status().worker).toBe('off');
    expect(await worker.stop()).toBe(stopped);
  });
});
