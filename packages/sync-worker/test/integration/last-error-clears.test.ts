import { enqueueCorrections, pendingCount, useWorkerFixture, waitFor } from './helpers';

describe('status().lastError describes the present, not a failure already recovered from', () => {
  const fx = useWorkerFixture({ batch: false });

  test('after a failed attempt and a delivery that succeeds, lastError is null again', async () => {
    const { brain, server } = fx;
    enqueueCorrections(brain.db, 1);
    server.pushScript({ status: 503, body: { error: 'busy' } });
    const worker = fx.makeWorker({ concurrency: 1 });
    worker.start();
    await waitFor('the failure is reported', () => worker.status().lastError !== null);
    expect(worker.status().lastError).toMatch(/^http 503/);
    await waitFor('delivered', () => pendingCount(brain.db) === 0 && worker.status().lastSyncAt !== null);
    expect(worker.status().lastError).toBeNull();
  });
});
