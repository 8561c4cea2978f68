import { createHash } from 'node:crypto';
import { MetaKey, cappedPauseUntil, clearPauseIf, getMeta, readPause, replacePauseUntil, setMeta, writePause } from '@gradata/core/delivery-thread';
import type { Database, PauseReason, StoredPause } from '@gradata/core';
import { pauseBackoffMs } from '../policy';
import type { Reporter } from './reporter';

export interface ActivePause {
  /** Epoch ms. */
  until: number;
  reason: PauseReason;
}

/** A short SHA-256 prefix of an API key: enough to tell keys apart, useless to recover one. */
export function keyFingerprint(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
}

/**
 * The delivery pause, kept in `meta` so that a restart (or another process on the same brain)
 * honours it. Emits `paused` / `resumed` on every transition this thread observes.
 *
 * An auth pause belongs to the key that earned it: a process holding another key ignores it, and
 * a key change ends it. A stored end further away than the policy ever asks for (a clock that was
 * ahead when it was written) is cut back to now + the policy maximum, in the database too.
 */
export class PauseTracker {
  private current: ActivePause | null = null;
  /** Consecutive auth / endpoint pauses: each one doubles the next (60 s … 1 h); kept in meta. */
  private holdPauses: number;
  private fingerprint: string;
  /** Bumped by every key change: a reply to a request sent before it speaks for a key no longer held. */
  keyEpoch = 0;

  constructor(
    private readonly db: Database,
    private readonly reporter: Reporter,
    private readonly onChange: () => void,
    apiKey: string,
  ) {
    this.fingerprint = keyFingerprint(apiKey);
    const stored = Number(getMeta(db, MetaKey.pauseHolds));
    const holdsKey = getMeta(db, MetaKey.pauseHoldsKey);
    // A doubling earned with another key does not lengthen this key's first pause.
    const ours = holdsKey === null || holdsKey === this.fingerprint;
    this.holdPauses = ours && Number.isInteger(stored) && stored > 0 ? stored : 0;
  }

  /** The pause in force now, read from the database; emits on a change. */
  active(now: number): ActivePause | null {
    const stored = readPause(this.db);
    const until = stored ? this.capped(stored, now) : 0;
    if (stored && until > now && this.appliesToUs(stored)) {
      if (!this.current || this.current.reason !== stored.reason || Math.abs(this.current.until - until) >= 1) {
        this.current = { until, reason: stored.reason };
        this.announcePaused();
      }
      return this.current;
    }
    // Compare-and-clear: a pause another process wrote since the read above survives.
    if (stored && until <= now) clearPauseIf(this.db, stored.until);
    if (this.current) this.end();
    return null;
  }

  /** Start a pause decided by the policy: persist it, then tell the main thread. */
  begin(pause: ActivePause): void {
    writePause(this.db, pause.until / 1000, pause.reason, pause.reason === 'auth' ? this.fingerprint : null);
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

  /**
   * `setApiKey`: replies to requests sent before it stop counting, and an auth pause (this key's,
   * or one stored without a key) ends at once. Returns true when one ended.
   */
  apiKeyChanged(apiKey: string): boolean {
    this.fingerprint = keyFingerprint(apiKey);
    this.keyEpoch += 1;
    this.setHoldPauses(0);
    const stored = readPause(this.db);
    const clearedStored = stored?.reason === 'auth' && clearPauseIf(this.db, stored.until);
    if (this.current?.reason !== 'auth') return clearedStored;
    this.end();
    return true;
  }

  snapshot(): ActivePause | null {
    return this.current;
  }

  /** An auth pause earned with another key is that key's business (null: written without a key, honoured). */
  private appliesToUs(stored: StoredPause): boolean {
    return stored.reason !== 'auth' || stored.keyFingerprint === null || stored.keyFingerprint === this.fingerprint;
  }

  /** The stored end in epoch ms, cut back (and rewritten) when it reaches past the policy maximum. */
  private capped(stored: StoredPause, now: number): number {
    const cappedSec = cappedPauseUntil(stored, now / 1000);
    if (cappedSec < stored.until && replacePauseUntil(this.db, stored.until, cappedSec)) {
      this.reporter.log('warn', `stored pause ended ${Math.round(stored.until - now / 1000)} s from now, beyond the policy maximum: the clock was stepped back; capped`, { reason: stored.reason });
      stored.until = cappedSec;
    }
    return cappedSec * 1000;
  }

  private setHoldPauses(count: number): void {
    this.holdPauses = count;
    this.db.transaction(() => {
      setMeta(this.db, MetaKey.pauseHolds, count > 0 ? String(count) : null);
      setMeta(this.db, MetaKey.pauseHoldsKey, count > 0 ? this.fingerprint : null);
    })();
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
