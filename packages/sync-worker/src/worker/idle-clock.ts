/**
 * When the thread has been idle long enough to offer the main thread a rest (SPEC §7.2, §14.9):
 * `idleExitSec` after the last sign of work (rows claimed, a nudge, a flush), once per idle spell.
 * Whether it may rest (nothing pending, in flight or paused) is the loop's question; this only keeps time.
 */
export class IdleClock {
  private idleSince: number;
  private offered = false;

  /** `idleExitMs` 0 never offers a rest. */
  constructor(
    private readonly idleExitMs: number,
    now: number,
  ) {
    this.idleSince = now;
  }

  /** Work happened: the idle spell starts over. */
  busy(now: number): void {
    this.idleSince = now;
    this.offered = false;
  }

  /** True when the idle spell has lasted `idleExitMs` and no rest was offered in it yet. */
  due(now: number): boolean {
    return this.idleExitMs > 0 && !this.offered && now - this.idleSince >= this.idleExitMs;
  }

  /** The rest was offered: no second offer until the next spell. */
  offer(): void {
    this.offered = true;
  }

  /**
   * How long the loop may sleep before the spell becomes due; Infinity once it is due or offered,
   * so a thread that may not rest yet (a row in backoff, a pause) re-checks at its next natural wake
   * instead of spinning.
   */
  msUntilDue(now: number): number {
    if (this.idleExitMs <= 0 || this.offered) return Infinity;
    const left = this.idleSince + this.idleExitMs - now;
    return left > 0 ? left : Infinity;
  }
}
