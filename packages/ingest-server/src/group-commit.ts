import type { BrainDatabase, SqliteStatement } from '@gradata/core';

/** Called once the work's transaction committed (error undefined) or failed to (error set). */
export type Committed<T> = (error: Error | undefined, result?: T) => void;

/**
 * Group commit: work from every request that arrives in one event-loop turn runs inside a single
 * transaction, committed in `setImmediate`; each request is answered only after that commit, so an
 * answered 200 is as durable as a per-request commit while each commit costs a fraction as much
 * (one WAL append instead of one per request — the receiver's hot-path bottleneck).
 */
export class GroupCommitter {
  private readonly begin: SqliteStatement;
  private readonly commit: SqliteStatement;
  private readonly rollback: SqliteStatement;
  private waiting: Array<(error: Error | undefined) => void> = [];
  private scheduled = false;
  private readonly flushBound = (): void => this.flush();

  constructor(private readonly db: BrainDatabase) {
    this.begin = db.prepare('BEGIN');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
  }

  /** Runs `work` now inside the open group transaction; `done` fires after the group commits. */
  run<T>(work: () => T, done: Committed<T>): void {
    if (!this.db.open) {
      done(new Error('the ingest store is closed'));
      return;
    }
    if (!this.db.inTransaction) this.begin.run();
    let result: T;
    try {
      result = work();
    } catch (error) {
      // A failed statement is usually rolled back on its own and the group goes on for the others.
      // Some errors (disk full, I/O, out of memory) make SQLite roll the whole transaction back:
      // the earlier work of this group is gone, so its requests must not be answered as stored.
      if (!this.db.inTransaction) this.failGroup(new Error(`the ingest store rolled back the group transaction: ${(error as Error).message}`));
      done(error as Error);
      return;
    }
    this.waiting.push((error) => (error ? done(error) : done(undefined, result)));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushBound);
    }
  }

  /** Commits the open group now and answers its waiters; a no-op when nothing is open. */
  flush(): void {
    this.scheduled = false;
    const waiting = this.waiting;
    this.waiting = [];
    let failure: Error | undefined;
    if (this.db.open && this.db.inTransaction) {
      try {
        this.commit.run();
      } catch (error) {
        failure = error as Error;
        if (this.db.inTransaction) this.rollback.run();
      }
    } else if (waiting.length > 0) {
      // Work is waiting but no transaction holds it: it was closed or rolled back, never committed.
      failure = new Error(this.db.open ? 'the ingest store lost the group transaction before commit' : 'the ingest store closed before commit');
    }
    for (const answer of waiting) answer(failure);
  }

  /** Answers every waiter of the current group with `error` (its transaction is gone). */
  private failGroup(error: Error): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const answer of waiting) answer(error);
  }
}
