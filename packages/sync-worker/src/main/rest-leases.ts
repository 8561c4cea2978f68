import os from 'node:os';
import { isLiveLocalOwner } from '@gradata/core';
import type { HeldLease } from '@gradata/core';

interface SeenLease {
  owner: string;
  until: number | null;
  /** Monotonic ms when this rest first saw this exact lease. */
  sinceMs: number;
}

/**
 * Which leases a resting thread must wake for (SPEC §7.2). Only a thread can judge a lease and take
 * it over, so the thread wakes at once for a lease whose owner cannot be proven alive on this host
 * (another host, a dead pid, any owner in this process). A lease of a live process on this
 * host is that process's own work: waking for it kept every resting thread of a brain shared by
 * several agents awake while any of them delivered. Such a lease wakes the thread only once it has
 * stayed unchanged for `leaseSec` (a stuck owner: a live one ends every round by releasing or
 * marking its rows); the woken thread's lease watch then takes it after its own `leaseSec`.
 */
export class RestLeases {
  private seen = new Map<number, SeenLease>();

  constructor(
    private readonly leaseMs: number,
    private readonly host: string = os.hostname(),
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {}

  /** True when one of `leases` (all held now) needs the thread. */
  needThread(leases: readonly HeldLease[]): boolean {
    const now = this.monotonicMs();
    const live = new Map<string, boolean>();
    const watched = new Map<number, SeenLease>();
    let needed = false;
    for (const { id, owner, until } of leases) {
      let ownerLive = live.get(owner);
      if (ownerLive === undefined) {
        ownerLive = isLiveLocalOwner(owner, this.host);
        live.set(owner, ownerLive);
      }
      if (!ownerLive) {
        needed = true;
        continue;
      }
      const before = this.seen.get(id);
      const seen = before !== undefined && before.owner === owner && before.until === until ? before : { owner, until, sinceMs: now };
      watched.set(id, seen);
      if (now - seen.sinceMs >= this.leaseMs) needed = true;
    }
    this.seen = watched;
    return needed;
  }

  /** A new rest starts watching afresh. */
  forget(): void {
    this.seen.clear();
  }
}
