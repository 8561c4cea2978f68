import { enqueue } from '@gradata/core';
import type { SyncEvents } from '@gradata/core';
import { BRAIN_ID, enqueueCorrections, pendingCount, queueRows, useWorkerFixture, waitFor } from './helpers';

describe('permanent failures are dead-lettered, the rest still flows', () => {
  const fx = useWorkerFixture();

  test('a malformed row answered 422 is dead (dead_at + synced_at, attempts + 1, error quoted) while good rows are delivered', async () => {
    const { brain, server } = fx;
    const good1 = enqueueCorrections(brain.db, 2);
    const badId = enqueue(brain.db, 'correction', { brain_id: BRAIN_ID, event_id: 'bad-event', correction: { session: 'three' } }, { eventId: 'bad-event' });
    const good2 = enqueueCorrections(brain.db, 2);
    const worker = fx.makeWorker();
    const dead: SyncEvents['dead'][] = [];
    worker.on('dead', (payload) => dead.push(payload));
    worker.start();

    await waitFor('queue settled', () => pendingCount(brain.db) === 0);
    expect(server.storedEventIds(BRAIN_ID).sort()).toEqual([...good1, ...good2].sort());
    const row = queueRows(brain.db).find((r) => r.id === badId);
    expect(row).toMatchObject({ attempts: 1, last_status: 422 });
    expect(row?.dead_at).not.toBeNull();
    expect(row?.synced_at).toBe(row?.dead_at);
    expect(row?.last_error).toMatch(/^http 422 \(permanent\): \{"error":/);
    await waitFor('dead event', () => dead.length === 1);
    expect(dead[0]).toMatchObject({ id: badId, eventId: 'bad-event', status: 422 });
    expect(dead[0]?.error).toBe(row?.last_error);
  });

  test('413 and other 4xx are permanent too; flush counts them as dead', async () => {
    // Scripted per row: a receiver without the batch route (the worker falls back to per-row requests).
    await fx.replaceReceiver({ batch: false });
    const { brain, server } = fx;
    enqueueCorrections(brain.db, 3);
    // Rows waiting out a backoff from an earlier outage: the loop leaves them, flush attempts them now,
    // so every outcome below is the flush's own and its report must count it.
    brain.db.prepare('UPDATE sync_queue SET next_attempt_at = ?').run(Date.now() / 1000 + 3600);
    server.pushScript({ status: 413, body: { error: 'too large' } }, 409);
    const worker = fx.makeWorker({ concurrency: 1 });
    worker.start();
    const report = await worker.flush({ timeoutMs: 10_000 });
    expect(report).toEqual({ delivered: 1, dead: 2, remaining: 0, leasedElsewhere: 0 });
    const rows = queueRows(brain.db);
    expect(rows.map((r) => r.last_status)).toEqual([413, 409, 200]);
    expect(rows.filter((r) => r.dead_at !== null)).toHaveLength(2);
    expect(rows[0]?.last_error).toBe('http 413 (permanent): {"error":"too large"}');
  });
});
