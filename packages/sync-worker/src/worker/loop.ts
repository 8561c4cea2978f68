import { nextDueAt, pendingCount, releaseLeases, rowsLeft } from '@gradata/core/delivery-thread';
import type { Database, FlushReport, StopReport } from '@gradata/core';
import type { HoldReason, WorkerConfig, WorkerStatusMessage } from '../protocol';
import { toWireError } from '../protocol';
import type { Sender } from '../sender/sender';
import { PauseTracker } from './pause';
import type { Reporter } from './reporter';
import { Deliverer } from './round';
import { Wakeup } from './wakeup';
import { drainUntil } from './drain';
import type { DrainHost } from './drain';
import { Housekeeping } from './housekeeping';
import { FailureStreak, isTransientStorageFailure } from './failure-policy';
import { IdleClock } from './idle-clock';

/** Never spin: the shortest idle sleep even when the database says a row is due now. */
const MIN_IDLE_MS = 25;
/** Part of a stop's budget kept for aborting, releasing leases and replying. */
const STOP_MARGIN_MS = 100;

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
  private readonly housekeeping: Housekeeping;
  private readonly drainHost: DrainHost;
  private stopping = false;
  private stopDeadline = Infinity;
  private tail: Promise<unknown> = Promise.resolve();
  private running: Promise<void> = Promise.resolve();
  /** Rounds or housekeeping that threw in a row (failure-policy.ts decides when to give up). */
  private readonly failures = new FailureStreak();
  /** Flushes and stops queued or running behind `exclusive` (the loop's own rounds are awaited by run()). */
  private exclusiveTasks = 0;
  private readonly idleClock: IdleClock;
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
    this.housekeeping = new Housekeeping(db, config, reporter, () => this.stopping);
    this.idleClock = new IdleClock(config.idleExitSec * 1000, Date.now());
    this.drainHost = {
      db,
      deliverer: this.deliverer,
      pause: this.pause,
      wakeup: this.drainWakeup,
      leaseOwner: config.leaseOwner,
      exclusive: (task) => this.exclusive(task),
      stopDeadline: () => this.stopDeadline,
      held: () => this.heldBy !== null,
    };
  }

  /** Starts the loop; the returned promise rejects only when the thread should crash. */
  start(): Promise<void> {
    this.running = this.run();
    return this.running;
  }

  nudge(): void {
    this.idleClock.busy(Date.now());
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
    this.idleClock.busy(Date.now());
    try {
      return await drainUntil(this.drainHost, deadline);
    } finally {
      this.idleClock.busy(Date.now());
    }
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
      if (drain) await drainUntil(this.drainHost, deadline);
      await this.running.catch(() => undefined);
      await this.exclusive(async () => undefined);
      await this.housekeeping.settled(); // at most one prune chunk: it checks `stopping` between chunks
    } finally {
      clearTimeout(abortTimer);
    }
    releaseLeases(this.db, this.config.leaseOwner);
    this.postStatus();
    return { delivered: this.deliverer.deliveredTotal - deliveredBefore, ...rowsLeft(this.db, this.config.leaseOwner) };
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
    let started = false;
    while (!this.stopping) {
      let idleMs: number;
      // The round and the housekeeping around it share one error policy: retry with backoff.
      try {
        if (!started) {
          this.housekeeping.run(Date.now());
          this.pause.active(Date.now());
          this.postStatus();
          started = true;
        }
        const claimed = await this.exclusive(() => this.dueRound());
        if (this.stopping) break;
        if (claimed > 0) {
          this.idleClock.busy(Date.now());
          this.housekeeping.afterWrites(Date.now());
        }
        // A full batch means a backlog: go again at once. Fewer rows were all that was due: wait for
        // the next nudge (spaced, see Wakeup) rather than claim each row that came during the send.
        if (claimed >= this.config.batchSize) {
          this.failures.succeeded();
          continue;
        }
        const now = Date.now();
        this.housekeeping.run(now, claimed === 0);
        this.offerRestWhenIdle(now);
        idleMs = Math.min(this.idleMs(now), this.idleClock.msUntilDue(now));
        this.failures.succeeded();
      } catch (error) {
        this.failed(error);
        idleMs = this.failures.backoffMs(this.config.tickSec * 1000);
      }
      if (!this.stopping) await this.wakeup.sleep(idleMs);
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
   * Idle for idleExitSec with nothing pending (rows in backoff or leased elsewhere count), in flight,
   * paused or being flushed: offer the main thread a rest (SPEC §7.2). The main side decides and
   * answers with a stop; until then this thread keeps working as before.
   */
  private offerRestWhenIdle(now: number): void {
    if (!this.idleClock.due(now) || this.exclusiveTasks > 0 || this.deliverer.inFlight > 0 || this.pause.active(now)) return;
    if (pendingCount(this.db) > 0) return;
    this.idleClock.offer();
    this.reporter.post({ type: 'idle' });
  }

  /** Runs `task` after every earlier one has settled. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    this.exclusiveTasks += 1;
    const result = this.tail.then(task, task).finally(() => {
      this.exclusiveTasks -= 1;
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  private idleMs(now: number): number {
    let wakeAt = now + this.config.tickSec * 1000;
    const pause = this.pause.active(now);
    if (pause) {
      wakeAt = Math.min(wakeAt, pause.until);
    } else {
      const due = nextDueAt(this.db);
      if (due !== null) wakeAt = Math.min(wakeAt, due * 1000);
      // Another process's lease this thread may take over (see LeaseWatch): wake when it can.
      const leaseExpiresInMs = this.deliverer.leaseWatch.msUntilNextExpiry();
      if (leaseExpiresInMs !== null) wakeAt = Math.min(wakeAt, now + leaseExpiresInMs);
    }
    return Math.max(MIN_IDLE_MS, Math.ceil(wakeAt - now));
  }

  /** A round or its housekeeping threw: log, free this thread's leases, and rethrow only when giving up. */
  private failed(error: unknown): void {
    const giveUp = this.failures.failed(error);
    this.deliverer.lastError = `worker: ${error instanceof Error ? error.message : String(error)}`;
    const transient = isTransientStorageFailure(error);
    this.reporter.log('error', 'delivery round failed', { error: toWireError(error), consecutive: this.failures.consecutive, transient });
    try {
      releaseLeases(this.db, this.config.leaseOwner);
    } catch {
      // the database itself is failing; the leases expire on their own
    }
    this.postStatus();
    if (giveUp) throw error;
  }
}
