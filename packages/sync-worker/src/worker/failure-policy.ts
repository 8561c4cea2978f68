/**
 * What the delivery thread does when a round or its housekeeping throws (issue 19): it retries
 * with backoff either way. A transient storage failure — the database busy or locked, an I/O error,
 * a full disk — is waited out for as long as it lasts: a restart would meet the same disk, and
 * counting it toward supervision's give-up (5 crashes in 5 minutes) stopped delivery for good after
 * a few minutes of full disk. Anything else (a bug, a corrupt file) still ends the thread after
 * `MAX_FAILURES` in a row, so the supervisor restarts it.
 */

/** Failures in a row, other than transient storage ones, before the thread gives up. */
export const MAX_FAILURES = 5;
/** The first retry waits this long, doubling per failure in a row, up to the tick. */
export const FAILURE_BACKOFF_BASE_MS = 500;

const TRANSIENT_CODES = /^(SQLITE_(BUSY|LOCKED|IOERR|FULL|PROTOCOL)|ENOSPC|EIO|EAGAIN)/;

/** True for a failure of the storage that goes away by itself (busy, locked, I/O, disk full). */
export function isTransientStorageFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_CODES.test(code);
}

/** Counts failures in a row and says how long to wait, and whether to give up. */
export class FailureStreak {
  private count = 0;
  /** Failures in the streak that were not transient storage failures. */
  private hard = 0;

  get consecutive(): number {
    return this.count;
  }

  succeeded(): void {
    this.count = 0;
    this.hard = 0;
  }

  /** Records a failure; true when the thread should give up (rethrow) now. */
  failed(error: unknown): boolean {
    this.count += 1;
    if (!isTransientStorageFailure(error)) this.hard += 1;
    return this.hard >= MAX_FAILURES;
  }

  /** The wait before the next try: 500 ms doubling per failure in a row, at most `capMs`. */
  backoffMs(capMs: number): number {
    return Math.min(capMs, FAILURE_BACKOFF_BASE_MS * 2 ** Math.min(this.count, 20));
  }
}
