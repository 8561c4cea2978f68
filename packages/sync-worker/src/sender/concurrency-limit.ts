/**
 * Requests in flight, adapted to the link (SPEC §7.4): AIMD with slow start, the shape of TCP
 * Reno's congestion window.
 * - A healthy reply (2xx) on a slow link while every allowed request was in use grows the limit:
 *   by 1 per reply until the first congestion signal (slow start: doubling every round trip),
 *   by 1 / limit per reply after it (additive increase: +1 per round trip), up to `max`.
 * - Congestion (429, 503, a timeout, a network error) halves it at once, never below `min`. Only a
 *   request started after the last decrease counts, so one burst of failures halves it once.
 * - Below the starting value, every healthy reply grows it back additively (+1 per round trip),
 *   whatever the latency and however many requests are in flight: a short burst of 503s on a fast
 *   link must not leave delivery at 1 request in flight for the life of the worker (issue 19).
 * - Anything else (another 4xx or 5xx, an aborted request) leaves it as it is.
 * Above the starting value it grows only on a slow link: on a fast one the wait is our own CPU, not the network.
 */
import type { SendResult } from './sender';

export type ReplySignal = 'healthy' | 'congested' | 'neutral';

export interface ConcurrencyLimitOptions {
  initial: number;
  max: number;
  min?: number;
  /** A reply slower than this comes from a link where more requests in flight help. */
  slowLinkMs?: number;
}

/** Loopback answers in about 1 ms (a few under load); a WAN in tens. */
export const SLOW_LINK_MS = 15;

/** What a reply says about the link. */
export function replySignal(result: SendResult): ReplySignal {
  if ('aborted' in result) return 'neutral';
  if ('networkError' in result) return 'congested'; // timeouts included
  if (result.status === 429 || result.status === 503) return 'congested';
  return result.status >= 200 && result.status < 300 ? 'healthy' : 'neutral';
}

export class AimdConcurrencyLimit {
  private window: number;
  private slowStart = true;
  private started = 0;
  /** `started` at the last decrease: replies to requests stamped at or before it are old news. */
  private decreasedAt = 0;
  private active = 0;
  private readonly min: number;
  private readonly max: number;
  private readonly initial: number;
  private readonly slowLinkMs: number;

  constructor(options: ConcurrencyLimitOptions) {
    this.min = Math.max(1, options.min ?? 1);
    this.max = Math.max(this.min, options.max);
    this.window = Math.min(this.max, Math.max(this.min, options.initial));
    this.initial = this.window;
    this.slowLinkMs = options.slowLinkMs ?? SLOW_LINK_MS;
  }

  /** Requests allowed in flight now. */
  get limit(): number {
    return Math.floor(this.window);
  }

  /** Requests in flight now. */
  get inFlight(): number {
    return this.active;
  }

  /** Call as a request starts; hand the stamp back to `finish`. */
  start(): number {
    this.active += 1;
    this.started += 1;
    return this.started;
  }

  /** Call as its reply (or failure) arrives. */
  finish(stamp: number, signal: ReplySignal, latencyMs: number): void {
    const inUse = this.active; // this request included
    this.active -= 1;
    if (signal === 'congested') {
      if (stamp <= this.decreasedAt) return;
      this.window = Math.max(this.min, Math.floor(this.window / 2));
      this.slowStart = false;
      this.decreasedAt = this.started;
      return;
    }
    if (signal !== 'healthy') return;
    if (this.window < this.initial) {
      this.window = Math.min(this.initial, this.window + 1 / Math.floor(this.window));
      return;
    }
    if (latencyMs < this.slowLinkMs || inUse < this.limit) return;
    this.window = Math.min(this.max, this.window + (this.slowStart ? 1 : 1 / Math.floor(this.window)));
  }

  /** Runs one request under the limit's accounting; `request` must not reject. */
  async track(request: () => Promise<SendResult>): Promise<SendResult> {
    const stamp = this.start();
    const startedAt = performance.now();
    let result: SendResult = { networkError: 'request threw' };
    try {
      result = await request();
      return result;
    } finally {
      this.finish(stamp, replySignal(result), performance.now() - startedAt);
    }
  }
}
