import type { Database } from '../storage/database';
import { prepared } from '../storage/prepared';

/*
 * Lease expiry that does not depend on two clocks agreeing (issue 19). A lease's `lease_until` is
 * written with its owner's wall clock; comparing it with another process's wall clock let a process
 * whose clock ran 120 s ahead take every lease of a live one. So no process reads `lease_until` as a
 * deadline. Instead each worker watches the leases it sees: a lease (row, owner, lease_until) is
 * taken over only after this watcher has seen it, unchanged, for its own `leaseSec` of monotonic
 * time. A live owner never holds one lease that long (it starts no request after leaseSec − request
 * timeout, and every round ends by releasing or marking its rows, which changes the lease), so only
 * a stuck or gone owner's lease is ever taken. A dead pid on this host is still reclaimed at once
 * (reclaimOrphanedLeases). Processes sharing a brain should use the same leaseSec.
 */

/** A lease held now: a pending row in flight, its owner and the owner's `lease_until`. */
export interface HeldLease {
  id: number;
  owner: string;
  until: number | null;
}

/**
 * Every lease held on a pending row now, read from the partial lease index (rows in flight only).
 * A lease left on a delivered row (no writer of ours leaves one) holds nothing back.
 */
export function readHeldLeases(db: Database): HeldLease[] {
  return prepared(
    db,
    'SELECT id, lease_owner AS owner, lease_until AS until FROM sync_queue INDEXED BY idx_sync_queue_lease WHERE lease_owner IS NOT NULL AND +synced_at IS NULL',
  ).all() as HeldLease[];
}

interface SeenLease {
  owner: string;
  until: number | null;
  /** Monotonic ms when this watcher first saw this exact lease. */
  sinceMs: number;
}

export interface LeaseWatchOptions {
  /** How long (seconds, this process's monotonic clock) a lease must stay unchanged before it is taken over. */
  leaseSec: number;
  /** A monotonic clock in ms; tests inject one. */
  monotonicMs?: () => number;
}

export class LeaseWatch {
  private readonly seen = new Map<number, SeenLease>();
  private readonly leaseMs: number;
  private readonly monotonicMs: () => number;

  constructor(options: LeaseWatchOptions) {
    this.leaseMs = options.leaseSec * 1000;
    this.monotonicMs = options.monotonicMs ?? (() => performance.now());
  }

  /**
   * Reads every lease held now (the partial lease index: rows in flight only) and frees each one
   * this watcher has seen unchanged for leaseSec, compare-and-swap on owner and lease_until, so a
   * lease renewed or released meanwhile is left alone. Returns how many it freed.
   */
  expireStale(db: Database): number {
    const stale = this.observe(readHeldLeases(db));
    if (stale.length === 0) return 0;
    const free = prepared(db, 'UPDATE sync_queue SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND lease_until IS ?');
    try {
      return db.transaction(() => stale.reduce((freed, lease) => freed + free.run(lease.id, lease.owner, lease.until).changes, 0)).immediate();
    } catch (error) {
      // Not freed (SQLITE_BUSY under contention, say): keep watching them as they were, so the next
      // call frees them at once instead of starting their lease length over.
      for (const { id, ...seen } of stale) this.seen.set(id, seen);
      throw error;
    }
  }

  /**
   * Takes in every lease held now and returns those it has seen unchanged for leaseSec, which it
   * stops watching (the caller frees them, or wakes a thread that will). The others are watched on.
   */
  observe(leases: readonly HeldLease[]): Array<HeldLease & SeenLease> {
    const now = this.monotonicMs();
    const current = new Map<number, SeenLease>();
    const stale: Array<HeldLease & SeenLease> = [];
    for (const { id, owner, until } of leases) {
      const before = this.seen.get(id);
      const seen = before !== undefined && before.owner === owner && before.until === until ? before : { owner, until, sinceMs: now };
      if (now - seen.sinceMs >= this.leaseMs) stale.push({ id, ...seen });
      else current.set(id, seen);
    }
    this.seen.clear();
    for (const [id, seen] of current) this.seen.set(id, seen);
    return stale;
  }

  /** Watch afresh: every lease seen so far counts from its next sighting. */
  forget(): void {
    this.seen.clear();
  }

  /** Ms (monotonic) until the first watched lease may be taken over; null when none is watched. */
  msUntilNextExpiry(): number | null {
    let first: number | null = null;
    for (const { sinceMs } of this.seen.values()) first = first === null ? sinceMs : Math.min(first, sinceMs);
    return first === null ? null : Math.max(0, first + this.leaseMs - this.monotonicMs());
  }
}
