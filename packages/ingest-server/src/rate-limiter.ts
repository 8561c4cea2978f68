/** Outcome of a rate-limit check: allowed, or refused with the seconds to wait. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSec: number };

interface Window {
  startMs: number;
  count: number;
}

const ALLOWED: RateDecision = Object.freeze({ allowed: true });

/** Per-key fixed one-second windows; cheap enough for the hot path (one Map lookup). */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly perSecond: number,
    private readonly retryAfterSec: number | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request for `key` and says whether it fits in the current window. */
  take(key: string): RateDecision {
    const nowMs = this.now();
    let window = this.windows.get(key);
    if (window === undefined || nowMs - window.startMs >= 1000) {
      window = { startMs: nowMs, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= this.perSecond) return ALLOWED;
    const untilNextWindow = Math.ceil((window.startMs + 1000 - nowMs) / 1000);
    return { allowed: false, retryAfterSec: this.retryAfterSec ?? Math.max(1, untilNextWindow) };
  }
}
