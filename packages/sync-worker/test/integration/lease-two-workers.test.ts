import type { ReceivedRequest } from '@gradata/ingest-server';
import { BRAIN_ID, enqueueCorrections, pendingCount, useWorkerFixture, waitFor } from './helpers';

describe('two workers sharing one brain file', () => {
  /** Per event id, the [arrival, answer] interval of every request the receiver handled. */
  const inFlight = new Map<string, Array<[number, number]>>();
  let overlaps: string[];

  beforeEach(() => {
    inFlight.clear();
    overlaps = [];
  });
  const fx = useWorkerFixture({
    faults: { latencyMs: 3 },
    onRequest: (info: ReceivedRequest) => {
      if (info.route !== 'ingest' || !info.eventId) return;
      const answeredAt = Date.now();
      const seen = inFlight.get(info.eventId) ?? [];
      if (seen.some(([start, end]) => info.at <= end && start <= answeredAt)) overlaps.push(info.eventId);
      seen.push([info.at, answeredAt]);
      inFlight.set(info.eventId, seen);
    },
  });

  test('every row arrives, and no event is sent while another request for it is in flight', async () => {
    const { brain, server } = fx;
    const eventIds = enqueueCorrections(brain.db, 400);
    const workers = [0, 1].map(() => fx.makeWorker({ batchSize: 10, concurrency: 4 }));
    workers.forEach((w) => w.start());
    await waitFor('all rows delivered', () => pendingCount(brain.db) === 0, 60_000);

    expect(server.storedEventIds(BRAIN_ID).sort()).toEqual([...eventIds].sort());
    expect(overlaps).toEqual([]);
    // With healthy leases nothing is sent twice at all.
    expect([...inFlight.values()].filter((seen) => seen.length > 1)).toEqual([]);
    const delivered = await Promise.all(workers.map((w) => w.stop({ drain: true, timeoutMs: 2_000 })));
    expect(delivered.every((report) => report.remaining === 0)).toBe(true);
  });
});
