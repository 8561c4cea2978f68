import { enqueueCorrections, queueRows, useWorkerFixture, waitFor } from './helpers';

describe('a receiver that never answers cannot hold stop() or flush()', () => {
  const fx = useWorkerFixture({ faults: { neverRespond: true } });

  test('stop({ timeoutMs }) returns with every row still pending, untouched and unleased', async () => {
    const { brain, requests } = fx;
    enqueueCorrections(brain.db, 6);
    const worker = fx.makeWorker();
    worker.start();
    await waitFor('requests held by the receiver', () => requests.length >= 4);
    expect(worker.status().inFlight).toBeGreaterThan(0);

    const report = await worker.stop({ drain: true, timeoutMs: 300 });
    expect(report).toEqual({ delivered: 0, remaining: 6 });
    const rows = queueRows(brain.db);
    expect(rows.every((row) => row.synced_at === null && row.lease_owner === null && row.attempts === 0)).toBe(true);
    expect(worker.status()).toMatchObject({ worker: 'off', inFlight: 0 });
  });

  test('flush({ timeoutMs }) returns what is left and the worker keeps running', async () => {
    const { brain } = fx;
    enqueueCorrections(brain.db, 2);
    const worker = fx.makeWorker();
    worker.start();
    const report = await worker.flush({ timeoutMs: 300 });
    expect(report).toEqual({ delivered: 0, dead: 0, remaining: 2 });
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
    expect(report).toEqual({ delivered: 0, remaining: 2 });
  });
});
