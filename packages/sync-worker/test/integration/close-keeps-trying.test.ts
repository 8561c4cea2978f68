import { enqueueCorrections, nextEvent, pendingCount, queueRows, useWorkerFixture, waitFor } from './helpers';

describe('close() and flush() keep trying within their budget (SPEC §7.5)', () => {
  describe('a receiver that fails half its requests', () => {
    // Per row, as the cloud speaks: every request is a coin flip between 200 and 503.
    const fx = useWorkerFixture({ batch: false, faults: { failRate: 0.5 } });

    // 150 rows, not the bench's 300: the machine running the suite may be heavily shared.
    test('stop({ drain, timeoutMs: 10 s }) delivers all 150 rows, each stored once', async () => {
      const { brain, server, requests } = fx;
      enqueueCorrections(brain.db, 150);
      const worker = fx.makeWorker();
      worker.start();
      const report = await worker.stop({ drain: true, timeoutMs: 10_000 });
      expect(report).toEqual({ delivered: 150, remaining: 0, leasedElsewhere: 0 });
      expect(pendingCount(brain.db)).toBe(0);
      expect(server.counts().stored).toBe(150);
      // Half failed: rows were retried, not attempted once and given up on.
      expect(requests.filter((r) => r.status === 503).length).toBeGreaterThan(30);
      expect(queueRows(brain.db).some((row) => row.attempts >= 2)).toBe(true);
    });

    test('flush({ timeoutMs: 10 s }) does the same and the worker keeps running', async () => {
      const { brain } = fx;
      enqueueCorrections(brain.db, 100);
      const worker = fx.makeWorker();
      worker.start();
      const report = await worker.flush({ timeoutMs: 10_000 });
      expect(report).toMatchObject({ dead: 0, remaining: 0 });
      expect(worker.status().worker).toBe('running');
    });
  });

  describe('a receiver that always fails', () => {
    const fx = useWorkerFixture({ batch: false, faults: { failRate: 1 } });

    test('retries until the deadline, starts no request after it, and the rows stay pending', async () => {
      const { brain, requests } = fx;
      enqueueCorrections(brain.db, 3);
      const worker = fx.makeWorker();
      worker.start();
      await waitFor('each row attempted once', () => requests.length >= 3);
      const calledAt = Date.now();
      const report = await worker.stop({ drain: true, timeoutMs: 3_000 });
      const returnedAt = Date.now();
      expect(report).toEqual({ delivered: 0, remaining: 3, leasedElsewhere: 0 });
      // The budget holds (loosely here: a shared machine; the bench measures it exactly).
      expect(returnedAt - calledAt).toBeLessThan(3_000 + 1_000);
      // Each row was tried more than once inside the budget (the backoff fits what is left of it)…
      for (const row of queueRows(brain.db)) {
        expect(row.attempts).toBeGreaterThanOrEqual(3);
        expect(row.lease_owner).toBeNull();
      }
      // …and nothing arrived after the deadline.
      expect(requests.every((r) => r.at <= calledAt + 3_000)).toBe(true);
    });
  });

  describe('pauses during a drain', () => {
    const fx = useWorkerFixture({ batch: false });

    test('a rate-limit pause ending inside the budget is waited out, then everything is delivered', async () => {
      const { brain, server, requests } = fx;
      enqueueCorrections(brain.db, 5);
      server.pushScript({ status: 429, headers: { 'retry-after': '1' } });
      const worker = fx.makeWorker({ concurrency: 1 });
      const paused = nextEvent(worker, 'paused');
      worker.start();
      await paused; // the thread's start-up on a shared machine is not part of the budget
      const report = await worker.stop({ drain: true, timeoutMs: 8_000 });
      expect(report.remaining).toBe(0);
      const limited = requests.find((r) => r.status === 429);
      expect(limited).toBeDefined();
      // Nothing was sent during the pause.
      const after = requests.filter((r) => r.at > (limited?.at ?? 0));
      expect(after.every((r) => r.at >= (limited?.at ?? 0) + 900)).toBe(true);
      expect(server.counts().stored).toBe(5);
    });

    test('an auth pause is not waited out even when it would end inside the budget: the drain returns at once', async () => {
      const { brain, server, requests } = fx;
      enqueueCorrections(brain.db, 2);
      server.pushScript(401);
      // 60 s is the first auth pause; the budget is longer, and still the drain does not wait.
      const worker = fx.makeWorker({ concurrency: 1 });
      const paused = nextEvent(worker, 'paused');
      worker.start();
      await paused;
      const calledAt = Date.now();
      const report = await worker.flush({ timeoutMs: 90_000 });
      expect(report).toEqual({ delivered: 0, dead: 0, remaining: 2, leasedElsewhere: 0 });
      expect(Date.now() - calledAt).toBeLessThan(20_000);
      expect(requests).toHaveLength(1);
    });
  });
});
