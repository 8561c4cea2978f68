import { enqueue, readPause } from '@gradata/core';
import type { SyncEvents } from '@gradata/core';
import { API_KEY, BRAIN_ID, captureLogger, endPauseNow, enqueueCorrections, nextEvent, pendingCount, queueRows, settle, useWorkerFixture, waitFor } from './helpers';

describe('batch delivery: many rows per request, a result per row', () => {
  const fx = useWorkerFixture();

  test('a backlog drains through the batch route: far fewer requests than rows, every row stored and synced', async () => {
    const { brain, server, requests } = fx;
    const eventIds = enqueueCorrections(brain.db, 1_000);
    const worker = fx.makeWorker();
    worker.start();
    await waitFor('all rows synced', () => pendingCount(brain.db) === 0);
    expect(server.storedEventIds(BRAIN_ID).sort()).toEqual([...eventIds].sort());
    expect(queueRows(brain.db).every((row) => row.synced_at !== null && row.dead_at === null && row.last_status === 200 && row.attempts === 0)).toBe(true);
    const counts = server.counts();
    expect(counts.batch).toBe(10); // 100 rows a request
    expect(counts.ingest).toBe(1_000);
    expect(counts.byStatus[200]).toBe(10);
    expect(new Set(requests.map((r) => r.batchSize))).toEqual(new Set([100]));
  });

  test('one invalid row among 100 is dead-lettered with the item error; the other 99 are synced', async () => {
    const { brain, server } = fx;
    const before = enqueueCorrections(brain.db, 50);
    const badId = enqueue(brain.db, 'correction', { brain_id: BRAIN_ID, event_id: 'bad-event', correction: { session: 'three' } }, { eventId: 'bad-event' });
    const after = enqueueCorrections(brain.db, 49);
    const worker = fx.makeWorker();
    const dead: SyncEvents['dead'][] = [];
    worker.on('dead', (payload) => dead.push(payload));
    worker.start();

    await waitFor('queue settled', () => pendingCount(brain.db) === 0);
    expect(server.counts().batch).toBe(1);
    expect(server.storedEventIds(BRAIN_ID).sort()).toEqual([...before, ...after].sort());
    const row = queueRows(brain.db).find((r) => r.id === badId);
    expect(row).toMatchObject({ attempts: 1, last_status: 422, last_error: 'http 422 (permanent): {"error":"correction.category is required"}' });
    expect(row?.dead_at).not.toBeNull();
    expect(queueRows(brain.db).filter((r) => r.dead_at === null && r.last_status === 200)).toHaveLength(99);
    await waitFor('dead event', () => dead.length === 1);
    expect(dead[0]).toMatchObject({ id: badId, eventId: 'bad-event', status: 422 });
  });

  test('a 429 on a batch counts an attempt for each of its rows and pauses all delivery; then it resumes', async () => {
    const { brain, server, requests } = fx;
    enqueueCorrections(brain.db, 150);
    // A long Retry-After, ended by the test: the pause cannot run out while the rows are inspected.
    server.pushBatchScript({ status: 429, headers: { 'retry-after': '600' } });
    // One round of two 100-row batches, sent one after the other.
    const worker = fx.makeWorker({ concurrency: 1, batchSize: 200 });
    const paused = nextEvent<SyncEvents['paused']>(worker, 'paused');
    const resumed = nextEvent<SyncEvents['resumed']>(worker, 'resumed');
    worker.start();

    const pause = await paused;
    expect(pause.reason).toBe('rate-limited');
    expect(readPause(brain.db)?.reason).toBe('rate-limited');
    await waitFor('leases released', () => queueRows(brain.db).every((row) => row.lease_owner === null));
    const rows = queueRows(brain.db);
    // The refused batch (the first 100 rows) counts an attempt; the round's other batch never started.
    expect(rows.slice(0, 100).every((row) => row.attempts === 1 && row.last_status === 429 && row.synced_at === null)).toBe(true);
    expect(rows.slice(100).every((row) => row.attempts === 0 && row.last_status === null)).toBe(true);
    await settle();
    expect(server.counts().batch).toBe(1);

    const endedAt = endPauseNow(brain.db, worker);
    await resumed;
    await waitFor('all delivered', () => pendingCount(brain.db) === 0);
    const delivered = requests.filter((r) => r.status === 200);
    expect(delivered.length).toBeGreaterThanOrEqual(150);
    expect(delivered.every((r) => r.at >= endedAt)).toBe(true);
    expect(server.storedEventIds(BRAIN_ID)).toHaveLength(150);
  });

  test('a 401 on a batch pauses auth with every row untouched; setApiKey delivers them', async () => {
    const { brain, server, requests } = fx;
    enqueueCorrections(brain.db, 30);
    const worker = fx.makeWorker({ apiKey: 'gd_revoked_key_000' });
    const paused = nextEvent<SyncEvents['paused']>(worker, 'paused');
    worker.start();
    await expect(paused).resolves.toMatchObject({ reason: 'auth' });
    await waitFor('leases released', () => queueRows(brain.db).every((row) => row.lease_owner === null));
    expect(queueRows(brain.db).every((row) => row.attempts === 0 && row.synced_at === null)).toBe(true);
    expect(requests.map((r) => [r.route, r.status])).toEqual([['ingest-batch', 401]]);
    worker.setApiKey(API_KEY);
    await waitFor('delivered with the new key', () => pendingCount(brain.db) === 0);
    expect(server.storedEventIds(BRAIN_ID)).toHaveLength(30);
  });

  test('a 500 on a batch schedules a retry for each of its rows, which then delivers them', async () => {
    const { brain, server, requests } = fx;
    enqueueCorrections(brain.db, 20);
    server.pushBatchScript({ status: 500, body: { error: 'db down' } });
    const worker = fx.makeWorker();
    worker.start();
    await waitFor('recovered', () => pendingCount(brain.db) === 0);
    const rows = queueRows(brain.db);
    expect(rows.every((row) => row.attempts === 1 && row.last_status === 200 && row.dead_at === null)).toBe(true);
    expect(requests.map((r) => r.status)).toEqual([...Array(20).fill(500), ...Array(20).fill(200)]);
    expect(requests.slice(20).every((r) => r.attempt === 2)).toBe(true);
  });

  test('a 2xx batch reply that is not the batch contract falls back to one request per row', async () => {
    const { brain, server } = fx;
    const eventIds = enqueueCorrections(brain.db, 10).slice();
    server.pushBatchScript({ status: 200, body: '<html>a proxy page</html>' });
    const { logger, lines } = captureLogger('warn');
    const worker = fx.makeWorker({ logger });
    worker.start();
    await waitFor('all rows synced', () => pendingCount(brain.db) === 0);
    expect(server.storedEventIds(BRAIN_ID).sort()).toEqual(eventIds.sort());
    // Nothing counted as a failed attempt, nothing dead, each row acknowledged by the per-row route.
    expect(queueRows(brain.db).every((row) => row.attempts === 0 && row.dead_at === null && row.last_status === 200)).toBe(true);
    expect(server.counts().batch).toBe(1);
    expect(lines.filter((line) => line.includes('unusable batch reply'))).toHaveLength(1);
  });

  test('one unusable reply keeps batching on; three in a row switch this thread to per-row for good', async () => {
    const { brain, server } = fx;
    const garbage = { status: 200, body: 'not the batch contract' };
    server.pushBatchScript(garbage);
    const worker = fx.makeWorker({ maxBatchRows: 10, concurrency: 1 });
    enqueueCorrections(brain.db, 10);
    worker.start();
    await waitFor('first backlog synced', () => pendingCount(brain.db) === 0);
    // The next backlog still goes as batches: the one bad reply did not turn batching off.
    enqueueCorrections(brain.db, 10);
    worker.nudge();
    await waitFor('second backlog synced', () => pendingCount(brain.db) === 0);
    expect(server.counts().batch).toBe(2);

    server.pushBatchScript(garbage, garbage, garbage);
    enqueueCorrections(brain.db, 30);
    worker.nudge();
    await waitFor('third backlog synced', () => pendingCount(brain.db) === 0);
    expect(server.counts().batch).toBe(5);
    enqueueCorrections(brain.db, 10);
    worker.nudge();
    await waitFor('fourth backlog synced', () => pendingCount(brain.db) === 0);
    expect(server.counts().batch).toBe(5); // per-row from now on
    expect(server.storedEventIds(BRAIN_ID)).toHaveLength(60);
  });

  test('a 413 halves the batch until it fits: every row still arrives', async () => {
    // Each row is about 1 KiB on the wire, so a 50-row batch is over a 20 KB limit.
    await fx.replaceReceiver({ bodyLimit: 20_000 });
    const { brain, server } = fx;
    const eventIds = enqueueCorrections(brain.db, 50).slice();
    brain.db.prepare("UPDATE sync_queue SET payload_json = json_set(payload_json, '$.correction.draft', printf('%.1000c', 'x'))").run();
    const worker = fx.makeWorker({ maxBatchRows: 50, concurrency: 1 });
    worker.start();
    await waitFor('all rows synced', () => pendingCount(brain.db) === 0);
    expect(server.storedEventIds(BRAIN_ID).sort()).toEqual([...eventIds].sort());
    expect(queueRows(brain.db).every((row) => row.dead_at === null && row.attempts === 0)).toBe(true);
    expect(server.counts().byStatus[413]).toBeGreaterThanOrEqual(1);
    expect(server.counts().batch).toBeGreaterThan(2);
  });

  test('a corrupt payload that makes the whole batch a 400 is isolated by halving: only its row is dead', async () => {
    const { brain, server } = fx;
    const eventIds = enqueueCorrections(brain.db, 10);
    const corrupt = queueRows(brain.db)[6] as { id: number; event_id: string };
    brain.db.prepare("UPDATE sync_queue SET payload_json = '{\"brain_id\": ' WHERE id = ?").run(corrupt.id);
    const worker = fx.makeWorker();
    worker.start();
    await waitFor('queue settled', () => pendingCount(brain.db) === 0);
    expect(server.storedEventIds(BRAIN_ID).sort()).toEqual(eventIds.filter((id) => id !== corrupt.event_id).sort());
    const dead = queueRows(brain.db).filter((row) => row.dead_at !== null);
    expect(dead.map((row) => [row.id, row.last_status])).toEqual([[corrupt.id, 400]]);
    expect(queueRows(brain.db).every((row) => row.id === corrupt.id || (row.attempts === 0 && row.last_status === 200))).toBe(true);
  });

  test('a receiver without the batch route: rows go one per request, and delivery never pauses', async () => {
    await fx.replaceReceiver({ batch: false });
    const { brain, server, requests } = fx;
    const eventIds = enqueueCorrections(brain.db, 60);
    const { logger, lines } = captureLogger('info');
    const worker = fx.makeWorker({ logger });
    const pauses: SyncEvents['paused'][] = [];
    worker.on('paused', (payload) => pauses.push(payload));
    worker.start();
    await waitFor('all rows synced', () => pendingCount(brain.db) === 0);
    expect(server.storedEventIds(BRAIN_ID).sort()).toEqual([...eventIds].sort());
    expect(pauses).toEqual([]);
    expect(readPause(brain.db)).toBeNull();
    expect(queueRows(brain.db).every((row) => row.attempts === 0 && row.last_status === 200)).toBe(true);
    // One probe answered 404, then one request per row.
    expect(server.counts()).toMatchObject({ ingest: 60, batch: 0 });
    expect(server.counts().byStatus[404]).toBe(1);
    expect(requests.every((r) => r.batchSize === undefined && r.headers['idempotency-key'] === r.eventId)).toBe(true);
    expect(lines.filter((line) => line.includes('batch ingest is not available'))).toHaveLength(1);

    // Later rows skip the probe.
    enqueueCorrections(brain.db, 5);
    worker.nudge();
    await waitFor('later rows synced', () => pendingCount(brain.db) === 0);
    expect(server.counts().byStatus[404]).toBe(1);
  });

  test('batch: false sends one request per row from the start', async () => {
    const { brain, server } = fx;
    enqueueCorrections(brain.db, 12);
    const worker = fx.makeWorker({ batch: false });
    worker.start();
    await waitFor('all rows synced', () => pendingCount(brain.db) === 0);
    expect(server.counts()).toMatchObject({ ingest: 12, batch: 0, stored: 12 });
  });
});
