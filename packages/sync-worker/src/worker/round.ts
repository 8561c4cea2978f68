import { setMaxListeners } from 'node:events';
import { LeaseWatch, ackSynced, claimDueRows, markDead, releaseLeases, reviveBackedOffRows, scheduleRetry } from '@gradata/core/delivery-thread';
import type { ClaimedRow, Database } from '@gradata/core';
import { classifyResponse } from '../policy';
import type { Outcome } from '../policy';
import { LEASE_MARGIN_MS } from '../options';
import type { WorkerConfig } from '../protocol';
import { isAborted } from '../sender/sender';
import type { Sender } from '../sender/sender';
import type { PauseTracker } from './pause';
import type { Reporter } from './reporter';


export interface RoundOptions {
  /** Drain mode: attempt rows whose backoff has not elapsed. */
  ignoreBackoff: boolean;
  /** Only rows after this id (a drain attempts each row once). */
  afterId?: number;
  /** Epoch ms after which no new request starts. */
  deadline?: number;
  /** A drain's retries: the backoff ceiling is this share of what is left until `deadline`. */
  backoffShareOfBudget?: number;
}

export interface RoundResult {
  claimed: number;
  /** Largest claimed id, for the next drain round's `afterId`. */
  maxId: number;
  /** Rows that got an answer (or a network failure); 0 when none could start: the caller must yield. */
  attempted: number;
  delivered: number;
  dead: number;
  paused: boolean;
}

/** Rounds in a row that fail with nothing delivered before the endpoint counts as down (an outage). */
const OUTAGE_ROUNDS = 2;

const NOTHING: RoundResult = Object.freeze({ claimed: 0, maxId: 0, attempted: 0, delivered: 0, dead: 0, paused: false });

type PauseOutcome = Extract<Outcome, { kind: 'pause' }>;
type DeadOutcome = Extract<Outcome, { kind: 'dead' }>;

/** One delivery round: claim due rows under a lease, send them, write each outcome back. */
export class Deliverer {
  inFlight = 0;
  lastSyncAt: number | null = null;
  lastError: string | null = null;
  deliveredTotal = 0;
  deadTotal = 0;
  /** Frees leases this thread has seen unchanged for leaseSec (its own monotonic clock, not another's wall clock). */
  readonly leaseWatch: LeaseWatch;
  private controller: AbortController | null = null;
  /**
   * The endpoint counts as down (OUTAGE_ROUNDS failed rounds in a row); true at start, since an
   * earlier process may have left rows backing off. The next clean delivery then revives them all.
   */
  private endpointFailing = true;
  /**
   * Rounds in a row where something failed transiently and nothing got through. One such round may
   * be a single bad row (a payload the server answers 500): that alone must not undo every backoff.
   */
  private failedRoundsInARow = 0;

  constructor(
    private readonly db: Database,
    private readonly sender: Sender,
    private readonly config: WorkerConfig,
    private readonly pause: PauseTracker,
    private readonly reporter: Reporter,
    /** Posts status: after a claim (rows in flight) and before a round's events go out. */
    private readonly onProgress: () => void,
    private readonly random: () => number = Math.random,
  ) {
    this.leaseWatch = new LeaseWatch({ leaseSec: config.leaseSec });
  }

  /** Cut the round in flight short: unsent and aborted rows go back untouched. */
  abort(): void {
    this.controller?.abort();
  }

  async round(options: RoundOptions): Promise<RoundResult> {
    const { db, config } = this;
    const startedAt = Date.now();
    // Rounds are serialised, so none of this thread's own leases is in flight here either.
    const takenOver = this.leaseWatch.expireStale(db);
    if (takenOver > 0) this.reporter.log('warn', `took over ${takenOver} lease(s) held unchanged for ${config.leaseSec} s (a stuck or gone process)`);
    const leaseStartedAt = performance.now();
    const rows = claimDueRows(db, {
      owner: config.leaseOwner,
      limit: config.batchSize,
      leaseSec: config.leaseSec,
      now: startedAt / 1000,
      ignoreBackoff: options.ignoreBackoff,
      afterId: options.afterId ?? 0,
    });
    if (rows.length === 0) return NOTHING;

    const controller = new AbortController();
    // got listens on the signal once per request in flight (up to maxConcurrency at once).
    setMaxListeners(config.maxConcurrency + 10, controller.signal);
    this.controller = controller;
    this.inFlight = rows.length;
    this.onProgress();
    // The lease window on the monotonic clock: a wall clock stepped back mid-round must not stretch
    // it past the point where another process's LeaseWatch may take the rows over.
    const lastStartAt = leaseStartedAt + config.leaseSec * 1000 - config.requestTimeoutMs - LEASE_MARGIN_MS;
    const deadline = options.deadline ?? Infinity;
    const outcomes: Array<Outcome | undefined> = new Array<Outcome | undefined>(rows.length);
    const pauseBackoffMs = this.pause.nextHoldMs();
    const keyEpoch = this.pause.keyEpoch;
    let firstPause: PauseOutcome | null = null;
    let attempted = 0;
    try {
      await this.sender.send(rows, controller.signal, {
        canStart: () => firstPause === null && performance.now() < lastStartAt && Date.now() < deadline,
        onResult: (index, result) => {
          this.inFlight -= 1;
          if (isAborted(result)) return;
          attempted += 1;
          const row = rows[index] as ClaimedRow;
          const now = Date.now();
          const maxBackoffMs = options.backoffShareOfBudget !== undefined && options.deadline !== undefined ? (options.deadline - now) * options.backoffShareOfBudget : undefined;
          const context = { attempts: row.attempts, tickSec: config.tickSec, now, random: this.random, pauseBackoffMs, maxBackoffMs };
          const outcome = classifyResponse(result, context);
          // An auth refusal of a key setApiKey has replaced since: the row goes back untouched.
          if (outcome.kind === 'pause' && outcome.reason === 'auth' && this.pause.keyEpoch !== keyEpoch) return;
          outcomes[index] = outcome;
          if (outcome.kind === 'pause' && firstPause === null) firstPause = outcome;
        },
      });
    } finally {
      this.controller = null;
      this.inFlight = 0;
    }
    return { ...this.apply(rows, outcomes, firstPause), attempted };
  }

  /**
   * The endpoint answered after failures: every row waiting on a network or 5xx backoff (this
   * process's or another's) is due now (issue 19). On a database error it is tried at the next delivery.
   */
  private reviveAfterRecovery(now: number): void {
    try {
      const revived = reviveBackedOffRows(this.db, { now });
      this.endpointFailing = false;
      if (revived > 0) this.reporter.log('info', `the endpoint answers again: ${revived} row(s) waiting on a retry are due now`);
    } catch (error) {
      this.reporter.log('warn', 'could not make rows waiting on a retry due again', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  private apply(rows: readonly ClaimedRow[], outcomes: ReadonlyArray<Outcome | undefined>, firstPause: PauseOutcome | null): Omit<RoundResult, 'attempted'> {
    const { db, config, reporter } = this;
    const owner = config.leaseOwner;
    const now = Date.now() / 1000;
    const syncedByStatus = new Map<number, ClaimedRow[]>();
    const untouched: number[] = [];
    const deadRows: Array<{ row: ClaimedRow; outcome: DeadOutcome }> = [];
    let retried = 0;
    let lostLeases = 0;
    let delivered = 0;

    // One transaction per round: one commit however many rows the round carried.
    db.transaction(() => {
      rows.forEach((row, index) => {
        const outcome = outcomes[index];
        if (outcome === undefined) {
          untouched.push(row.id);
          return;
        }
        switch (outcome.kind) {
          case 'synced': {
            const list = syncedByStatus.get(outcome.status);
            if (list === undefined) syncedByStatus.set(outcome.status, [row]);
            else list.push(row); // not a copy per row: a 400-row round would copy 80,000 entries
            return;
          }
          case 'retry':
            retried += 1;
            this.lastError = outcome.error;
            lostLeases += 1 - scheduleRetry(db, owner, row.id, { error: outcome.error, status: outcome.status, nextAttemptAt: outcome.nextAttemptAt / 1000 });
            return;
          case 'dead':
            this.lastError = outcome.error;
            if (markDead(db, owner, row.id, { error: outcome.error, status: outcome.status, now }) === 1) deadRows.push({ row, outcome });
            else lostLeases += 1;
            return;
          case 'pause':
            this.lastError = outcome.error;
            if (!outcome.countsAttempt) untouched.push(row.id);
            else lostLeases += 1 - scheduleRetry(db, owner, row.id, { error: outcome.error, status: outcome.status, nextAttemptAt: outcome.until / 1000 });
            return;
          default: {
            const unknown: never = outcome;
            throw new Error(`unknown delivery outcome ${JSON.stringify(unknown)}`);
          }
        }
      });
      for (const [status, list] of syncedByStatus) {
        const acked = ackSynced(db, owner, list.map((row) => row.id), { status, now });
        delivered += acked;
        lostLeases += list.length - acked;
      }
      releaseLeases(db, owner, untouched);
    })();

    const eventIds: string[] = [];
    if (delivered > 0) {
      this.lastSyncAt = Date.now();
      // A clean delivery means the last failure is over: status must not keep showing it.
      if (retried === 0 && deadRows.length === 0 && firstPause === null) this.lastError = null;
      this.deliveredTotal += delivered;
      this.pause.delivered(); // before begin(): a pause in this same batch starts a fresh backoff
      for (const list of syncedByStatus.values()) for (const row of list) if (row.eventId !== null) eventIds.push(row.eventId);
    }
    // Only a round without a transient failure says the endpoint is healthy: under a flaky one
    // (some 503s in every round) the rows keep their own backoff.
    if (delivered > 0) this.failedRoundsInARow = 0;
    else if (retried > 0) this.failedRoundsInARow += 1;
    if (this.failedRoundsInARow >= OUTAGE_ROUNDS) this.endpointFailing = true;
    if (retried === 0 && delivered > 0 && this.endpointFailing) this.reviveAfterRecovery(now);
    this.deadTotal += deadRows.length;
    // Status before events, so a listener that reads status() on an event sees this round in it.
    if (firstPause) this.pause.begin({ until: firstPause.until, reason: firstPause.reason });
    else this.onProgress();
    if (delivered > 0) reporter.event('synced', { count: delivered, eventIds });
    for (const { row, outcome } of deadRows) {
      reporter.log('warn', `row ${row.id} dead-lettered: ${outcome.error}`, { id: row.id, eventId: row.eventId, status: outcome.status });
      reporter.event('dead', { id: row.id, eventId: row.eventId, status: outcome.status, error: outcome.error });
    }
    if (retried > 0) reporter.log('debug', `${retried} row(s) will be retried`, { lastError: this.lastError });
    if (lostLeases > 0) reporter.log('warn', `${lostLeases} row(s) had their lease taken over before the outcome was written`);
    return {
      claimed: rows.length,
      maxId: (rows[rows.length - 1] as ClaimedRow).id,
      delivered,
      dead: deadRows.length,
      paused: firstPause !== null,
    };
  }
}
