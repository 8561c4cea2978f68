import type { IngestServer, ReceivedRequest } from '@gradata/ingest-server';
import type { SyncWorker } from '../../src/sync-worker';
import { enqueueCorrections, makeBrain, makeWorker, queueRows, removeBrain, startReceiver, waitFor } from './helpers';
import type { Brain } from './helpers';

describe('a receiver that never answers cannot hold stop() or flush()', () => {
  let brain: Brain;
  let server: IngestServer;
  let requests: ReceivedRequest[];
  let worker: SyncWorker | undefined;

  beforeEach(async () => {
    brain = makeBrain();
    ({ server, requests } = await startReceiver({ faults: { neverRespond: true } }));
  });
  afterEach(async () => {
    await worker?.stop({ drain: false, timeoutMs: 1_000 });
    worker = undefined;
    await server.close();
    removeBrain(brain);
  });

  test('stop({ timeoutMs }) returns with every row still pending, untouched and unleased', async () => {
    enqueueCorrections(brain.db, 6);
    worker = makeWorker(brain, server.ingestUrl);
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
    enqueueCorrections(brain.db, 2);
    worker = makeWorker(brain, server.ingestUrl);
    worker.start();
    const report = await worker.flush({ timeoutMs: 300 });
    expect(report).toEqual({ delivered: 0, dead: 0, remaining: 2 });
    expect(worker.status().worker).toBe('running');
    // The loop's own round is not the flush's to cut: it is still waiting on the receiver.
    expect(queueRows(brain.db).every((row) => row.synced_at === null && row.attempts === 0)).toBe(true);
  });

  test('stop without drain aborts at once', async () => {
    enqueueCorrections(brain.db, 2);
    worker = makeWorker(brain, server.ingestUrl);
    worker.start();
    await waitFor('requests held', () => requests.length >= 2);
    const report = await worker.stop({ drain: false, timeoutMs: 60_000 });
    expect(report).toEqual({ delivered: 0, remaining: 2 });
  });
});
