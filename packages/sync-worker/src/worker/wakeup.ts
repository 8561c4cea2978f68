/**
 * How long a nudge waits before it wakes the loop. A burst of corrections then becomes one claim
 * and one acknowledgement instead of one per correction, which keeps the worker's write
 * transactions from contending with the agent's `correct()` commits for SQLite's write lock.
 */
export const NUDGE_COALESCE_MS = 2;

/** A sleep that a nudge can cut short; a nudge that arrives while awake is kept for the next sleep. */
export class Wakeup {
  private wakeSleeper: (() => void) | null = null;
  private coalescing: NodeJS.Timeout | null = null;
  private pendingNudge = false;

  constructor(private readonly coalesceMs: number = NUDGE_COALESCE_MS) {}

  wake(): void {
    if (!this.wakeSleeper) {
      this.pendingNudge = true;
      return;
    }
    if (this.coalescing) return;
    const wakeSleeper = this.wakeSleeper;
    this.coalescing = setTimeout(() => {
      this.coalescing = null;
      wakeSleeper();
    }, this.coalesceMs);
  }

  /** Resolves after `ms`, or soon after a wake; every timer is cleared. */
  sleep(ms: number): Promise<void> {
    if (this.pendingNudge) {
      this.pendingNudge = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.coalescing) clearTimeout(this.coalescing);
        this.coalescing = null;
        this.wakeSleeper = null;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.wakeSleeper = done;
    });
  }
}
