import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { PRUNE_CHUNK_ROWS, capFutureTimes, isProcessAlive, nextPruneChunkRows, pruneSyncedChunk, reclaimOrphanedLeases } from '@gradata/core/delivery-thread';
import type { Database } from '@gradata/core';
import type { WorkerConfig } from '../protocol';
import { toWireError } from '../protocol';
import { BACKOFF_CAP_MS } from '../policy';
import { WalCheckpointer } from './checkpoint';
import type { Reporter } from './reporter';

const PRUNE_EVERY_MS = 60 * 60_000;
/** Pause between prune chunks, at least as long as the chunk took: other connections get the lock. */
const PRUNE_PAUSE_MIN_MS = 5;
const RECLAIM_EVERY_MS = 5_000;

/**
 * The delivery thread's housekeeping, run between rounds through one call (`run`): orphaned leases
 * reclaimed, times from a clock that was ahead capped, synced rows past retention pruned in chunks.
 * Each part keeps its own cadence, so `run` is cheap to call on every idle turn of the loop. The
 * WAL checkpoint follows writes instead: `afterWrites` after each round that claimed rows, and a
 * TRUNCATE when the loop found nothing to do. `run` throws what the database throws: the loop
 * retries it with the same backoff as a round (failure-policy.ts), so it never ends the thread.
 */
export class Housekeeping {
  private lastPruneAt = 0;
  private pruning: Promise<void> | null = null;
  private lastReclaimAt = 0;
  private readonly host = os.hostname();
  private readonly checkpointer: WalCheckpointer;

  constructor(
    private readonly db: Database,
    private readonly config: WorkerConfig,
    private readonly reporter: Reporter,
    /** True once the thread is stopping: a prune pass ends between chunks. */
    private readonly stopping: () => boolean,
  ) {
    this.checkpointer = new WalCheckpointer(db);
  }

  /** Every housekeeping task that is due at `now` (epoch ms); `idle`: the last round found nothing to send. */
  run(now: number, idle = false): void {
    this.reclaimOrphans(now);
    this.prune(now);
    if (idle && this.checkpointer.idle(now)) this.reporter.log('debug', 'WAL truncated while idle');
  }

  /** A round wrote rows: keep the WAL short (at most every CHECKPOINT_EVERY_MS). */
  afterWrites(now: number): void {
    this.checkpointer.maybe(now);
  }

  /** Settles when the prune pass in progress (if any) has ended; at most one chunk once stopping. */
  async settled(): Promise<void> {
    await this.pruning;
  }

  /** Rows leased by a process that died on this host come back at once; times from a clock that was ahead are capped. Throws on a database error. */
  private reclaimOrphans(now: number): void {
    if (now - this.lastReclaimAt < RECLAIM_EVERY_MS) return;
    this.lastReclaimAt = now;
    const freed = reclaimOrphanedLeases(this.db, { host: this.host, isAlive: isProcessAlive, now: now / 1000 });
    if (freed > 0) this.reporter.log('info', `reclaimed ${freed} row(s) leased by a process that is gone`);
    const capped = capFutureTimes(this.db, { maxBackoffSec: BACKOFF_CAP_MS / 1000, now: now / 1000 });
    if (capped > 0) this.reporter.log('warn', `${capped} row(s) had a retry or enqueue time beyond the policy maximum (a clock that was ahead); made due sooner`);
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
      while (!this.stopping()) {
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
}
