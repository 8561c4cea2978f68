import os from 'node:os';
import { LeaseWatch, isLiveLocalOwner } from '@gradata/core';
import type { HeldLease } from '@gradata/core';

/**
 * Which leases a resting thread must wake for (SPEC §7.2). Only a thread can judge a lease and take
 * it over, so the thread wakes at once for a lease whose owner cannot be proven alive on this host
 * (another host, a dead pid, any owner in this process). A lease of a live process on this
 * host is that process's own work: waking for it kept every resting thread of a brain shared by
 * several agents awake while any of them delivered. Such a lease wakes the thread only once the
 * lease watch has seen it unchanged for `leaseSec` (a stuck owner: a live one ends every round by
 * releasing or marking its rows); the woken thread's own lease watch then takes it after its `leaseSec`.
 */
export class RestLeases {
  private readonly watch: LeaseWatch;

  constructor(
    leaseSec: number,
    private readonly host: string = os.hostname(),
    monotonicMs?: () => number,
  ) {
    this.watch = new LeaseWatch(monotonicMs ? { leaseSec, monotonicMs } : { leaseSec });
  }

  /** True when one of `leases` (all held now) needs the thread. */
  needThread(leases: readonly HeldLease[]): boolean {
    const live = new Map<string, boolean>();
    const ofLiveOwners = leases.filter(({ owner }) => {
      let ownerLive = live.get(owner);
      if (ownerLive === undefined) live.set(owner, (ownerLive = isLiveLocalOwner(owner, this.host)));
      return ownerLive;
    });
    // Watched on every look, so a stuck owner's lease is seen for as long as it stays.
    const stuck = this.watch.observe(ofLiveOwners);
    return ofLiveOwners.length < leases.length || stuck.length > 0;
  }

  /** A new rest starts watching afresh. */
  forget(): void {
    this.watch.forget();
  }
}
