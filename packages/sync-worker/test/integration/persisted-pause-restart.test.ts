import { readPause, writePause } from '@gradata/core';
import type { SyncEvents } from '@gradata/core';
import type { IngestServer, ReceivedRequest } from '@gradata/ingest-server';
import type { SyncWorker } from '../../src/sync-worker';
import { enqueueCorrections, makeBrain, makeWorker, nextEvent, pendingCount, removeBrain, startReceiver, waitFor } from './helpers';
import type { Brain } from './helpers';

describe('a pause survives a restart', () => {
  let brain: Brain;
  let server: IngestServer;
  let requests: ReceivedRequest[];
  const workers: SyncWorker[] = [];

  beforeEach(async () => {
    brain = makeBrain();
    // Scripts answer per row: a receiver without the batch route makes the worker fall back to per-row requests.
    ({ server, requests } = await startReceiver({ batch: false }));
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop({ drain: false, timeoutMs: 1_000 })));
    await server.close();
    removeBrain(brain);
  });

  test('a worker restarted during a 429 pause sends nothing before it ends', async () => {
    enqueueCorrections(brain.db, 4);
    server.pushScript({ status: 429, headers: { 'retry-after': '3' } });
    const first = makeWorker(brain, server.ingestUrl, { concurrency: 1 });
    workers.push(first);
    const paused = nextEvent<SyncEvents['paused']>(first, 'paused');
    first.start();
    const pause = await paused;
    // Closing with drain honours the pause: nothing more is sent.
    const closed = await first.stop({ drain: true, timeoutMs: 2_000 });
    expect(closed).toEqual({ delivered: 0, remaining: 4 });
    expect(requests).toHaveLength(1);
    expect(readPause(brain.db)?.reason).toBe('rate-limited');

    const second = makeWorker(brain, server.ingestUrl);
    workers.push(second);
    const pausedAgain = nextEvent<SyncEvents['paused']>(second, 'paused');
    second.start();
    await expect(pausedAgain).resolves.toMatchObject({ reason: 'rate-limited' });
    expect(second.status().pauseReason).toBe('rate-limited');
    await waitFor('delivered after the pause', () => pendingCount(brain.db) === 0);
    expect(requests.slice(1).every((r) => r.at >= pause.until - 1)).toBe(true);
  });

  test('an auth pause written by another process is honoured at start', async () => {
    enqueueCorrections(brain.db, 1);
    writePause(brain.db, Date.now() / 1000 + 600, 'auth');
    const worker = makeWorker(brain, server.ingestUrl);
    workers.push(worker);
    const paused = nextEvent<SyncEvents['paused']>(worker, 'paused');
    worker.start();
    await expect(paused).resolves.toMatchObject({ reason: 'auth' });
    expect(await worker.flush({ timeoutMs: 1_000 })).toEqual({ delivered: 0, dead: 0, remaining: 1 });
    expect(requests).toHaveLength(0);
    // setApiKey ends an auth pause at once.
    const resumed = nextEvent<SyncEvents['resumed']>(worker, 'resumed');
    worker.setApiKey('gd_test_key_7f3a9c2e');
    await resumed;
    await waitFor('delivered', () => pendingCount(brain.db) === 0);
  });
});
