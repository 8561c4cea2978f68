import type { Worker } from 'node:worker_threads';
import { getMeta, readPause } from '@gradata/core';
import type { SyncEvents } from '@gradata/core';
import { API_KEY, BRAIN_ID, enqueueCorrections, nextEvent, pendingCount, useWorkerFixture, waitFor } from './helpers';

const STALE_KEY = 'gd_stale_key_0000';

describe('an auth pause belongs to the key that earned it', () => {
  const fx = useWorkerFixture();

  test('a process with a stale key pauses itself only: another process with the right key delivers at once', async () => {
    const { brain, server } = fx;
    const eventIds = enqueueCorrections(brain.db, 3);
    const stale = fx.makeWorker({ apiKey: STALE_KEY });
    const paused = nextEvent<SyncEvents['paused']>(stale, 'paused');
    stale.start();
    await expect(paused).resolves.toMatchObject({ reason: 'auth' });
    const stored = readPause(brain.db);
    expect(stored).toMatchObject({ reason: 'auth', keyFingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) });
    // The fingerprint is not the key, nor any part of it.
    expect(JSON.stringify(brain.db.prepare('SELECT * FROM meta').all())).not.toContain(STALE_KEY);

    const fresh = fx.makeWorker(); // started with the corrected key, pause still stored
    fresh.start();
    await waitFor('delivered by the process holding the right key', () => pendingCount(brain.db) === 0);
    expect(server.storedEventIds(BRAIN_ID).sort()).toEqual([...eventIds].sort());
    expect(fresh.status().pauseReason).toBeNull();
    expect(stale.status().pauseReason).toBe('auth');
  });

  test('a 401 for a request sent with a key that setApiKey has since replaced starts no pause', async () => {
    // The receiver still knows the old key; its one request is refused only after the key was replaced.
    await fx.replaceReceiver({ batch: false, keys: [API_KEY, STALE_KEY] });
    const { brain, server, requests } = fx;
    enqueueCorrections(brain.db, 1);
    server.pushScript({ status: 401, delayMs: 1_500, body: { error: 'bad key' } });
    const worker = fx.makeWorker({ apiKey: STALE_KEY, concurrency: 1 });
    const pauses: Array<SyncEvents['paused']> = [];
    worker.on('paused', (pause) => pauses.push(pause));
    worker.start();
    await waitFor('the old key’s request in flight', () => worker.status().inFlight === 1);
    worker.setApiKey(API_KEY);
    await waitFor('delivered with the new key', () => pendingCount(brain.db) === 0);
    expect(requests.map((r) => r.status)).toEqual([401, 200]);
    expect(pauses).toEqual([]);
    expect(readPause(brain.db)).toBeNull();
    expect(getMeta(brain.db, 'pause_hold_count')).toBeNull();
  });

  test('setApiKey during a supervised restart reaches the new thread, which ignores the old key’s pause', async () => {
    const { brain, server, requests } = fx;
    const eventIds = enqueueCorrections(brain.db, 2);
    const worker = fx.makeWorker({ apiKey: STALE_KEY, restartDelayMs: 1_000 });
    const paused = nextEvent<SyncEvents['paused']>(worker, 'paused');
    worker.start();
    await paused;
    // Kill the thread from outside: the supervisor restarts it after restartDelayMs.
    await (worker as unknown as { worker: Worker }).worker.terminate();
    await waitFor('restarting', () => worker.status().worker === 'restarting');
    worker.setApiKey(API_KEY);
    await waitFor('running again', () => worker.status().worker === 'running');
    await waitFor('delivered by the restarted thread', () => pendingCount(brain.db) === 0);
    // Delivered under the new key: the receiver stored both rows, its only acceptances carried API_KEY,
    // and the restarted thread shows no pause although the stale key's pause is still stored.
    expect(server.storedEventIds(BRAIN_ID).sort()).toEqual([...eventIds].sort());
    const accepted = requests.filter((r) => r.status >= 200 && r.status < 300);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.every((r) => r.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
    expect(requests.filter((r) => r.headers.authorization === `Bearer ${STALE_KEY}`).every((r) => r.status === 401)).toBe(true);
    expect(worker.status()).toMatchObject({ worker: 'running', pauseReason: null, pausedUntil: null });
    expect(readPause(brain.db)).toMatchObject({ reason: 'auth' });
  });
});
