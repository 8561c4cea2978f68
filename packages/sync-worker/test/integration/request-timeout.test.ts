import { enqueueCorrections, queueRows, useWorkerFixture, waitFor } from './helpers';

describe('a request the receiver never answers times out (SPEC §7.4)', () => {
  const fx = useWorkerFixture({ faults: { neverRespond: true } });

  test('after requestTimeoutMs the row is pending again with a timeout error and a backoff, and is tried again', async () => {
    const { brain, requests } = fx;
    enqueueCorrections(brain.db, 1);
    // Long lease and tick: only the request timeout can end the first attempt.
    const worker = fx.makeWorker({ requestTimeoutMs: 300, leaseSec: 3_600, concurrency: 1 });
    worker.start();

    const row = await waitFor('the first attempt to time out', () => queueRows(brain.db).find((r) => r.attempts >= 1));
    expect(row).toMatchObject({ synced_at: null, dead_at: null, lease_owner: null });
    expect(row?.last_error).toMatch(/timeout/i);
    expect(row?.next_attempt_at).not.toBeNull();
    // A timeout is transient: the row is sent again (its backoff is at most 1 s × 2).
    await waitFor('a second attempt', () => requests.length >= 2);
    expect(requests.map((r) => r.attempt).slice(0, 2)).toEqual([1, 2]);
    expect(worker.status().worker).toBe('running');
  });
});
