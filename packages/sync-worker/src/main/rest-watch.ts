import { nextDueAtMs } from './outbox-fallback';
import { RestLeases } from './rest-leases';

/**
 * While the thread rests, the main thread looks at the outbox itself: at most every tick, and at
 * the earliest due time it saw. Rows that another process or the Python SDK queued (no nudge
 * reaches us for those) still wake the thread (SPEC §7.2). Each look is one short-lived
 * connection, two index probes and, while leases are held, one /proc read per owner
 * (rest-leases.ts), so a resting agent keeps no SQLite connection or cache open.
 */
export class RestWatch {
  private timer: NodeJS.Timeout | null = null;
  private readonly leases: RestLeases;

  constructor(
    private readonly dbPath: string,
    private readonly tickMs: number,
    leaseSec: number,
    /** Starts the thread again. */
    private readonly wake: () => void,
    /** A look that failed; the thread is woken so that the failure meets the supervisor. */
    private readonly onLookFailed: (error: unknown) => void,
  ) {
    this.leases = new RestLeases(leaseSec);
  }

  /** Looks at once (a row may have come while the thread was stopping), then at every tick. */
  start(): void {
    this.stop();
    this.leases.forget();
    this.look();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private look(): void {
    this.timer = null;
    let dueAt: number | null;
    try {
      dueAt = nextDueAtMs(this.dbPath, this.leases);
    } catch (error) {
      this.onLookFailed(error);
      this.wake();
      return;
    }
    const now = Date.now();
    if (dueAt !== null && dueAt <= now) {
      this.wake();
      return;
    }
    this.timer = setTimeout(() => this.look(), Math.min(this.tickMs, dueAt === null ? Infinity : dueAt - now));
    this.timer.unref();
  }
}
