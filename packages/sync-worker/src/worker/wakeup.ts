/** A sleep that a nudge can cut short; a nudge that arrives while awake is kept for the next sleep. */
export class Wakeup {
  private wakeSleeper: (() => void) | null = null;
  private pendingNudge = false;

  wake(): void {
    if (this.wakeSleeper) this.wakeSleeper();
    else this.pendingNudge = true;
  }

  /** Resolves after `ms`, or at once on a wake; the timer is always cleared. */
  sleep(ms: number): Promise<void> {
    if (this.pendingNudge) {
      this.pendingNudge = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeSleeper = null;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.wakeSleeper = done;
    });
  }
}
