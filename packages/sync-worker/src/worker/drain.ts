import { countLeasedElsewhere, nextDueAt, rowsLeft } from '@gradata/core/delivery-thread';
import type { Database, FlushReport } from '@gradata/core';
import type { PauseTracker } from './pause';
import type { Deliverer } from './round';
import type { Wakeup } from './wakeup';

/** A drain's retry backoff is at most this share of its budget left, so a row gets several tries. */
const DRAIN_BACKOFF_SHARE = 0.25;
/** A drain waiting for a retry never spins. */
const MIN_DRAIN_SLEEP_MS = 5;
/** How often a drain looks again at rows another process holds in flight (it usually acks them within ms). */
const LEASED_ELSEWHERE_POLL_MS = 50;

/** What a drain needs from the loop that owns it. */
export interface DrainHost {
  readonly db: Database;
  readonly deliverer: Deliverer;
  readonly pause: PauseTracker;
  /** The drain's sleep (retry backoff, a short pause): a nudge or a stop cuts it short. */
  readonly wakeup: Wakeup;
  /** This thread's lease owner id: leases held by any other are another process's rows in flight. */
  readonly leaseOwner: string;
  /** Runs `task` after every round already queued has settled (the loop's rounds are serialised). */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  /** Epoch ms at which a stop ends every drain (Infinity while not stopping). */
  stopDeadline(): number;
  /** True while delivery is held for the thread's life. */
  held(): boolean;
}

/**
 * Deliver until nothing is left or the deadline (SPEC §7.5): what flush() and a draining stop() run.
 * A first pass attempts every row once, backoff ignored; then failed rows are retried as their
 * backoff (capped to a share of what is left of the budget) comes due, and a rate-limit pause
 * ending inside the budget is waited out. Rows another process on the same brain holds in flight
 * are waited for too (issue 19: a flush returned early, reporting them as remaining): that process
 * delivers them, or lets them go and this drain takes them, or a LeaseWatch frees them; those still
 * held at the deadline are reported as `leasedElsewhere`. Only the drain's own rounds are cut at the
 * deadline; when the loop's round holds the turn past it, the drain gives up unstarted.
 */
export async function drainUntil(host: DrainHost, deadline: number): Promise<FlushReport> {
  const { db, deliverer } = host;
  let gaveUp = false;
  let started = false;
  // Counted from the thread's totals, so a loop round that finishes meanwhile counts too.
  const before = { delivered: deliverer.deliveredTotal, dead: deliverer.deadTotal };
  const report = (): FlushReport => ({
    delivered: deliverer.deliveredTotal - before.delivered,
    dead: deliverer.deadTotal - before.dead,
    ...rowsLeft(db, host.leaseOwner),
  });
  let abortTimer: NodeJS.Timeout | undefined;
  let waitTimer: NodeJS.Timeout | undefined;
  const drained = host.exclusive(async (): Promise<FlushReport | null> => {
    if (gaveUp) return null;
    started = true;
    abortTimer = setTimeout(() => deliverer.abort(), Math.max(0, deadline - Date.now()));
    await drainRounds(host, deadline);
    return report();
  });
  const timedOut = new Promise<null>((resolve) => {
    waitTimer = setTimeout(() => resolve(null), Math.max(0, deadline - Date.now()));
  });
  try {
    const finished = await Promise.race([drained, timedOut]);
    if (finished) return finished;
    // A drain that started is cut by its own timer at the same deadline: wait for its count.
    if (started) return (await drained) as FlushReport;
    gaveUp = true; // it never got its turn: report what is on disk now
    return report();
  } finally {
    clearTimeout(waitTimer);
    drained.then(() => clearTimeout(abortTimer), () => clearTimeout(abortTimer));
  }
}

async function drainRounds(host: DrainHost, deadline: number): Promise<void> {
  let firstPass = true;
  let afterId = 0;
  for (;;) {
    const until = Math.min(deadline, host.stopDeadline());
    const now = Date.now();
    if (now >= until || host.held()) return;
    const pause = host.pause.active(now);
    if (pause) {
      // A rate limit ending inside the budget is waited out. An auth or endpoint pause is not:
      // the same request would be refused again, and the caller should hear why now.
      if (pause.reason !== 'rate-limited' || pause.until >= until) return;
      await host.wakeup.sleep(pause.until - now);
      continue;
    }
    const result = await host.deliverer.round({
      ignoreBackoff: firstPass,
      afterId: firstPass ? afterId : 0,
      deadline: until,
      backoffShareOfBudget: DRAIN_BACKOFF_SHARE,
    });
    if (result.paused) continue; // the rows it left unsent are claimed again after the pause
    // No request could start (the lease window or the deadline is gone): stop rather than walk the backlog.
    if (result.claimed > 0 && result.attempted === 0) return;
    if (firstPass) {
      if (result.claimed > 0) afterId = result.maxId;
      else firstPass = false;
      continue;
    }
    if (result.claimed > 0) continue;
    const wakeAt = nextDrainWake(host);
    if (wakeAt >= until) return;
    await host.wakeup.sleep(Math.max(MIN_DRAIN_SLEEP_MS, wakeAt - Date.now()));
  }
}

/**
 * Nothing due now: when (epoch ms) there can be something to send: the earliest retry, the moment a
 * watched lease may be taken over, or soon when another process holds rows in flight. Infinity: never.
 */
function nextDrainWake(host: DrainHost): number {
  const now = Date.now();
  const due = nextDueAt(host.db);
  let wakeAt = due === null ? Infinity : due * 1000;
  const leaseExpiresInMs = host.deliverer.leaseWatch.msUntilNextExpiry();
  if (leaseExpiresInMs !== null) wakeAt = Math.min(wakeAt, now + leaseExpiresInMs);
  if (countLeasedElsewhere(host.db, host.leaseOwner) > 0) wakeAt = Math.min(wakeAt, now + LEASED_ELSEWHERE_POLL_MS);
  return wakeAt;
}
