import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { enqueueCorrections, makeBrain, makeWorker, pendingCount, removeBrain, waitFor } from './helpers';
import type { Brain } from './helpers';
import type { SyncWorker } from '../../src/sync-worker';

/** What the receiver saw of one request. */
interface Seen {
  arrivedAt: number;
  /** Requests in flight at the receiver when this one arrived, itself included. */
  inFlight: number;
  status: number;
  answeredAt: number;
}

const LINK_MS = 40;
const HEALTHY_FIRST = 150;
const STORM = 60;

/**
 * A WAN-like receiver (every answer after 40 ms) that counts requests in flight: the first 150
 * are stored, the next 60 get 429 + Retry-After: 1, the rest are stored again.
 */
async function startStormReceiver(): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  let inFlight = 0;
  const server = http.createServer((request, response) => {
    inFlight += 1;
    const entry: Seen = { arrivedAt: Date.now(), inFlight, status: 0, answeredAt: 0 };
    const index = seen.push(entry);
    request.resume();
    request.on('end', () => {
      setTimeout(() => {
        const limited = index > HEALTHY_FIRST && index <= HEALTHY_FIRST + STORM;
        entry.status = limited ? 429 : 200;
        entry.answeredAt = Date.now();
        inFlight -= 1;
        response.writeHead(entry.status, { 'content-type': 'application/json', ...(limited ? { 'retry-after': '1' } : {}) });
        response.end(limited ? '{"error":"slow down"}' : '{"status":"ok","deduplicated":false}');
      }, LINK_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1/ingest`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Requests grouped into waves: a gap of more than 500 ms (a pause) starts a new one. */
function waves(requests: Seen[]): Seen[][] {
  const groups: Seen[][] = [];
  for (const request of requests) {
    const last = groups[groups.length - 1];
    const previous = last?.[last.length - 1];
    if (last && previous && request.arrivedAt - previous.arrivedAt <= 500) last.push(request);
    else groups.push([request]);
  }
  return groups;
}

const peak = (group: Seen[]): number => Math.max(...group.map((r) => r.inFlight));
/** The peak of a wave's first round trip: the requests that arrived before its first answer. */
const openingPeak = (group: Seen[]): number => {
  const firstAnswer = Math.min(...group.map((r) => r.answeredAt));
  return peak(group.filter((r) => r.arrivedAt < firstAnswer));
};

describe('adaptive concurrency over a slow link', () => {
  let brain: Brain;
  let receiver: Awaited<ReturnType<typeof startStormReceiver>>;
  let worker: SyncWorker | null = null;

  beforeEach(async () => {
    brain = makeBrain();
    receiver = await startStormReceiver();
  });
  afterEach(async () => {
    await worker?.stop({ drain: false, timeoutMs: 1_000 });
    worker = null;
    await receiver.close();
    removeBrain(brain);
  });

  test('grows past 4 while healthy, halves per 429 wave without overshooting, sends nothing during a pause', async () => {
    enqueueCorrections(brain.db, 400);
    worker = makeWorker(brain, receiver.url, { batch: false });
    worker.start();
    await waitFor('all delivered', () => pendingCount(brain.db) === 0, 40_000);

    const { seen } = receiver;
    const before = seen.slice(0, HEALTHY_FIRST);
    const healthyPeak = peak(before);
    expect(healthyPeak).toBeGreaterThan(4);
    expect(healthyPeak).toBeLessThanOrEqual(32);

    // Never a request while a pause is in force (a little slack for one already leaving).
    for (const limited of seen.filter((r) => r.status === 429)) {
      const duringPause = seen.filter((r) => r.arrivedAt > limited.answeredAt + 50 && r.arrivedAt < limited.answeredAt + 950);
      expect(duringPause).toEqual([]);
    }

    // Each wave after a 429 pause opens with at most half the previous wave's requests in flight
    // (never below 1), down to the wave that finds the storm over.
    const firstLimited = seen.findIndex((r) => r.status === 429);
    const afterStorm = waves(seen.slice(firstLimited));
    expect(afterStorm.length).toBeGreaterThanOrEqual(4);
    let previousPeak = openingPeak(afterStorm[0] as Seen[]);
    for (const group of afterStorm.slice(1)) {
      expect(openingPeak(group)).toBeLessThanOrEqual(Math.max(1, Math.ceil(previousPeak / 2)));
      previousPeak = openingPeak(group);
    }
    expect(seen.filter((r) => r.status === 200)).toHaveLength(400);
  });
});
