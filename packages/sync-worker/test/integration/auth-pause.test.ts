import { readPause } from '@gradata/core';
import type { SyncEvents } from '@gradata/core';
import { API_KEY, BRAIN_ID, enqueueCorrections, nextEvent, pendingCount, queueRows, useWorkerFixture, waitFor } from './helpers';

describe('401 / 403 pause delivery and drop nothing; setApiKey resumes at once', () => {
  const fx = useWorkerFixture();

  test('a rejected key pauses for 60 s with every row pending and untouched; a new key delivers them', async () => {
    const { brain, server, requests } = fx;
    const eventIds = enqueueCorrections(brain.db, 5);
    const worker = fx.makeWorker({ apiKey: 'gd_revoked_key_000' });
    const paused = nextEvent<SyncEvents['paused']>(worker, 'paused');
    const startedAt = Date.now();
    worker.start();

    const pause = await paused;
    expect(pause.reason).toBe('auth');
    expect(pause.until).toBeGreaterThanOrEqual(startedAt + 60_000);
    expect(readPause(brain.db)?.reason).toBe('auth');
    await waitFor('leases released', () => queueRows(brain.db).every((row) => row.lease_owner === null));
    const rows = queueRows(brain.db);
    expect(rows.every((row) => row.synced_at === null && row.dead_at === null && row.attempts === 0)).toBe(true);
    expect(requests.every((r) => r.status === 401)).toBe(true);
    expect(requests).toHaveLength(1); // one batch request, refused as a whole
    expect(worker.status()).toMatchObject({ pauseReason: 'auth' });
    expect(worker.status().lastError).toMatch(/^http 401 \(auth\)/);

    const resumed = nextEvent<SyncEvents['resumed']>(worker, 'resumed');
    worker.setApiKey(API_KEY);
    await expect(resumed).resolves.toEqual({ reason: 'auth' });
    await waitFor('delivered with the new key', () => pendingCount(brain.db) === 0);
    expect(server.storedEventIds(BRAIN_ID).sort()).toEqual([...eventIds].sort());
    expect(readPause(brain.db)).toBeNull();
  });

  test('403 pauses the same way', async () => {
    // Scripted per row: a receiver without the batch route (the worker falls back to per-row requests).
    await fx.replaceReceiver({ batch: false });
    const { brain, server, requests } = fx;
    enqueueCorrections(brain.db, 2);
    server.pushScript({ status: 403, body: { error: 'forbidden' } });
    const worker = fx.makeWorker({ concurrency: 1 });
    const paused = nextEvent<SyncEvents['paused']>(worker, 'paused');
    worker.start();
    await expect(paused).resolves.toMatchObject({ reason: 'auth' });
    expect(queueRows(brain.db).every((row) => row.synced_at === null && row.attempts === 0)).toBe(true);
    expect(requests).toHaveLength(1);
  });
});
