/**
 * How long a nudge waits before it wakes the loop, at least. A burst of corrections then becomes
 * one claim and one acknowledgement instead of one per correction.
 */
export const NUDGE_COALESCE_MS = 2;
/**
 * Nudged wakes are at least this far apart. At an agent's steady pace (say 200 corrections/s) the
 * loop then runs at most 50 rounds a second, each carrying the rows that came meanwhile, instead
 * of one round per correction: every round is two write transactions (claim, acks), and each one
 * makes the agent's correct() wait for SQLite's write lock and re-read its page cache. A lone
 * correction after a quiet spell is still sent within NUDGE_COALESCE_MS (SPEC §14.3 latency).
 */
export const NUDGE_SPACING_MS = 20;

/** A sleep that a nudge can cut short; a nudge that arrives while awake is kept for the next sleep. */
export class Wakeup {
  private wakeSleeper: (() => void) | null = null;
  private coalescing: NodeJS.Timeout | null = null;
  private pendingNudge = false;
  private lastWokeAt = -Infinity;

  constructor(
    private readonly coalesceMs: number = NUDGE_COALESCE_MS,
    private readonly spacingMs: number = NUDGE_SPACING_MS,
  ) {}

  wake(): void {
    if (!this.wakeSleeper) {
      this.pendingNudge = true;
      return;
    }
    if (this.coalescing) return;
    const wakeSleeper = this.wakeSleeper;
    const delayMs = Math.max(this.coalesceMs, this.lastWokeAt + this.spacingMs - Date.now());
    this.coalescing = setTimeout(() => {
      this.coalescing = null;
      wakeSleeper();
    }, delayMs);
  }

  /** Resolves after `ms`, or soon after a wake (one kept from while awake counts); every timer is cleared. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.coalescing) clearTimeout(this.coalescing);
        this.coalescing = null;
        this.wakeSleeper = null;
        this.lastWokeAt = Date.now();
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.wakeSleeper = done;
      if (this.pendingNudge) {
        this.pendingNudge = false;
        this.wake();
      }
    });
  }
}
