import { MetaKey, clearPause, getMeta, readPause, setMeta, writePause } from '@gradata/core';
import type { Database, PauseReason } from '@gradata/core';
import { pauseBackoffMs } from '../policy';
import type { Reporter } from './reporter';

export interface ActivePause {
  /** Epoch ms. */
  until: number;
  reason: PauseReason;
}

/**
 * The delivery pause, kept in `meta` so that a restart (or another process on the same brain)
 * honours it. Emits `paused` / `resumed` on every transition this thread observes.
 */
export class PauseTracker {
  private current: ActivePause | null = null;
  /** Consecutive auth / endpoint pauses: each one doubles the next (60 s … 1 h); kept in meta. */
  private holdPauses: number;

  constructor(
    private readonly db: Database,
    private readonly reporter: Reporter,
    private readonly onChange: () => void,
  ) {
    const stored = Number(getMeta(db, MetaKey.pauseHolds));
    this.holdPauses = Number.isInteger(stored) && stored > 0 ? stored : 0;
  }

  /** The pause in force now, read from the database; emits on a change. */
  active(now: number): ActivePause | null {
    const stored = readPause(this.db);
    if (stored && stored.until * 1000 > now) {
      const until = stored.until * 1000;
      if (!this.current || this.current.reason !== stored.reason || Math.abs(this.current.until - until) >= 1) {
        this.current = { until, reason: stored.reason };
        this.announcePaused();
      }
      return this.current;
    }
    if (stored) clearPause(this.db);
    if (this.current) this.end();
    return null;
  }

  /** Start a pause decided by the policy: persist it, then tell the main thread. */
  begin(pause: ActivePause): void {
    writePause(this.db, pause.until / 1000, pause.reason);
    if (pause.reason !== 'rate-limited') this.setHoldPauses(this.holdPauses + 1);
    this.current = { ...pause };
    this.announcePaused();
  }

  /** Length of the next auth / endpoint pause. */
  nextHoldMs(): number {
    return pauseBackoffMs(this.holdPauses);
  }

  /** A delivery went through: the server accepts us again. */
  delivered(): void {
    if (this.holdPauses > 0) this.setHoldPauses(0);
  }

  /** A new API key ends an auth pause at once. Returns true when one ended. */
  endAuthPause(): boolean {
    const stored = readPause(this.db);
    if (stored?.reason !== 'auth' && this.current?.reason !== 'auth') return false;
    this.setHoldPauses(0);
    if (stored?.reason === 'auth') clearPause(this.db);
    if (this.current) this.end();
    return true;
  }

  private setHoldPauses(count: number): void {
    this.holdPauses = count;
    setMeta(this.db, MetaKey.pauseHolds, count > 0 ? String(count) : null);
  }

  snapshot(): ActivePause | null {
    return this.current;
  }

  private end(): void {
    const reason = (this.current as ActivePause).reason;
    this.current = null;
    this.onChange(); // status first: a listener reading status() on the event sees the new state
    this.reporter.log('info', 'delivery resumed', { reason });
    this.reporter.event('resumed', { reason });
  }

  private announcePaused(): void {
    const { reason, until } = this.current as ActivePause;
    this.onChange();
    this.reporter.log('warn', `delivery paused (${reason}) until ${new Date(until).toISOString()}`, { reason, until });
    this.reporter.event('paused', { reason, until });
  }
}
