import { captureLogger, enqueueCorrections, queueRows, useWorkerFixture, waitFor } from './helpers';

describe('a receiver that never answers cannot hold stop() or flush()', () => {
  const fx = useWorkerFixture({ faults: { neverRespond: true } });

  test('stop({ timeoutMs }) returns with every row still pending, untouched and unleased', async () => {
    const { brain, requests } = fx;
    enqueueCorrections(brain.db, 6);
    const { logger, lines } = captureLogger('warn');
    const worker = fx.makeWorker({ logger });
    worker.start();
    await waitFor('requests held by the receiver', () => requests.length >= 4);
    expect(worker.status().inFlight).toBeGreaterThan(0);

    const timeoutMs = 300;
    const startedAt = Date.now();
    const report = await worker.stop({ drain: true, timeoutMs });
    const elapsed = Date.now() - startedAt;
    expect(report).toEqual({ delivered: 0, remaining: 6, leasedElsewhere: 0 });
    // The thread itself kept the deadline: the main side never had to terminate it (it does so at timeoutMs + 2 s).
    expect(lines.filter((line) => line.includes('did not stop cleanly'))).toEqual([]);
    // Margin 1.5 s: generous for a loaded 2-core machine, yet under the main side's 2 s fallback, so a
    // thread that ignored its deadline cannot pass on the fallback's account.
    expect(elapsed).toBeLessThan(timeoutMs + 1_500);
    const rows = queueRows(brain.db);
    expect(rows.every((row) => row.synced_at === null && row.lease_owner === null && row.attempts === 0)).toBe(true);
    expect(worker.status()).toMatchObject({ worker: 'off', inFlight: 0 });
  });

  test('flush({ timeoutMs }) returns what is left and the worker keeps running', async () => {
    const { brain, requests } = fx;
    enqueueCorrections(brain.db, 2);
    const worker = fx.makeWorker();
    worker.start();
    // Once the thread is up (its requests are held): a flush sent while it still boots would spend its
    // reply grace on the boot, which a loaded machine can stretch past timeoutMs + 2 s.
    await waitFor('requests held', () => requests.length >= 2);
    const report = await worker.flush({ timeoutMs: 300 });
    expect(report).toEqual({ delivered: 0, dead: 0, remaining: 2, leasedElsewhere: 0 });
    expect(worker.status().worker).toBe('running');
    // The loop's own round is not the flush's to cut: it is still waiting on the receiver.
    expect(queueRows(brain.db).every((row) => row.synced_at === null && row.attempts === 0)).toBe(true);
  });

  test('stop without drain aborts at once', async () => {
    const { brain, requests } = fx;
    enqueueCorrections(brain.db, 2);
    const worker = fx.makeWorker();
    worker.start();
    await waitFor('requests held', () => requests.length >= 2);
    const report = await worker.stop({ drain: false, timeoutMs: 60_000 });
    expect(report).toEqual({ delivered: 0, remaining: 2, leasedElsewhere: 0 });
  });
});
