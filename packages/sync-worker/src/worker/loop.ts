import { nextDueAt, queueStats, releaseLeases } from '@gradata/core';
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

/** Never spin: the shortest idle sleep even when the database says a row is due now. */
const MIN_IDLE_MS = 25;
/** Part of a stop's budget kept for aborting, releasing leases and replying. */
const STOP_MARGIN_MS = 100;
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
  private readonly housekeeping: Housekeeping;
  private readonly drainHost: DrainHost;
  private stopping = false;
  private stopDeadline = Infinity;
  private tail: Promise<unknown> = Promise.resolve();
  private running: Promise<void> = Promise.resolve();
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
    this.housekeeping = new Housekeeping(db, config, reporter, () => this.stopping);
    this.drainHost = {
      db,
      deliverer: this.deliverer,
      pause: this.pause,
      wakeup: this.drainWakeup,
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
    return drainUntil(this.drainHost, deadline);
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
    this.housekeeping.run(Date.now());
    this.pause.active(Date.now());
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
      if (claimed > 0) this.housekeeping.afterWrites(Date.now());
      // A full batch means a backlog: go again at once. Fewer rows were all that was due: wait for
      // the next nudge (spaced, see Wakeup) rather than claim each row that came during the send.
      if (claimed >= this.config.batchSize) continue;
      const now = Date.now();
      this.housekeeping.run(now);
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
