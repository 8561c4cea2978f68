import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { PRUNE_CHUNK_ROWS, capFutureTimes, isProcessAlive, nextPruneChunkRows, nextDueAt, pruneSyncedChunk, queueStats, reclaimOrphanedLeases, releaseLeases } from '@gradata/core';
import type { Database, FlushReport, StopReport } from '@gradata/core';
import type { HoldReason, WorkerConfig, WorkerStatusMessage } from '../protocol';
import { toWireError } from '../protocol';
import { BACKOFF_CAP_MS } from '../policy';
import type { Sender } from '../sender/sender';
import { PauseTracker } from './pause';
import type { Reporter } from './reporter';
import { Deliverer } from './round';
import { Wakeup } from './wakeup';
import { WalCheckpointer } from './checkpoint';

/** Never spin: the shortest idle sleep even when the database says a row is due now. */
const MIN_IDLE_MS = 25;
const PRUNE_EVERY_MS = 60 * 60_000;
/** Pause between prune chunks, at least as long as the chunk took: other connections get the lock. */
const PRUNE_PAUSE_MIN_MS = 5;
const RECLAIM_EVERY_MS = 5_000;
/** Part of a stop's budget kept for aborting, releasing leases and replying. */
const STOP_MARGIN_MS = 100;
/** A drain's retry backoff is at most this share of its budget left, so a row gets several tries. */
const DRAIN_BACKOFF_SHARE = 0.25;
/** A drain waiting for a retry never spins. */
const MIN_DRAIN_SLEEP_MS = 5;
/** Rounds that throw in a row before the thread gives up and lets the supervisor restart it. */
const MAX_ROUND_FAILURES = 5;

/**
 * The delivery loop (SPEC §7.2): drain what is due, then sleep until a nudge, the tick, the next
 * backoff end or the pause end. Rounds are serialised, so a flush or stop never races the loop.
 */
export class DeliveryLoop {
  private readonly pause: PauseTracker;
  private readonly deliverer: Deliverer;
  private readonly wakeup = new Wakeup();
  /** A drain's sleep (retry backoff, a short pause): a nudge or a stop cuts it short. */
  private readonly drainWakeup = new Wakeup(0, 0);
  private readonly checkpointer: WalCheckpointer;
  private stopping = false;
  private stopDeadline = Infinity;
  private tail: Promise<unknown> = Promise.resolve();
  private running: Promise<void> = Promise.resolve();
  private lastPruneAt = 0;
  private pruning: Promise<void> | null = null;
  private lastReclaimAt = 0;
  private readonly host = os.hostname();
  private roundFailures = 0;
  /** Set when delivery cannot run at all (a proxy setting we cannot use): no round starts. */
  private heldBy: HoldReason | null = null;

  constructor(
    private readonly db: Database,
    sender: Sender,
    private readonly config: WorkerConfig,
    private readonly reporter: Reporter,
    random: () => number = Math.random,
  ) {
    this.pause = new PauseTracker(db, reporter, () => this.postStatus(), config.apiKey);
    this.deliverer = new Deliverer(db, sender, config, this.pause, reporter, () => this.postStatus(), random);
    this.checkpointer = new WalCheckpointer(db);
  }

  /** Starts the loop; the returned promise rejects only when the thread should crash. */
  start(): Promise<void> {
    this.running = this.run();
    return this.running;
  }

  nudge(): void {
    this.wakeup.wake();
    this.drainWakeup.wake();
  }

  /** Holds delivery for this thread's life; status() reports `reason`, lastError says why. */
  hold(reason: HoldReason, error: string): void {
    this.heldBy = reason;
    this.deliverer.lastError = error;
    this.postStatus();
  }

  /** A new API key: an auth pause ends now. */
  apiKeyChanged(apiKey: string): void {
    if (this.pause.apiKeyChanged(apiKey)) this.wakeup.wake();
  }

  /** Deliver every pending row, retrying within the budget, until done or `deadline` (epoch ms). */
  async flush(deadline: number): Promise<FlushReport> {
    return this.drainUntil(deadline);
  }

  /** Drain (optionally), then abort what is in flight, release every lease and report. */
  async stop(drain: boolean, callerDeadline: number): Promise<StopReport> {
    // Stop sending a little early: aborting, releasing and replying must fit in the caller's budget too.
    const deadline = callerDeadline - Math.min(STOP_MARGIN_MS, Math.max(0, callerDeadline - Date.now()) / 10);
    this.stopping = true;
    this.stopDeadline = drain ? deadline : Date.now(); // a flush in progress ends with the stop
    this.wakeup.wake();
    this.drainWakeup.wake();
    if (!drain) this.deliverer.abort();
    const abortTimer = setTimeout(() => this.deliverer.abort(), Math.max(0, deadline - Date.now()));
    const deliveredBefore = this.deliverer.deliveredTotal;
    try {
      if (drain) await this.drainUntil(deadline);
      await this.running.catch(() => undefined);
      await this.exclusive(async () => undefined);
      await this.pruning; // at most one chunk: it checks `stopping` between chunks
    } finally {
      clearTimeout(abortTimer);
    }
    releaseLeases(this.db, this.config.leaseOwner);
    this.postStatus();
    return { delivered: this.deliverer.deliveredTotal - deliveredBefore, remaining: queueStats(this.db).pending };
  }

  status(): WorkerStatusMessage {
    const pause = this.pause.snapshot();
    const { inFlight, lastSyncAt, lastError, deliveredTotal, deadTotal } = this.deliverer;
    return { inFlight, lastSyncAt, lastError, pausedUntil: pause?.until ?? null, pauseReason: pause?.reason ?? null, deliveredTotal, deadTotal, heldBy: this.heldBy };
  }

  postStatus(): void {
    this.reporter.status(this.status());
  }

  private async run(): Promise<void> {
    this.reclaimOrphans(Date.now());
    this.pause.active(Date.now());
    this.prune(Date.now());
    this.postStatus();
    while (!this.stopping) {
      let claimed = 0;
      try {
        claimed = await this.exclusive(() => this.dueRound());
        this.roundFailures = 0;
      } catch (error) {
        this.roundFailed(error);
        if (!this.stopping) await this.wakeup.sleep(Math.min(this.config.tickSec * 1000, 500 * 2 ** this.roundFailures));
        continue;
      }
      if (this.stopping) break;
      if (claimed > 0) this.checkpointer.maybe(Date.now());
      // A full batch means a backlog: go again at once. Fewer rows were all that was due: wait for
      // the next nudge (spaced, see Wakeup) rather than claim each row that came during the send.
      if (claimed >= this.config.batchSize) continue;
      const now = Date.now();
      this.prune(now);
      this.reclaimOrphans(now);
      await this.wakeup.sleep(this.idleMs(now));
    }
  }

  private async dueRound(): Promise<number> {
    if (this.stopping || this.heldBy || this.pause.active(Date.now())) return 0;
    const result = await this.deliverer.round({ ignoreBackoff: false });
    // A round that could start no request (its lease window already gone) must not loop at once:
    // nothing else in this thread (flush, stop, setApiKey) would ever run.
    return result.paused || result.attempted === 0 ? 0 : result.claimed;
  }

  /**
   * Deliver until nothing is left or the deadline (SPEC §7.5). A first pass attempts every row once,
   * backoff ignored; then failed rows are retried as their backoff (capped to a share of what is
   * left of the budget) comes due, and a rate-limit pause ending inside the budget is waited out. Only the
   * drain's own rounds are cut at the deadline; when the loop's round holds the turn past it, the
   * drain gives up unstarted.
   */
  private async drainUntil(deadline: number): Promise<FlushReport> {
    let gaveUp = false;
    let started = false;
    // Counted from the thread's totals, so a loop round that finishes meanwhile counts too.
    const before = { delivered: this.deliverer.deliveredTotal, dead: this.deliverer.deadTotal };
    const report = (): FlushReport => ({
      delivered: this.deliverer.deliveredTotal - before.delivered,
      dead: this.deliverer.deadTotal - before.dead,
      remaining: queueStats(this.db).pending,
    });
    let abortTimer: NodeJS.Timeout | undefined;
    let waitTimer: NodeJS.Timeout | undefined;
    const drained = this.exclusive(async (): Promise<FlushReport | null> => {
      if (gaveUp) return null;
      started = true;
      abortTimer = setTimeout(() => this.deliverer.abort(), Math.max(0, deadline - Date.now()));
      await this.drainRounds(deadline);
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

  private async drainRounds(deadline: number): Promise<void> {
    let firstPass = true;
    let afterId = 0;
    for (;;) {
      const until = Math.min(deadline, this.stopDeadline);
      const now = Date.now();
      if (now >= until || this.heldBy) return;
      const pause = this.pause.active(now);
      if (pause) {
        // A rate limit ending inside the budget is waited out. An auth or endpoint pause is not:
        // the same request would be refused again, and the caller should hear why now.
        if (pause.reason !== 'rate-limited' || pause.until >= until) return;
        await this.drainWakeup.sleep(pause.until - now);
        continue;
      }
      const result = await this.deliverer.round({
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
      // Nothing due: sleep until the earliest retry, or stop when none can come inside the budget.
      const due = nextDueAt(this.db, Date.now() / 1000);
      if (due === null || due * 1000 >= until) return;
      await this.drainWakeup.sleep(Math.max(MIN_DRAIN_SLEEP_MS, due * 1000 - Date.now()));
    }
  }

  /** Runs `task` after every earlier one has settled. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private idleMs(now: number): number {
    let wakeAt = now + this.config.tickSec * 1000;
    const pause = this.pause.active(now);
    if (pause) {
      wakeAt = Math.min(wakeAt, pause.until);
    } else {
      const due = nextDueAt(this.db, now / 1000);
      if (due !== null) wakeAt = Math.min(wakeAt, due * 1000);
    }
    return Math.max(MIN_IDLE_MS, Math.ceil(wakeAt - now));
  }

  /** Rows leased by a process that died on this host come back at once; times from a clock that was ahead are capped. */
  private reclaimOrphans(now: number): void {
    if (now - this.lastReclaimAt < RECLAIM_EVERY_MS) return;
    this.lastReclaimAt = now;
    const freed = reclaimOrphanedLeases(this.db, { host: this.host, isAlive: isProcessAlive, now: now / 1000 });
    if (freed > 0) this.reporter.log('info', `reclaimed ${freed} row(s) leased by a process that is gone`);
    const capped = capFutureTimes(this.db, { maxBackoffSec: BACKOFF_CAP_MS / 1000, maxLeaseSec: this.config.leaseSec, now: now / 1000 });
    if (capped > 0) this.reporter.log('warn', `${capped} row(s) had a retry time or lease beyond the policy maximum (the clock was stepped back); capped`);
  }

  /** Start a retention pass (hourly) that runs beside delivery, chunk by chunk (SPEC §14.8). */
  private prune(now: number): void {
    if (this.pruning !== null || now - this.lastPruneAt < PRUNE_EVERY_MS) return;
    this.lastPruneAt = now;
    this.pruning = this.pruneInChunks(now / 1000).finally(() => {
      this.pruning = null;
    });
  }

  /**
   * Delete synced rows past retention one short transaction at a time, sleeping between chunks so
   * the agent's correct() (another connection) and this thread's rounds take the write lock in turn.
   */
  private async pruneInChunks(nowSec: number): Promise<void> {
    let pruned = 0;
    let chunkRows = PRUNE_CHUNK_ROWS;
    try {
      while (!this.stopping) {
        const started = performance.now();
        const deleted = pruneSyncedChunk(this.db, { olderThanSec: this.config.retentionSec, now: nowSec, chunkRows });
        const elapsedMs = performance.now() - started;
        pruned += deleted;
        if (deleted < chunkRows) break;
        chunkRows = nextPruneChunkRows(chunkRows, elapsedMs);
        await sleep(Math.max(PRUNE_PAUSE_MIN_MS, elapsedMs));
      }
    } catch (error) {
      // Retention is housekeeping: a busy or failing database is retried at the next pass.
      this.reporter.log('warn', 'pruning synced rows failed', { error: toWireError(error) });
    }
    if (pruned > 0) this.reporter.log('debug', `pruned ${pruned} synced row(s) past retention`);
  }

  private roundFailed(error: unknown): void {
    this.roundFailures += 1;
    this.deliverer.lastError = `worker: ${error instanceof Error ? error.message : String(error)}`;
    this.reporter.log('error', 'delivery round failed', { error: toWireError(error), consecutive: this.roundFailures });
    try {
      releaseLeases(this.db, this.config.leaseOwner);
    } catch {
      // the database itself is failing; the leases expire on their own
    }
    this.postStatus();
    if (this.roundFailures >= MAX_ROUND_FAILURES) throw error;
  }
}
