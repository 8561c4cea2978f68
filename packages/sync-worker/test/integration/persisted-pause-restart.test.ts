import { readPause, writePause } from '@gradata/core';
import type { SyncEvents } from '@gradata/core';
import { endPauseNow, enqueueCorrections, nextEvent, pendingCount, settle, useWorkerFixture, waitFor } from './helpers';

describe('a pause survives a restart', () => {
  // Scripts answer per row: a receiver without the batch route makes the worker fall back to per-row requests.
  const fx = useWorkerFixture({ batch: false });

  test('a worker restarted during a 429 pause sends nothing before it ends', async () => {
    const { brain, server, requests } = fx;
    enqueueCorrections(brain.db, 4);
    // A long Retry-After, ended by the test: the pause cannot run out during the restart on a busy machine.
    server.pushScript({ status: 429, headers: { 'retry-after': '600' } });
    const first = fx.makeWorker({ concurrency: 1 });
    const paused = nextEvent<SyncEvents['paused']>(first, 'paused');
    first.start();
    const pause = await paused;
    // Closing with drain honours the pause: nothing more is sent.
    const closed = await first.stop({ drain: true, timeoutMs: 1_000 }); // ends well before the 3 s pause
    expect(closed).toEqual({ delivered: 0, remaining: 4, leasedElsewhere: 0 });
    expect(requests).toHaveLength(1);
    expect(readPause(brain.db)).toMatchObject({ reason: 'rate-limited', until: pause.until / 1000 });

    const second = fx.makeWorker();
    const pausedAgain = nextEvent<SyncEvents['paused']>(second, 'paused');
    second.start();
    await expect(pausedAgain).resolves.toEqual({ reason: 'rate-limited', until: pause.until });
    expect(second.status().pauseReason).toBe('rate-limited');
    second.nudge();
    await settle();
    expect(requests).toHaveLength(1);

    const endedAt = endPauseNow(brain.db, second);
    await waitFor('delivered after the pause', () => pendingCount(brain.db) === 0);
    expect(requests.slice(1).length).toBeGreaterThan(0);
    expect(requests.slice(1).every((r) => r.at >= endedAt)).toBe(true);
  });

  test('an auth pause written by another process is honoured at start', async () => {
    const { brain, requests } = fx;
    enqueueCorrections(brain.db, 1);
    writePause(brain.db, Date.now() / 1000 + 600, 'auth');
    const worker = fx.makeWorker();
    const paused = nextEvent<SyncEvents['paused']>(worker, 'paused');
    worker.start();
    await expect(paused).resolves.toMatchObject({ reason: 'auth' });
    expect(await worker.flush({ timeoutMs: 1_000 })).toEqual({ delivered: 0, dead: 0, remaining: 1, leasedElsewhere: 0 });
    expect(requests).toHaveLength(0);
    // setApiKey ends an auth pause at once.
    const resumed = nextEvent<SyncEvents['resumed']>(worker, 'resumed');
    worker.setApiKey('gd_test_key_7f3a9c2e');
    await resumed;
    await waitFor('delivered', () => pendingCount(brain.db) === 0);
  });
});
