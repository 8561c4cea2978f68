import { AimdConcurrencyLimit, replySignal } from '../../src/sender/concurrency-limit';
import type { ReplySignal } from '../../src/sender/concurrency-limit';
import type { SendResult } from '../../src/sender/sender';

const SLOW = 50; // ms: a WAN reply
const FAST = 1; // ms: loopback

/**
 * A deep backlog over a link: requests are kept topped up to the limit, as the sender does; one
 * round trip answers every request in flight with `signal`. Returns the limit after it.
 */
class Backlog {
  private inFlight: number[] = [];
  constructor(private readonly limit: AimdConcurrencyLimit) {}

  roundTrip(signal: ReplySignal, latencyMs = SLOW): number {
    this.fill();
    for (const stamp of this.inFlight.splice(0)) {
      this.limit.finish(stamp, signal, latencyMs);
      this.fill();
    }
    return this.limit.limit;
  }

  private fill(): void {
    while (this.limit.inFlight < this.limit.limit) this.inFlight.push(this.limit.start());
  }
}

/** Starts only `n` requests, then answers them all; returns the limit after. */
function wave(limit: AimdConcurrencyLimit, n: number, signal: ReplySignal, latencyMs = SLOW): number {
  const stamps = Array.from({ length: n }, () => limit.start());
  for (const stamp of stamps) limit.finish(stamp, signal, latencyMs);
  return limit.limit;
}

describe('AIMD concurrency limit (scripted replies)', () => {
  test('slow start: healthy slow replies with the limit in use double it every round trip, up to the max', () => {
    const limit = new AimdConcurrencyLimit({ initial: 4, max: 32 });
    const link = new Backlog(limit);
    expect(limit.limit).toBe(4);
    expect(link.roundTrip('healthy')).toBe(8);
    expect(link.roundTrip('healthy')).toBe(16);
    expect(link.roundTrip('healthy')).toBe(32);
    expect(link.roundTrip('healthy')).toBe(32);
  });

  test('a fast link does not grow it: the wait there is our CPU, not the network', () => {
    const link = new Backlog(new AimdConcurrencyLimit({ initial: 4, max: 32 }));
    expect(link.roundTrip('healthy', FAST)).toBe(4);
    expect(link.roundTrip('healthy', FAST)).toBe(4);
  });

  test('fewer requests than the limit (nothing to fill it with) do not grow it', () => {
    const limit = new AimdConcurrencyLimit({ initial: 4, max: 32 });
    for (let i = 0; i < 10; i++) wave(limit, 2, 'healthy');
    expect(limit.limit).toBe(4);
  });

  test.each<[string, SendResult]>([
    ['429', { status: 429, headers: {}, body: '' }],
    ['503', { status: 503, headers: {}, body: '' }],
    ['a timeout', { networkError: 'ETIMEDOUT: Timeout awaiting request' }],
    ['a network error', { networkError: 'ECONNRESET: socket hang up' }],
  ])('%s halves it at once', (_name, result) => {
    const limit = new AimdConcurrencyLimit({ initial: 16, max: 32 });
    limit.finish(limit.start(), replySignal(result), SLOW);
    expect(limit.limit).toBe(8);
  });

  test('a burst of failures from requests started before the decrease halves it once', () => {
    const link = new Backlog(new AimdConcurrencyLimit({ initial: 16, max: 32 }));
    expect(link.roundTrip('congested')).toBe(8);
    // The next round trip's requests were started after the decrease: they count again.
    expect(link.roundTrip('congested')).toBe(4);
  });

  test('never below 1, and it climbs back additively (+1 per round trip) after congestion', () => {
    const link = new Backlog(new AimdConcurrencyLimit({ initial: 4, max: 32 }));
    for (let i = 0; i < 6; i++) link.roundTrip('congested');
    expect(link.roundTrip('congested')).toBe(1);
    expect(link.roundTrip('healthy')).toBe(2);
    expect(link.roundTrip('healthy')).toBe(3);
    expect(link.roundTrip('healthy')).toBe(4);
  });

  test('after a burst of 503s on a fast link it grows back to its starting value, and no further (issue 19)', () => {
    const limit = new AimdConcurrencyLimit({ initial: 4, max: 32 });
    const link = new Backlog(limit);
    link.roundTrip('congested', FAST);
    expect(link.roundTrip('congested', FAST)).toBe(1);
    expect(link.roundTrip('healthy', FAST)).toBe(2);
    expect(link.roundTrip('healthy', FAST)).toBe(3);
    expect(link.roundTrip('healthy', FAST)).toBe(4);
    expect(link.roundTrip('healthy', FAST)).toBe(4);
    // Below the start it also grows when only one request at a time comes (a trickle of rows).
    limit.finish(limit.start(), 'congested', FAST);
    expect(limit.limit).toBe(2);
    for (let i = 0; i < 2; i++) wave(limit, 1, 'healthy', FAST);
    expect(limit.limit).toBe(3);
  });

  test('other statuses and aborted requests leave it alone', () => {
    const limit = new AimdConcurrencyLimit({ initial: 8, max: 32 });
    for (const result of [{ status: 500, headers: {}, body: '' }, { status: 422, headers: {}, body: '' }, { aborted: true as const }] as SendResult[]) {
      expect(wave(limit, 8, replySignal(result))).toBe(8);
    }
    expect(replySignal({ status: 200, headers: {}, body: '' })).toBe('healthy');
  });

  test('track() counts requests in flight and feeds the reply in', async () => {
    const limit = new AimdConcurrencyLimit({ initial: 2, max: 4, slowLinkMs: 0 });
    let release: (() => void) | undefined;
    const held = limit.track(() => new Promise<SendResult>((resolve) => (release = () => resolve({ status: 200, headers: {}, body: '' }))));
    const second = limit.track(async () => ({ status: 200, headers: {}, body: '' }));
    expect(limit.inFlight).toBe(2);
    await second;
    release?.();
    await held;
    expect(limit.inFlight).toBe(0);
    expect(limit.limit).toBe(3); // the first reply came with both in use; the second alone
  });
});
